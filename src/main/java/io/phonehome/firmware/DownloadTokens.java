package io.phonehome.firmware;

import io.phonehome.inventory.Device;
import io.phonehome.inventory.Mac;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * The proof a firmware download carries: a path segment {@code <mac>-<tag>} in the URL the
 * device's own config gave it, where the tag is an HMAC-SHA256 of the MAC keyed with the
 * device's provisioning password (which only Phonehome and that device's secret-bearing config
 * know). It works for every vendor without vendor-specific credential settings (Grandstream's
 * firmware path takes no query string, Yealink's {@code $PN} URL must stay a plain path), every
 * node can check it from the database, and it reveals nothing of the password. A URL that leaks
 * lets someone fetch a firmware image, which vendors publish anyway; it never opens a config.
 */
public final class DownloadTokens {
    private static final Pattern SEGMENT = Pattern.compile("([0-9a-f]{12})-([0-9a-f]{32})");
    private static final String CONTEXT = "phonehome-firmware-download:";

    private DownloadTokens() {
    }

    /** A token segment parsed from a URL: which device it claims to be, and its tag. */
    public record Claim(Mac mac, String tag) {
    }

    /** The path segment for a device. */
    public static String segment(Device device) {
        return device.mac().hex() + "-" + tag(device.mac(), device.provPassword());
    }

    /** Parses a segment that looks like a token; empty when it does not. */
    public static Optional<Claim> parse(String segment) {
        Matcher m = SEGMENT.matcher(segment);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Mac.tryParse(m.group(1)).map(mac -> new Claim(mac, m.group(2)));
    }

    /** True when the claim's tag is the one of {@code device} (constant-time comparison). */
    public static boolean valid(Claim claim, Device device) {
        if (!claim.mac().equals(device.mac())) {
            return false;
        }
        return MessageDigest.isEqual(tag(device.mac(), device.provPassword()).getBytes(StandardCharsets.US_ASCII),
                claim.tag().getBytes(StandardCharsets.US_ASCII));
    }

    static String tag(Mac mac, String provPassword) {
        try {
            javax.crypto.Mac hmac = javax.crypto.Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(provPassword.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] out = hmac.doFinal((CONTEXT + mac.hex()).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(out, 0, 16);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
