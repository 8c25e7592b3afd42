package io.phonehome.phones.fanvil;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Phonehome's typed settings in Fanvil's encodings, for the {@code parts/settings.ftlx} of both
 * syntaxes (which name the elements and their sources). A setting or value without a documented
 * encoding stays out of the map, so nothing is written for it and the phone keeps its own value.
 */
final class FanvilTypedSettings {
    /**
     * Call-progress tone sets ({@code SelectYourTone}) by country, as wazo-provd's Fanvil plug-in
     * maps its locales ({@code plugins/wazo_fanvil/common/common.py}, {@code _COUNTRY}). Phonehome's
     * other countries (AT, BE, CH, SE) have no documented number and are not written.
     */
    private static final Map<String, Integer> TONES = Map.of(
            "DE", 2, "NL", 5, "US", 11, "GB", 13, "IT", 21, "FR", 25, "ES", 33);

    /**
     * The older syntax's codec slots ({@code DSP_CONFIG_MODULE} {@code Voice_Codec1..6}) as FusionPBX's
     * x3sp, h5 and i30 templates spell them; G.726, G.723, iLBC and OPUS have no documented spelling
     * there and are left out of the order.
     */
    private static final Map<String, String> VOICE_CODEC = Map.of(
            "G722", "G722/8000", "PCMA", "PCMA/8000", "PCMU", "PCMU/8000", "G729", "G729/8000");
    static final int VOICE_CODEC_SLOTS = 6;

    static boolean hasVoiceCodec(String codec) {
        return VOICE_CODEC.containsKey(codec);
    }

    /**
     * sysConf {@code <timeDisplay>}: {@code DateDisplayStyle} and {@code DateSeparator} by date format.
     * FusionPBX app/fanvil/app_config.php documents "9=YYYY MM DD (ISO8601)", the separators
     * "0='/', 1='-', 2='.', 3=' '" and TimeDisplayStyle "1=12hr 0=24hr"; wazo-provd's Fanvil plug-in
     * ({@code plugins/wazo_fanvil/common/common.py}, {@code _DISPLAYDATE}) writes style 4 for its
     * day-first locales (de_DE, fr_FR, en_GB, it_IT, es_ES, nl_NL) and 10 for en_US. The year's width
     * in styles 4 and 10 is not documented: the order and the separator are what is written.
     */
    private static final Map<String, int[]> DATE_DISPLAY = Map.of(
            "YYYY-MM-DD", new int[] {9, 1}, "DD.MM.YYYY", new int[] {4, 2}, "DD/MM/YYYY", new int[] {4, 0},
            "MM/DD/YYYY", new int[] {10, 0});

    private FanvilTypedSettings() {
    }

    static Map<String, Object> templateData(Map<String, String> typed) {
        Map<String, Object> v = new LinkedHashMap<>();
        Integer tone = TONES.get(typed.getOrDefault("tones.country", ""));
        if (tone != null) {
            v.put("tone", tone);
        }
        String codecs = typed.get("codecs.order");
        if (codecs != null) {
            java.util.List<String> slots = new java.util.ArrayList<>();
            for (String c : codecs.split(",")) {
                String name = VOICE_CODEC.get(c.trim().toUpperCase(java.util.Locale.ROOT));
                if (name != null && slots.size() < VOICE_CODEC_SLOTS) {
                    slots.add(name);
                }
            }
            if (!slots.isEmpty()) {
                // the templates write the slots after the listed codecs empty, so only these are offered
                while (slots.size() < VOICE_CODEC_SLOTS) {
                    slots.add("");
                }
                v.put("voice_codecs", slots);
            }
        }
        String time = typed.get("time.format");
        if (time != null) {
            v.put("time_display", "24h".equals(time) ? 0 : 1);
        }
        int[] date = DATE_DISPLAY.get(typed.getOrDefault("date.format", ""));
        if (date != null) {
            v.put("date_display", date[0]);
            v.put("date_separator", date[1]);
        }
        copy(typed, "ntp.secondary", v, "ntp_secondary");
        copy(typed, "network.vlan.id", v, "vlan_id");
        onOff(typed, "network.lldp", v, "lldp");
        onOff(typed, "network.cdp", v, "cdp");
        // The DSCP fields take the DSCP itself (their default 46 is EF), not a TOS byte.
        copy(typed, "qos.dscp.sip", v, "dscp_sip");
        copy(typed, "qos.dscp.rtp", v, "dscp_rtp");
        return v;
    }

    private static void onOff(Map<String, String> typed, String name, Map<String, Object> v, String key) {
        String value = typed.get(name);
        if (value != null) {
            v.put(key, "on".equals(value) ? 1 : 0);
        }
    }

    private static void copy(Map<String, String> typed, String name, Map<String, Object> v, String key) {
        String value = typed.get(name);
        if (value != null) {
            v.put(key, value);
        }
    }
}
