package io.phonehome.firmware;

import java.util.Locale;

/** Where a target version applies; a narrower scope overrides a wider one (device > site > model). */
public enum TargetScope {
    MODEL, SITE, DEVICE;

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TargetScope parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw FirmwareException.invalid("scope '" + s + "' must be model, site or device");
        }
    }
}
