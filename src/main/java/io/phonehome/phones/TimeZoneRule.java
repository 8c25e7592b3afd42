package io.phonehome.phones;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

/**
 * A site's IANA time zone reduced to what phones understand: a standard offset and, when the
 * zone currently observes daylight saving, the rule for its start and end as "n-th (or last)
 * weekday of a month at a local time". Derived from the JDK's tz database, never from a vendor
 * table: vendor zone-name lists are incomplete and sometimes wrong (Switzerland is the classic
 * trap), so plug-ins emit explicit offsets and rules wherever the firmware accepts them.
 *
 * @param standardOffsetSeconds offset from UTC outside daylight saving (Zurich: 3600)
 * @param dst                   null when the zone has no daylight saving now
 */
public record TimeZoneRule(String zoneId, int standardOffsetSeconds, Dst dst, String standardAbbreviation, String daylightAbbreviation) {

    /**
     * The daylight-saving part.
     *
     * @param savingsSeconds how far clocks go forward (usually 3600)
     */
    public record Dst(int savingsSeconds, Change start, Change end) {
    }

    /**
     * One change of the clocks.
     *
     * @param week      1-4 for the first..fourth such weekday of the month, 5 for the last
     * @param dayOfWeek ISO day, 1 = Monday .. 7 = Sunday
     * @param localTime wall-clock time (in the offset in force before the change), minutes after midnight
     * @param exact     the change in the given year, wall-clock time before it
     */
    public record Change(int month, int week, int dayOfWeek, int localTime, LocalDateTime exact) {
        public int hour() {
            return localTime / 60;
        }

        public int minute() {
            return localTime % 60;
        }

        /** POSIX/Java day numbering: 0 = Sunday .. 6 = Saturday. */
        public int dayOfWeekSundayZero() {
            return dayOfWeek % 7;
        }
    }

    public static TimeZoneRule of(String zoneId) {
        return of(zoneId, Instant.now());
    }

    public static TimeZoneRule of(String zoneId, Instant now) {
        ZoneId zone = ZoneId.of(zoneId);
        ZoneRules rules = zone.getRules();
        int std = rules.getStandardOffset(now).getTotalSeconds();
        TimeZone tz = TimeZone.getTimeZone(zone);
        String stdAbbr = abbreviation(tz.getDisplayName(false, TimeZone.SHORT, Locale.ENGLISH), std);
        List<ZoneOffsetTransitionRule> transitions = rules.getTransitionRules();
        if (transitions.size() != 2) {
            return new TimeZoneRule(zoneId, std, null, stdAbbr, null);
        }
        ZoneOffsetTransitionRule a = transitions.get(0);
        ZoneOffsetTransitionRule b = transitions.get(1);
        ZoneOffsetTransitionRule startRule = a.getOffsetAfter().getTotalSeconds() > a.getOffsetBefore().getTotalSeconds() ? a : b;
        ZoneOffsetTransitionRule endRule = startRule == a ? b : a;
        int year = LocalDateTime.ofInstant(now, ZoneOffset.UTC).getYear();
        int savings = startRule.getOffsetAfter().getTotalSeconds() - startRule.getOffsetBefore().getTotalSeconds();
        // Zones with "negative DST" in the tz source (Europe/Dublin) still read as a forward change here.
        std = startRule.getOffsetBefore().getTotalSeconds();
        String dstAbbr = abbreviation(tz.getDisplayName(true, TimeZone.SHORT, Locale.ENGLISH), std + savings);
        return new TimeZoneRule(zoneId, std, new Dst(savings, change(startRule, year), change(endRule, year)), stdAbbr, dstAbbr);
    }

    private static Change change(ZoneOffsetTransitionRule rule, int year) {
        ZoneOffsetTransition t = rule.createTransition(year);
        LocalDateTime before = t.getDateTimeBefore();
        Month month = rule.getMonth();
        int indicator = rule.getDayOfMonthIndicator();
        DayOfWeek dow = rule.getDayOfWeek();
        int week;
        if (dow == null) {
            // a fixed date rule ("March 21"): express it through the exact date of this year
            dow = before.getDayOfWeek();
            week = Math.min(5, (before.getDayOfMonth() - 1) / 7 + 1);
        } else if (indicator < 0 || indicator + 6 >= month.length(java.time.Year.isLeap(year))) {
            week = 5;
        } else {
            week = (indicator - 1) / 7 + 1;
        }
        return new Change(month.getValue(), week, dow.getValue(), before.getHour() * 60 + before.getMinute(), before);
    }

    private static String abbreviation(String javaName, int offsetSeconds) {
        if (javaName != null && javaName.matches("[A-Za-z]{3,6}")) {
            return javaName;
        }
        // POSIX quoted form for zones without a letter abbreviation: <+0530>
        return "<" + offsetText(offsetSeconds, "") + ">";
    }

    private static String offsetText(int seconds, String separator) {
        int abs = Math.abs(seconds);
        String sign = seconds < 0 ? "-" : "+";
        int h = abs / 3600;
        int m = (abs % 3600) / 60;
        return sign + String.format("%02d", h) + (m == 0 ? "" : separator + String.format("%02d", m));
    }

    public boolean hasDst() {
        return dst != null;
    }

    public int standardOffsetMinutes() {
        return standardOffsetSeconds / 60;
    }

    /** {@code +1}, {@code -5}, {@code +5:30}, {@code +5.5} style offsets, as vendors spell them. */
    public String offsetHours(boolean decimal) {
        int abs = Math.abs(standardOffsetSeconds);
        String sign = standardOffsetSeconds < 0 ? "-" : "+";
        int h = abs / 3600;
        int m = (abs % 3600) / 60;
        if (m == 0) {
            return sign + h;
        }
        if (decimal) {
            return sign + h + (m == 30 ? ".5" : m == 45 ? ".75" : "." + (m * 100 / 60));
        }
        return sign + h + ":" + String.format("%02d", m);
    }

    /**
     * The POSIX TZ string, e.g. {@code CET-1CEST,M3.5.0,M10.5.0/3} for Europe/Zurich. POSIX counts
     * offsets west of Greenwich as positive, so the sign is the opposite of ISO's.
     */
    public String posix() {
        StringBuilder sb = new StringBuilder();
        sb.append(standardAbbreviation).append(posixOffset(standardOffsetSeconds));
        if (dst == null) {
            return sb.toString();
        }
        sb.append(daylightAbbreviation);
        if (dst.savingsSeconds() != 3600) {
            sb.append(posixOffset(standardOffsetSeconds + dst.savingsSeconds()));
        }
        sb.append(',').append(posixChange(dst.start())).append(',').append(posixChange(dst.end()));
        return sb.toString();
    }

    private static String posixOffset(int isoSeconds) {
        int s = -isoSeconds;
        int abs = Math.abs(s);
        String out = (s < 0 ? "-" : "") + (abs / 3600);
        int m = (abs % 3600) / 60;
        return m == 0 ? out : out + ":" + String.format("%02d", m);
    }

    private static String posixChange(Change c) {
        String out = "M" + c.month() + "." + c.week() + "." + c.dayOfWeekSundayZero();
        if (c.localTime() != 120) {
            out += "/" + c.hour() + (c.minute() == 0 ? "" : ":" + String.format("%02d", c.minute()));
        }
        return out;
    }
}
