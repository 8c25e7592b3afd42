package io.phonehome.media;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode as SRTP uses it (RFC 3711 section 4.1.1): a 128-bit counter block whose
 * low 16 bits count the blocks of one packet, the keystream XORed over the data. The JDK's
 * AES/CTR increments the whole block, which is the same for the fewer than 2^16 blocks a packet
 * has. One instance per session key; not thread-safe.
 */
final class AesCounterMode {
    private final Cipher cipher;
    private final SecretKeySpec key;

    AesCounterMode(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        try {
            this.cipher = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES/CTR, which every Java 17 runtime has", e);
        }
    }

    /** XORs the keystream that starts at counter block {@code iv} over {@code data[offset, offset+length)} in place. */
    void apply(byte[] iv, byte[] data, int offset, int length) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            int done = cipher.update(data, offset, length, data, offset);
            if (done != length) {
                cipher.doFinal(data, offset + done);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR refused a 16-byte key and IV", e);
        }
    }

    /** {@code length} bytes of keystream from counter block {@code iv}. */
    byte[] keystream(byte[] iv, int length) {
        byte[] out = new byte[length];
        apply(iv, out, 0, length);
        return out;
    }
}
