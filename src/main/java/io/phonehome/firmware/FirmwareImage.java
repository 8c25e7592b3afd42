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
 * @param relativePath its path below its root ({@code <vendor>/<file>}, as the vendor's image layout has it)
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

    /** A strong validator: the content hash, so every node answers the same. */
    public String etag() {
        return "\"" + sha256.substring(0, 32) + "\"";
    }
}
