package io.phonehome.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phonehome.phones.VendorRegistry;
import io.phonehome.store.Database;
import io.phonehome.testing.OlderSchema;
import io.phonehome.testing.TestStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An installation from before customers (schema 8.7) with sites, devices, lines and tokens is
 * upgraded by V8_8 into one default customer without any other change; on H2 and PostgreSQL.
 */
class CustomersUpgradeTest {
    @Test
    void aSingleCustomerInstallationMigratesIntoTheDefaultCustomerUnchanged() throws Exception {
        // what the previous build left: its schema and its data
        OlderSchema previous = OlderSchema.at("8.7");
        String url = previous.url();
        String user = previous.user();
        String password = previous.password();
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO sites (name, time_zone, phone_admin_password) VALUES ('Zurich HQ', 'Europe/Zurich', 'pw1')");
            s.executeUpdate("INSERT INTO sites (name, time_zone, phone_admin_password) VALUES ('Bern', 'Europe/Zurich', 'pw2')");
            s.executeUpdate("INSERT INTO devices (mac, vendor, model, site_id, prov_password) "
                    + "VALUES ('001565aa0001', 'yealink', 'T46U', (SELECT id FROM sites WHERE name = 'Bern'), 'pp')");
            s.executeUpdate("INSERT INTO lines (device_id, position, extension, auth_user, password) "
                    + "VALUES ((SELECT id FROM devices WHERE mac = '001565aa0001'), 1, '200', '200', 'sip-secret')");
            // a device without a site (not provisioned yet) has lines too
            s.executeUpdate("INSERT INTO devices (mac, vendor, model, prov_password) VALUES ('001565aa0002', 'yealink', 'T46U', 'pp')");
            s.executeUpdate("INSERT INTO lines (device_id, position, extension, auth_user, password) "
                    + "VALUES ((SELECT id FROM devices WHERE mac = '001565aa0002'), 1, '201', 'u201', 'sip-secret-2')");
            s.executeUpdate("INSERT INTO api_tokens (name, role, token_hash, token_prefix, created_at) "
                    + "VALUES ('ops', 'technician', '" + "a".repeat(64) + "', 'phk_abcd', CURRENT_TIMESTAMP)");
        }

        try (Database db = Database.open(url, user, password, 2)) {
            Inventory inv = new Inventory(db.jdbc(), VendorRegistry.builtIn().models());
            List<Customer> customers = inv.customers().list();
            assertThat(customers).hasSize(1);
            Customer def = customers.get(0);
            assertThat(def.slug()).isEqualTo(Customer.DEFAULT_SLUG);
            assertThat(def.sipDomain()).isNull();
            assertThat(inv.sites().list()).extracting(Site::name, Site::customerId, Site::revision)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("Zurich HQ", def.id(), 1L),
                            org.assertj.core.groups.Tuple.tuple("Bern", def.id(), 1L));
            Line line = inv.lines().byExtension("200").orElseThrow();
            assertThat(line.authUser()).isEqualTo("200");
            assertThat(line.password()).isEqualTo("sip-secret");
            assertThat(inv.customers().ownerOfExtension("200")).contains(def.id());
            // V8_12: every line joins its site's customer, a line without a site the default one,
            // with its extension and credentials unchanged
            assertThat(line.customerId()).isEqualTo(def.id());
            Line siteless = inv.lines().byExtension(def.id(), "201").orElseThrow();
            assertThat(siteless.authUser()).isEqualTo("u201");
            assertThat(siteless.password()).isEqualTo("sip-secret-2");
            // and the database refuses a second 200 inside the default customer
            long device = siteless.deviceId();
            assertThatThrownBy(() -> inv.lines().insert(device, 2, "200", "", "", "other", "pw-pw-pw-pw", Transport.UDP, Srtp.OFF))
                    .isInstanceOf(ConflictException.class);
            assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM api_tokens WHERE customer_id IS NULL"))
                    .as("existing tokens keep seeing the whole installation").isEqualTo(1);
            // a site created afterwards without naming a customer lands in the default one
            assertThat(inv.createSite(SiteSpec.named("Basel", "Europe/Zurich")).customerId()).isEqualTo(def.id());
        } finally {
            if (TestStore.current() == TestStore.H2) {
                try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                }
            }
        }
    }
}
