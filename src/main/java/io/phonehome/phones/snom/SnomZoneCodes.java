package io.phonehome.phones.snom;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of Snom's {@code timezone} setting and which IANA zones they stand for.
 *
 * <p>The documented values are the firmware's own list: country code plus standard offset in
 * hours, as offered by the setting's drop-down and listed on the Snom wiki page "timezone"
 * (service.snom.com/display/wiki/timezone; the full enumeration used here is the one sipXconfig
 * ships for Snom firmware, {@code sipXconfig/plugins/snom/etc/snom/phone.xml}, setting
 * {@code timezone}, whose description reads "Timezone string sets utc_offset and dst
 * automatically"). An empty value is not among them.
 *
 * <p>The code is a country, not a rule, so a zone is mapped only to the code of its own country,
 * and only while the code's offset is still the zone's standard offset: countries change their
 * offsets (Turkey, Belarus, Jordan and Syria left UTC+2 for UTC+3, Kazakhstan moved to UTC+5), and
 * a stale code must not win over the tz database.
 */
final class SnomZoneCodes {
    /** The documented values, in the firmware's order. */
    static final List<String> DOCUMENTED = List.of(
            "USA-10", "USA-9", "CAN-8", "MEX-8", "USA-8", "CAN-7", "MEX-7", "USA-7", "CAN-6", "CHL-6", "MEX-6", "USA-6",
            "BHS-5", "CAN-5", "CUB-5", "USA-5", "CAN-4", "CHL-4", "PRY-4", "BMU-4", "FLK-4", "TTB-4", "CAN-3.5", "GRL-3",
            "ARG-3", "BRA2-3", "BRA1-3", "BRA-2", "PRT-1", "FRO-0", "IRL-0", "PRT-0", "ESP-0", "GBR-0", "ALB+1", "AUT+1",
            "BEL+1", "CAI+1", "CHA+1", "HRV+1", "CZE+1", "DNK+1", "FRA+1", "GER+1", "HUN+1", "ITA+1", "LUX+1", "MAK+1",
            "NLD+1", "NAM+1", "NOR+1", "POL+1", "SVK+1", "ESP+1", "SWE+1", "CHE+1", "GIB+1", "YUG+1", "WAT+1", "BLR+2",
            "BGR+2", "CYP+2", "EGY+2", "EST+2", "FIN+2", "GAZ+2", "GRC+2", "ISR+2", "JOR+2", "LVA+2", "LBN+2", "MDA+2",
            "RUS+2", "ROU+2", "SYR+2", "TUR+2", "UKR+2", "EAT+3", "IRQ+3", "RUS+3", "IRN+3.5", "ARM+4", "AZE+4", "GEO+4",
            "KAZ+4", "RUS+4", "KAZ+5", "KGZ+5", "PAK+5", "RUS+5", "IND+5.5", "KAZ+6", "RUS+6", "CHN+7", "RUS+7", "THA+7",
            "SGP+8", "KOR+8", "AUS+8", "JPN+9", "AUS+9.5", "AUS+10", "AUS2+10", "AUS3+10", "RUS+10", "AUS+10.5", "NZL+12",
            "RUS+12", "NZL+12.75", "TON+13");

    /**
     * Zone to the code of its country. Left out on purpose: zones whose country code in the
     * list is ambiguous within the country (Brisbane and Hobart between AUS, AUS2 and AUS3; the
     * Brazilian BRA1/BRA2 split) and zones without a code of their own country; they take the
     * fallback.
     */
    private static final Map<String, String> BY_ZONE = table(
            "Europe/Zurich CHE+1", "Europe/Busingen CHE+1", "Europe/Berlin GER+1", "Europe/Vienna AUT+1", "Europe/Paris FRA+1",
            "Europe/Monaco FRA+1", "Europe/Rome ITA+1", "Europe/Vatican ITA+1", "Europe/San_Marino ITA+1", "Europe/Madrid ESP+1",
            "Atlantic/Canary ESP-0", "Europe/Amsterdam NLD+1", "Europe/Brussels BEL+1", "Europe/Luxembourg LUX+1",
            "Europe/Copenhagen DNK+1", "Europe/Oslo NOR+1", "Europe/Stockholm SWE+1", "Europe/Warsaw POL+1", "Europe/Prague CZE+1",
            "Europe/Bratislava SVK+1", "Europe/Budapest HUN+1", "Europe/Zagreb HRV+1", "Europe/Tirane ALB+1", "Europe/Skopje MAK+1",
            "Europe/Belgrade YUG+1", "Europe/Gibraltar GIB+1", "Europe/London GBR-0", "Europe/Dublin IRL-0", "Europe/Lisbon PRT-0",
            "Atlantic/Madeira PRT-0", "Atlantic/Azores PRT-1", "Atlantic/Faroe FRO-0", "Europe/Helsinki FIN+2", "Europe/Tallinn EST+2",
            "Europe/Riga LVA+2", "Europe/Athens GRC+2", "Europe/Sofia BGR+2", "Europe/Bucharest ROU+2", "Europe/Kiev UKR+2",
            "Europe/Kyiv UKR+2", "Europe/Chisinau MDA+2", "Asia/Nicosia CYP+2", "Europe/Nicosia CYP+2", "Asia/Jerusalem ISR+2",
            "Asia/Tel_Aviv ISR+2", "Africa/Cairo EGY+2", "Asia/Beirut LBN+2", "Asia/Gaza GAZ+2", "Europe/Kaliningrad RUS+2",
            "Europe/Istanbul TUR+2", "Europe/Minsk BLR+2", "Asia/Amman JOR+2", "Asia/Damascus SYR+2", "Africa/Windhoek NAM+1",
            "Europe/Moscow RUS+3", "Asia/Baghdad IRQ+3", "Africa/Nairobi EAT+3", "Asia/Tehran IRN+3.5", "Asia/Yerevan ARM+4",
            "Asia/Baku AZE+4", "Asia/Tbilisi GEO+4", "Europe/Samara RUS+4", "Asia/Karachi PAK+5", "Asia/Bishkek KGZ+5",
            "Asia/Yekaterinburg RUS+5", "Asia/Almaty KAZ+6", "Asia/Kolkata IND+5.5", "Asia/Calcutta IND+5.5", "Asia/Omsk RUS+6",
            "Asia/Bangkok THA+7", "Asia/Krasnoyarsk RUS+7", "Asia/Singapore SGP+8", "Asia/Seoul KOR+8", "Australia/Perth AUS+8",
            "Asia/Tokyo JPN+9", "Australia/Adelaide AUS+9.5", "Australia/Darwin AUS+9.5", "Australia/Sydney AUS+10",
            "Australia/Melbourne AUS+10", "Australia/Canberra AUS+10", "Asia/Vladivostok RUS+10", "Australia/Lord_Howe AUS+10.5",
            "Pacific/Auckland NZL+12", "Pacific/Chatham NZL+12.75", "Asia/Kamchatka RUS+12", "Pacific/Tongatapu TON+13",
            "America/New_York USA-5", "America/Detroit USA-5", "America/Indiana/Indianapolis USA-5", "America/Chicago USA-6",
            "America/Denver USA-7", "America/Boise USA-7", "America/Los_Angeles USA-8", "America/Anchorage USA-9",
            "Pacific/Honolulu USA-10", "America/Toronto CAN-5", "America/Montreal CAN-5", "America/Winnipeg CAN-6",
            "America/Edmonton CAN-7", "America/Vancouver CAN-8", "America/Halifax CAN-4", "America/St_Johns CAN-3.5",
            "America/Mexico_City MEX-6", "America/Mazatlan MEX-7", "America/Tijuana MEX-8", "America/Havana CUB-5",
            "America/Nassau BHS-5", "Atlantic/Bermuda BMU-4", "America/Asuncion PRY-4", "Atlantic/Stanley FLK-4",
            "America/Santiago CHL-4", "America/Port_of_Spain TTB-4", "America/Nuuk GRL-3", "America/Godthab GRL-3",
            "America/Argentina/Buenos_Aires ARG-3", "America/Buenos_Aires ARG-3", "America/Noronha BRA-2");

    private SnomZoneCodes() {
    }

    private static Map<String, String> table(String... rows) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String row : rows) {
            int sp = row.indexOf(' ');
            String code = row.substring(sp + 1);
            if (!DOCUMENTED.contains(code)) {
                throw new IllegalStateException(code + " is not a documented Snom timezone value");
            }
            m.put(row.substring(0, sp), code);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The standard offset a code stands for, in seconds east of UTC ("IND+5.5" is 19800). */
    static int offsetSeconds(String code) {
        int sign = code.lastIndexOf('+');
        if (sign < 0) {
            sign = code.lastIndexOf('-');
        }
        double hours = Double.parseDouble(code.substring(sign + 1));
        int seconds = (int) Math.round(hours * 3600);
        return code.charAt(sign) == '-' ? -seconds : seconds;
    }

    /** The code of the zone's own country, when it has one and its offset is still right. */
    static String ownCode(String zoneId, int standardOffsetSeconds) {
        String code = BY_ZONE.get(zoneId);
        return code != null && offsetSeconds(code) == standardOffsetSeconds ? code : null;
    }

    /**
     * The documented code for a zone without one of its own: the first listed code with the
     * same standard offset, else the one whose offset is nearest (the earlier listed on a tie).
     * Its country's DST rule does not matter: the explicit {@code utc_offset} and {@code dst}
     * that follow it in the file replace what it sets.
     */
    static String fallback(int standardOffsetSeconds) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String code : DOCUMENTED) {
            int d = Math.abs(offsetSeconds(code) - standardOffsetSeconds);
            if (d < bestDistance) {
                best = code;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Every zone with a code of its own (for tests). */
    static List<String> mappedZones() {
        return new ArrayList<>(BY_ZONE.keySet());
    }

    static String code(String zoneId, int standardOffsetSeconds) {
        String own = ownCode(zoneId, standardOffsetSeconds);
        return own != null ? own : fallback(standardOffsetSeconds);
    }
}
