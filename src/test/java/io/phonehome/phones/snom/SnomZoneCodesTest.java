package io.phonehome.phones.snom;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.phones.TimeZoneRule;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code timezone} value written for a site: always one the Snom firmware documents (never
 * empty), the zone's own country where Snom has one, and the explicit rule after it.
 */
class SnomZoneCodesTest {
    private static final Instant MID_2026 = Instant.parse("2026-06-15T12:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Europe/Zurich       | CHE+1",
            "Europe/Berlin       | GER+1",
            "Europe/Paris        | FRA+1",
            "Europe/Rome         | ITA+1",
            "Europe/Vienna       | AUT+1",
            "Europe/London       | GBR-0",
            "Europe/Dublin       | IRL-0",
            "America/New_York    | USA-5",
            "America/Los_Angeles | USA-8",
            "Asia/Kolkata        | IND+5.5",
            "America/St_Johns    | CAN-3.5",
            "Pacific/Chatham     | NZL+12.75",
    })
    void aZoneGetsTheCodeOfItsOwnCountry(String zone, String code) {
        assertThat(SnomTimeZone.timezoneCode(TimeZoneRule.of(zone, MID_2026))).isEqualTo(code);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // Turkey has been on UTC+3 all year since 2016: TUR+2 would be an hour off, so a +3 code
            "Europe/Istanbul     | EAT+3",
            // no Snom code of its own: the first documented code with the same standard offset
            "America/Regina      | CAN-6",
            "America/Phoenix     | CAN-7",
            "Africa/Lagos        | ALB+1",
            // no documented code has +5:45: the nearest offset (+5:30)
            "Asia/Kathmandu      | IND+5.5",
    })
    void otherZonesFallBackToADocumentedCodeOfTheirOffset(String zone, String code) {
        assertThat(SnomTimeZone.timezoneCode(TimeZoneRule.of(zone, MID_2026))).isEqualTo(code);
    }

    @Test
    void everyZoneTheJdkKnowsGetsADocumentedValue() {
        for (String zone : ZoneId.getAvailableZoneIds()) {
            TimeZoneRule tz = TimeZoneRule.of(zone, MID_2026);
            assertThat(SnomZoneCodes.DOCUMENTED).as(zone).contains(SnomTimeZone.timezoneCode(tz));
        }
    }

    @Test
    void everyMappedZoneIsARealZoneWhoseCodeHasItsOffsetOrIsReplaced() {
        for (String zone : SnomZoneCodes.mappedZones()) {
            TimeZoneRule tz = TimeZoneRule.of(zone, MID_2026);
            String code = SnomTimeZone.timezoneCode(tz);
            assertThat(SnomZoneCodes.offsetSeconds(code) == tz.standardOffsetSeconds()
                    || code.equals(SnomZoneCodes.fallback(tz.standardOffsetSeconds()))).as(zone + " -> " + code).isTrue();
        }
    }

    @Test
    void readsTheOffsetOfACode() {
        assertThat(SnomZoneCodes.offsetSeconds("CHE+1")).isEqualTo(3600);
        assertThat(SnomZoneCodes.offsetSeconds("GBR-0")).isZero();
        assertThat(SnomZoneCodes.offsetSeconds("USA-10")).isEqualTo(-36000);
        assertThat(SnomZoneCodes.offsetSeconds("CAN-3.5")).isEqualTo(-12600);
        assertThat(SnomZoneCodes.offsetSeconds("NZL+12.75")).isEqualTo(45900);
    }
}
