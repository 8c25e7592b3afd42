package io.phonehome.phones.fanvil;

import java.util.Map;

/**
 * The older {@code <VOIP_CONFIG_FILE>} XML of the X2-X6 generation, the H5 and the i30
 * ({@code format=voip-config} in the catalog): one level of {@code Under_Score} modules,
 * {@code <GLOBAL_CONFIG_MODULE>}, {@code <SIP_CONFIG_MODULE><SIP_Line_List><SIP_Line_List_Entry>},
 * {@code <MMI_CONFIG_MODULE>}, {@code <AAA_CONFIG_MODULE>}, {@code <AUTOUPDATE_CONFIG_MODULE>}.
 * Sources for its element names and codes: wazo-provd {@code plugins/wazo_fanvil/common/templates/base.tpl}
 * and {@code common/model.tpl} (what it serves the X2/X3/X3S/X3SG/X4/X5/X5S/X6 on firmware 1.x to
 * 2.14), FusionPBX {@code resources/templates/provision/fanvil/x4/{$mac}.cfg}, {@code h5}, {@code i30}.
 * Templates: {@code templates/fanvil/voip-config/}.
 */
final class VoipConfigFormat implements FanvilFormat {
    static final String NAME = "voip-config";
    static final VoipConfigFormat INSTANCE = new VoipConfigFormat();
    /** {@code Transport}: 0 UDP, 1 TCP, 2 TLS here, where sysConf says 3 (FusionPBX x4). */
    private static final Map<String, Integer> TRANSPORT = Map.of("udp", 0, "tcp", 1, "tls", 2);
    /**
     * {@code <Language>} is a number in this syntax: wazo-provd's {@code serie_x/entry.py}
     * {@code _LOCALE} (en 0, nl 3, fr 4, it 7, es 10, de 16), the only public table; FusionPBX x4
     * writes 0. Other languages get English rather than a guessed number.
     */
    private static final Map<String, Integer> LANGUAGE = Map.of("en", 0, "nl", 3, "fr", 4, "it", 7, "es", 10, "de", 16);

    private VoipConfigFormat() {
    }

    @Override
    public String directory() {
        return NAME;
    }

    @Override
    public Map<String, Integer> transport() {
        return TRANSPORT;
    }

    @Override
    public Object language(String code) {
        return LANGUAGE.getOrDefault(code, 0);
    }
}
