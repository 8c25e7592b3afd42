package io.phonehome.inventory;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import io.phonehome.store.UniqueViolationException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for customers, and the questions "which customer owns this?" that scoped API tokens ask
 * about a site, a device or a line. A device without a site and anything that does not exist
 * belong to no customer (empty), so a caller limited to a customer treats both alike.
 */
public final class CustomerRepository {
    private static final String COLUMNS = "id, name, slug, sip_domain, created_at";
    private static final int MAX_NAME = 100;
    private static final int MAX_SLUG = 40;

    private final Jdbc jdbc;

    public CustomerRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Customer insert(String name, String slug) {
        return insert(name, slug, null);
    }

    /**
     * A new customer; {@code sipDomain} (null: none) is its own SIP domain (issue 17): its phones
     * register at {@code <extension>@<domain>}, its digest realm, the server its configurations name.
     */
    public Customer insert(String name, String slug, String sipDomain) {
        String domain = checkDomain(sipDomain);
        check(name, slug);
        try {
            long id = jdbc.insert(Table.CUSTOMERS, "INSERT INTO customers (name, slug, sip_domain) VALUES (?,?,?)", name.trim(), slug, domain);
            return findById(id).orElseThrow();
        } catch (UniqueViolationException e) {
            throw conflict(name, slug, domain);
        }
    }

    /** Renames; the default customer keeps its slug. */
    public Customer update(long id, String name, String slug) {
        return update(id, name, slug, findById(id).orElseThrow(() -> notFound(id)).sipDomain());
    }

    /**
     * Renames and sets the SIP domain (null: none, the installation's). A new domain raises the
     * revision of the customer's sites, so every phone's configuration is rendered again with it.
     */
    public Customer update(long id, String name, String slug, String sipDomain) {
        Customer before = findById(id).orElseThrow(() -> notFound(id));
        String domain = checkDomain(sipDomain);
        check(name, slug);
        if (before.isDefault() && !slug.equals(before.slug())) {
            throw new ValidationException(List.of(FieldError.of("slug", "the default customer keeps the slug '" + Customer.DEFAULT_SLUG + "'")));
        }
        try {
            jdbc.inTransaction(() -> {
                jdbc.update(Table.CUSTOMERS, "UPDATE customers SET name = ?, slug = ?, sip_domain = ? WHERE id = ?", name.trim(), slug, domain, id);
                if (!java.util.Objects.equals(domain, before.sipDomain())) {
                    jdbc.update(Table.SITES, "UPDATE sites SET revision = revision + 1, updated_at = ? WHERE customer_id = ?", java.time.Instant.now(), id);
                }
                return null;
            });
        } catch (UniqueViolationException e) {
            throw conflict(name, slug, domain);
        }
        return findById(id).orElseThrow();
    }

    /** Deletes a customer that has no sites and no tokens left; never the default customer. */
    public void delete(long id) {
        Customer c = findById(id).orElseThrow(() -> notFound(id));
        if (c.isDefault()) {
            throw new ConflictException("the default customer cannot be deleted");
        }
        long sites = jdbc.queryLong("SELECT COUNT(*) FROM sites WHERE customer_id = ?", id);
        if (sites > 0) {
            throw new ConflictException("customer " + c.slug() + " still has " + sites + " site(s); move or delete them first");
        }
        long tokens = jdbc.queryLong("SELECT COUNT(*) FROM api_tokens WHERE customer_id = ?", id);
        if (tokens > 0) {
            throw new ConflictException("customer " + c.slug() + " still has " + tokens + " API token(s) (revoked ones included) limited to it");
        }
        jdbc.update(Table.CUSTOMERS, "DELETE FROM customers WHERE id = ?", id);
    }

    public Optional<Customer> findById(long id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM customers WHERE id = ?", CustomerRepository::map, id);
    }

