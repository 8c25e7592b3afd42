package io.phonehome.firmware;

import java.util.Locale;

/** What an image is flashed onto. */
public enum ImageKind {
    /** A phone, a DECT base or a DECT manager: a device of the inventory. */
    DEVICE,
    /** A DECT handset, updated over the air by its base (Yealink {@code over_the_air.url.*}). */
    HANDSET;

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImageKind parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw FirmwareException.invalid("kind '" + s + "' must be device or handset");
        }
    }
}
