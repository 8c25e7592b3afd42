package io.phonehome.inventory;

import java.security.SecureRandom;

/**
 * Generated secrets. Letters and digits only (no characters some phone web UIs and config
 * parsers mangle), long enough that 20 characters carry ~119 bits.
 */
public final class Passwords {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    public static final int SIP_PASSWORD_LENGTH = 20;

    private Passwords() {
    }

    public static String generate(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    public static String sipPassword() {
        return generate(SIP_PASSWORD_LENGTH);
    }
}
