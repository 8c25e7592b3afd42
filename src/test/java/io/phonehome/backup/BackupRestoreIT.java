package io.phonehome.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.Main;
import io.phonehome.config.Setting;
import io.phonehome.inventory.Line;
import io.phonehome.testing.Json;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.SipTestClient;
import io.phonehome.testing.TestServer;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A backup as an operator relies on it: made through the admin API while phones fetch their
 * configs and register, the data directory destroyed, {@code phonehome restore} into an empty one,
 * and a server started on it that hands every phone the same bytes as before. A backup that was
 * tampered with or cut short is refused and writes nothing.
 */
class BackupRestoreIT {
    private static final int PHONES = 12;

    private static String mac(int i) {
        return String.format("805ec0ee%04x", i);
    }

    private static String ua(int i) {
        String m = mac(i);
        String colons = String.join(":", m.substring(0, 2), m.substring(2, 4), m.substring(4, 6), m.substring(6, 8), m.substring(8, 10), m.substring(10));
        return "Yealink SIP-T46U 108.86.0.10 " + colons;
    }

    private static Map<Setting, String> settings(Path passphrase, Path copies) {
        Map<Setting, String> s = new EnumMap<>(Setting.class);
        s.put(Setting.BACKUP_PASSPHRASE_FILE, passphrase.toString());
        s.put(Setting.BACKUP_COPY_DIR, copies.toString());
        s.put(Setting.BACKUP_KEEP, "2");
        return s;
    }

