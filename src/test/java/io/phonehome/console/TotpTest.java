package io.phonehome.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 6238's own test values (SHA-1 seed "12345678901234567890"), cut to the six digits authenticator apps show. */
class TotpTest {
    static final String SEED = Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

    @Test
    void theCodesAreRfc6238sTestVectors() {
        assertThat(SEED).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.code(SEED, 59)).isEqualTo("287082");
        assertThat(Totp.code(SEED, 1111111109)).isEqualTo("081804");
        assertThat(Totp.code(SEED, 1234567890)).isEqualTo("005924");
        assertThat(Totp.code(SEED, 2000000000)).isEqualTo("279037");
    }

    @Test
    void oneStepOfClockDriftIsAcceptedAndTwoAreNot() {
        long now = 1234567890;
        String code = Totp.code(SEED, now);
        assertThat(Totp.verify(SEED, code, now + 30)).isTrue();
        assertThat(Totp.verify(SEED, code, now - 30)).isTrue();
        assertThat(Totp.verify(SEED, code, now + 90)).isFalse();
        assertThat(Totp.verify(SEED, "12345", now)).isFalse();
        assertThat(Totp.verify(SEED, null, now)).isFalse();
    }

    @Test
    void base32RoundTrips() {
        String s = Totp.newSecret();
        assertThat(s).matches("[A-Z2-7]{32}");
        assertThat(Totp.base32(Totp.unbase32(s))).isEqualTo(s);
    }
}
