package io.phonehome.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The worked examples of RFC 7616 section 3.9.1 (MD5 and SHA-256, qop=auth). */
class DigestMathTest {
    private static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    @Test
    void md5ResponseMatchesTheRfcExample() {
        String ha1 = DigestMath.ha1(DigestAlgorithm.MD5, "Mufasa", "http-auth@example.org", "Circle of Life");
        String r = DigestMath.response(DigestAlgorithm.MD5, ha1, NONCE, "00000001", CNONCE, "auth", "GET", "/dir/index.html");
        assertThat(r).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    }

    @Test
    void sha256ResponseMatchesTheRfcExample() {
        String ha1 = DigestMath.ha1(DigestAlgorithm.SHA_256, "Mufasa", "http-auth@example.org", "Circle of Life");
        String r = DigestMath.response(DigestAlgorithm.SHA_256, ha1, NONCE, "00000001", CNONCE, "auth", "GET", "/dir/index.html");
        assertThat(r).isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void comparisonIgnoresHexCase() {
        assertThat(DigestMath.matches("8ca523f5e9506fed4657c9700eebdbec", "8CA523F5E9506FED4657C9700EEBDBEC")).isTrue();
        assertThat(DigestMath.matches("8ca523f5e9506fed4657c9700eebdbec", "8ca523f5e9506fed4657c9700eebdbed")).isFalse();
        assertThat(DigestMath.matches("8ca5", null)).isFalse();
    }

    @Test
    void parsesPhoneStyleAuthorizationHeaders() {
        DigestParams p = DigestParams.parse("Digest username=\"001565aabbcc\",realm=\"phonehome\", nonce=\"abc\", uri=\"/x.cfg\", "
                + "response=\"0123\", qop=auth, nc=00000001, cnonce=\"xyz\", algorithm=MD5").orElseThrow();
        assertThat(p.get("username")).isEqualTo("001565aabbcc");
        assertThat(p.get("qop")).isEqualTo("auth");
        assertThat(p.get("nc")).isEqualTo("00000001");
        assertThat(p.toString()).doesNotContain("0123");
        assertThat(DigestParams.parse("Basic abc")).isEmpty();
        assertThat(DigestParams.parse("Digest username=\"unterminated")).isEmpty();
        assertThat(DigestParams.parse("Digest username=a, username=b")).isEmpty();
    }
}
