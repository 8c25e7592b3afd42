package io.phonehome.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phonehome.testing.TestDatabase;
import java.io.StringReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Customers in the store and the owner questions scoped tokens ask; runs on H2 and on PostgreSQL. */
class CustomerRepositoryTest {
    TestDatabase db;
    Inventory inv;
    CustomerRepository customers;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        inv = db.inventory();
        customers = inv.customers();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    void importCsv(String csv) throws Exception {
        ImportReport r = inv.importer().run(new StringReader(csv), DeviceImport.Mode.CREATE_ONLY, false);
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void aNewInstallationHasOneDefaultCustomerThatOwnsSitesCreatedWithoutNamingOne() {
        assertThat(customers.list()).extracting(Customer::slug).containsExactly(Customer.DEFAULT_SLUG);
        Customer def = customers.defaultCustomer();
        assertThat(def.sipDomain()).as("null: the installation's own SIP domain").isNull();
        Site site = inv.createSite(SiteSpec.named("Zurich HQ", "Europe/Zurich"));
        assertThat(site.customerId()).isEqualTo(def.id());
    }

    @Test
    void eachCustomerListsOnlyItsOwnSitesAndDevices() throws Exception {
        Customer a = customers.insert("Acme AG", "acme");
        Customer b = customers.insert("Beta GmbH", "beta");
        Site sa = inv.createSite(a.id(), SiteSpec.named("Acme Bern", "Europe/Zurich"));
        Site sb = inv.createSite(b.id(), SiteSpec.named("Beta Basel", "Europe/Zurich"));
        importCsv("mac,model,site,extension\n001565aa0001,T46U,Acme Bern,200\n001565bb0001,T46U,Beta Basel,300\n001565cc0001,T46U,,\n");

        assertThat(inv.sites().listOf(a.id())).extracting(Site::name).containsExactly("Acme Bern");
        assertThat(inv.sites().listOf(b.id())).extracting(Site::name).containsExactly("Beta Basel");
        assertThat(inv.search().page(DeviceFilter.ALL.withinCustomer(a.id()), null, 100).rows())
                .extracting(r -> r.device().mac().hex()).containsExactly("001565aa0001");
        assertThat(inv.search().page(DeviceFilter.ALL.withinCustomer(b.id()), null, 100).total()).isEqualTo(1);
        assertThat(inv.search().page(DeviceFilter.ALL, null, 100).total()).as("unscoped: the whole fleet").isEqualTo(3);

        assertThat(customers.ownerOfSite(sa.id())).contains(a.id());
        assertThat(customers.ownerOfSite(sb.id())).contains(b.id());
        assertThat(customers.ownerOfSite(999_999)).isEmpty();
        assertThat(customers.ownerOfDevice(Mac.parse("001565aa0001"))).contains(a.id());
        assertThat(customers.ownerOfDevice(Mac.parse("001565cc0001"))).as("a device without a site belongs to nobody").isEmpty();
        assertThat(customers.ownerOfExtension("300")).contains(b.id());
        assertThat(customers.ownerOfExtension("999")).isEmpty();
    }

    @Test
    void aSiteMovedToAnotherCustomerTakesItsDevicesAlong() throws Exception {
        Customer a = customers.insert("Acme AG", "acme");
        Site s = inv.createSite(SiteSpec.named("Shop", "Europe/Zurich"));
        importCsv("mac,model,site\n001565aa0002,T46U,Shop\n");
        long before = inv.sites().findById(s.id()).orElseThrow().revision();
        inv.sites().moveToCustomer(s.id(), a.id());
        assertThat(customers.ownerOfDevice(Mac.parse("001565aa0002"))).contains(a.id());
        assertThat(inv.sites().findById(s.id()).orElseThrow().revision()).as("configs depend on the site").isGreaterThan(before);
    }

    @Test
    void aCustomerWithSitesOrTheDefaultOneCannotBeDeleted() {
        Customer a = customers.insert("Acme AG", "acme");
        Site s = inv.createSite(a.id(), SiteSpec.named("Acme Bern", "Europe/Zurich"));
        assertThatThrownBy(() -> customers.delete(a.id())).isInstanceOf(ConflictException.class).hasMessageContaining("1 site");
        inv.sites().delete(s.id());
        customers.delete(a.id());
        assertThat(customers.findById(a.id())).isEmpty();
        Customer def = customers.defaultCustomer();
        assertThatThrownBy(() -> customers.delete(def.id())).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> customers.update(def.id(), "Us", "us")).isInstanceOf(ValidationException.class);
        assertThat(customers.update(def.id(), "Us", Customer.DEFAULT_SLUG).name()).isEqualTo("Us");
    }

    @Test
    void namesAndSlugsAreCheckedAndUnique() {
        customers.insert("Acme AG", "acme");
        assertThatThrownBy(() -> customers.insert("Acme 2", "acme")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> customers.insert("Acme AG", "acme-2")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> customers.insert("X", "Not A Slug")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> customers.insert(" ", "x")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> inv.createSite(424_242, SiteSpec.named("Nowhere", "Europe/Zurich"))).isInstanceOf(ValidationException.class);
    }
}
