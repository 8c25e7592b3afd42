package io.phonehome.voicemail;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.store.Database;
import io.phonehome.testing.OlderSchema;
import io.phonehome.testing.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An installation from before mailboxes per customer (schema 8.13) with voice messages, mailbox
 * PINs, hot-desk PINs and seats is upgraded by V8_14 and V8_15: the default customer's boxes keep
 * their rows and their files where they were; a box whose extension was another customer's only
 * line goes to that customer, and its files follow it at the next start; on H2 and PostgreSQL.
 */
class MailboxesUpgradeTest {
    @TempDir
    Path dataDir;

    @Test
    void boxesMessagesAndHotDeskPinsOfAnExistingInstallationComeOutUnderTheirCustomerWithTheirFiles() throws Exception {
        // what the previous build left: its schema, its rows and the files under <data_dir>/voicemail
        OlderSchema previous = OlderSchema.at("8.13");
        String url = previous.url();
        String user = previous.user();
        String password = previous.password();
        String pinHash = io.phonehome.auth.PinHash.hash("4711");
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO customers (name, slug) VALUES ('Acme AG', 'acme')");
            s.executeUpdate("INSERT INTO sites (name, time_zone, phone_admin_password) VALUES ('Bern', 'Europe/Zurich', 'pw1')");
            s.executeUpdate("INSERT INTO sites (name, time_zone, phone_admin_password, customer_id) "
                    + "VALUES ('Acme Basel', 'Europe/Zurich', 'pw2', (SELECT id FROM customers WHERE slug = 'acme'))");
            s.executeUpdate("INSERT INTO devices (mac, vendor, model, site_id, prov_password) "
                    + "VALUES ('001565aa0001', 'yealink', 'T46U', (SELECT id FROM sites WHERE name = 'Bern'), 'pp')");
            s.executeUpdate("INSERT INTO devices (mac, vendor, model, site_id, prov_password) "
                    + "VALUES ('001565aa0002', 'yealink', 'T46U', (SELECT id FROM sites WHERE name = 'Acme Basel'), 'pp')");
            s.executeUpdate("INSERT INTO lines (device_id, position, extension, auth_user, password, customer_id) "
                    + "VALUES ((SELECT id FROM devices WHERE mac = '001565aa0001'), 1, '200', '200', 'sip-secret', 1)");
            s.executeUpdate("INSERT INTO lines (device_id, position, extension, auth_user, password, customer_id) "
                    + "VALUES ((SELECT id FROM devices WHERE mac = '001565aa0002'), 1, '300', '300', 'sip-secret-3', "
                    + "(SELECT id FROM customers WHERE slug = 'acme'))");
            s.executeUpdate("INSERT INTO voicemail_messages (extension, caller, started_at, duration_ms, state, file_name) "
                    + "VALUES ('200', '201', CURRENT_TIMESTAMP, 1500, 'saved', 'm200.wav')");
            s.executeUpdate("INSERT INTO voicemail_messages (extension, caller, started_at, duration_ms, state, file_name) "
                    + "VALUES ('300', '301', CURRENT_TIMESTAMP, 2500, 'new', 'm300.wav')");
            s.executeUpdate("INSERT INTO voicemail_boxes (extension, pin_hash, pin_set_at, own_phone_no_pin, on_busy, no_answer_seconds) "
                    + "VALUES ('200', '" + pinHash + "', CURRENT_TIMESTAMP, TRUE, TRUE, 25)");
            s.executeUpdate("INSERT INTO voicemail_boxes (extension, own_phone_no_pin) VALUES ('300', FALSE)");
            s.executeUpdate("INSERT INTO hotdesk_pins (extension, pin_hash, set_at) VALUES ('200', '" + pinHash + "', CURRENT_TIMESTAMP)");
            s.executeUpdate("INSERT INTO hotdesk_desks (device_id) VALUES ((SELECT id FROM devices WHERE mac = '001565aa0002'))");
            s.executeUpdate("INSERT INTO hotdesk_logins (device_id, extension, since) "
                    + "VALUES ((SELECT id FROM devices WHERE mac = '001565aa0002'), '300', CURRENT_TIMESTAMP)");
        }
        Path root = dataDir.resolve("voicemail");
        Files.createDirectories(root.resolve("200"));
        Files.createDirectories(root.resolve("300"));
        Files.write(root.resolve("200").resolve("m200.wav"), new byte[] {1});
        Files.write(root.resolve("200").resolve("greeting.wav"), new byte[] {2});
        Files.write(root.resolve("300").resolve("m300.wav"), new byte[] {3});

        try (Database db = Database.open(url, user, password, 2)) {
            long def = db.jdbc().queryLong("SELECT id FROM customers WHERE slug = 'default'");
            long acme = db.jdbc().queryLong("SELECT id FROM customers WHERE slug = 'acme'");
            Mailboxes boxes = new Mailboxes(new VoicemailRepository(db.jdbc()), root, 100, (extension, fresh, old) -> { });
            MailboxId box200 = new MailboxId(def, "200");
            MailboxId box300 = new MailboxId(acme, "300");
            assertThat(boxes.defaultBox("200")).isEqualTo(box200);

            // the default customer's box: the same messages, PIN, options and files, in the same place
            List<VoiceMessage> messages200 = boxes.list(box200);
            assertThat(messages200).extracting(VoiceMessage::caller, VoiceMessage::state, VoiceMessage::durationMillis)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("201", "saved", 1500L));
            assertThat(boxes.pinMatches(box200, "4711")).isTrue();
            assertThat(boxes.options(box200)).isEqualTo(new Mailboxes.Options(true, true, true, 25));
            assertThat(boxes.audio(messages200.get(0))).isEqualTo(root.resolve("200").resolve("m200.wav")).exists();
            assertThat(boxes.greeting(box200)).isEqualTo(root.resolve("200").resolve("greeting.wav")).exists();

            // Acme's 300 (its only line with the extension) is Acme's box; its files follow it at start
            assertThat(boxes.list(new MailboxId(def, "300"))).isEmpty();
            assertThat(boxes.counts(box300)).isEqualTo(new Mailboxes.Counts(1, 0));
            assertThat(boxes.adoptFoldersOfOtherCustomers()).isEqualTo(1);
            Path moved = root.resolve("@" + acme).resolve("300").resolve("m300.wav");
            assertThat(boxes.audio(boxes.list(box300).get(0))).isEqualTo(moved).exists();
            assertThat(root.resolve("300")).doesNotExist();
            assertThat(root.resolve("200").resolve("m200.wav")).as("the default customer's files stay put").exists();
            assertThat(boxes.adoptFoldersOfOtherCustomers()).as("a second start moves nothing").isZero();

            // nothing is an orphan: every box is its customer's line's
            assertThat(boxes.dropOrphans()).isZero();
            assertThat(boxes.list(box200)).hasSize(1);
            assertThat(boxes.list(box300)).hasSize(1);

            // hot desking (V8_15): the PIN and the seat belong to their line's customer
            assertThat(db.jdbc().queryLong("SELECT customer_id FROM hotdesk_pins WHERE extension = '200'")).isEqualTo(def);
            assertThat(db.jdbc().queryOne("SELECT pin_hash FROM hotdesk_pins WHERE extension = '200'", rs -> rs.getString(1)))
                    .contains(pinHash);
            assertThat(db.jdbc().queryLong("SELECT customer_id FROM hotdesk_logins WHERE extension = '300'")).isEqualTo(acme);
        } finally {
            if (TestStore.current() == TestStore.H2) {
                try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                }
            }
        }
    }
}
