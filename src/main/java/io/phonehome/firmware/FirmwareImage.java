package io.phonehome.firmware;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One image of the catalog.
 *
 * @param id           the first 16 hex digits of its SHA-256: stable across restarts and nodes
 * @param models       the models it is for, in the catalog's spelling (upper case)
 * @param relativePath its path below its root ({@code yealink/T46U-108.86.0.20.rom})
 * @param file         the file itself (a real path inside its root)
 * @param root         which directory it came from: {@code firmware} (the shipped/installed
 *                     catalog) or {@code data} ({@code <data_dir>/firmware}, where uploads go)
 * @param manifest     true when a manifest beside the file described it
 */
public record FirmwareImage(String id, String vendor, List<String> models, String version, ImageKind kind, String relativePath,
                            Path file, long size, String sha256, Instant modified, String root, boolean manifest) {
    public FirmwareImage {
        models = List.copyOf(models);
    }

    public boolean isFor(String model) {
        return model != null && models.contains(model.toUpperCase(Locale.ROOT));
    }

    public String fileName() {
        return file.getFileName().toString();
    }

    /**
     * The name the image is served under for {@code model}, the last segment of its URL. Yealink
     * names it {@code <MODEL>-<version>.rom} whatever the file is called, because that is what a
     * {@code $PN-<version>.rom} URL (W90: the DECT manager and its bases each fetch their own
     * image) expands to, and because the vendor's multi-model names
     * ({@code T54W(T57W,T53W)-96.87.0.15.rom}) hold characters no safe URL path has. Everyone else
     * is served under the file name (Grandstream phones ask for theirs by name in the directory
     * they are given).
     */
    public String servedName(String model) {
        if (vendor.equals("yealink")) {
            return model.toUpperCase(Locale.ROOT) + "-" + version + ".rom";
        }
        return fileName();
    }

    /** A strong validator: the content hash, so every node answers the same. */
    public String etag() {
        return "\"" + sha256.substring(0, 32) + "\"";
    }
}
