package io.phonehome.phonebook;

import io.phonehome.inventory.Site;
import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.PhonebookSource;
import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The phonebook a site's phones get: the inventory's lines (display name, else label, else the
 * extension; the extension is the office number) and the imported contacts, of the site alone
 * (with the fleet-wide contacts) or of the site's whole customer, as the site chose ("fleet" means
 * the customer's fleet: another customer's lines and contacts are never listed; fleet-wide
 * contacts are the default customer's). Sorted by name, as a phone lists them.
 */
public final class Phonebooks implements PhonebookSource {
    /** The tables a phonebook is built from: a committed write to any of them may change one. */
    private static final Set<Table> SOURCES = EnumSet.of(Table.LINES, Table.DEVICES, Table.SITES, Table.CONTACTS, Table.PHONEBOOK_SITES);

    private final ContactRepository contacts;
    private final PhonebookSiteRepository choices;
    private final PhonebookLineRepository lines;
    private final AtomicLong generation = new AtomicLong();

    public Phonebooks(Jdbc jdbc) {
        this.contacts = new ContactRepository(jdbc);
        this.choices = new PhonebookSiteRepository(jdbc);
        this.lines = new PhonebookLineRepository(jdbc);
        jdbc.onCommittedWrite(t -> {
            if (SOURCES.contains(t)) {
                generation.incrementAndGet();
            }
        });
    }

    public ContactRepository contacts() {
        return contacts;
    }

    public PhonebookSiteRepository choices() {
        return choices;
    }

    @Override
    public long generation() {
        return generation.get();
    }

    @Override
    public List<ConfigModel.PhonebookEntry> entries(Site site) {
        PhonebookScope scope = choices.scope(site.id());
        List<ConfigModel.PhonebookEntry> out = new ArrayList<>();
        for (PhonebookLineRepository.LineEntry l : scope == PhonebookScope.FLEET ? lines.forCustomer(site.customerId()) : lines.forSite(site.id())) {
            String name = !l.displayName().isBlank() ? l.displayName() : !l.label().isBlank() ? l.label() : l.extension();
            out.add(new ConfigModel.PhonebookEntry(name, "", l.extension(), "", "", true));
        }
        for (Contact c : scope == PhonebookScope.FLEET ? contacts.forCustomerOf(site.id()) : contacts.forSite(site.id())) {
            out.add(new ConfigModel.PhonebookEntry(c.name(), c.company(), c.office(), c.mobile(), c.other(), false));
        }
        out.sort(Comparator.comparing((ConfigModel.PhonebookEntry e) -> e.name().toLowerCase(Locale.ROOT)).thenComparing(e -> e.office()));
        return out;
    }
}
