package io.phonehome.pki;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * People's passwords (the web console's accounts), hashed with Argon2id (RFC 9106), the
 * memory-hard function the issue asks for: a stolen hash costs an attacker memory as well as time
 * per guess. Lives here because BouncyCastle is this package's library (ARCHITECTURE.md, rule 4).
 * Stored in the PHC string format ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}) so the
 * parameters travel with each hash and can be raised later without breaking old ones.
 */
public final class PasswordHash {
    /** RFC 9106's second recommended option: 64 MiB, 3 passes; one lane (sign-ins are rare, the machine small). */
    public static final int MEMORY_KIB = 64 * 1024;
    public static final int ITERATIONS = 3;
    private static final int LANES = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private PasswordHash() {
    }

    /** A new PHC string for this password, with a fresh salt. */
    public static String hash(String password) {
        return hash(password, MEMORY_KIB, ITERATIONS);
    }

    /** With chosen costs (tests use small ones so they stay quick on a loaded machine). */
    public static String hash(String password, int memoryKib, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] h = derive(password, salt, memoryKib, iterations, LANES, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + LANES + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(h);
    }

    /** Whether the password matches the stored PHC string; a malformed string matches nothing. */
    public static boolean matches(String password, String phc) {
        if (password == null || phc == null) {
            return false;
        }
        String[] parts = phc.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        try {
            int m = 0;
            int t = 0;
            int p = 0;
            for (String kv : parts[3].split(",")) {
                int v = Integer.parseInt(kv.substring(2));
                switch (kv.substring(0, 2)) {
                    case "m=" -> m = v;
                    case "t=" -> t = v;
                    case "p=" -> p = v;
                    default -> {
                        return false;
                    }
                }
            }
            if (m < 8 || m > 1024 * 1024 || t < 1 || t > 16 || p < 1 || p > 8) {
                return false;
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            return MessageDigest.isEqual(expected, derive(password, salt, m, t, p, expected.length));
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int lanes, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(lanes).withSalt(salt).build();
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(params);
        byte[] out = new byte[length];
        g.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
