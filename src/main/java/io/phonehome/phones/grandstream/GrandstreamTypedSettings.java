package io.phonehome.phones.grandstream;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Phonehome's typed settings in the desk phones' P-value encodings, for {@code parts/settings.ftlx}
 * (which names the P-values and their sources). Only settings and values with a documented
 * P-value encoding appear; anything else stays out of the map, so the template writes nothing for it
 * and the phone keeps its own value.
 *
 * <p>Encodings, from the Grandstream configuration templates shipped in FusionPBX
 * ({@code grandstream/gxp16xx/{$mac}.xml}: "Time Display Format. 0 - 12 Hour, 1 - 24 Hour",
 * "Date Display Format 0: yyyy-mm-dd, 1: mm-dd-yyyy, 2: dd-mm-yyyy"; {@code gxp21xx/{$mac}.xml}:
 * "Enable LLDP. 0 - Disabled, 1 - Enabled", "Layer 3 QoS for SIP / RTP, Number: 0 - 63").
 */
final class GrandstreamTypedSettings {
    /**
     * The firmware writes every date with dashes: a Phonehome format maps to the one with the same
     * order of day, month and year, which is what a reader gets wrong (31.10. against 10/31).
     */
    private static final Map<String, Integer> DATE_FORMAT = Map.of(
            "YYYY-MM-DD", 0, "MM/DD/YYYY", 1, "DD/MM/YYYY", 2, "DD.MM.YYYY", 2);

    private GrandstreamTypedSettings() {
    }

    static Map<String, Object> templateData(Map<String, String> typed) {
        Map<String, Object> v = new LinkedHashMap<>();
        String time = typed.get("time.format");
        if (time != null) {
            v.put("time_format", "24h".equals(time) ? 1 : 0);
        }
        Integer date = DATE_FORMAT.get(typed.getOrDefault("date.format", ""));
        if (date != null) {
            v.put("date_format", date);
        }
        copy(typed, "ntp.secondary", v, "ntp_secondary");
        copy(typed, "network.vlan.id", v, "vlan_id");
        String lldp = typed.get("network.lldp");
        if (lldp != null) {
            v.put("lldp", "on".equals(lldp) ? 1 : 0);
        }
        // Grandstream's Layer 3 QoS fields take the DSCP itself (defaults 26 and 46), not a TOS byte.
        copy(typed, "qos.dscp.sip", v, "dscp_sip");
        copy(typed, "qos.dscp.rtp", v, "dscp_rtp");
        return v;
    }

    private static void copy(Map<String, String> typed, String name, Map<String, Object> v, String key) {
        String value = typed.get(name);
        if (value != null) {
            v.put(key, value);
        }
    }
}
