package io.phonehome.phones.fanvil;

import java.util.Map;

/**
 * The {@code <sysConf>} XML of the X-U / X7 / X210 / V / H2U / i1x-i6x generation (firmware 2.2.10
 * and later): CamelCase elements in sections ({@code <sip><line index="N">}, {@code <ap>},
 * {@code <phone>}, {@code <web>}, {@code <log>}). Sources: wazo-provd {@code base-new.tpl},
 * FusionPBX {@code fanvil/x4u} ("optimized for firmware ver 2.2.10 and newer"). Templates:
 * {@code templates/fanvil/sysconf/}.
 */
final class SysConfFormat implements FanvilFormat {
    static final SysConfFormat INSTANCE = new SysConfFormat();
    /** {@code Transport}: 0 UDP, 1 TCP, 3 TLS (wazo-provd {@code _SIP_TRANSPORT}, FusionPBX x4u). */
    private static final Map<String, Integer> TRANSPORT = Map.of("udp", 0, "tcp", 1, "tls", 3);

    private SysConfFormat() {
    }

    @Override
    public String directory() {
        return "sysconf";
    }

    @Override
    public Map<String, Integer> transport() {
        return TRANSPORT;
    }

    /**
     * {@code phone/display/DefaultLanguage} codes (wazo-provd's list for these models: en, cn, tc,
     * ru, it, fr, de, he, es, cat, eus, tr, hr, slo, cz, nl, ko, ua, pt, pl, ar). Fanvil spells a
     * few differently from ISO 639-1.
     */
    @Override
    public Object language(String code) {
        return switch (code) {
            case "de", "fr", "it", "es", "nl", "pt", "pl", "ru", "tr", "hr", "he", "ko", "ar" -> code;
            case "cs" -> "cz";
            case "sk" -> "slo";
            case "uk" -> "ua";
            case "ca" -> "cat";
            case "eu" -> "eus";
            case "zh" -> "cn";
            default -> "en";
        };
    }
}
