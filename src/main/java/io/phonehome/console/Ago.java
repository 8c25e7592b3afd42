package io.phonehome.console;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** "5 min ago" in the person's language: what a technician reads faster than a timestamp (the timestamp is the cell's title). */
final class Ago {
    private Ago() {
    }

    static String of(Instant then, Instant now, Map<String, String> t) {
        long s = Math.max(0, Duration.between(then, now).getSeconds());
        String n;
        String unit;
        if (s < 60) {
            n = String.valueOf(s);
            unit = "ago.s";
        } else if (s < 3600) {
            n = String.valueOf(s / 60);
            unit = "ago.min";
        } else if (s < 86400) {
            n = String.valueOf(s / 3600);
            unit = "ago.h";
        } else {
            n = String.valueOf(s / 86400);
            unit = "ago.d";
        }
        return t.get(unit).replace("{0}", n);
    }
}
