package io.phonehome.phones.grandstream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * Vocoder numbers of the "Preferred Vocoder" choices ({@code gxp21xx/{$mac}.xml}: "0 - PCMU,
     * 2 - G.726-32, 4 - G.723.1, 8 - PCMA, 9 - G.722, 18 - G.729A/B, 98 - iLBC"). OPUS has no
     * documented number and is left out of the order.
     */
    private static final Map<String, Integer> VOCODER = Map.of(
            "PCMU", 0, "G726", 2, "G723", 4, "PCMA", 8, "G722", 9, "G729", 18, "ILBC", 98);

    static boolean hasVocoder(String codec) {
        return VOCODER.containsKey(codec);
    }

    /**
     * Call-progress tones by country: dial (P343), ring back (P346), busy (P348) and reorder
     * (P349), the P-values FusionPBX's gxp16xx template names, in the syntax sipXconfig's
     * Grandstream model documents for them ("f1=val,f2=val[,c=on1/off1[-on2/off2[-on3/off3]]];",
     * frequencies in Hz, cadences in 10 ms; SIPfoundry/legacy-sipxecs
     * sipXgrandstream/etc/grandstream/phone.xml). Frequencies and cadences are the ITU-T E.180
     * Supplement 2 ones Asterisk's configs/samples/indications.conf.sample lists per country.
     * BE and GB are left out: their busy or reorder cadences (167 ms, 375 ms, 225 ms) are not whole
     * multiples of 10 ms, so the firmware cannot be told them exactly.
     */
    private static final Map<String, List<String>> TONES = Map.of(
            "AT", List.of("f1=420;", "f1=420,c=100/500;", "f1=420,c=40/40;", "f1=420,c=20/20;"),
            "CH", List.of("f1=425;", "f1=425,c=100/400;", "f1=425,c=50/50;", "f1=425,c=20/20;"),
            "DE", List.of("f1=425;", "f1=425,c=100/400;", "f1=425,c=48/48;", "f1=425,c=24/24;"),
            "ES", List.of("f1=425;", "f1=425,c=150/300;", "f1=425,c=20/20;", "f1=425,c=20/20-20/20-20/60;"),
            "FR", List.of("f1=440;", "f1=440,c=150/350;", "f1=440,c=50/50;", "f1=440,c=25/25;"),
            "IT", List.of("f1=425,c=20/20-60/100;", "f1=425,c=100/400;", "f1=425,c=50/50;", "f1=425,c=20/20;"),
            "NL", List.of("f1=425;", "f1=425,c=100/400;", "f1=425,c=50/50;", "f1=425,c=25/25;"),
            "SE", List.of("f1=425;", "f1=425,c=100/500;", "f1=425,c=25/25;", "f1=425,c=25/75;"),
            "US", List.of("f1=350,f2=440;", "f1=440,f2=480,c=200/400;", "f1=480,f2=620,c=50/50;", "f1=480,f2=620,c=25/25;"));

    /** The seven vocoder choice P-values of account 1, in order (gxp21xx template). */
    private static final int[] ACCOUNT_1_CHOICES = {57, 58, 59, 60, 61, 62, 46};

    private GrandstreamTypedSettings() {
    }

    /**
     * The vocoder choice P-values of an account: account 1 its historical ones, accounts 2 to 6
     * P{block}51 to P{block}57 in their account blocks (P451..., P551..., P651..., P1751..., P1851...).
     */
    static List<String> vocoderChoices(int account) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < ACCOUNT_1_CHOICES.length; i++) {
            int base = account <= 4 ? 100 * (account + 2) : 100 * (account + 12);
            names.add("P" + (account == 1 ? ACCOUNT_1_CHOICES[i] : base + 51 + i));
        }
        return names;
    }

    static Map<String, Object> templateData(Map<String, String> typed, int accounts) {
        Map<String, Object> v = new LinkedHashMap<>();
        String codecs = typed.get("codecs.order");
        if (codecs != null) {
            List<Integer> order = new ArrayList<>();
            for (String c : codecs.split(",")) {
                Integer n = VOCODER.get(c.trim().toUpperCase(java.util.Locale.ROOT));
                if (n != null && order.size() < ACCOUNT_1_CHOICES.length) {
                    order.add(n);
                }
            }
            if (!order.isEmpty()) {
                List<List<String>> choices = new ArrayList<>();
                for (int a = 1; a <= Math.min(accounts, AccountPValues.MAX_ACCOUNT); a++) {
                    choices.add(vocoderChoices(a));
                }
                v.put("vocoders", order);
                v.put("vocoder_choices", choices);
            }
        }
        List<String> tones = TONES.get(typed.getOrDefault("tones.country", ""));
        if (tones != null) {
            v.put("tones", Map.of("dial", tones.get(0), "ringback", tones.get(1), "busy", tones.get(2), "reorder", tones.get(3)));
        }
        String time = typed.get("time.format");
        if (time != null) {
            v.put("time_format", "24h".equals(time) ? 1 : 0);
        }
        Integer date = DATE_FORMAT.get(typed.getOrDefault("date.format", ""));
        if (date != null) {
            v.put("date_format", date);
        }
        // Web Access Mode P1650 (gxp21xx and gxp16xx templates: "0 - HTTPS, 1 - HTTP"): "on" is the
        // firmware's default HTTP; no number is documented for switching the web server off.
        String web = typed.get("phone.web_ui");
        if ("https-only".equals(web)) {
            v.put("web_access", 0);
        } else if ("on".equals(web)) {
            v.put("web_access", 1);
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
