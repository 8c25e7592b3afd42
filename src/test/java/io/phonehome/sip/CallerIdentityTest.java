package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The quoted-string a caller's inventory name becomes (RFC 3261 section 25.1). */
class CallerIdentityTest {
    @Test
    void quotesAndBackslashesBecomeQuotedPairs() {
        assertThat(CallerIdentity.quotedStringContent("Ops \"Night\" \\ Desk")).isEqualTo("Ops \\\"Night\\\" \\\\ Desk");
    }

    @Test
    void controlCharactersWhichAQuotedStringCannotCarryBecomeSpaces() {
        assertThat(CallerIdentity.quotedStringContent("Anna\r\nVia: evil\tMuster\u007f")).isEqualTo("Anna  Via: evil Muster");
    }

    @Test
    void nonAsciiNamesStayAsTheyAre() {
        assertThat(CallerIdentity.quotedStringContent("Zoë Müller")).isEqualTo("Zoë Müller");
    }

    @Test
    void noNameIsNoDisplayName() {
        assertThat(CallerIdentity.quotedStringContent(null)).isEmpty();
        assertThat(CallerIdentity.quotedStringContent("  ")).isEmpty();
    }
}
