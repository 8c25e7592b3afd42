package io.phonehome.phones.grandstream;

import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.RenderException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The DP75x DECT bases (catalog {@code format=dp}): the base holds up to ten SIP accounts in the
 * {@link AccountTable}, all on profile 1, and each handset picks among them through ten line slots
 * whose value is an account number (0 = none). Slots per handset, from FusionPBX
 * {@code resources/templates/provision/grandstream/dp750/{$mac}.xml} ("DP750 firmware version
 * 1.0.2.16", "HS n Line Settings"): HS1 P4300-P4309, HS2 P4310-P4319, HS3 P4320-P4329, HS4 P4250,
 * P4251, P21320-P21327, HS5 P21328-P21337; handset name P27020-P27024 (at most 10 characters);
 * per account the "HS Mode" P27080-P27089 (1-5: ring only that handset, 101 circular, 102 linear,
 * 103 parallel, 104 shared; default 101).
 *
 * <p>An account on one handset rings only there; on several it rings them all at once (parallel),
 * which is what assigning a line to several handsets means in the inventory.
 */
final class DectLineSlots {
    static final String FORMAT = "dp";
    static final int MAX_HANDSETS = 5;
    static final int SLOTS = 10;
    /** "Handset name ... maximum 10 characters". */
    static final int NAME_LENGTH = 10;
    static final int HUNT_PARALLEL = 103;
    static final int HUNT_DEFAULT = 101;

    private DectLineSlots() {
    }

    /** The P-value of slot s (1-based) of handset h (1-based). */
    static int slot(int handset, int s) {
        if (s < 1 || s > SLOTS) {
            throw new IllegalArgumentException("a DP75x handset has line slots 1 to " + SLOTS + ", not " + s);
        }
        return switch (handset) {
            case 1 -> 4300 + s - 1;
            case 2 -> 4310 + s - 1;
            case 3 -> 4320 + s - 1;
            case 4 -> s <= 2 ? 4250 + s - 1 : 21320 + s - 3;
            case 5 -> 21328 + s - 1;
            default -> throw new IllegalArgumentException("a DP75x base has handsets 1 to " + MAX_HANDSETS + ", not " + handset);
        };
    }

    /**
     * {@code accounts} (account N at index N-1: the table row plus {@code used} and {@code hunt},
     * its HS Mode), {@code profile_line} when a line exists, and {@code handsets} (index, name
     * element, name cut to what the handset shows, {@code slots} as element and account number).
     */
    static Map<String, Object> templateData(ConfigModel model) {
        ConfigModel.ModelData m = model.model();
        if (m.accounts() > AccountTable.MAX_ROWS || m.handsets() > MAX_HANDSETS) {
            throw new RenderException("the catalog gives " + m.vendor() + " " + m.name() + " " + m.accounts() + " accounts and "
                    + m.handsets() + " handsets; a DP75x base has P-values for " + AccountTable.MAX_ROWS + " and " + MAX_HANDSETS);
        }
        Set<Integer> used = new TreeSet<>();
        for (ConfigModel.LineInfo l : model.lines()) {
            if (l.index() < 1 || l.index() > m.accounts()) {
                throw new RenderException("line " + l.index() + " does not exist on a " + m.name() + " (" + m.accounts() + " accounts)");
            }
            used.add(l.index());
        }
        Map<Integer, List<Integer>> handsetsOfAccount = new LinkedHashMap<>();
        List<Object> handsets = new ArrayList<>();
        for (ConfigModel.HandsetInfo h : model.handsets()) {
            if (h.index() < 1 || h.index() > m.handsets()) {
                throw new RenderException("handset " + h.index() + " does not exist on a " + m.name() + " (" + m.handsets() + " handsets)");
            }
            if (h.lines().size() > SLOTS) {
                throw new RenderException("handset " + h.index() + " of a " + m.name() + " has " + SLOTS + " line slots, not " + h.lines().size());
            }
            List<Object> slots = new ArrayList<>();
            for (int s = 1; s <= SLOTS; s++) {
                int account = s <= h.lines().size() ? h.lines().get(s - 1) : 0;
                if (account != 0 && !used.contains(account)) {
                    throw new RenderException("handset " + h.index() + " uses line " + account + ", which the " + m.name() + " does not have");
                }
                if (account != 0) {
                    handsetsOfAccount.computeIfAbsent(account, k -> new ArrayList<>()).add(h.index());
                }
                slots.add(Map.of("p", AccountTable.p(slot(h.index(), s)), "account", account));
            }
            Map<String, Object> hs = new LinkedHashMap<>();
            hs.put("index", h.index());
            hs.put("name_p", AccountTable.p(27020 + h.index() - 1));
            String name = h.name() == null ? "" : h.name();
            hs.put("name", name.length() > NAME_LENGTH ? name.substring(0, NAME_LENGTH) : name);
            hs.put("slots", slots);
            handsets.add(hs);
        }
        List<Object> accounts = new ArrayList<>();
        for (int a = 1; a <= m.accounts(); a++) {
            Map<String, Object> row = AccountTable.row(a);
            row.put("used", used.contains(a));
            row.put("hunt_p", AccountTable.p(27080 + a - 1));
            List<Integer> on = handsetsOfAccount.getOrDefault(a, List.of());
            row.put("hunt", on.size() == 1 ? on.get(0) : on.isEmpty() ? HUNT_DEFAULT : HUNT_PARALLEL);
            accounts.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accounts", accounts);
        out.put("handsets", handsets);
        if (!model.lines().isEmpty()) {
            out.put("profile_line", AccountTable.sharedProfileLine(m.name(), "SIP accounts", model.lines()));
        }
        return out;
    }
}