    private static Map<String, String> configs(TestServer server) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < PHONES; i++) {
            HttpResponse<String> r = server.get(mac(i) + ".cfg", ua(i));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            out.put(mac(i), r.body());
        }
        return out;
    }

    @Test
    void aBackupMadeWhilePhonesFetchAndRegisterRestoresToAServerThatServesThemTheSameBytes() throws Exception {
        Path work = Files.createTempDirectory("backup-it");
        Path passphrase = work.resolve("passphrase");
        Files.writeString(passphrase, "correct horse battery staple\n");
        Path copies = work.resolve("remote-disk");
        // the same ports before and after: a phone's file names its server's SIP and HTTPS ports
        Map<Setting, String> fixed = new EnumMap<>(settings(passphrase, copies));
        fixed.put(Setting.SIP_PORT, Integer.toString(freePort()));
        fixed.put(Setting.SIP_TLS_PORT, Integer.toString(freePort()));
        fixed.put(Setting.HTTPS_PORT, Integer.toString(freePort()));
        Map<String, String> before;
        Path data;
        Path backupFile;
        TestServer server = TestServer.withSip(fixed);
        try {
            data = server.dataDir();
            server.createTrustingSite("Backed Up", "Europe/Zurich");
            StringBuilder csv = new StringBuilder("mac,model,site,line,extension,display_name\n");
            for (int i = 0; i < PHONES; i++) {
                csv.append(mac(i)).append(",T46U,Backed Up,1,").append(200 + i).append(",Desk ").append(i).append('\n');
            }
            server.importCsv(csv.toString());
            before = configs(server);

            // phones keep fetching and registering while the backup is made
            AtomicBoolean busy = new AtomicBoolean(true);
            AtomicInteger fetched = new AtomicInteger();
            AtomicInteger registered = new AtomicInteger();
            Thread phones = new Thread(() -> {
                int n = 0;
                try (SipTestClient sip = SipTestClient.udp(server.server().sipPort())) {
                    while (busy.get()) {
                        int i = n++ % PHONES;
                        if (server.get(mac(i) + ".cfg", ua(i)).statusCode() == 200) {
                            fetched.incrementAndGet();
                        }
                        Line line = server.firstLine(mac(i));
                        SipMessage ok = sip.registerWithDigest(line.extension(), line.authUser(), line.password(), "reg-" + n, 1,
                                sip.contact(line.extension()), 300, null, null);
                        if (ok != null && ok.status() == 200) {
                            registered.incrementAndGet();
                        }
                    }
                }
            });
            phones.start();
            Thread.sleep(300);
            HttpResponse<String> made = server.adminJson("POST", "/api/v1/backups", server.adminToken(), "{}");
            busy.set(false);
            phones.join(30_000);
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            assertThat(fetched.get()).isPositive();
            assertThat(registered.get()).isPositive();
            String name = Json.parse(made.body()).path("name").asText();
            assertThat(name).matches("phonehome-\\d{8}T\\d{6}Z\\.phbk");
            backupFile = data.resolve("backups").resolve(name);
            assertThat(backupFile).exists();
            assertThat(copies.resolve(name)).hasSameBinaryContentAs(backupFile);
            // encrypted: nothing of the configs or the CA's key is readable in it
            String raw = new String(Files.readAllBytes(backupFile), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(raw).doesNotContain("BEGIN", "account.1", "Desk 3");

            JsonNode list = Json.parse(server.adminGet("/api/v1/backups", server.adminToken()).body());
            assertThat(list.path("backups").get(0).path("name").asText()).isEqualTo(name);
            String viewer = Json.parse(server.adminJson("POST", "/api/v1/tokens", server.adminToken(),
                    "{\"name\":\"v\",\"role\":\"viewer\"}").body()).path("token").asText();
            assertThat(server.adminJson("POST", "/api/v1/backups", viewer, "{}").statusCode()).isEqualTo(403);
        } finally {
            server.stopKeepingData();
        }
        Path saved = work.resolve(backupFile.getFileName());
        Files.copy(backupFile, saved);
        deleteTree(data); // the lost disk

        String out = restore(saved.toString(), "--data-dir", data.toString(), "--passphrase-file", passphrase.toString());
        assertThat(out).contains("restored the backup", "into " + data.toAbsolutePath());
        try (TestServer restored = TestServer.reopenWithSip(data, fixed)) {
            assertThat(configs(restored)).isEqualTo(before);
            // the restored server is the same installation: its CA, and its admin token still opens the API
            assertThat(restored.adminGet("/api/v1/backups", restored.adminToken()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aTamperedCutOrWronglyKeyedBackupIsRefusedAndNothingIsWritten() throws Exception {
        Path work = Files.createTempDirectory("backup-it");
        Path passphrase = work.resolve("passphrase");
        Files.writeString(passphrase, "correct horse battery staple");
        Path backup;
        try (TestServer server = new TestServer(settings(passphrase, work.resolve("copies")))) {
            server.createTrustingSite("Site", "Europe/Zurich");
            server.importCsv("mac,model,site\n" + mac(1) + ",T46U,Site\n");
            HttpResponse<String> made = server.adminJson("POST", "/api/v1/backups", server.adminToken(), "{}");
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            backup = work.resolve("good.phbk");
            Files.copy(server.dataDir().resolve("backups").resolve(Json.parse(made.body()).path("name").asText()), backup);
        }
        long size = Files.size(backup);

        Path tampered = work.resolve("tampered.phbk");
        Files.copy(backup, tampered);
        try (RandomAccessFile f = new RandomAccessFile(tampered.toFile(), "rw")) {
            f.seek(size / 2);
            int b = f.read();
            f.seek(size / 2);
            f.write(b ^ 0x01);
        }
        Path cut = work.resolve("cut.phbk");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(backup), (int) (size - 100)));
        Path wrong = work.resolve("wrong-passphrase");
        Files.writeString(wrong, "not the right passphrase at all");

        Path target = work.resolve("restored");
        assertThat(restore(tampered.toString(), "--data-dir", target.toString(), "--passphrase-file", passphrase.toString()))
                .contains("restore refused", "damaged");
        assertThat(restore(cut.toString(), "--data-dir", target.toString(), "--passphrase-file", passphrase.toString()))
                .contains("restore refused", "cut short");
        assertThat(restore(backup.toString(), "--data-dir", target.toString(), "--passphrase-file", wrong.toString()))
                .contains("restore refused", "passphrase is wrong");
        assertThat(target).doesNotExist();
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".phonehome-restore"));
        }

        // and a data directory that is in use is never overwritten
        Files.createDirectories(target);
        Files.writeString(target.resolve("phonehome.mv.db"), "someone's database");
        assertThat(restore(backup.toString(), "--data-dir", target.toString(), "--passphrase-file", passphrase.toString()))
                .contains("not empty");
        assertThat(Files.readString(target.resolve("phonehome.mv.db"))).isEqualTo("someone's database");
    }

    @Test
    void withoutAPassphraseNoBackupIsMadeAndRotationKeepsTheNewest() throws Exception {
        try (TestServer server = new TestServer()) {
            HttpResponse<String> r = server.adminJson("POST", "/api/v1/backups", server.adminToken(), "{}");
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(r.body()).contains("backup_passphrase_file");
        }
        Path work = Files.createTempDirectory("backup-it");
        Path passphrase = work.resolve("passphrase");
        Files.writeString(passphrase, "correct horse battery staple");
        try (TestServer server = new TestServer(settings(passphrase, work.resolve("copies")))) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> made = server.adminJson("POST", "/api/v1/backups", server.adminToken(), "{}");
                assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
                names.add(Json.parse(made.body()).path("name").asText());
                Thread.sleep(1100); // the name carries the second
            }
            try (Stream<Path> kept = Files.list(server.dataDir().resolve("backups"));
                 Stream<Path> copied = Files.list(work.resolve("copies"))) {
                assertThat(kept.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(names.get(1), names.get(2));
                assertThat(copied.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(names.get(1), names.get(2));
            }
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** {@code phonehome restore ...} as an operator runs it, offline: what it printed, out and err together. */
    private static String restore(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "restore";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Main.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err), all);
        return "exit " + code + "\n" + out + err;
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
