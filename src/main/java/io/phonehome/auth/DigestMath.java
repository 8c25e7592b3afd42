package io.phonehome.auth;

/**
 * The digest computations shared by HTTP (RFC 7616) and SIP (RFC 3261 / RFC 8760):
 * HA1 = H(user:realm:password), HA2 = H(method:uri),
 * response = H(HA1:nonce:nc:cnonce:qop:HA2), or H(HA1:nonce:HA2) without qop.
 */
public final class DigestMath {
    private DigestMath() {
    }

    public static String ha1(DigestAlgorithm alg, String user, String realm, String password) {
        return alg.hex(user + ":" + realm + ":" + password);
    }

    public static String ha2(DigestAlgorithm alg, String method, String uri) {
        return alg.hex(method + ":" + uri);
    }

    /**
     * @param qop null or empty for the RFC 2069 form (no nc/cnonce)
     */
    public static String response(DigestAlgorithm alg, String ha1, String nonce, String nc, String cnonce, String qop, String method, String uri) {
        String ha2 = ha2(alg, method, uri);
        if (qop == null || qop.isEmpty()) {
            return alg.hex(ha1 + ":" + nonce + ":" + ha2);
        }
        return alg.hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    /** Constant-time comparison of two hex strings (case-insensitive). */
    public static boolean matches(String expectedHex, String givenHex) {
        if (expectedHex == null || givenHex == null) {
            return false;
        }
        byte[] a = expectedHex.toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] b = givenHex.toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return java.security.MessageDigest.isEqual(a, b);
    }
}
