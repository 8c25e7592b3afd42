package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.inventory.Site;
import io.phonehome.testing.TestServer;
import io.phonehome.testing.XmlDoc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Fanvil phone applies a configuration only when its {@code <Version>} is higher than the one it
 * runs (Fanvil admin guides, Auto Provision: "Current Config Version ... If the version of
 * configuration downloaded is higher than this, the configuration will be upgraded"). So the
 * version a phone is served must rise with every change of its file, stay put while nothing
 * changes (a phone that re-fetches must not re-apply), survive a restart of the server, and never
 * fall below what the phone was given before, even when the device was deleted and imported again.
 * Real server, real HTTPS fetches with a Fanvil User-Agent, the answer parsed as XML.
 */
class FanvilConfigRevisionIT {
    static final String MAC = "0c383e44aa01";
    static final String UA = "Fanvil X4U 2.12.16.17 " + MAC;
    static final String DEVICE = MAC + ",X4U,Lugano,,Anna\n";

    @Test
    void theVersionRisesWithEveryChangeStaysWhileNothingChangesAndSurvivesARestartAndAReimport() {
        // One fixed HTTPS port for both runs: the file names the server's URL, so another port is another file.
        Map<Setting, String> settings = Map.of(Setting.HTTPS_PORT, String.valueOf(freePort()));
        TestServer server = new TestServer(settings);
        try {
            String token = server.adminToken();
            Site site = server.createTrustingSite("Lugano", "Europe/Zurich");
            assertThat(server.importCsv("mac,model,site,extension,display_name\n" + DEVICE).errors()).isEmpty();

            long initial = version(server);
            assertThat(version(server)).as("fetched again, nothing changed").isEqualTo(initial);

            patchSite(server, token, site, "{\"language\": \"fr\"}");
            long french = version(server);
            assertThat(french).as("a site setting changed").isGreaterThan(initial);

            // Back to the very content the phone had first: a version derived from the content alone
            // would go back to the first one, which the phone already runs above by now.
            patchSite(server, token, site, "{\"language\": \"de\"}");
            long backToGerman = version(server);
            assertThat(backToGerman).as("changed back to what it was").isGreaterThan(french);
            assertThat(version(server)).isEqualTo(backToGerman);

            String first = server.lines(MAC).get(0).extension();
            HttpResponse<String> added = server.adminJson("PUT", "/api/v1/devices/" + MAC + "/lines", token,
                    "{\"lines\": [{\"extension\": \"" + first + "\", \"display_name\": \"Anna\"}, {\"display_name\": \"Second line\"}]}");
            assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
            assertThat(server.lines(MAC)).hasSize(2);
            long twoLines = version(server);
            assertThat(twoLines).as("a line added").isGreaterThan(backToGerman);

            server.stopKeepingData();
            server = TestServer.reopen(server.dataDir(), settings);
            assertThat(version(server)).as("after a restart, nothing changed").isEqualTo(twoLines);

            token = server.adminToken();
            HttpResponse<String> deleted = server.admin("DELETE", "/api/v1/devices/" + MAC, token, null, null);
            assertThat(deleted.statusCode()).as(deleted.body()).isIn(200, 204);
            assertThat(server.importCsv("mac,model,site,extension,display_name\n" + DEVICE).errors()).isEmpty();
            long reimported = version(server);
            assertThat(reimported).as("deleted and imported again").isGreaterThan(twoLines);

            // The stored revisions themselves lost (a table emptied by hand): the next change,
            // in the same second, still gets a number above everything served before.
            server.server().inventory().jdbc().update(io.phonehome.store.Table.CONFIG_REVISIONS, "DELETE FROM config_revisions");
            patchSite(server, token, site, "{\"language\": \"it\"}");
            assertThat(version(server)).as("a change after the stored revisions were lost").isGreaterThan(reimported);
        } finally {
            server.close();
        }
    }

    @Test
    void aPreviewShowsTheVersionThePhoneGetsWithoutRaisingIt() {
        TestServer server = new TestServer();
        try {
            String token = server.adminToken();
            Site site = server.createTrustingSite("Chur", "Europe/Zurich");
            assertThat(server.importCsv("mac,model,site,extension,display_name\n" + MAC + ",X4U,Chur,,Anna\n").errors()).isEmpty();
            long served = version(server);
            for (int i = 0; i < 3; i++) {
                assertThat(previewVersion(server, token)).as("preview of an unchanged file").isEqualTo(served);
            }
            long stored = storedRevision(server);
            patchSite(server, token, site, "{\"language\": \"fr\"}");
            long previewed = previewVersion(server, token);
            assertThat(previewed).as("the preview of a change shows a higher version").isGreaterThan(served);
            assertThat(previewVersion(server, token)).isEqualTo(previewed);
            assertThat(storedRevision(server)).as("a preview stores nothing").isEqualTo(stored);
            long fetched = version(server);
            assertThat(fetched).as("the phone then gets a higher version too").isGreaterThan(served);
            assertThat(previewVersion(server, token)).as("and the preview shows what it got").isEqualTo(fetched);
        } finally {
            server.close();
        }
    }

    @Test
    void aDeviceDeletedAndImportedAgainGetsItsNewFileAboveTheOldVersionAtOnce() {
        TestServer server = new TestServer();
        try {
            String token = server.adminToken();
            server.createTrustingSite("Sion", "Europe/Zurich");
            String csv = "mac,model,site,extension,display_name\n" + DEVICE.replace("Lugano", "Sion");
            assertThat(server.importCsv(csv).errors()).isEmpty();
            HttpResponse<String> before = server.get(MAC + ".cfg", UA);
            long old = fraction(XmlDoc.parse(before.body()).text("/sysConf/Version"));
            HttpResponse<String> deleted = server.admin("DELETE", "/api/v1/devices/" + MAC, token, null, null);
            assertThat(deleted.statusCode()).as(deleted.body()).isIn(200, 204);
            assertThat(server.importCsv(csv).errors()).isEmpty();
            // The new device row counts its revisions from the start again, like the one it replaces:
            // its file must not be the one rendered for the old row.
            XmlDoc after = XmlDoc.parse(server.get(MAC + ".cfg", UA).body());
            assertThat(after.text("/sysConf/ap/DefaultPassword")).as("the new device's own password")
                    .isNotEqualTo(XmlDoc.parse(before.body()).text("/sysConf/ap/DefaultPassword"));
            assertThat(fraction(after.text("/sysConf/Version"))).isGreaterThan(old);
        } finally {
            server.close();
        }
    }

    /** The {@code <Version>} of the phone's file, as a number: {@code 2.} and ten digits. */
    static long version(TestServer server) {
        HttpResponse<String> r = server.get(MAC + ".cfg", UA);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return fraction(XmlDoc.parse(r.body()).text("/sysConf/Version"));
    }

    static long storedRevision(TestServer server) {
        return server.server().inventory().jdbc().queryLong("SELECT revision FROM config_revisions WHERE mac = ?", MAC);
    }

    static long previewVersion(TestServer server, String token) {
        HttpResponse<String> r = server.adminGet("/api/v1/devices/" + MAC + "/files/" + MAC + ".cfg", token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return fraction(XmlDoc.parse(r.body()).text("/sysConf/Version"));
    }

    static long fraction(String version) {
        assertThat(version).matches("2\\.[0-9]{10}");
        return Long.parseLong(version.substring(2));
    }

    static void patchSite(TestServer server, String token, Site site, String json) {
        HttpResponse<String> r = server.admin("PATCH", "/api/v1/sites/" + site.id(), token, "application/merge-patch+json",
                json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
