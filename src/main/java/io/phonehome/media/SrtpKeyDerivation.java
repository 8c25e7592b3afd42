package io.phonehome.media;

/**
 * The SRTP key derivation (RFC 3711 section 4.3) with a key derivation rate of 0, the only rate
 * SDES offers by default and the only one Phonehome accepts: each session key is the AES-CM
 * keystream of the master key from the master salt XORed with the label, shifted by 16 bits.
 */
final class SrtpKeyDerivation {
    static final int LABEL_RTP_ENCRYPTION = 0x00;
    static final int LABEL_RTP_AUTH = 0x01;
    static final int LABEL_RTP_SALT = 0x02;
    static final int LABEL_RTCP_ENCRYPTION = 0x03;
    static final int LABEL_RTCP_AUTH = 0x04;
    static final int LABEL_RTCP_SALT = 0x05;

    private SrtpKeyDerivation() {
    }

    /** Session key material of {@code length} bytes for {@code label} (key_id = label || r, r = 0). */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
        if (masterKey.length != SrtpSuite.MASTER_KEY_BYTES || masterSalt.length != SrtpSuite.MASTER_SALT_BYTES) {
            throw new IllegalArgumentException("master key 16 bytes and salt 14 bytes");
        }
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, 14);
        // key_id is 56 bits (label, then the 48-bit r = index DIV kdr = 0), aligned to the salt's end:
        // its top byte, the label, falls on byte 7 of the 14-byte salt.
        iv[7] ^= (byte) label;
        return new AesCounterMode(masterKey).keystream(iv, length);
    }
}
