package io.phonehome.media;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SDES {@code a=crypto} attribute (RFC 4568 section 9.1): a tag, a suite and one inline master
 * key with its salt, and optionally the key's lifetime in packets.
 *
 * <p>What Phonehome does not do is refused with the reason, so offer/answer can try the next
 * attribute: a master key identifier (each direction is keyed once by SDP, so there is nothing
 * to tell apart and no MKI field is sent), several keys in one attribute, and any session
 * parameter (KDR, UNENCRYPTED_SRTP, ...), which RFC 4568 section 6.3 says makes the attribute
 * unusable when not understood.
 *
 * @param lifetime packets the key may protect; empty means the suite's maximum (2^48)
 */
public record SdesCrypto(int tag, SrtpSuite suite, byte[] masterKey, byte[] masterSalt, OptionalLong lifetime) {
    /** The value after {@code a=crypto:}; longer ones are refused before any parsing. */
    static final int MAX_LENGTH = 512;
    private static final long MAX_LIFETIME = 1L << 48;
    private static final Pattern ATTRIBUTE = Pattern.compile("([0-9]{1,9}) +([A-Za-z0-9_]+) +([^ ]+)( +.*)?");
    private static final int KEY_SALT_BYTES = SrtpSuite.MASTER_KEY_BYTES + SrtpSuite.MASTER_SALT_BYTES;

    public SdesCrypto {
        if (tag < 0 || tag > 999_999_999) {
            throw new IllegalArgumentException("tag is 1 to 9 digits");
        }
        if (masterKey.length != SrtpSuite.MASTER_KEY_BYTES || masterSalt.length != SrtpSuite.MASTER_SALT_BYTES) {
            throw new IllegalArgumentException("master key 16 bytes, salt 14 bytes");
        }
        masterKey = masterKey.clone();
        masterSalt = masterSalt.clone();
    }

    /** A fresh random master key and salt for what Phonehome sends. */
    public static SdesCrypto generate(int tag, SrtpSuite suite, SecureRandom random) {
        byte[] key = new byte[SrtpSuite.MASTER_KEY_BYTES];
        byte[] salt = new byte[SrtpSuite.MASTER_SALT_BYTES];
        random.nextBytes(key);
        random.nextBytes(salt);
        return new SdesCrypto(tag, suite, key, salt, OptionalLong.empty());
    }

    @Override
    public byte[] masterKey() {
        return masterKey.clone();
    }

    @Override
    public byte[] masterSalt() {
        return masterSalt.clone();
    }

    /** The SRTP context this key makes. */
    public SrtpContext context() {
        return new SrtpContext(suite, masterKey, masterSalt, lifetime.orElse(MAX_LIFETIME));
    }

    /** The attribute value, as written after {@code a=crypto:}. */
    public String format() {
        byte[] keySalt = new byte[KEY_SALT_BYTES];
        System.arraycopy(masterKey, 0, keySalt, 0, masterKey.length);
        System.arraycopy(masterSalt, 0, keySalt, masterKey.length, masterSalt.length);
        String inline = Base64.getEncoder().encodeToString(keySalt);
        String life = lifetime.isPresent() ? "|" + lifetime.getAsLong() : "";
        return tag + " " + suite.name() + " inline:" + inline + life;
    }

    /** Reads the value after {@code a=crypto:}. */
    public static Outcome<SdesCrypto> parse(String value) {
        if (value.length() > MAX_LENGTH) {
            return Outcome.refused("crypto attribute longer than " + MAX_LENGTH + " characters");
        }
        Matcher m = ATTRIBUTE.matcher(value.strip());
        if (!m.matches()) {
            return Outcome.refused("crypto attribute is not \"tag suite inline:key\"");
        }
        int tag = Integer.parseInt(m.group(1));
        var suite = SrtpSuite.named(m.group(2));
        if (suite.isEmpty()) {
            return Outcome.refused("crypto suite " + m.group(2) + " is not supported");
        }
        if (m.group(4) != null && !m.group(4).isBlank()) {
            return Outcome.refused("session parameter " + m.group(4).strip() + " is not supported");
        }
        String keyParams = m.group(3);
        if (keyParams.contains(";")) {
            return Outcome.refused("more than one master key in one crypto attribute is not supported");
        }
        if (!keyParams.startsWith("inline:")) {
            return Outcome.refused("key method is not inline");
        }
        String[] parts = keyParams.substring("inline:".length()).split("\\|", -1);
        if (parts.length > 3) {
            return Outcome.refused("too many key-info parts");
        }
        byte[] keySalt;
        try {
            keySalt = Base64.getDecoder().decode(parts[0]);
        } catch (IllegalArgumentException e) {
            return Outcome.refused("inline key is not base64");
        }
        if (keySalt.length != KEY_SALT_BYTES) {
            return Outcome.refused("inline key is " + keySalt.length + " bytes, " + suite.get() + " takes 30");
        }
        OptionalLong lifetime = OptionalLong.empty();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.contains(":")) {
                return Outcome.refused("master key identifier (MKI " + p + ") is not supported");
            }
            if (lifetime.isPresent()) {
                return Outcome.refused("two lifetimes");
            }
            Outcome<Long> life = lifetime(p);
            if (!life.isOk()) {
                return Outcome.refused(life.why());
            }
            lifetime = OptionalLong.of(life.value());
        }
        byte[] key = Arrays.copyOf(keySalt, SrtpSuite.MASTER_KEY_BYTES);
        byte[] salt = Arrays.copyOfRange(keySalt, SrtpSuite.MASTER_KEY_BYTES, KEY_SALT_BYTES);
        return Outcome.ok(new SdesCrypto(tag, suite.get(), key, salt, lifetime));
    }

    /** A lifetime: decimal or {@code 2^n}, more than 0 and at most 2^48 packets. */
    private static Outcome<Long> lifetime(String p) {
        long value;
        if (p.matches("2\\^[0-9]{1,2}")) {
            int exp = Integer.parseInt(p.substring(2));
            if (exp > 48) {
                return Outcome.refused("lifetime " + p + " exceeds SRTP's 2^48 packets");
            }
            value = 1L << exp;
        } else if (p.matches("[0-9]{1,15}")) {
            value = Long.parseLong(p);
        } else {
            return Outcome.refused("lifetime " + p + " is neither a number nor 2^n");
        }
        if (value == 0 || value > MAX_LIFETIME) {
            return Outcome.refused("lifetime " + p + " is outside 1 to 2^48 packets");
        }
        return Outcome.ok(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SdesCrypto c && c.tag == tag && c.suite == suite && Arrays.equals(c.masterKey, masterKey)
                && Arrays.equals(c.masterSalt, masterSalt) && c.lifetime.equals(lifetime);
    }

    @Override
    public int hashCode() {
        return tag * 31 + suite.hashCode();
    }

    /** Never prints the key: attributes end up in logs. */
    @Override
    public String toString() {
        return "SdesCrypto[" + tag + " " + suite + "]";
    }
}
