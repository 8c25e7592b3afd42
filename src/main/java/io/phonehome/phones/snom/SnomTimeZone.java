package io.phonehome.phones.snom;

import io.phonehome.phones.TimeZoneRule;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A site's time zone in the settings Snom firmware understands: the documented {@code timezone}
 * code plus the explicit offset and DST rule derived from the JDK's tz database
 * ({@link TimeZoneRule}).
 *
 * <p>What the firmware offers (researched for this plug-in):
 * <ul>
 * <li>{@code timezone}: a code from Snom's built-in table, country plus standard offset, e.g.
 *     {@code GER+1}, {@code CHE+1}, {@code GBR-0}, {@code USA-5}, {@code IND+5.5} (the documented
 *     values are listed in {@link SnomZoneCodes}). The firmware sets {@code utc_offset} and
 *     {@code dst} from it. An empty value is not documented, so it is never written: the phone
 *     would keep whatever zone it had, or ask for one at every boot (FusionPBX's note on its
 *     {@code snom_time_zone} default). The trap is that the code is a country, not a rule: Wazo
 *     builds it as {@code <tone scheme><offset>} from the locale, which has no Swiss entry (Snom's
 *     Swiss tone scheme is {@code SWI}, the Swiss zone {@code CHE+1}); FreePBX sent
 *     {@code <dst></dst><timezone>USA-6</timezone>} and Saskatchewan phones applied US daylight
 *     saving (github.com/FreePBX/issue-tracker issue 702). So a zone gets the code of its own
 *     country only ({@link SnomZoneCodes#ownCode}), any other zone a documented code of the same
 *     (or nearest) standard offset ({@link SnomZoneCodes#fallback}), and in both cases the explicit
 *     values below follow it.</li>
 * <li>{@code utc_offset}: the standard offset in seconds ({@code 3600} for Zurich; sipXconfig lists
 *     it next to {@code timezone}).</li>
 * <li>{@code dst}: an explicit rule, "format 1" {@code <savings s> MM.WW.DD hh:mm:ss MM.WW.DD hh:mm:ss}
 *     for start and end, WW 01-04 or 05 = last week of the month, DD 01-07 with 07 = Sunday,
 *     times as wall-clock time before the change; Germany is
 *     {@code 3600 03.05.07 02:00:00 10.05.07 03:00:00}. "Format 2" gives fixed dates,
 *     {@code <savings s> DD.MM hh:mm:ss DD.MM hh:mm:ss} (Snom wiki, service.snom.com/display/wiki/dst).</li>
 * </ul>
 * The three are written in that order, so the phone, which applies settings in file order, ends
 * with the tz database's offset and rule whatever the code implied. A rule the "n-th / last
 * weekday" form cannot express exactly (a date that is not the n-th weekday of its month) is
 * written in format 2 with this year's dates; configs are re-fetched at least daily, so the dates
 * follow the years. A zone without daylight saving gets an empty {@code dst}.
 */
public final class SnomTimeZone {
    private SnomTimeZone() {
    }

    /** {@code timezone}, {@code utc_offset}, {@code dst} for the templates. */
    public static Map<String, Object> settings(TimeZoneRule tz) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("timezone", timezoneCode(tz));
        t.put("utc_offset", utcOffset(tz));
        t.put("dst", dst(tz));
        return t;
    }

    /** The documented {@code timezone} value for the zone (see {@link SnomZoneCodes}). */
    public static String timezoneCode(TimeZoneRule tz) {
        return SnomZoneCodes.code(tz.zoneId(), tz.standardOffsetSeconds());
    }

    /** The standard offset in seconds, east positive. */
    public static int utcOffset(TimeZoneRule tz) {
        return tz.standardOffsetSeconds();
    }

    /** The {@code dst} value; empty when the zone has no daylight saving. */
    public static String dst(TimeZoneRule tz) {
        if (!tz.hasDst()) {
            return "";
        }
        TimeZoneRule.Change start = tz.dst().start();
        TimeZoneRule.Change end = tz.dst().end();
        String savings = Integer.toString(tz.dst().savingsSeconds());
        if (byWeekday(start) && byWeekday(end)) {
            return savings + " " + weekday(start) + " " + time(start) + " " + weekday(end) + " " + time(end);
        }
        return savings + " " + date(start) + " " + time(start) + " " + date(end) + " " + time(end);
    }

    /** True when "n-th (or last) weekday of the month" gives exactly this year's date of the change. */
    static boolean byWeekday(TimeZoneRule.Change c) {
        LocalDate exact = c.exact().toLocalDate();
        if (exact.getMonthValue() != c.month()) {
            return false;
        }
        DayOfWeek dow = DayOfWeek.of(c.dayOfWeek());
        LocalDate first = exact.withDayOfMonth(1);
        LocalDate rule = c.week() == 5 ? first.with(TemporalAdjusters.lastInMonth(dow))
                : first.with(TemporalAdjusters.dayOfWeekInMonth(c.week(), dow));
        return rule.equals(exact);
    }

    private static String weekday(TimeZoneRule.Change c) {
        return String.format(Locale.ROOT, "%02d.%02d.%02d", c.month(), c.week(), c.dayOfWeek());
    }

    private static String date(TimeZoneRule.Change c) {
        return String.format(Locale.ROOT, "%02d.%02d", c.exact().getDayOfMonth(), c.exact().getMonthValue());
    }

    private static String time(TimeZoneRule.Change c) {
        return String.format(Locale.ROOT, "%02d:%02d:00", c.exact().getHour(), c.exact().getMinute());
    }
}
