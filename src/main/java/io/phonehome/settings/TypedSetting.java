package io.phonehome.settings;

import io.phonehome.inventory.Site;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A Phonehome setting with a type: its allowed values are checked when it is set, so a template
 * only ever sees a normalised value (upper-case codec names, {@code on}/{@code off}).
 *
 * @param defaultFor the value a device at this site has when no scope sets one; empty means the
 *                   phone keeps its own default (nothing is written)
 */
public record TypedSetting(String name, String description, Type type, List<String> allowed, int min, int max,
                           Function<Site, Optional<String>> defaultFor) {

    /**
     * How a value is checked. A {@code SECRET} is text of {@code min} to {@code max} printable
     * ASCII characters without spaces, never shown back: the API and CLI say only that it is set
     * and where, and a refusal never repeats it. A {@code DIAL} is a number a phone dials: 1 to 32
     * of {@code 0-9 * # +}, the characters every vendor's dial field takes. A {@code SERVER} is a
     * host name, IPv4 address or bracketed IPv6 address with an optional {@code :port} (1-65535), or
     * {@code srv:} and a DNS domain whose SRV records name the servers.
     */
    public enum Type { CHOICE, INTEGER, HOST, LIST, SECRET, DIAL, SERVER }

    private static final Pattern DIAL = Pattern.compile("[0-9*#+]{1,32}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9\\-.:\\[\\]]{0,252})");
    private static final Pattern SERVER = Pattern.compile("(\\[[0-9A-Fa-f:.]{2,45}\\]|[A-Za-z0-9][A-Za-z0-9\\-.]{0,252})(?::([0-9]{1,5}))?");

    /** The value normalised, or the reason it is refused (naming the allowed values or range). */
    public Checked check(String raw) {
        String v = raw == null ? "" : raw.trim();
        return switch (type) {
            case CHOICE -> allowed.stream().filter(a -> a.equalsIgnoreCase(v)).findFirst().map(Checked::ok)
                    .orElseGet(() -> Checked.refused(name + " must be one of " + String.join(", ", allowed) + ", not \"" + v + "\""));
            case INTEGER -> integer(v);
            case HOST -> HOST.matcher(v).matches() ? Checked.ok(v.toLowerCase(Locale.ROOT))
                    : Checked.refused(name + " must be a host name or IP address, not \"" + v + "\"");
            case LIST -> list(v);
            case SECRET -> secret(raw == null ? "" : raw);
            case SERVER -> server(v);
            case DIAL -> DIAL.matcher(v).matches() ? Checked.ok(v)
                    : Checked.refused(name + " must be a number to dial: 1 to 32 of the digits, *, # and +, not \"" + v + "\"");
        };
    }

    /** True for a value the API, CLI and audit log show only as set. */
    public boolean secret() {
        return type == Type.SECRET;
    }

    /**
     * Printable ASCII only: every vendor's file carries it verbatim in a key or an element, so a
     * line break, a control character or a space (which a plain-text key=value file would trim)
     * must never reach a template. The value itself is not trimmed: a secret is what was typed.
     */
    private Checked secret(String v) {
        if (v.length() < min || v.length() > max) {
            return Checked.refused(name + " must be " + min + " to " + max + " characters long (it has " + v.length() + ")");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c > '~') {
                return Checked.refused(name + " may hold only printable ASCII characters without spaces (character "
                        + (i + 1) + " is not one)");
            }
        }
        return Checked.ok(v);
    }

    private Checked server(String v) {
        if (v.regionMatches(true, 0, "srv:", 0, 4)) {
            // a DNS SRV domain (issue 16): the phones look up its SRV records, which name the nodes and their ports
            String domain = v.substring(4);
            if (domain.matches("[A-Za-z0-9][A-Za-z0-9\\-.]{0,252}") && domain.contains(".")) {
                return Checked.ok("srv:" + domain.toLowerCase(Locale.ROOT));
            }
            return Checked.refused(name + " must be srv: and a DNS domain name (srv:example.com), not \"" + v + "\"");
        }
        java.util.regex.Matcher m = SERVER.matcher(v);
        if (m.matches() && (m.group(2) == null || (Integer.parseInt(m.group(2)) >= 1 && Integer.parseInt(m.group(2)) <= 65535))) {
            return Checked.ok(v.toLowerCase(Locale.ROOT));
        }
        return Checked.refused(name + " must be a host name or address with an optional :port (1-65535), not \"" + v + "\"");
    }

    private Checked integer(String v) {
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return Checked.ok(Integer.toString(n));
            }
        } catch (NumberFormatException e) {
            // answered below, with the range
        }
        return Checked.refused(name + " must be a whole number from " + min + " to " + max + ", not \"" + v + "\"");
    }

    private Checked list(String v) {
        Set<String> out = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String part : v.split("[,;\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            Optional<String> known = allowed.stream().filter(a -> a.equalsIgnoreCase(part)).findFirst();
            if (known.isEmpty()) {
                unknown.add(part);
            } else if (!out.add(known.get())) {
                return Checked.refused(name + " names " + known.get() + " twice");
            }
        }
        if (!unknown.isEmpty() || out.isEmpty()) {
            return Checked.refused(name + " must be a comma-separated list of " + String.join(", ", allowed)
                    + (unknown.isEmpty() ? "" : "; unknown: " + String.join(", ", unknown)));
        }
        return Checked.ok(String.join(",", out));
    }

    /** A checked value: normalised, or refused with a reason. */
    public record Checked(String value, String problem) {
        static Checked ok(String value) {
            return new Checked(value, null);
        }

        static Checked refused(String problem) {
            return new Checked(null, problem);
        }

        public boolean isOk() {
            return problem == null;
        }
    }
}
