package io.phonehome.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Clearly fake firmware images, generated at test time (never committed): a text header that says
 * so, then deterministic bytes, so a test can check every byte it gets back.
 */
public final class FakeFirmware {
    private FakeFirmware() {
    }

    /** The content of a fake image of {@code size} bytes labelled {@code label}. */
    public static byte[] bytes(String label, int size) {
        byte[] b = new byte[size];
        byte[] head = ("PHONEHOME FAKE FIRMWARE, NOT FOR A PHONE: " + label + "\n").getBytes(StandardCharsets.US_ASCII);
        long x = label.hashCode();
        for (int i = 0; i < size; i++) {
            if (i < head.length) {
                b[i] = head[i];
            } else {
                x = x * 6364136223846793005L + 1442695040888963407L;
                b[i] = (byte) (x >>> 56);
            }
        }
        return b;
    }

    /** Writes a fake image to {@code root/relative} and returns its content. */
    public static byte[] write(Path root, String relative, int size) {
        byte[] b = bytes(relative, size);
        try {
            Path p = root.resolve(relative);
            Files.createDirectories(p.getParent());
            try (OutputStream out = Files.newOutputStream(p)) {
                out.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b;
    }

    public static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
