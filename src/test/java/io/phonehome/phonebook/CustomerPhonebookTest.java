package io.phonehome.phonebook;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.Customer;
import io.phonehome.inventory.DeviceImport;
import io.phonehome.inventory.Inventory;
import io.phonehome.inventory.Site;
import io.phonehome.inventory.SiteSpec;
import io.phonehome.phones.ConfigModel;
import io.phonehome.testing.TestDatabase;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The "fleet" phonebook is the site's customer's: another customer's lines and contacts are never in it. H2 and PostgreSQL. */
class CustomerPhonebookTest {
    TestDatabase db;
    Inventory inv;
    Phonebooks books;
    Site def;
    Site acme;
    Site beta;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        inv = db.inventory();
        books = new Phonebooks(db.database().jdbc());
        Customer a = inv.customers().insert("Acme AG", "acme");
        Customer b = inv.customers().insert("Beta GmbH", "beta");
        def = inv.createSite(SiteSpec.named("Head Office", "Europe/Zurich"));
        acme = inv.createSite(a.id(), SiteSpec.named("Acme Bern", "Europe/Zurich"));
        beta = inv.createSite(b.id(), SiteSpec.named("Beta Basel", "Europe/Zurich"));
        inv.importer().run(new StringReader("mac,model,site,extension,display_name\n"
                + "001565000001,T46U,Head Office,200,Hanna Head\n001565aa0001,T46U,Acme Bern,201,Anna Acme\n"
                + "001565bb0001,T46U,Beta Basel,202,Bruno Beta\n"), DeviceImport.Mode.CREATE_ONLY, false);
        db.database().jdbc().inTransaction(() -> books.contacts().save(List.of(
                new Contact(0, null, "Fleet Plumber", "", "0441234567", "", ""),
                new Contact(0, beta.id(), "Beta Supplier", "", "0617654321", "", ""))));
        for (Site s : List.of(def, acme, beta)) {
            books.choices().set(s.id(), PhonebookScope.FLEET);
        }
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    List<String> names(Site s) {
        return books.entries(inv.sites().findById(s.id()).orElseThrow()).stream().map(ConfigModel.PhonebookEntry::name).toList();
    }

    @Test
    void aCustomersFleetPhonebookListsItsOwnLinesAndContactsOnly() {
        assertThat(names(acme)).containsExactly("Anna Acme");
        assertThat(names(beta)).containsExactlyInAnyOrder("Beta Supplier", "Bruno Beta");
    }

    @Test
    void theDefaultCustomerKeepsTheFleetWideContactsAsBeforeCustomers() {
        assertThat(names(def)).containsExactlyInAnyOrder("Fleet Plumber", "Hanna Head");
        books.choices().set(acme.id(), PhonebookScope.SITE);
        books.choices().set(def.id(), PhonebookScope.SITE);
        assertThat(names(acme)).containsExactly("Anna Acme");
        assertThat(names(def)).containsExactlyInAnyOrder("Fleet Plumber", "Hanna Head");
    }
}
