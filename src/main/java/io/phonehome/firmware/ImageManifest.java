package io.phonehome.firmware;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The small file beside an image that describes what its name does not:
 * {@code <image>.manifest}, in {@code key=value} lines.
 * <pre>
 * # W56H handset over-the-air image
 * models=W56H
 * version=61.87.0.5
 * kind=handset
 * sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 * </pre>
 * Every key is optional: {@code vendor} defaults to the vendor directory (and must equal it),
 * {@code models} and {@code version} to what the file name says, {@code kind} to {@code device};
 * {@code sha256}, when present, must match the file or the image is not served (a torn copy).
 */
public record ImageManifest(String vendor, List<String> models, String version, ImageKind kind, String sha256) {
    public static final String SUFFIX = ".manifest";
    private static final Pattern MODEL = Pattern.compile("[A-Z0-9][A-Z0-9_\\-]{0,31}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ImageManifest {
        models = models == null ? List.of() : List.copyOf(models);
    }

    /** The manifest path of an image. */
    public static Path of(Path image) {
        return image.resolveSibling(image.getFileName() + SUFFIX);
    }

    /** Reads and checks a manifest; every problem is a {@link FirmwareException} naming the file. */
    public static ImageManifest read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw FirmwareException.invalid(file.getFileName() + ": cannot read the manifest: " + e.getMessage());
        }
        for (String key : p.stringPropertyNames()) {
            if (!List.of("vendor", "models", "version", "kind", "sha256").contains(key)) {
                throw FirmwareException.invalid(file.getFileName() + ": unknown key '" + key + "' (vendor, models, version, kind, sha256)");
            }
        }
        try {
            return of(blankToNull(p.getProperty("vendor")), blankToNull(p.getProperty("models")), blankToNull(p.getProperty("version")),
                    blankToNull(p.getProperty("kind")), blankToNull(p.getProperty("sha256")));
        } catch (FirmwareException e) {
            throw FirmwareException.invalid(file.getFileName() + ": " + e.getMessage());
        }
    }

    /** Builds and checks a manifest from its text values (null = not given). */
    public static ImageManifest of(String vendor, String models, String version, String kind, String sha256) {
        List<String> ms = new ArrayList<>();
        if (models != null) {
            for (String m : models.split(",")) {
                String t = m.trim().toUpperCase(Locale.ROOT);
                if (t.isEmpty()) {
                    continue;
                }
                if (!MODEL.matcher(t).matches()) {
                    throw FirmwareException.invalid("'" + Versions.abbreviate(m.trim()) + "' is not a model name");
                }
                ms.add(t);
            }
        }
        if (version != null) {
            Versions.check(version.trim());
        }
        String sha = sha256 == null ? null : sha256.trim().toLowerCase(Locale.ROOT);
        if (sha != null && !SHA256.matcher(sha).matches()) {
            throw FirmwareException.invalid("sha256 must be 64 hex digits");
        }
        return new ImageManifest(vendor == null ? null : vendor.trim().toLowerCase(Locale.ROOT), ms,
                version == null ? null : version.trim(), kind == null ? null : ImageKind.parse(kind), sha);
    }

    public boolean isEmpty() {
        return vendor == null && models.isEmpty() && version == null && kind == null && sha256 == null;
    }

    /** Writes this manifest beside {@code image} (used for uploads whose name does not say everything). */
    public void write(Path image) throws IOException {
        StringBuilder sb = new StringBuilder("# written by Phonehome when the image was added\n");
        if (vendor != null) {
            sb.append("vendor=").append(vendor).append('\n');
        }
        if (!models.isEmpty()) {
            sb.append("models=").append(String.join(",", models)).append('\n');
        }
        if (version != null) {
            sb.append("version=").append(version).append('\n');
        }
        if (kind != null) {
            sb.append("kind=").append(kind.lower()).append('\n');
        }
        if (sha256 != null) {
            sb.append("sha256=").append(sha256).append('\n');
        }
        Path tmp = image.resolveSibling("." + image.getFileName() + SUFFIX + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(sb.toString());
        }
        Files.move(tmp, of(image), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static boolean isSha256(String s) {
        return s != null && SHA256.matcher(s).matches();
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
