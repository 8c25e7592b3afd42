package io.phonehome.phones.grandstream;

import io.phonehome.inventory.ModelInfo;
import java.util.ArrayList;
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
 * <li>{@code vpk} (GRP261x): positions 1 to {@code vpk_keys} are the virtual multi-purpose keys,
 *     VPK 1-6 at mode P(1363+2(N-1)), account P(1364+2(N-1)), description P(1465+2(N-1)), value
 *     P(1466+2(N-1)), VPK 7-48 the block of four from P(23800 + 4(N-7)) (FusionPBX
 *     {@code resources/templates/provision/grandstream/grp26xx/{$mac}.xml}, GRP26xx template
 *     1.0.3.6: "line 7 to 48 are sequential starting at 23800 in groups of 4"; {@code grp2614}:
 *     {@code pks.vpk.1.keyMode} is P1363). The positions after them are the physical
 *     multi-purpose keys, MPK (N - vpk_keys) at the MPK P-values below (grp26xx "Physical
 *     Multi-Purpose Keys": P323.., P353.., P1440..), as WAZO {@code wazo_grandstream/common/common.py}
 *     {@code _add_v2_fkeys} splits its keys by {@code MODEL_FKEYS} vpk/mpk. P23000 is not used:
 *     it is the first key of the expansion module ({@code grp2614} "Pvalue P23000" =
 *     {@code pks.ext.1.keyMode}, "FOR GRP2615/GRP2624/GRP2670/GRP2650 Only"; WAZO writes its
 *     {@code _add_mpk} block there only for the GXV3350).
 *     Dynamic VPKs must come in sequence ("Even if a Dynamic VPK has mode set to None, it should
 *     be added in sequence. Skipping one will remove everything after that VPK."), so a VPK
 *     position without a key, after the model's accounts and before the last VPK used, is
 *     written as None (-1), as WAZO writes every unconfigured VPK.</li>
 * <li>{@code mpk} (GXP1628/1630, GXP2100/2110/2120, GXP2124): the multi-purpose keys.
 *     MPK 1-7: mode P(322+N), account P(298+3N), description P(299+3N), value P(300+3N); MPK 8-18:
 *     the block of four from P(353 + 4(N-8)); MPK 19-24: the block of four from P(1440 + 4(N-19))
 *     (FusionPBX {@code gxp21xx/{$mac}.xml} "Multipurpose Key 1..18", {@code gxp2124/{$mac}.xml}
 *     "Multipupose Key 1..24", {@code gxp16xx/{$mac}.xml} "Multi-Purpose Keys" MPK 1-7 and MPK 8
 *     at P353-P356; WAZO {@code _add_fkeys} writes the same MPK 1-7 codes). The phone's line keys
 *     stay its account keys: Phonehome's positions are the MPKs.</li>
 * </ul>
 * Mode numbers: "0 - Speed Dial, 1 - BLF, ... 6 - Voice Mail, 7 - Call Return, 8 - Transfer,
 * 9 - Call Park, 10 - Intercom" in every family (the gxp21xx/gxp2124 MPK "Key Mode" lists,
 * FusionPBX gxp16xx {@code key_types}, the GRP26xx lists); the GRP26xx lists add "DND (22)" for
 * VPKs and MPKs and "Line (31)" for VPKs only (grp2614 "Key Mode for line VPK"), so the GRP261x
 * also take DND keys and, on VPK positions, line keys. The GXP lists stop at 11: no line or DND
 * key there. A BLF key subscribes through the account it names, so it watches on that account's
 * registrar (Phonehome's SIP core unless the site names another).
 *
 * <p>Other families get no keys, each with its reason: the HT adapters' FXS ports and the DP75x
 * bases have no key section in their P-value templates (FusionPBX ht802, ht814, dp750), and the
 * GXP17xx/GXP2130-2170/GXP2200 keys are documented either in another syntax or without a count
 * Phonehome can use.
 */
final class GrandstreamKeys {
    static final String LAYOUT_ATTRIBUTE = "key_layout";
    /** GRP261x: how many of the positions are VPKs (WAZO MODEL_FKEYS vpk); the rest are MPKs. */
    static final String VPK_COUNT_ATTRIBUTE = "vpk_keys";
    static final String VPK = "vpk";
    static final String MPK = "mpk";
    /** The last multi-purpose key whose P-values are documented (gxp2124, grp26xx: MPK 24 at P1460-P1463). */
    static final int LAST_MPK = 24;
    /** The last VPK whose P-values are documented (grp26xx: "line 7 to 48"). */
    static final int LAST_VPK = 48;
    /** "None (-1)": a dynamic VPK kept in the sequence without a function. */
    static final int NONE = -1;
    static final Map<String, Integer> MODES = Map.of(
            "speed_dial", 0,
            "blf", 1,
            "voicemail", 6,
            "transfer", 8,
            "park", 9,
            "intercom", 10);
    static final Map<String, Integer> GRP_MODES = Map.of(
            "speed_dial", 0,
            "blf", 1,
            "voicemail", 6,
            "transfer", 8,
            "park", 9,
            "intercom", 10,
            "dnd", 22,
            "line", 31);

    private GrandstreamKeys() {
    }

    static String layout(Map<String, String> attributes) {
        return attributes.getOrDefault(LAYOUT_ATTRIBUTE, "").trim();
    }

    static Set<String> types(ModelInfo model) {
        return modes(model.attributes()).keySet();
    }

    /** The mode numbers of the model's layout; none for a model without one. */
    static Map<String, Integer> modes(Map<String, String> attributes) {
        String layout = layout(attributes);
        if (layout.equals(VPK) && vpkCount(attributes).isPresent()) {
            return GRP_MODES;
        }
        return layout.equals(MPK) ? MODES : Map.of();
    }

    static Optional<Integer> vpkCount(Map<String, String> attributes) {
        String v = attributes.getOrDefault(VPK_COUNT_ATTRIBUTE, "").trim();
        return v.matches("[0-9]{1,2}") ? Optional.of(Integer.parseInt(v)).filter(n -> n <= LAST_VPK) : Optional.empty();
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
        if (layout.equals(VPK)) {
            return Optional.of("the catalog gives " + LAYOUT_ATTRIBUTE + "=" + VPK + " without " + VPK_COUNT_ATTRIBUTE
                    + " (how many positions are virtual keys, 1 to " + LAST_VPK + ")");
        }
        if (!layout.isEmpty()) {
            return Optional.of("the catalog gives " + LAYOUT_ATTRIBUTE + "=" + layout + ", which this plug-in does not know (known: "
                    + VPK + ", " + MPK + ")");
        }
        return Optional.of("no P-value numbering of its programmable keys is documented for the P-value file Phonehome writes "
                + "(documented: GRP261x keys, the multi-purpose keys of GXP1628/1630, GXP2100/2110/2120 and GXP2124; "
                + "the catalog marks them " + LAYOUT_ATTRIBUTE + ")");
    }

    static Optional<String> keyProblem(ModelInfo model, int position, String type) {
        Map<String, String> a = model.attributes();
        String layout = layout(a);
        if (layout.equals(MPK) && position > LAST_MPK) {
            return Optional.of("Grandstream documents multi-purpose key P-values for keys 1 to " + LAST_MPK);
        }
        if (layout.equals(VPK) && vpkCount(a).isPresent()) {
            int vpks = vpkCount(a).get();
            if (position > vpks && position - vpks > LAST_MPK) {
                return Optional.of("positions after the " + vpks + " virtual keys are multi-purpose keys, whose P-values are documented for "
                        + "MPK 1 to " + LAST_MPK);
            }
            if (position > vpks && type.equals("line")) {
                return Optional.of("a line key is a virtual key mode (Line, 31); positions 1 to " + vpks + " are the virtual keys, "
                        + "position " + position + " is multi-purpose key " + (position - vpks) + ", which has no line mode");
            }
        }
        return Optional.empty();
    }

    /**
     * The four P-value numbers (mode, account, description, value) of each position, by position
     * as a string, for the positions given; empty for a position without documented P-values.
     */
    static Map<String, List<Integer>> pValues(Map<String, String> attributes, Iterable<Integer> positions) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        for (int n : positions) {
            block(attributes, n).ifPresent(b -> out.put(Integer.toString(n), b));
        }
        return out;
    }

    static Optional<List<Integer>> block(Map<String, String> attributes, int n) {
        String layout = layout(attributes);
        if (n < 1) {
            return Optional.empty();
        }
        if (layout.equals(MPK)) {
            return n <= LAST_MPK ? Optional.of(mpk(n)) : Optional.empty();
        }
        Optional<Integer> vpks = vpkCount(attributes);
        if (!layout.equals(VPK) || vpks.isEmpty()) {
            return Optional.empty();
        }
        if (n <= vpks.get()) {
            return Optional.of(vpk(n));
        }
        return n - vpks.get() <= LAST_MPK ? Optional.of(mpk(n - vpks.get())) : Optional.empty();
    }

    /**
     * The VPK blocks to write as None so that the dynamic VPKs stay in sequence: every VPK position
     * after the model's accounts (whose keys are the phone's own line keys) and before the last VPK
     * used that has no key.
     */
    static List<List<Integer>> noneBlocks(Map<String, String> attributes, int accounts, Set<Integer> used) {
        List<List<Integer>> out = new ArrayList<>();
        Optional<Integer> vpks = vpkCount(attributes);
        if (!layout(attributes).equals(VPK) || vpks.isEmpty()) {
            return out;
        }
        int last = used.stream().filter(n -> n <= vpks.get()).max(Integer::compare).orElse(0);
        for (int n = accounts + 1; n < last; n++) {
            if (!used.contains(n)) {
                out.add(vpk(n));
            }
        }
        return out;
    }

    /** VPK n's mode, account, description and value P-values (grp26xx: 1-6 from P1363, 7-48 from P23800). */
    static List<Integer> vpk(int n) {
        if (n <= 6) {
            int m = 1363 + 2 * (n - 1);
            return List.of(m, m + 1, m + 102, m + 103);
        }
        int b = 23800 + 4 * (n - 7);
        return List.of(b, b + 1, b + 2, b + 3);
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
