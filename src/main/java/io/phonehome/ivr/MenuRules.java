package io.phonehome.ivr;

import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.ValidationException;
import io.phonehome.prompts.Prompts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks a whole {@link MenuDraft} before anything is stored: every problem is reported with the
 * path of its field, so one answer lists all a menu file gets wrong. The bounds keep a menu
 * something a caller can find their way through and a call's state small.
 */
public final class MenuRules {
    public static final int MAX_SUBMENUS = 20;
    /** Submenus within submenus, counted from the top menu (the top menu is depth 0). */
    public static final int MAX_DEPTH = 5;
    public static final int MAX_TIMEOUT_SECONDS = 60;
    public static final int MAX_REPEATS = 5;
    public static final int DEFAULT_TIMEOUT_SECONDS = 5;
    public static final int DEFAULT_REPEATS = 2;
    static final Pattern MENU_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    static final Pattern EXTENSION = Pattern.compile("[0-9A-Za-z._+-]{1,32}");
    private static final String DIGITS = "0123456789*#";

    /** What a menu may name, as the server knows it now. */
    public record Known(Predicate<String> announcement, Predicate<String> extension) {
    }

    private MenuRules() {
    }

    public static MenuPlan check(MenuDraft draft, Known known) {
        List<FieldError> errors = new ArrayList<>();
        if (draft == null) {
            throw new ValidationException(List.of(FieldError.of("menu", "is required")));
        }
        Map<String, MenuDraft> submenus = draft.submenus() == null ? Map.of() : draft.submenus();
        if (submenus.size() > MAX_SUBMENUS) {
            errors.add(FieldError.of("submenus", "at most " + MAX_SUBMENUS + " submenus, not " + submenus.size()));
        }
        Map<String, MenuNode> nodes = new LinkedHashMap<>();
        MenuNode main = node("", draft, submenus, known, errors);
        nodes.put(MenuPlan.MAIN, main);
        for (Map.Entry<String, MenuDraft> e : new TreeMap<>(submenus).entrySet()) {
            String path = "submenus." + e.getKey();
            if (!MENU_NAME.matcher(e.getKey()).matches() || e.getKey().equals(MenuPlan.MAIN)) {
                errors.add(FieldError.of(path, "a submenu's name is 1 to 32 of a-z, 0-9, _ and -, and not \"main\" (the top menu)"));
                continue;
            }
            if (e.getValue() == null) {
                errors.add(FieldError.of(path, "is empty"));
                continue;
            }
            if (e.getValue().submenus() != null && !e.getValue().submenus().isEmpty()) {
                errors.add(FieldError.of(path + ".submenus", "submenus are listed once, at the top of the menu, and named by options"));
            }
            nodes.put(e.getKey(), node(path + ".", e.getValue(), submenus, known, errors));
        }
        if (errors.isEmpty()) {
            walk(MenuPlan.MAIN, "", nodes, new ArrayList<>(), errors);
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new MenuPlan(nodes);
    }

    private static MenuNode node(String path, MenuDraft d, Map<String, MenuDraft> submenus, Known known, List<FieldError> errors) {
        String announcement = blankToNull(d.greetingAnnouncement());
        String prompt = blankToNull(d.greetingPrompt());
        if (announcement == null && prompt == null) {
            errors.add(FieldError.of(path + "greeting_announcement", "a menu needs a greeting: an announcement, a prompt, or both"));
        }
        if (announcement != null && !known.announcement().test(announcement)) {
            errors.add(FieldError.of(path + "greeting_announcement", "no announcement \"" + announcement + "\" for this site; upload it first"));
        }
        if (prompt != null && !Prompts.shipped().keys().contains(prompt)) {
            errors.add(FieldError.of(path + "greeting_prompt", "no shipped prompt \"" + prompt + "\" (see src/main/prompts/phrases.tsv)"));
        }
        int timeout = d.timeoutSeconds() == null ? DEFAULT_TIMEOUT_SECONDS : d.timeoutSeconds();
        if (timeout < 1 || timeout > MAX_TIMEOUT_SECONDS) {
            errors.add(FieldError.of(path + "timeout_seconds", "must be 1 to " + MAX_TIMEOUT_SECONDS));
        }
        int repeats = d.repeats() == null ? DEFAULT_REPEATS : d.repeats();
        if (repeats < 0 || repeats > MAX_REPEATS) {
            errors.add(FieldError.of(path + "repeats", "must be 0 to " + MAX_REPEATS));
        }
        Map<Character, MenuOption> options = new TreeMap<>();
        Map<String, MenuDraft.OptionDraft> drafts = d.options() == null ? Map.of() : d.options();
        if (drafts.isEmpty()) {
            errors.add(FieldError.of(path + "options", "a menu needs at least one option"));
        }
        for (Map.Entry<String, MenuDraft.OptionDraft> e : drafts.entrySet()) {
            String at = path + "options." + e.getKey();
            if (e.getKey().length() != 1 || DIGITS.indexOf(e.getKey().charAt(0)) < 0) {
                errors.add(FieldError.of(at, "an option is one key: 0 to 9, * or #"));
                continue;
            }
            MenuOption o = option(at, e.getValue(), submenus, known, errors);
            if (o != null) {
                options.put(e.getKey().charAt(0), o);
            }
        }
        return new MenuNode(announcement, prompt, timeout, repeats, options);
    }

    private static MenuOption option(String at, MenuDraft.OptionDraft o, Map<String, MenuDraft> submenus, Known known, List<FieldError> errors) {
        List<MenuOption> set = new ArrayList<>();
        if (o != null) {
            if (o.announcement() != null) {
                set.add(new MenuOption(MenuOption.Kind.ANNOUNCEMENT, o.announcement().trim()));
            }
            if (o.submenu() != null) {
                set.add(new MenuOption(MenuOption.Kind.SUBMENU, o.submenu().trim()));
            }
            if (o.extension() != null) {
                set.add(new MenuOption(MenuOption.Kind.EXTENSION, o.extension().trim()));
            }
            if (o.voicemail() != null) {
                set.add(new MenuOption(MenuOption.Kind.VOICEMAIL, o.voicemail().trim()));
            }
            if (Boolean.TRUE.equals(o.hangup())) {
                set.add(new MenuOption(MenuOption.Kind.HANGUP, ""));
            }
        }
        if (set.size() != 1) {
            errors.add(FieldError.of(at, "an option does exactly one of announcement, submenu, extension, voicemail or hangup"));
            return null;
        }
        MenuOption m = set.get(0);
        String field = at + "." + m.kind().spelled();
        switch (m.kind()) {
            case ANNOUNCEMENT -> {
                if (!known.announcement().test(m.target())) {
                    errors.add(FieldError.of(field, "no announcement \"" + m.target() + "\" for this site; upload it first"));
                }
            }
            case SUBMENU -> {
                if (!m.target().equals(MenuPlan.MAIN) && !submenus.containsKey(m.target())) {
                    errors.add(FieldError.of(field, "no submenu \"" + m.target() + "\" in this menu's submenus"));
                }
            }
            case EXTENSION, VOICEMAIL -> {
                if (!EXTENSION.matcher(m.target()).matches()) {
                    errors.add(FieldError.of(field, "an extension is 1 to 32 of 0-9, A-Z, a-z, . _ + -"));
                } else if (!known.extension().test(m.target())) {
                    errors.add(FieldError.of(field, "no line has extension " + m.target()));
                }
            }
            case HANGUP -> {
            }
        }
        return m;
    }

    /** Follows the submenus from {@code name}: a menu on its own way back is a cycle, a way longer than the bound is too deep. */
    private static void walk(String name, String path, Map<String, MenuNode> nodes, List<String> way, List<FieldError> errors) {
        way.add(name);
        if (way.size() - 1 > MAX_DEPTH) {
            errors.add(FieldError.of(path, "submenus go " + (way.size() - 1) + " deep (" + String.join(" > ", way) + "); at most " + MAX_DEPTH));
            way.remove(way.size() - 1);
            return;
        }
        for (Map.Entry<Character, MenuOption> e : new TreeMap<>(nodes.get(name).options()).entrySet()) {
            if (e.getValue().kind() != MenuOption.Kind.SUBMENU) {
                continue;
            }
            String next = e.getValue().target();
            String at = (name.equals(MenuPlan.MAIN) ? "" : "submenus." + name + ".") + "options." + e.getKey() + ".submenu";
            if (way.contains(next)) {
                List<String> cycle = new ArrayList<>(way.subList(way.indexOf(next), way.size()));
                cycle.add(next);
                errors.add(FieldError.of(at, "makes a cycle: " + String.join(" > ", cycle)));
                continue;
            }
            walk(next, at, nodes, way, errors);
        }
        way.remove(way.size() - 1);
    }

    /** The plan as people write it (what {@code show} prints and {@code set} takes back). */
    public static MenuDraft draftOf(MenuPlan plan) {
        Map<String, MenuDraft> subs = new TreeMap<>();
        plan.menus().forEach((name, node) -> {
            if (!name.equals(MenuPlan.MAIN)) {
                subs.put(name, draftOf(node, null));
            }
        });
        return draftOf(plan.main(), subs);
    }

    private static MenuDraft draftOf(MenuNode n, Map<String, MenuDraft> subs) {
        Map<String, MenuDraft.OptionDraft> options = new TreeMap<>();
        n.options().forEach((k, o) -> options.put(String.valueOf(k), switch (o.kind()) {
            case ANNOUNCEMENT -> new MenuDraft.OptionDraft(o.target(), null, null, null, null);
            case SUBMENU -> new MenuDraft.OptionDraft(null, o.target(), null, null, null);
            case EXTENSION -> new MenuDraft.OptionDraft(null, null, o.target(), null, null);
            case VOICEMAIL -> new MenuDraft.OptionDraft(null, null, null, o.target(), null);
            case HANGUP -> new MenuDraft.OptionDraft(null, null, null, null, true);
        }));
        return new MenuDraft(n.announcement(), n.prompt(), n.timeoutSeconds(), n.repeats(), options, subs);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
