package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SdesCryptoTest {
    // RFC 4568 section 9.1's example key
    private static final String INLINE = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

    @Test
    void readsTheRfc4568Example() {
        SdesCrypto c = SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + INLINE + "|2^20").value();
        assertThat(c.tag()).isEqualTo(1);
        assertThat(c.suite()).isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        assertThat(c.lifetime()).isEqualTo(OptionalLong.of(1 << 20));
        assertThat(Hex.of(c.masterKey()) + Hex.of(c.masterSalt()))
                .isEqualTo(Hex.of(java.util.Base64.getDecoder().decode(INLINE)));
    }

    @Test
    void formatsWhatItReads() {
        SdesCrypto c = SdesCrypto.generate(3, SrtpSuite.AES_CM_128_HMAC_SHA1_32, new SecureRandom());
        assertThat(c.format()).matches("3 AES_CM_128_HMAC_SHA1_32 inline:[A-Za-z0-9+/]{40}");
        assertThat(SdesCrypto.parse(c.format()).value()).isEqualTo(c);
        SdesCrypto withLife = SdesCrypto.parse("2 AES_CM_128_HMAC_SHA1_80 inline:" + INLINE + "|1048576").value();
        assertThat(SdesCrypto.parse(withLife.format()).value()).isEqualTo(withLife);
    }

    @Test
    void refusesAMasterKeyIdentifierWithTheReason() {
        assertThat(SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + INLINE + "|2^20|1:4").why()).contains("MKI");
        assertThat(SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + INLINE + "|1:4").why()).contains("MKI");
    }

    @Test
    void refusesLifetimesOutsideSrtpsRange() {
        assertThat(SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + INLINE + "|2^49").why()).contains("2^48");
        assertThat(SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + INLINE + "|0").why()).contains("outside");
        assertThat(SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + INLINE + "|soon").why()).contains("neither");
    }

    @Test
    void refusesSessionParametersItDoesNotUnderstand() {
        assertThat(SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + INLINE + " KDR=1").why()).contains("session parameter");
        assertThat(SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + INLINE + " UNENCRYPTED_SRTP").why()).contains("session parameter");
    }

    @Test
    void refusesUnknownSuitesWrongKeyLengthsAndSeveralKeys() {
        assertThat(SdesCrypto.parse("1 AES_256_CM_HMAC_SHA1_80 inline:" + INLINE).why()).contains("not supported");
        assertThat(SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:AAAA").why()).contains("3 bytes");
        assertThat(SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + INLINE + ";inline:" + INLINE).why()).contains("more than one");
        assertThat(SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:!!notbase64!!").why()).contains("base64");
        assertThat(SdesCrypto.parse("1234567890 AES_CM_128_HMAC_SHA1_80 inline:" + INLINE).isOk()).isFalse();
        assertThat(SdesCrypto.parse("x".repeat(10_000)).why()).contains("longer");
    }

    @Test
    void neverPrintsTheKey() {
        SdesCrypto c = SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + INLINE).value();
        assertThat(c.toString()).doesNotContain(INLINE).doesNotContain("PS1u");
    }

    @Test
    void twoContextsFromOneAttributeTalkToEachOther() {
        SdesCrypto c = SdesCrypto.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80, new SecureRandom());
        byte[] plain = RtpPacket.of(true, 8, 1, 0, 42, new byte[] {1, 2, 3}).toBytes();
        byte[] wire = c.context().protectRtp(plain).value();
        assertThat(c.context().unprotectRtp(wire, wire.length).value()).isEqualTo(plain);
    }
}
