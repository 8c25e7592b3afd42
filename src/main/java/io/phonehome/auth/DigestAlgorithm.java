package io.phonehome.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** Hash algorithms of HTTP digest (RFC 7616) and SIP digest (RFC 3261, RFC 8760). */
public enum DigestAlgorithm {
    MD5("MD5", "MD5"),
    SHA_256("SHA-256", "SHA-256");

    private final String token;
    private final String jca;

    DigestAlgorithm(String token, String jca) {
        this.token = token;
        this.jca = jca;
    }

    /** The name used in {@code algorithm=} parameters. */
    public String token() {
        return token;
    }

    /** Parses an {@code algorithm=} value; absent means MD5 (RFC 2617 / RFC 3261). */
    public static Optional<DigestAlgorithm> parse(String s) {
        if (s == null || s.isEmpty()) {
            return Optional.of(MD5);
        }
        return switch (s.toUpperCase(Locale.ROOT)) {
            case "MD5" -> Optional.of(MD5);
            case "SHA-256" -> Optional.of(SHA_256);
            default -> Optional.empty();
        };
    }

    /** Lower-case hex hash of the UTF-8 bytes of {@code s}. */
    public String hex(String s) {
        MessageDigest md = digests.get();
        return HEX.formatHex(md.digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static final HexFormat HEX = HexFormat.of();

    // one MessageDigest per thread: looking one up per hash is most of the cost of a short digest
    private final ThreadLocal<MessageDigest> digests = ThreadLocal.withInitial(this::newDigest);

    private MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jca);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jca + " is part of every Java runtime", e);
        }
    }
}
