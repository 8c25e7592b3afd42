package io.phonehome.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A test-side HTTP digest client (RFC 7616, MD5, qop=auth), written independently of the server's code. */
public final class TestDigest {
    private static final Pattern PARAM = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))");

    private TestDigest() {
    }

    public static Map<String, String> params(String challenge) {
        Map<String, String> m = new HashMap<>();
        Matcher x = PARAM.matcher(challenge.substring(challenge.indexOf(' ') + 1));
        while (x.find()) {
            m.put(x.group(1), x.group(2) != null ? x.group(2) : x.group(3));
        }
        return m;
    }

    public static String authorization(String challenge, String method, String uri, String user, String password, int nc) {
        Map<String, String> c = params(challenge);
        String realm = c.get("realm");
        String nonce = c.get("nonce");
        String ncHex = String.format("%08x", nc);
        String cnonce = "0a4f113b";
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        String response = md5(ha1 + ":" + nonce + ":" + ncHex + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", algorithm=MD5, qop=auth, nc=" + ncHex + ", cnonce=\"" + cnonce + "\", response=\"" + response + "\"";
    }

    /**
     * A SIP Authorization value answering {@code challenge} with the algorithm it names (MD5 or
     * SHA-256, RFC 8760), qop=auth when offered.
     */
    public static String sipAuthorization(String challenge, String method, String uri, String user, String password, int nc) {
        Map<String, String> c = params(challenge);
        String alg = c.getOrDefault("algorithm", "MD5");
        String realm = c.get("realm");
        String nonce = c.get("nonce");
        boolean qop = c.containsKey("qop");
        String ncHex = String.format("%08x", nc);
        String cnonce = "c0ffee" + nc;
        String ha1 = hash(alg, user + ":" + realm + ":" + password);
        String ha2 = hash(alg, method + ":" + uri);
        String response = qop ? hash(alg, ha1 + ":" + nonce + ":" + ncHex + ":" + cnonce + ":auth:" + ha2) : hash(alg, ha1 + ":" + nonce + ":" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri + "\", algorithm=" + alg
                + (qop ? ", qop=auth, nc=" + ncHex + ", cnonce=\"" + cnonce + "\"" : "") + ", response=\"" + response + "\"";
    }

    public static String hash(String algorithm, String s) {
        try {
            String jca = algorithm.equalsIgnoreCase("SHA-256") ? "SHA-256" : "MD5";
            return HexFormat.of().formatHex(MessageDigest.getInstance(jca).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
