package io.phonehome.phonebook;

import io.phonehome.inventory.CsvTable;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.Site;
import io.phonehome.inventory.SiteRepository;
import io.phonehome.store.Jdbc;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Imports contacts from a CSV file: columns {@code name} (required), {@code company},
 * {@code office}, {@code mobile}, {@code other} (at least one number per row) and {@code site}
 * (a site's name; empty for a fleet-wide contact). A contact whose name is already in the same
 * scope is updated, any other created. All or nothing: a file with any row error writes nothing,
 * and a dry run only reports what would be written.
 */
public final class ContactImport {
    public static final int MAX_ROWS = 20_000;
    static final int MAX_NAME = 100;
    static final int MAX_NUMBER = 32;
    private static final Set<String> COLUMNS = Set.of("name", "company", "office", "mobile", "other", "site");
    /** What a dial string may hold once spaces, dashes, dots, slashes and brackets are taken out. */
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9*#]{1,32}");

    /** What an import did or would do; when {@link #errors()} is not empty nothing was written. */
    public record Report(boolean dryRun, boolean applied, int rows, int created, int updated, List<FieldError> errors) {
        public Report {
            errors = List.copyOf(errors);
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final Jdbc jdbc;
    private final ContactRepository contacts;
    private final SiteRepository sites;

    public ContactImport(Jdbc jdbc, ContactRepository contacts, SiteRepository sites) {
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.sites = sites;
    }

    public Report run(Reader csv, boolean dryRun) throws IOException {
        List<FieldError> errors = new ArrayList<>();
        CsvTable table = CsvTable.parse(csv, COLUMNS, Set.of("name"), MAX_ROWS, errors);
        if (!errors.isEmpty()) {
            return new Report(dryRun, false, table.rows().size(), 0, 0, errors);
        }
        Map<String, Site> siteByName = new HashMap<>();
        for (Site s : sites.list()) {
            siteByName.put(s.name().toLowerCase(Locale.ROOT), s);
        }
        List<Contact> planned = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CsvTable.Row row : table.rows()) {
            int before = errors.size();
            String name = row.get("name");
            text(row, "name", name, MAX_NAME, true, errors);
            String company = row.get("company");
            text(row, "company", company, MAX_NAME, false, errors);
            String office = number(row, "office", errors);
            String mobile = number(row, "mobile", errors);
            String other = number(row, "other", errors);
            if (office.isEmpty() && mobile.isEmpty() && other.isEmpty() && errors.size() == before) {
                errors.add(new FieldError(row.number(), "office", "a contact needs at least one number (office, mobile or other)"));
            }
            Long siteId = null;
            String siteName = row.get("site");
            if (!siteName.isEmpty()) {
                Site site = siteByName.get(siteName.toLowerCase(Locale.ROOT));
                if (site == null) {
                    errors.add(new FieldError(row.number(), "site", "no site is called '" + siteName + "'; leave it empty for a fleet-wide contact"));
                } else {
                    siteId = site.id();
                }
            }
            String key = (siteId == null ? "" : siteId) + "|" + name.toLowerCase(Locale.ROOT);
            if (errors.size() == before && !seen.add(key)) {
                errors.add(new FieldError(row.number(), "name", "'" + name + "' appears twice for the same " + (siteId == null ? "fleet" : "site")));
            }
            if (errors.size() == before) {
                planned.add(new Contact(0, siteId, name, company, office, mobile, other));
            }
        }
        if (!errors.isEmpty()) {
            return new Report(dryRun, false, table.rows().size(), 0, 0, errors);
        }
        List<Contact> resolved = new ArrayList<>();
        int created = 0;
        for (Contact c : planned) {
            Optional<Contact> existing = contacts.findByName(c.siteId(), c.name());
            if (existing.isEmpty()) {
                created++;
            }
            resolved.add(existing.map(e -> new Contact(e.id(), c.siteId(), e.name(), c.company(), c.office(), c.mobile(), c.other())).orElse(c));
        }
        if (!dryRun) {
            jdbc.inTransaction(() -> contacts.save(resolved));
        }
        return new Report(dryRun, !dryRun, table.rows().size(), created, resolved.size() - created, List.of());
    }

    /** Names and companies go into phones' XML and menus: no control characters (a line break would start a new field). */
    private static void text(CsvTable.Row row, String column, String value, int max, boolean required, List<FieldError> errors) {
        if (required && value.isEmpty()) {
            errors.add(new FieldError(row.number(), column, "must not be empty"));
        } else if (value.length() > max) {
            errors.add(new FieldError(row.number(), column, "is " + value.length() + " characters long; at most " + max));
        } else if (value.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f || ch == 0x2028 || ch == 0x2029 || ch == 0x85)) {
            errors.add(new FieldError(row.number(), column, "contains a line break or another control character"));
        }
    }

    private static String number(CsvTable.Row row, String column, List<FieldError> errors) {
        String raw = row.get(column);
        if (raw.isEmpty()) {
            return "";
        }
        String n = raw.replaceAll("[\\s\\-./()]", "");
        if (!NUMBER.matcher(n).matches()) {
            errors.add(new FieldError(row.number(), column, "'" + raw + "' is not a number a phone can dial (digits, * and #, "
                    + "an optional leading +, at most " + MAX_NUMBER + ")"));
            return "";
        }
        return n;
    }
}
