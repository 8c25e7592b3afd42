package io.phonehome.phones.fanvil;

import io.phonehome.inventory.ModelInfo;
import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.RenderException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Fanvil function (DSS) keys. Both syntaxes describe a key by {@code Type}, {@code Value} and
 * {@code Title}:
 * <ul>
 * <li>{@code <sysConf>}: inside {@code <dsskey>}, the first T keys are the side (line) keys,
 *     {@code <dssSide index="page"><Fkey index="i">}, S to a page; the keys after them are the
 *     function keys, {@code <internal index="page"><Fkey index="i">}, P to a page, counted from 1
 *     again, with {@code <FuncKeyPageNum>} the number of their pages (WAZO
 *     {@code wazo_fanvil/common/templates/base-new.tpl} and {@code common.py} {@code _add_fkeys},
 *     {@code _split_fkeys}, {@code _paginate}; FusionPBX {@code fanvil/x6u}: line keys in
 *     {@code dssSide}, memory keys in {@code internal} pages of 12). T, S and P are the catalog's
 *     {@code dss_top_keys}, {@code dss_top_keys_per_page} and {@code dss_keys_per_page} (WAZO
 *     {@code serie_x/entry.py} {@code TOP_FUNCTION_KEYS}, {@code LINE_KEYS_PER_PAGE},
 *     {@code FUNCTION_KEYS_PER_PAGE}); a model without {@code dss_keys_per_page} gets no keys.</li>
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
    static final String TOP_ATTRIBUTE = "dss_top_keys";
    static final String TOP_PER_PAGE_ATTRIBUTE = "dss_top_keys_per_page";
    static final Map<String, Integer> TYPES = Map.of("line", 2, "blf", 1, "speed_dial", 1, "park", 1, "intercom", 1, "voicemail", 1);
    static final Map<String, String> SUFFIX = Map.of("blf", "/ba", "speed_dial", "/f", "park", "/c", "intercom", "/i", "voicemail", "/m");
    /**
     * What a BLF key dials while its extension rings, written after its {@code /ba}: the pickup
     * code and the watched extension, so pressing the lamp of a ringing colleague picks the call
     * up (wazo-provd {@code plugins/wazo_fanvil/common/common.py} {@code _format_funckey_blf}:
     * {@code value@line/ba} followed by the directed-pickup prefix and the value, e.g.
     * {@code 201@1/ba**201}). {@code **} is the pickup code Phonehome's call router serves (the
     * one Grandstream's "BLF Call-pickup Prefix" is provisioned with).
     */
    static final String BLF_PICKUP_CODE = "**";

    private FanvilKeys() {
    }

    /** @param attributes the model's catalog row */
    static Optional<Integer> perPage(Map<String, String> attributes) {
        return count(attributes, PER_PAGE_ATTRIBUTE).filter(n -> n > 0);
    }

    private static Optional<Integer> count(Map<String, String> attributes, String name) {
        return Optional.ofNullable(attributes.get(name)).map(String::trim).filter(s -> s.matches("[0-9]{1,2}")).map(Integer::parseInt);
    }

    /**
     * Where the sysConf syntax puts the phone's keys: the first {@code top} are side keys,
     * {@code topPerPage} to a page, the rest function keys, {@code perPage} to a page.
     */
    record Pages(int top, int topPerPage, int perPage) {
        /** Key N's place: in {@code <dssSide>} or {@code <internal>}, on which page, at which index. */
        Place place(int n) {
            if (n <= top) {
                return new Place(true, (n - 1) / topPerPage + 1, (n - 1) % topPerPage + 1);
            }
            int m = n - top;
            return new Place(false, (m - 1) / perPage + 1, (m - 1) % perPage + 1);
        }
    }

    record Place(boolean side, int page, int index) {
    }

    /** The model's pages, when its catalog row gives them (a top count needs its own page size). */
    static Optional<Pages> pages(Map<String, String> attributes) {
        Optional<Integer> per = perPage(attributes);
        if (per.isEmpty()) {
            return Optional.empty();
        }
        int top = count(attributes, TOP_ATTRIBUTE).orElse(0);
        Optional<Integer> topPer = count(attributes, TOP_PER_PAGE_ATTRIBUTE).filter(n -> n > 0);
        if (top > 0 && topPer.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Pages(top, topPer.orElse(1), per.get()));
    }

    /**
     * Where the sysConf {@code <dsskey>} section puts each key, for the template: {@code side} and
     * {@code internal}, each a list of pages ({@code page}, {@code keys}: {@code index} and the
     * key's {@code position}, by index), and {@code internal_pages}. The template writes each key
     * from the model's own key data, so labels are the model's cleaned ones.
     */
    static Map<String, Object> sysConfData(Pages pages, List<ConfigModel.KeyInfo> keys) {
        TreeMap<Integer, List<Map<String, Object>>> side = new TreeMap<>();
        TreeMap<Integer, List<Map<String, Object>>> internal = new TreeMap<>();
        for (ConfigModel.KeyInfo k : keys) {
            if (k.module() != 0 || !TYPES.containsKey(k.type())) {
                // Refused at input; a key that still arrives here must not vanish from the file unseen.
                throw new RenderException((k.module() == 0 ? "" : "expansion module " + k.module() + " ") + "key " + k.position() + " ("
                        + k.type() + ") has no documented Fanvil form");
            }
            Place at = pages.place(k.position());
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("index", at.index());
            key.put("position", k.position());
            (at.side() ? side : internal).computeIfAbsent(at.page(), p -> new ArrayList<>()).add(key);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("side", asPages(side));
        out.put("internal", asPages(internal));
        out.put("internal_pages", internal.isEmpty() ? 0 : internal.lastKey());
        return out;
    }

    private static List<Map<String, Object>> asPages(Map<Integer, List<Map<String, Object>>> byPage) {
        List<Map<String, Object>> out = new ArrayList<>();
        byPage.forEach((page, keys) -> {
            keys.sort(Comparator.comparingInt(k -> (Integer) k.get("index")));
            out.add(Map.of("page", page, "keys", keys));
        });
        return out;
    }

    private static String format(ModelInfo model) {
        return model.attribute(FanvilFormat.ATTRIBUTE).orElse("").trim();
    }

    static Set<String> types(ModelInfo model) {
        String format = format(model);
        if (format.equals(VoipConfigFormat.NAME)) {
            return TYPES.keySet();
        }
        return format.isEmpty() && pages(model.attributes()).isPresent() ? TYPES.keySet() : Set.of();
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
