package io.phonehome.pki;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** People's password hashes: Argon2id in the PHC string format, salted, checked in constant time, malformed strings match nothing. */
class PasswordHashTest {
    @Test
    void aHashMatchesItsPasswordAndNoOther() {
        String phc = PasswordHash.hash("correct horse battery", 1024, 1);
        assertThat(phc).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
        assertThat(PasswordHash.matches("correct horse battery", phc)).isTrue();
        assertThat(PasswordHash.matches("correct horse batterY", phc)).isFalse();
        assertThat(PasswordHash.matches("", phc)).isFalse();
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTimeBecauseOfTheSalt() {
        String a = PasswordHash.hash("same password here", 1024, 1);
        String b = PasswordHash.hash("same password here", 1024, 1);
        assertThat(a).isNotEqualTo(b);
        assertThat(PasswordHash.matches("same password here", a)).isTrue();
        assertThat(PasswordHash.matches("same password here", b)).isTrue();
    }

    @Test
    void malformedOrOutOfBoundsStringsMatchNothing() {
        String phc = PasswordHash.hash("pw", 1024, 1);
        assertThat(PasswordHash.matches("pw", phc.replace("argon2id", "argon2i"))).isFalse();
        assertThat(PasswordHash.matches("pw", phc.replace("m=1024", "m=99999999"))).isFalse();
        assertThat(PasswordHash.matches("pw", "$argon2id$v=19$m=1024,t=1,p=1$!!!$???")).isFalse();
        assertThat(PasswordHash.matches("pw", "plain text")).isFalse();
        assertThat(PasswordHash.matches("pw", null)).isFalse();
    }
}
