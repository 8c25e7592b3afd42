package io.phonehome.sip;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.phonehome.inventory.Customer;
import io.phonehome.inventory.CustomerRepository;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.LineRepository;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory's lines as the SIP core sees them: all of them held in memory and read again in
 * one query every {@code sip_line_cache_seconds}, so a registration storm (every phone of a site
 * after a power cut) costs no database query per REGISTER. A line created since the last reload
 * is looked up once and remembered; a credential check that fails against the held line reads it
 * again ({@link #byAuthUserFresh}), so a changed password works at once. A removed or changed
 * line is noticed at the next reload.
 *
 * <p><b>Customers (issue 17).</b> Extensions and auth users are unique per customer, so every
 * lookup names a SIP domain: a request's domain (the host of its To, From or Request-URI) picks
 * the extension space it is looked up in ({@link #spaceOf}). A customer with a SIP domain of its
 * own is one space; every customer without one shares the installation's space (its configured
 * names, its addresses, and, while no customer has a domain, any host at all, as before), where an
 * extension two such customers both have is found for neither (refused, never guessed). The SIP
 * core keys what it holds per line (bindings, calls, subscriptions) by the line's address of
 * record ({@link #aor}): the bare extension in the installation's space, so stored bindings and a
 * single-customer installation stay exactly as they were, and {@code extension@domain} in a
 * customer's own space.
 *
 * <p>What is looked up between reloads (new lines, fresh re-reads, and the unknown users a scanner
 * tries) is held in a Caffeine cache bounded by size, which shadows the loaded set; an entry it
 * evicts is simply read again. The loaded set itself is a snapshot replaced whole, not a cache.
 */
final class LineDirectory {
    private static final Logger log = LoggerFactory.getLogger(LineDirectory.class);
    /** Lookups remembered between reloads (unknown users of a scanner...) at most. */
    private static final int MAX_LOOKUPS = 100_000;
    /** The installation's extension space: every customer without a SIP domain of its own. */
    static final String INSTALLATION = "";

    /** One reload's lines and what was looked up since; keys are "space|extension" or "space|auth user". */
    private record View(Map<String, Line> loaded, Cache<String, Optional<Line>> lookedUp) {
        static View of(Map<String, Line> loaded) {
            return new View(loaded, Caffeine.newBuilder().maximumSize(MAX_LOOKUPS).build());
        }

        Optional<Line> held(String key) {
            Optional<Line> recent = lookedUp.getIfPresent(key);
            if (recent != null) {
                return recent;
            }
            Line line = loaded.get(key);
            return line == null ? null : Optional.of(line);
        }
    }

    /** One reload's customers: each one's own domain (lower case), the domains in use. */
    private record Domains(Map<Long, String> byCustomer, Map<String, Long> byDomain) {
        String spaceOfCustomer(long customerId) {
            return byCustomer.getOrDefault(customerId, INSTALLATION);
        }
    }

    private final LineRepository lines;
    private final CustomerRepository customers;
    /** Host names and addresses that mean this installation (the installation's space when customers have domains). */
    private final Predicate<String> installationHost;
    private volatile View byAuthUser = View.of(Map.of());
    private volatile View byExtension = View.of(Map.of());
    private volatile Map<Long, Line> byId = Map.of();
    private volatile Domains domains = new Domains(Map.of(), Map.of());

    /** A directory of an installation whose customers have no SIP domains (tests of single-customer parts). */
    LineDirectory(LineRepository lines) {
        this(lines, null, host -> true);
    }

    LineDirectory(LineRepository lines, CustomerRepository customers, Predicate<String> installationHost) {
        this.lines = lines;
        this.customers = customers;
        this.installationHost = installationHost;
    }

    /** Reads every customer's domain and every line; the previous set (and every remembered lookup) is replaced. */
    void reload() {
        long t0 = System.nanoTime();
        Map<Long, String> domainOf = new HashMap<>();
        Map<String, Long> customerOf = new HashMap<>();
        if (customers != null) {
            for (Customer c : customers.list()) {
                if (c.sipDomain() != null && !c.sipDomain().isBlank()) {
                    String d = c.sipDomain().toLowerCase(Locale.ROOT);
                    domainOf.put(c.id(), d);
                    customerOf.put(d, c.id());
                }
            }
        }
        Domains d = new Domains(Map.copyOf(domainOf), Map.copyOf(customerOf));
        List<Line> all = lines.all();
        Map<String, Line> auth = new HashMap<>(all.size() * 2);
        Map<String, Line> ext = new HashMap<>(all.size() * 2);
        Map<Long, Line> ids = new HashMap<>(all.size() * 2);
        Set<String> ambiguous = new HashSet<>();
        for (Line l : all) {
            ids.put(l.id(), l);
            String space = d.spaceOfCustomer(l.customerId());
            if (auth.put(space + "|" + l.authUser(), l) != null) {
                ambiguous.add("a|" + space + "|" + l.authUser());
            }
            if (ext.put(space + "|" + l.extension(), l) != null) {
                ambiguous.add("e|" + space + "|" + l.extension());
            }
        }
        // two customers without domains share the installation's space: a clash there is found for neither
        for (String a : ambiguous) {
            (a.startsWith("a|") ? auth : ext).remove(a.substring(2));
        }
        if (!ambiguous.isEmpty()) {
            log.warn("{} extension(s) or auth user(s) exist at several customers without a SIP domain of their own and are refused over SIP "
                    + "until one of the customers gets its own domain", ambiguous.size());
        }
        this.domains = d;
        this.byAuthUser = View.of(auth);
        this.byExtension = View.of(ext);
        this.byId = ids;
        log.debug("line directory: {} lines in {} ms", all.size(), (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * The extension space a request for {@code host} is in: a customer's own domain, or the
     * installation's ({@link #INSTALLATION}) for its own names and addresses, and for any host
     * while no customer has a domain of its own; empty for a domain nobody here has (refused).
     */
    Optional<String> spaceOf(String host) {
        if (host == null || host.isEmpty()) {
            return Optional.empty();
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        Domains d = domains;
        if (d.byDomain().containsKey(h)) {
            return Optional.of(h);
        }
        if (d.byDomain().isEmpty() || isAddress(h) || installationHost.test(h)) {
            return Optional.of(INSTALLATION);
        }
        return Optional.empty();
    }

    /** The space of a line: its customer's domain, or the installation's. */
    String spaceOf(Line line) {
        return domains.spaceOfCustomer(line.customerId());
    }

    /**
     * The address of record the SIP core keys a line by: the extension in the installation's space,
     * {@code extension@domain} in a customer's own space.
     */
    String aor(Line line) {
        return aor(spaceOf(line), line.extension());
    }

    static String aor(String space, String extension) {
        return space.isEmpty() ? extension : extension + "@" + space;
    }

    /** The extension part of an address of record (what a phone dials and its URIs name). */
    static String extensionOf(String aor) {
        int at = aor.indexOf('@');
        return at < 0 ? aor : aor.substring(0, at);
    }

    /** The space part of an address of record. */
    static String spaceOfAor(String aor) {
        int at = aor.indexOf('@');
        return at < 0 ? INSTALLATION : aor.substring(at + 1);
    }

    Optional<Line> byAuthUser(String space, String authUser) {
        return lookup(byAuthUser, space, authUser, true, false);
    }

    /** Reads the line from the inventory (and remembers it): after a failed check against the held one. */
    Optional<Line> byAuthUserFresh(String space, String authUser) {
        return lookup(byAuthUser, space, authUser, true, true);
    }

    /** The line with this extension in one space. */
    Optional<Line> byExtension(String space, String extension) {
        return lookup(byExtension, space, extension, false, false);
    }

    /** A line by its id, as of the last reload. */
    Optional<Line> byId(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The line with this extension when exactly one customer of the installation has it (read from the inventory). */
    Optional<Line> onlyLineWithExtension(String extension) {
        return lines.byExtension(extension);
    }

    /** The line with this extension in one customer's extension space (read from the inventory). */
    Optional<Line> byCustomerExtension(long customerId, String extension) {
        return lines.byExtension(customerId, extension);
    }

    /** The line of an address of record ({@link #aor}). */
    Optional<Line> byAor(String aor) {
        if (aor == null) {
            return Optional.empty();
        }
        return byExtension(spaceOfAor(aor), extensionOf(aor));
    }

    private Optional<Line> lookup(View view, String space, String key, boolean authUser, boolean fresh) {
        if (key == null || key.isEmpty() || key.length() > 64 || space == null) {
            return Optional.empty();
        }
        String k = space + "|" + key;
        if (!fresh) {
            Optional<Line> held = view.held(k);
            if (held != null) {
                return held;
            }
        }
        Domains d = domains;
        List<Line> found = (authUser ? lines.allByAuthUser(key) : lines.allByExtension(key)).stream()
                .filter(l -> d.spaceOfCustomer(l.customerId()).equals(space)).toList();
        Optional<Line> line = found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
        view.lookedUp().put(k, line);
        return line;
    }

    /** An IPv4 or IPv6 literal (what phones configured with an address send). */
    private static boolean isAddress(String host) {
        return host.startsWith("[") || host.indexOf(':') >= 0 || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }
}
