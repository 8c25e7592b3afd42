package io.phonehome.phones.snom;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.phones.TimeZoneRule;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The explicit offset and DST rule written for Snom phones ({@code utc_offset}, {@code dst} format
 * 1: savings, MM.WW.DD hh:mm:ss start and end, WW 05 = last, DD 07 = Sunday; format 2 with fixed
 * dates where the weekday form would be wrong). Expected values are the legal rules, not output
 * copied from the code.
 */
class SnomTimeZoneTest {
    private static final Instant MID_2026 = Instant.parse("2026-06-15T12:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // Switzerland follows the EU: last Sunday of March 02:00 CET to last Sunday of October 03:00 CEST
            "Europe/Zurich    |  3600 | 3600 03.05.07 02:00:00 10.05.07 03:00:00 | CHE+1",
            // UK: the same Sundays, at 01:00 GMT and 02:00 BST
            "Europe/London    |     0 | 3600 03.05.07 01:00:00 10.05.07 02:00:00 | GBR-0",
            // Ireland's tz source uses negative DST in winter; phones still need +1h in summer
            "Europe/Dublin    |     0 | 3600 03.05.07 01:00:00 10.05.07 02:00:00 | IRL-0",
            // US since 2007: second Sunday of March to first Sunday of November, 02:00 local
            "America/New_York | -18000 | 3600 03.02.07 02:00:00 11.01.07 02:00:00 | USA-5",
            // New South Wales: first Sunday of October 02:00 AEST to first Sunday of April 03:00 AEDT
            "Australia/Sydney |  36000 | 3600 10.01.07 02:00:00 04.01.07 03:00:00 | AUS+10",
    })
    void writesTheCodeTheStandardOffsetAndTheRuleByWeekday(String zone, int utcOffset, String dst, String code) {
        TimeZoneRule tz = TimeZoneRule.of(zone, MID_2026);
        assertThat(SnomTimeZone.utcOffset(tz)).isEqualTo(utcOffset);
        assertThat(SnomTimeZone.dst(tz)).isEqualTo(dst);
        assertThat(SnomTimeZone.settings(tz)).containsEntry("timezone", code).containsEntry("utc_offset", utcOffset)
                .containsEntry("dst", dst);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Asia/Kolkata | 19800",
            "Asia/Tokyo   | 32400",
            "Asia/Kathmandu | 20700",
            "America/Phoenix | -25200",
    })
    void zonesWithoutDaylightSavingGetAnEmptyRule(String zone, int utcOffset) {
        TimeZoneRule tz = TimeZoneRule.of(zone, MID_2026);
        assertThat(SnomTimeZone.utcOffset(tz)).isEqualTo(utcOffset);
        assertThat(SnomTimeZone.dst(tz)).isEmpty();
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = '|', value = {
            // Israel starts on the Friday before the last Sunday of March ("Fri>=23"). In 2026 that is
            // the 27th, the 4th Friday, so the weekday form is exact ...
            "Asia/Jerusalem | 2026-06-15T12:00:00Z | 3600 03.04.05 02:00:00 10.05.07 02:00:00",
            // ... in 2030 it is the 29th, the 5th Friday, which "4th Friday" would miss by a week:
            // fixed dates for that year instead
            "Asia/Jerusalem | 2030-06-15T12:00:00Z | 3600 29.03 02:00:00 27.10 02:00:00",
    })
    void usesFixedDatesWhenTheWeekdayFormWouldBeWrong(String zone, String now, String dst) {
        assertThat(SnomTimeZone.dst(TimeZoneRule.of(zone, Instant.parse(now)))).isEqualTo(dst);
    }
}
