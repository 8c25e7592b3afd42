package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The known answers of RFC 3711 appendix B, and libsrtp's reference packet as a cross-check of the whole transform. */
class SrtpRfc3711VectorsTest {
    private static final byte[] MASTER_KEY = Hex.bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static final byte[] MASTER_SALT = Hex.bytes("0EC675AD498AFEEBB6960B3AABE6");

    @Test
    void appendixB2AesCounterModeKeystream() {
        byte[] sessionKey = Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] sessionSalt = Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
        byte[] iv = SrtpContext.counterBlock(sessionSalt, 0, 0);
        assertThat(Hex.of(iv)).isEqualTo("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        byte[] ks = new AesCounterMode(sessionKey).keystream(iv, 0xFF02 * 16);
        assertThat(block(ks, 0x0000)).isEqualTo("E03EAD0935C95E80E166B16DD92B4EB4");
        assertThat(block(ks, 0x0001)).isEqualTo("D23513162B02D0F72A43A2FE4A5F97AB");
        assertThat(block(ks, 0x0002)).isEqualTo("41E95B3BB0A2E8DD477901E4FCA894C0");
        assertThat(block(ks, 0xFEFF)).isEqualTo("EC8CDF7398607CB0F2D21675EA9EA1E4");
        assertThat(block(ks, 0xFF00)).isEqualTo("362B7C3C6773516318A077D7FC5073AE");
        assertThat(block(ks, 0xFF01)).isEqualTo("6A2CC3787889374FBEB4C81B17BA6C44");
    }

    private static String block(byte[] ks, int n) {
        return Hex.of(Arrays.copyOfRange(ks, n * 16, n * 16 + 16));
    }

    @Test
    void appendixB3KeyDerivation() {
        assertThat(Hex.of(SrtpKeyDerivation.derive(MASTER_KEY, MASTER_SALT, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, 16)))
                .isEqualTo("C61E7A93744F39EE10734AFE3FF7A087");
        assertThat(Hex.of(SrtpKeyDerivation.derive(MASTER_KEY, MASTER_SALT, SrtpKeyDerivation.LABEL_RTP_SALT, 14)))
                .isEqualTo("30CBBC08863D8C85D49DB34A9AE1");
        // the appendix lists 94 bytes of the authentication key stream; HMAC-SHA1 uses the first 20
        assertThat(Hex.of(SrtpKeyDerivation.derive(MASTER_KEY, MASTER_SALT, SrtpKeyDerivation.LABEL_RTP_AUTH, 94)))
                .isEqualTo("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCE"
                        + "E049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC25"
                        + "6D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2");
    }

    @Test
    void protectsLibsrtpsReferencePacketToTheSameBytes() {
        byte[] rtp = Hex.bytes("800F1234DECAFBADCAFEBABE" + "AB".repeat(16));
        byte[] srtp = new SrtpContext(SrtpSuite.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT).protectRtp(rtp).value();
        assertThat(Hex.of(srtp)).isEqualTo("800F1234DECAFBADCAFEBABE4E55DC4CE79978D88CA4D215949D2402B78D6ACC99EA179B8DBB");
        byte[] back = new SrtpContext(SrtpSuite.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT).unprotectRtp(srtp, srtp.length).value();
        assertThat(back).isEqualTo(rtp);
    }

    @Test
    void protectsLibsrtpsReferenceRtcpPacketToTheSameBytes() {
        byte[] rtcp = Hex.bytes("81C8000BCAFEBABE" + "AB".repeat(16));
        // libsrtp's first SRTCP index is 1, Phonehome's 0 (both are allowed: RFC 3711 only says it
        // starts from somewhere and counts up), so the sender is advanced once
        var sender = new SrtpContext(SrtpSuite.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
        sender.protectRtcp(rtcp);
        byte[] srtcp = sender.protectRtcp(rtcp).value();
        assertThat(Hex.of(srtcp)).isEqualTo("81C8000BCAFEBABE7128035BE487B9BDBEF89041F977A5A880000001993E08CD54D6C1230798");
        var receiver = new SrtpContext(SrtpSuite.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
        assertThat(receiver.unprotectRtcp(srtcp, srtcp.length).value()).isEqualTo(rtcp);
    }
}