    public Optional<Customer> findBySlug(String slug) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM customers WHERE slug = ?", CustomerRepository::map, slug);
    }

    /** The customer sites go to when nobody names one. */
    public Customer defaultCustomer() {
        return findBySlug(Customer.DEFAULT_SLUG).orElseThrow(() -> new IllegalStateException("the default customer is missing"));
    }

    public List<Customer> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM customers ORDER BY id", CustomerRepository::map);
    }

    /** The customer of a site; empty when the site does not exist. */
    public Optional<Long> ownerOfSite(long siteId) {
        return jdbc.queryOne("SELECT customer_id FROM sites WHERE id = ?", rs -> rs.getLong(1), siteId);
    }

    /** The customer of a device's site; empty when the device does not exist or has no site. */
    public Optional<Long> ownerOfDevice(Mac mac) {
        return jdbc.queryOne("SELECT s.customer_id FROM devices d JOIN sites s ON s.id = d.site_id WHERE d.mac = ?", rs -> rs.getLong(1),
                mac.hex());
    }

    /**
     * The customer of the line with this extension; empty when there is none, its device has no
     * site, or several customers have the extension (each customer has its own extension space,
     * and a route that names a line by extension alone finds it only when it is unique).
     */
    public Optional<Long> ownerOfExtension(String extension) {
        List<Long> owners = jdbc.query("SELECT s.customer_id FROM lines l JOIN devices d ON d.id = l.device_id JOIN sites s ON s.id = d.site_id "
                + "WHERE l.extension = ?", rs -> rs.getLong(1), extension);
        return owners.size() == 1 ? Optional.of(owners.get(0)) : Optional.empty();
    }

    /**
     * Whether the customer has a line with this extension on a device at one of its sites (each
     * customer has its own extension space: another customer having the extension too changes nothing).
     */
    public boolean hasExtension(long customerId, String extension) {
        return jdbc.queryLong("SELECT COUNT(*) FROM lines l JOIN devices d ON d.id = l.device_id JOIN sites s ON s.id = d.site_id "
                + "WHERE l.extension = ? AND l.customer_id = ? AND s.customer_id = ?", extension, customerId, customerId) > 0;
    }

    private static ConflictException conflict(String name, String slug, String domain) {
        return new ConflictException("a customer named '" + name.trim() + "', with slug '" + slug + "'"
                + (domain == null ? "" : " or with SIP domain '" + domain + "'") + " already exists");
    }

    /** Longest host name (RFC 1035 section 2.3.4). */
    private static final int MAX_DOMAIN = 253;

    /**
     * A SIP domain as stored: a host name of two or more labels (RFC 1123: letters, digits, inner
     * '-', 1 to 63 characters each), lower case, without a trailing dot; not an IP address (those
     * mean the installation itself). Null or blank: none.
     */
    static String checkDomain(String sipDomain) {
        if (sipDomain == null || sipDomain.isBlank()) {
            return null;
        }
        String d = sipDomain.trim().toLowerCase(java.util.Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        String label = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
        if (d.length() > MAX_DOMAIN || !d.matches(label + "(?:\\." + label + ")+") || d.matches("[0-9.]+") || d.matches(".*\\.[0-9]+")) {
            throw new ValidationException(List.of(FieldError.of("sip_domain",
                    "a SIP domain is a host name such as sip.acme.example (letters, digits and inner '-' per label, two labels or more, "
                            + "not an IP address), at most " + MAX_DOMAIN + " characters")));
        }
        return d;
    }

    private static void check(String name, String slug) {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || name.isBlank() || name.trim().length() > MAX_NAME) {
            errors.add(FieldError.of("name", "a customer needs a name of 1 to " + MAX_NAME + " characters"));
        }
        if (slug == null || !slug.matches("[a-z0-9](?:[a-z0-9-]{0," + (MAX_SLUG - 2) + "}[a-z0-9])?")) {
            errors.add(FieldError.of("slug", "a slug is 1 to " + MAX_SLUG + " lower-case letters, digits and '-', not starting or ending with '-'"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("customer " + id + " does not exist");
    }

    private static Customer map(ResultSet rs) throws SQLException {
        return new Customer(rs.getLong("id"), rs.getString("name"), rs.getString("slug"), rs.getString("sip_domain"),
                Jdbc.instant(rs, "created_at"));
    }
}
