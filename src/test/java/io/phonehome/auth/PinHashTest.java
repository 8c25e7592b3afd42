package io.phonehome.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PinHashTest {
    @Test
    void theSamePinHashesDifferentlyEachTimeAndMatchesOnlyItself() {
        String a = PinHash.hash("4711");
        String b = PinHash.hash("4711");
        assertThat(a).isNotEqualTo(b).startsWith("pbkdf2-sha256$").doesNotContain("4711");
        assertThat(PinHash.matches("4711", a)).isTrue();
        assertThat(PinHash.matches("4711", b)).isTrue();
        assertThat(PinHash.matches("4712", a)).isFalse();
        assertThat(PinHash.matches("47110", a)).isFalse();
    }

    @Test
    void aStoredValueOfAnotherFormMatchesNothingAndThrowsNothing() {
        for (String stored : new String[] {null, "", "4711", "pbkdf2-sha256$x$AAAA$AAAA", "pbkdf2-sha256$0$AAAA$AAAA",
                "pbkdf2-sha256$-5$AAAA$AAAA", "pbkdf2-sha256$1000$!!$AAAA", "pbkdf2-sha256$1000$AAAA$!!", "sha256$1000$AAAA$AAAA"}) {
            assertThat(PinHash.matches("4711", stored)).as(String.valueOf(stored)).isFalse();
        }
    }
}
