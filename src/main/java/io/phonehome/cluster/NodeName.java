package io.phonehome.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * This node's name. A configured {@code node_name} wins; otherwise the name is made once (host
 * name plus a random suffix, so two nodes on one host or two containers with the same host name
 * differ) and kept in {@code <data_dir>/node-name}: a restarted node is the same node and takes
 * its own bindings back.
 */
public final class NodeName {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private NodeName() {
    }

    /** The configured name, checked, or the one kept in the data directory (made when missing). */
    public static String resolve(String configured, Path dataDir) {
        if (!configured.isBlank()) {
            String name = configured.trim();
            if (!VALID.matcher(name).matches()) {
                throw new IllegalArgumentException("node_name must be 1 to 100 letters, digits, '.', '_' or '-' (starting with a letter or"
                        + " digit): " + name);
            }
            return name;
        }
        Path file = dataDir.resolve("node-name");
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (VALID.matcher(kept).matches()) {
                    return kept;
                }
            }
            byte[] suffix = new byte[3];
            new SecureRandom().nextBytes(suffix);
            String made = host() + "-" + HexFormat.of().formatHex(suffix);
            Files.createDirectories(dataDir);
            Files.writeString(file, made + "\n", StandardCharsets.UTF_8);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the node name in " + file, e);
        }
    }

    private static String host() {
        String h;
        try {
            h = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            h = "node";
        }
        h = h.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        if (h.isEmpty() || !Character.isLetterOrDigit(h.charAt(0))) {
            h = "node";
        }
        return h.length() > 80 ? h.substring(0, 80) : h;
    }
}
