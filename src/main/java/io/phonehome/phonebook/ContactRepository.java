package io.phonehome.phonebook;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The rows of {@code contacts}. */
public final class ContactRepository {
    private static final String COLUMNS = "id, site_id, name, company, office, mobile, other";
    private final Jdbc jdbc;

    public ContactRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Every contact, fleet-wide ones first, then by site and name. */
    public List<Contact> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM contacts ORDER BY site_id NULLS FIRST, name, id", ContactRepository::map);
    }

    /**
     * The contacts a site's own phonebook holds: its own and the fleet-wide ones. Fleet-wide
     * contacts (no site) are the default customer's, as they were before there were customers;
     * a site of another customer does not get them.
     */
    public List<Contact> forSite(long siteId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM contacts WHERE site_id = ? OR (site_id IS NULL AND " + OF_DEFAULT_CUSTOMER
                + ") ORDER BY name, id", ContactRepository::map, siteId, siteId);
    }

    /** The contacts of a customer-wide phonebook: those of the customer's sites, and the fleet-wide ones for the default customer. */
    public List<Contact> forCustomerOf(long siteId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM contacts WHERE site_id IN (SELECT id FROM sites WHERE customer_id = "
                + "(SELECT customer_id FROM sites WHERE id = ?)) OR (site_id IS NULL AND " + OF_DEFAULT_CUSTOMER + ") "
                + "ORDER BY site_id NULLS FIRST, name, id", ContactRepository::map, siteId, siteId);
    }

    /** True when the site (the parameter) belongs to the default customer. */
    private static final String OF_DEFAULT_CUSTOMER = "EXISTS (SELECT 1 FROM sites s JOIN customers c ON c.id = s.customer_id "
            + "WHERE s.id = ? AND c.slug = 'default')";

    public Optional<Contact> find(long id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM contacts WHERE id = ?", ContactRepository::map, id);
    }

    /** The contact with this name in this scope (site, or fleet-wide when {@code siteId} is null). */
    public Optional<Contact> findByName(Long siteId, String name) {
        return siteId == null
                ? jdbc.queryOne("SELECT " + COLUMNS + " FROM contacts WHERE site_id IS NULL AND name = ?", ContactRepository::map, name)
                : jdbc.queryOne("SELECT " + COLUMNS + " FROM contacts WHERE site_id = ? AND name = ?", ContactRepository::map, siteId, name);
    }

    /** Writes the contacts: a row with id 0 is inserted, any other updated. Call inside a transaction. */
    public void save(List<Contact> contacts) {
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        for (Contact c : contacts) {
            if (c.id() == 0) {
                inserts.add(new Object[] {c.siteId(), c.name(), c.company(), c.office(), c.mobile(), c.other()});
            } else {
                updates.add(new Object[] {c.company(), c.office(), c.mobile(), c.other(), c.id()});
            }
        }
        if (!inserts.isEmpty()) {
            jdbc.batch(Table.CONTACTS, "INSERT INTO contacts (site_id, name, company, office, mobile, other) VALUES (?, ?, ?, ?, ?, ?)", inserts);
        }
        if (!updates.isEmpty()) {
            jdbc.batch(Table.CONTACTS, "UPDATE contacts SET company = ?, office = ?, mobile = ?, other = ? WHERE id = ?", updates);
        }
    }

    /** @return whether a contact was deleted */
    public boolean delete(long id) {
        return jdbc.update(Table.CONTACTS, "DELETE FROM contacts WHERE id = ?", id) > 0;
    }

    private static Contact map(ResultSet rs) throws SQLException {
        long site = rs.getLong("site_id");
        Long siteId = rs.wasNull() ? null : site;
        return new Contact(rs.getLong("id"), siteId, rs.getString("name"), rs.getString("company"), rs.getString("office"),
                rs.getString("mobile"), rs.getString("other"));
    }
}
