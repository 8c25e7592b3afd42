package io.phonehome.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a model as installers write it on delivery notes and in spreadsheets: {@code SIP-T46U},
 * {@code Yealink T46U}, {@code t46u}, {@code snomD785}, {@code T19P E2}. Both the spelling and the
 * catalog names are reduced to upper-case letters and digits, and a leading vendor id (any vendor
 * of the catalog) and a leading {@code SIP} are dropped, since firmware and labels put both in
 * front of the model. A catalog row may add names of its own in its {@code aliases} attribute
 * (space-separated): the name of a kit or a system that stands for one of its parts, e.g.
 * {@code W90} for the W90DM DECT manager, the part that carries the accounts.
 *
 * <p>An unknown spelling is answered with the catalog models closest to it (edit distance of the
 * reduced names), so a typo costs one look instead of reading the whole catalog.
 */
public final class ModelNames {
    /** The catalog attribute holding extra names of a model. */
    public static final String ALIASES_ATTRIBUTE = "aliases";
    private static final int SUGGESTIONS = 3;
    /** Longer than any model name with its vendor in front: not worth comparing. */
    private static final int MAX_NAME = 48;

    private final SupportedModels models;

    public ModelNames(SupportedModels models) {
        this.models = models;
    }

    /** The catalog models a spelling names (of {@code vendor} only, when given): none, one, or one per vendor. */
    public List<ModelInfo> resolve(String vendor, String spelled) {
        List<ModelInfo> exact = exact(vendor, spelled);
        if (!exact.isEmpty()) {
            return exact;
        }
        Set<String> keys = keys(spelled);
        List<ModelInfo> out = new ArrayList<>();
        for (ModelInfo m : candidates(vendor)) {
            if (names(m).stream().anyMatch(keys::contains)) {
                out.add(m);
            }
        }
        return out;
    }

    /** Up to three catalog models whose names are closest to the spelling, closest first. */
    public List<ModelInfo> closest(String vendor, String spelled) {
        String key = reduce(spelled);
        if (key.isEmpty() || key.length() > MAX_NAME) {
            return List.of(); // nothing like a model name: no suggestion is better than a random one
        }
        record Scored(ModelInfo model, int distance) {
        }
        List<Scored> scored = new ArrayList<>();
        for (ModelInfo m : candidates(vendor)) {
            int best = Integer.MAX_VALUE;
            for (String k : keys(spelled)) {
                for (String n : names(m)) {
                    best = Math.min(best, distance(k, n));
                }
            }
            scored.add(new Scored(m, best));
        }
        // Closest first; among equals, the model whose name shares the longest start with the spelling.
        scored.sort(Comparator.comparingInt(Scored::distance)
                .thenComparing(s -> -commonPrefix(key, reduce(s.model().model())))
                .thenComparing(s -> s.model().model()));
        return scored.stream().limit(SUGGESTIONS).map(Scored::model).toList();
    }

    /** "'T46X' is not a supported model; did you mean T46U, T46S, T46G?" (vendor named when given). */
    public String unknownMessage(String vendor, String spelled) {
        List<ModelInfo> near = closest(vendor, spelled);
        String of = vendor == null || vendor.isEmpty() ? "" : " of " + vendor;
        if (near.isEmpty()) {
            return "'" + spelled + "' is not a supported model" + of;
        }
        return "'" + spelled + "' is not a supported model" + of + "; did you mean "
                + String.join(", ", near.stream().map(ModelInfo::model).toList()) + "? (phonehome models lists them all)";
    }

    private List<ModelInfo> exact(String vendor, String spelled) {
        if (vendor == null || vendor.isEmpty()) {
            return models.findByName(spelled);
        }
        return models.find(vendor, spelled.trim()).map(List::of).orElse(List.of());
    }

    private List<ModelInfo> candidates(String vendor) {
        return vendor == null || vendor.isEmpty() ? List.copyOf(models.all()) : models.forVendor(vendor.toLowerCase(Locale.ROOT));
    }

    /** The reduced spelling, and what remains of it without a leading vendor id and "SIP". */
    private Set<String> keys(String spelled) {
        Set<String> keys = new LinkedHashSet<>();
        String key = reduce(spelled);
        keys.add(key);
        for (ModelInfo m : models.all()) {
            String v = reduce(m.vendor());
            if (key.startsWith(v) && key.length() > v.length()) {
                keys.add(key.substring(v.length()));
            }
        }
        for (String k : List.copyOf(keys)) {
            if (k.startsWith("SIP") && k.length() > 3) {
                keys.add(k.substring(3));
            }
        }
        return keys;
    }

    private static List<String> names(ModelInfo m) {
        List<String> names = new ArrayList<>();
        names.add(reduce(m.model()));
        m.attribute(ALIASES_ATTRIBUTE).ifPresent(a -> {
            for (String alias : a.trim().split("\\s+")) {
                if (!alias.isEmpty()) {
                    names.add(reduce(alias));
                }
            }
        });
        return names;
    }

    static String reduce(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toUpperCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static int commonPrefix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return n;
    }

    /**
     * Levenshtein distance; names are short (model names, setting names: a few dozen characters
     * at most). Shared by every "did you mean" of Phonehome, so they all rank alike.
     */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
