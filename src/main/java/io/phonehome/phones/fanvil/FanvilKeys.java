package io.phonehome.phones.fanvil;

import io.phonehome.inventory.ModelInfo;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fanvil function (DSS) keys. Both syntaxes describe a key by {@code Type}, {@code Value} and
 * {@code Title}:
 * <ul>
 * <li>{@code <sysConf>}: {@code <dsskey><dssSide index="page"><Fkey index="i">} (WAZO
 *     {@code wazo_fanvil/common/templates/base-new.tpl}). Keys are paged: key N is on page
 *     (N-1)/P+1, at (N-1)%P+1, P being the catalog's {@code dss_keys_per_page} (WAZO
 *     {@code serie_x/entry.py} {@code FUNCTION_KEYS_PER_PAGE}); a model without it gets no keys.</li>
 * <li>the older {@code <VOIP_CONFIG_FILE>}: {@code <PHONE_CONFIG_MODULE><Function_Key>
 *     <Function_Key_Entry>} with {@code <ID>FkeyN</ID>}, key N unpaged (WAZO
 *     {@code wazo_fanvil/common/templates/base.tpl}; FusionPBX {@code fanvil/x3sp}, {@code h5},
 *     {@code i30} templates).</li>
 * </ul>
 * Type 2 is a line ({@code SIPn}: FusionPBX x3sp, x6u); type 1 a memory key whose value is
 * {@code number@line/} followed by its function: {@code ba} BLF, {@code f} speed dial (WAZO
 * {@code wazo_fanvil/common/common.py} {@code _format_funckey_blf}, {@code _format_funckey_speeddial}),
 * {@code c} call park (there and FusionPBX {@code app/devices/app_config.php} fanvil
 * {@code call_park = c}), {@code i} intercom ({@code intercom = i}) and {@code m} voicemail
 * (message waiting, {@code mwi = m}, "MWI - *97 Voicemail": the value is the mailbox number the key
 * dials, so a Fanvil voicemail key needs one). A BLF key subscribes through the line it names, so it
 * watches on that line's registrar (Phonehome's SIP core unless the site names another). No Fanvil
 * source gives DND or a transfer key in this form, so they are not offered, and neither syntax's
 * sources give a form for expansion module keys.
 */
final class FanvilKeys {
    static final String PER_PAGE_ATTRIBUTE = "dss_keys_per_page";
    static final Map<String, Integer> TYPES = Map.of("line", 2, "blf", 1, "speed_dial", 1, "park", 1, "intercom", 1, "voicemail", 1);
    static final Map<String, String> SUFFIX = Map.of("blf", "/ba", "speed_dial", "/f", "park", "/c", "intercom", "/i", "voicemail", "/m");

    private FanvilKeys() {
    }

    /** @param attributes the model's catalog row */
    static Optional<Integer> perPage(Map<String, String> attributes) {
        return Optional.ofNullable(attributes.get(PER_PAGE_ATTRIBUTE)).map(String::trim).filter(s -> s.matches("[1-9][0-9]?"))
                .map(Integer::parseInt);
    }

    private static String format(ModelInfo model) {
        return model.attribute(FanvilFormat.ATTRIBUTE).orElse("").trim();
    }

    static Set<String> types(ModelInfo model) {
        String format = format(model);
        if (format.equals(VoipConfigFormat.NAME)) {
            return TYPES.keySet();
        }
        return format.isEmpty() && perPage(model.attributes()).isPresent() ? TYPES.keySet() : Set.of();
    }

    static Optional<String> noKeysReason(ModelInfo model) {
        if (!types(model).isEmpty()) {
            return Optional.empty();
        }
        String format = format(model);
        if (format.isEmpty()) {
            return Optional.of("the catalog gives no " + PER_PAGE_ATTRIBUTE + " (DSS keys per page) for it, so Phonehome cannot tell "
                    + "on which page of its DSS keys a key is");
        }
        return Optional.of("the catalog gives format=" + format + ", whose key form this plug-in does not know");
    }

    static Optional<String> keyProblem(int module, String type, String value) {
        if (module != 0) {
            return Optional.of("no Fanvil source at hand gives the form of an expansion module key in the syntax Phonehome writes, "
                    + "so only the phone's own keys are written");
        }
        if (type.equals("voicemail") && (value == null || value.isEmpty())) {
            return Optional.of("a Fanvil voicemail key dials the mailbox number it is given (message-waiting memory key); give the "
                    + "line's voicemail number as value");
        }
        return Optional.empty();
    }
}
