package io.phonehome.phones.grandstream;

import io.phonehome.inventory.ModelInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Grandstream programmable keys as P-values. Each key is four P-values: mode, account (0-based),
 * description, value. Where they are depends on the family, named by the catalog attribute
 * {@code key_layout}:
 * <ul>
 * <li>{@code vpk} (GRP261x): key N is the block starting at P(23000 + 5(N-1)) (WAZO
 *     {@code wazo_grandstream/common/common.py} {@code _add_mpk}, start code 23000, five codes per key,
 *     used for the models of its {@code MODEL_FKEYS}: GRP2612..GRP2616).</li>
 * <li>{@code mpk} (GXP16xx GXP1628/1630, GXP2100/2110/2120, GXP2124): the multi-purpose keys.
 *     MPK 1-7: mode P(322+N), account P(298+3N), description P(299+3N), value P(300+3N); MPK 8-18:
 *     the block of four from P(353 + 4(N-8)); MPK 19-24: the block of four from P(1440 + 4(N-19))
 *     (FusionPBX {@code resources/templates/provision/grandstream/gxp21xx/{$mac}.xml} "Multipurpose
 *     Key 1..18", {@code gxp2124/{$mac}.xml} "Multipupose Key 1..24", {@code gxp16xx/{$mac}.xml}
 *     "Multi-Purpose Keys" MPK 1-7 and MPK 8 at P353-P356; WAZO {@code _add_fkeys} writes the same
 *     MPK 1-7 codes). The phone's line keys stay its account keys: Phonehome's positions are the MPKs.</li>
 * </ul>
 * The mode numbers are the same in both ("0 - Speed Dial, 1 - BLF, ... 6 - Voice Mail, 7 - Call
 * Return, 8 - Transfer, 9 - Call Park, 10 - Intercom": the GRP261x dynamic key modes of Grandstream's
 * configuration template; the gxp21xx/gxp2124 MPK "Key Mode" lists; FusionPBX gxp16xx
 * {@code key_types}). A line appearance and DND have no mode there, so they are not offered. A BLF
 * key subscribes through the account it names, so it watches on that account's registrar
 * (Phonehome's SIP core unless the site names another).
 *
 * <p>Other families get no keys, each with its reason: the HT adapters' FXS ports and the DP75x
 * bases have no key section in their P-value templates (FusionPBX ht802, ht814, dp750), and the
 * GXP17xx/GXP2130-2170/GXP2200 keys are documented either in another syntax or without a count
 * Phonehome can use.
 */
final class GrandstreamKeys {
    static final String LAYOUT_ATTRIBUTE = "key_layout";
    static final String VPK = "vpk";
    static final String MPK = "mpk";
    static final int FIRST_P = 23000;
    static final int P_PER_KEY = 5;
    /** The last multi-purpose key whose P-values are documented (gxp2124: MPK 24 at P1460-P1463). */
    static final int LAST_MPK = 24;
    static final Map<String, Integer> MODES = Map.of(
            "speed_dial", 0,
            "blf", 1,
            "voicemail", 6,
            "transfer", 8,
            "park", 9,
            "intercom", 10);

    private GrandstreamKeys() {
    }

    static String layout(Map<String, String> attributes) {
        return attributes.getOrDefault(LAYOUT_ATTRIBUTE, "").trim();
    }

    static Set<String> types(ModelInfo model) {
        String layout = layout(model.attributes());
        return layout.equals(VPK) || layout.equals(MPK) ? MODES.keySet() : Set.of();
    }

    /** Why the model takes no key, for any model {@link #types} gives none. */
    static Optional<String> noKeysReason(ModelInfo model) {
        if (!types(model).isEmpty()) {
            return Optional.empty();
        }
        String format = model.attribute(GrandstreamPlugin.FORMAT_ATTRIBUTE).orElse("");
        if (format.equals(AtaPorts.FORMAT)) {
            return Optional.of("an analog adapter's ports carry analog phones, which have no programmable keys "
                    + "(the HT P-value templates have no key section)");
        }
        if (format.equals(DectLineSlots.FORMAT)) {
            return Optional.of("the DECT base's P-values set accounts and handset lines, not keys "
                    + "(the DP75x P-value template has no key section)");
        }
        String layout = layout(model.attributes());
        if (!layout.isEmpty()) {
            return Optional.of("the catalog gives " + LAYOUT_ATTRIBUTE + "=" + layout + ", which this plug-in does not know (known: "
                    + VPK + ", " + MPK + ")");
        }
        return Optional.of("no P-value numbering of its programmable keys is documented for the P-value file Phonehome writes "
                + "(documented: GRP261x keys, the multi-purpose keys of GXP1628/1630, GXP2100/2110/2120 and GXP2124; "
                + "the catalog marks them " + LAYOUT_ATTRIBUTE + ")");
    }

    static Optional<String> keyProblem(ModelInfo model, int position) {
        if (layout(model.attributes()).equals(MPK) && position > LAST_MPK) {
            return Optional.of("Grandstream documents multi-purpose key P-values for keys 1 to " + LAST_MPK);
        }
        return Optional.empty();
    }

    /**
     * The four P-value numbers (mode, account, description, value) of each position the keys use,
     * by position as a string, for the template.
     */
    static Map<String, List<Integer>> pValues(Map<String, String> attributes, Iterable<Integer> positions) {
        String layout = layout(attributes);
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        for (int n : positions) {
            if (layout.equals(VPK)) {
                int b = FIRST_P + (n - 1) * P_PER_KEY;
                out.put(Integer.toString(n), List.of(b, b + 1, b + 2, b + 3));
            } else if (layout.equals(MPK) && n >= 1 && n <= LAST_MPK) {
                out.put(Integer.toString(n), mpk(n));
            }
        }
        return out;
    }

    /** MPK n's mode, account, description and value P-values (the three ranges of the class comment). */
    static List<Integer> mpk(int n) {
        if (n <= 7) {
            return List.of(322 + n, 298 + 3 * n, 299 + 3 * n, 300 + 3 * n);
        }
        int b = n <= 18 ? 353 + 4 * (n - 8) : 1440 + 4 * (n - 19);
        return List.of(b, b + 1, b + 2, b + 3);
    }
}
