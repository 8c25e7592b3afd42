package io.phonehome.phones;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeZoneRuleTest {
    private static final Instant MID_2026 = Instant.parse("2026-06-15T12:00:00Z");

    @Test
    void zurichIsCentralEuropeanTimeWithTheEuropeanUnionRule() {
        TimeZoneRule tz = TimeZoneRule.of("Europe/Zurich", MID_2026);
        assertThat(tz.standardOffsetSeconds()).isEqualTo(3600);
        assertThat(tz.offsetHours(false)).isEqualTo("+1");
        assertThat(tz.posix()).isEqualTo("CET-1CEST,M3.5.0,M10.5.0/3");
        TimeZoneRule.Change start = tz.dst().start();
        assertThat(start.month()).isEqualTo(3);
        assertThat(start.week()).isEqualTo(5);
        assertThat(start.dayOfWeek()).isEqualTo(7);
        assertThat(start.hour()).isEqualTo(2);
        assertThat(start.exact().toString()).isEqualTo("2026-03-29T02:00");
        TimeZoneRule.Change end = tz.dst().end();
        assertThat(end.month()).isEqualTo(10);
        assertThat(end.week()).isEqualTo(5);
        assertThat(end.hour()).isEqualTo(3);
        assertThat(end.exact().toString()).isEqualTo("2026-10-25T03:00");
        assertThat(tz.dst().savingsSeconds()).isEqualTo(3600);
    }

    @Test
    void newYorkUsesSecondSundayOfMarchAndFirstSundayOfNovember() {
        TimeZoneRule tz = TimeZoneRule.of("America/New_York", MID_2026);
        assertThat(tz.posix()).isEqualTo("EST5EDT,M3.2.0,M11.1.0");
        assertThat(tz.offsetHours(false)).isEqualTo("-5");
    }

    @Test
    void sydneyStartsInOctoberAndEndsInApril() {
        TimeZoneRule tz = TimeZoneRule.of("Australia/Sydney", MID_2026);
        assertThat(tz.posix()).isEqualTo("AEST-10AEDT,M10.1.0,M4.1.0/3");
        assertThat(tz.dst().start().month()).isEqualTo(10);
        assertThat(tz.dst().end().month()).isEqualTo(4);
    }

    @Test
    void zonesWithoutDaylightSavingHaveNoRuleAndKeepHalfHours() {
        TimeZoneRule kolkata = TimeZoneRule.of("Asia/Kolkata", MID_2026);
        assertThat(kolkata.hasDst()).isFalse();
        assertThat(kolkata.offsetHours(false)).isEqualTo("+5:30");
        assertThat(kolkata.offsetHours(true)).isEqualTo("+5.5");
        assertThat(kolkata.posix()).isEqualTo("IST-5:30");
        assertThat(TimeZoneRule.of("Asia/Kathmandu", MID_2026).offsetHours(false)).isEqualTo("+5:45");
    }

    @Test
    void newfoundlandKeepsItsHalfHourInThePosixString() {
        TimeZoneRule tz = TimeZoneRule.of("America/St_Johns", MID_2026);
        assertThat(tz.posix()).isEqualTo("NST3:30NDT,M3.2.0,M11.1.0");
    }

    @Test
    void zonesWithoutALetterAbbreviationUseTheQuotedPosixForm() {
        TimeZoneRule tz = TimeZoneRule.of("America/Sao_Paulo", MID_2026);
        assertThat(tz.hasDst()).isFalse();
        assertThat(tz.posix()).isIn("BRT3", "<-03>3");
    }
}
