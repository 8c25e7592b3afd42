package io.phonehome.ivr;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a checked {@link MenuPlan} is stored in {@code ivr_menus.plan}: one line per menu,
 * {@code name TAB announcement TAB prompt TAB timeout TAB repeats TAB digit=kind:target;...}. Every
 * name and target has passed {@link MenuRules}, whose patterns have no tab, newline, {@code ;},
 * {@code =} or {@code :} in them, so nothing needs quoting.
 */
final class MenuPlanText {
    private MenuPlanText() {
    }

    static String write(MenuPlan plan) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, MenuNode> e : new TreeMap<>(plan.menus()).entrySet()) {
            MenuNode n = e.getValue();
            out.append(e.getKey()).append('\t').append(n.announcement() == null ? "" : n.announcement()).append('\t')
                    .append(n.prompt() == null ? "" : n.prompt()).append('\t').append(n.timeoutSeconds()).append('\t').append(n.repeats()).append('\t');
            String sep = "";
            for (Map.Entry<Character, MenuOption> o : new TreeMap<>(n.options()).entrySet()) {
                out.append(sep).append(o.getKey()).append('=').append(o.getValue().kind().spelled()).append(':').append(o.getValue().target());
                sep = ";";
            }
            out.append('\n');
        }
        return out.toString();
    }

    static MenuPlan read(String text) {
        Map<String, MenuNode> nodes = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            Map<Character, MenuOption> options = new TreeMap<>();
            if (!f[5].isEmpty()) {
                for (String o : f[5].split(";")) {
                    int colon = o.indexOf(':');
                    options.put(o.charAt(0), new MenuOption(MenuOption.Kind.valueOf(o.substring(2, colon).toUpperCase(java.util.Locale.ROOT)),
                            o.substring(colon + 1)));
                }
            }
            nodes.put(f[0], new MenuNode(f[1].isEmpty() ? null : f[1], f[2].isEmpty() ? null : f[2], Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]), options));
        }
        return new MenuPlan(nodes);
    }
}
