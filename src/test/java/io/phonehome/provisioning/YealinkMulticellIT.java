package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.DeviceImport;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.ImportReport;
import io.phonehome.inventory.Mac;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.TestServer;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A W90 multi-cell system: the radio bases (W90B) are linked to their DECT manager (W90DM) in
 * the inventory ({@code dect_manager} column / API field), and the manager's own file
 * pre-registers them ({@code station.allowed.X.mac}), so nobody pairs them in its web UI.
 */
class YealinkMulticellIT {
    static final String MANAGER = "80:5e:c0:d9:c7:50";
    static final String MANAGER_UA = "Yealink W90DM 130.87.0.10 80:5e:c0:d9:c7:50";
    static final String BASE_1 = "80:5e:c0:d9:c7:51";
    static final String BASE_2 = "80:5e:c0:d9:c7:52";
    static TestServer server;
    static String sitePassword;
    static String token;

    @BeforeAll
    static void start() {
        server = new TestServer();
        sitePassword = server.createSite("Warehouse", "Europe/Zurich").digestPassword();
        token = server.adminToken();
        ImportReport r = server.importCsv("mac,model,serial,site,extension,display_name,handset,dect_manager\n"
                // a base before its manager's rows: links are checked against the whole file
                + BASE_1 + ",W90B,Hall North,Warehouse,,,," + MANAGER + "\n"
                + MANAGER + ",W90DM,SN-DM,Warehouse,,Picker 1,1,\n"
                + MANAGER + ",W90DM,SN-DM,Warehouse,,Picker 2,2,\n"
                + "805EC0D9C752,W90B,,Warehouse,,,,805ec0d9c750\n");
        assertThat(r.errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Map<String, String> managerFile() {
        HttpResponse<String> r = server.getWithDigest("805ec0d9c750.cfg", MANAGER_UA, "site-warehouse", sitePassword);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return KeyValueConfig.parse(r.body());
    }

    static Map<String, String> managerPreview() {
        HttpResponse<String> r = server.adminGet("/api/v1/devices/805ec0d9c750/files/805ec0d9c750.cfg", token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return KeyValueConfig.parse(r.body());
    }

    static ImportReport importCsv(String csv, DeviceImport.Mode mode) {
        try {
            return server.server().inventory().importer().run(new StringReader(csv), mode, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void managerFetchingItsFileWithItsUserAgentPreRegistersBothLinkedBases() {
        Map<String, String> cfg = managerFile();
        assertThat(cfg).containsEntry("station.allowed.1.mac", "805EC0D9C751")
                .containsEntry("station.allowed.1.name", "Hall North")
                .containsEntry("station.allowed.2.mac", "805EC0D9C752")
                .containsEntry("station.allowed.2.name", "W90B D9C752")
                .doesNotContainKey("station.allowed.3.mac")
                .containsEntry("account.1.display_name", "Picker 1");
    }

    @Test
    void theAdminApiShowsTheLinkOnBothSides() {
        HttpResponse<String> base = server.adminGet("/api/v1/devices/805ec0d9c751", token);
        assertThat(base.body()).contains("\"dect_manager\":\"" + MANAGER + "\"");
        HttpResponse<String> manager = server.adminGet("/api/v1/devices/805ec0d9c750", token);
        assertThat(manager.body()).contains("\"dect_bases\":[{\"mac\":\"" + BASE_1 + "\"").contains("\"mac\":\"" + BASE_2 + "\"");
    }

    @Test
    void theExportCarriesTheLinkAndImportsBackUnchanged() {
        HttpResponse<String> csv = server.adminGet("/api/v1/export?format=csv", token);
        assertThat(csv.statusCode()).isEqualTo(200);
        String baseRow = csv.body().lines().filter(l -> l.startsWith(BASE_1)).findFirst().orElseThrow();
        assertThat(baseRow).contains("," + MANAGER + ",");
        ImportReport again = importCsv(csv.body().substring(1), DeviceImport.Mode.UPDATE_EXISTING);
        assertThat(again.errors()).isEmpty();
        assertThat(managerPreview()).containsEntry("station.allowed.1.mac", "805EC0D9C751").containsEntry("station.allowed.2.mac", "805EC0D9C752");
    }

    @Test
    void aBaseLinkedToSomethingOtherThanAManagerIsAnErrorOnItsRowAndNothingIsWritten() {
        ImportReport r = importCsv("mac,model,site,extension,display_name,dect_manager\n"
                + "80:5e:c0:aa:10:01,T46U,Warehouse,,Desk,\n"
                + "80:5e:c0:aa:10:02,W90B,Warehouse,,,80:5e:c0:aa:10:01\n"
                + "80:5e:c0:aa:10:03,W90B,Warehouse,,,80:5e:c0:aa:10:03\n"
                + "80:5e:c0:aa:10:04,W90B,Warehouse,,,80:5e:c0:aa:10:99\n"
                + "80:5e:c0:aa:10:05,T46U,Warehouse,,Desk 2," + MANAGER + "\n"
                + "80:5e:c0:aa:10:06,W90B,Warehouse,,,not-a-mac\n", DeviceImport.Mode.CREATE_ONLY);
        assertThat(r.errors()).extracting(FieldError::row, FieldError::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, "dect_manager"), org.assertj.core.groups.Tuple.tuple(4, "dect_manager"),
                org.assertj.core.groups.Tuple.tuple(5, "dect_manager"), org.assertj.core.groups.Tuple.tuple(6, "dect_manager"),
                org.assertj.core.groups.Tuple.tuple(7, "dect_manager"));
        assertThat(r.errors().get(0).message()).contains("not a multi-cell DECT manager");
        assertThat(r.errors().get(1).message()).contains("its own");
        assertThat(r.errors().get(2).message()).contains("no device 80:5e:c0:aa:10:99");
        assertThat(r.errors().get(3).message()).contains("only a radio base");
        assertThat(server.server().inventory().devices().findByMac(Mac.parse("80:5e:c0:aa:10:02"))).isEmpty();
    }

    @Test
    void aManagerTakesAtMostThirtyBases() {
        StringBuilder csv = new StringBuilder("mac,model,site,handset,display_name,dect_manager\n");
        csv.append("80:5e:c0:bb:00:00,W90DM,Warehouse,1,Crane,\n");
        for (int i = 1; i <= 31; i++) {
            csv.append(String.format("80:5e:c0:bb:01:%02x,W90B,Warehouse,,,80:5e:c0:bb:00:00%n", i));
        }
        ImportReport r = importCsv(csv.toString(), DeviceImport.Mode.CREATE_ONLY);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.row()).isEqualTo(33);
            assertThat(e.message()).contains("at most 30 bases");
        });
    }

    @Test
    void relinkingABaseThroughTheApiShowsInTheManagersPreviewAtOnce() {
        String third = "80:5e:c0:d9:c7:53";
        HttpResponse<String> created = server.adminJson("POST", "/api/v1/devices", token,
                "{\"mac\":\"" + third + "\",\"model\":\"W90B\",\"site\":\"Warehouse\",\"dect_manager\":\"" + MANAGER + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(managerPreview()).containsEntry("station.allowed.3.mac", "805EC0D9C753");

        HttpResponse<String> unlinked = server.adminJson("PATCH", "/api/v1/devices/805ec0d9c753", token, "{\"dect_manager\":null}");
        assertThat(unlinked.statusCode()).as(unlinked.body()).isEqualTo(200);
        assertThat(managerPreview()).doesNotContainKey("station.allowed.3.mac");

        HttpResponse<String> wrong = server.adminJson("PATCH", "/api/v1/devices/805ec0d9c753", token, "{\"dect_manager\":\"" + third + "\"}");
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(wrong.body()).contains("dect_manager");

        assertThat(server.adminJson("PATCH", "/api/v1/devices/805ec0d9c753", token, "{\"dect_manager\":\"" + MANAGER + "\"}").statusCode())
                .isEqualTo(200);
        assertThat(managerPreview()).containsEntry("station.allowed.3.mac", "805EC0D9C753");
        assertThat(server.admin("DELETE", "/api/v1/devices/805ec0d9c753", token, null, null).statusCode()).isEqualTo(204);
        assertThat(managerPreview()).doesNotContainKey("station.allowed.3.mac");
    }

    @Test
    void aBaseGetsNoAccountsOnlyItsProvisioningTimeAndSecuritySettings() {
        HttpResponse<String> r = server.getWithDigest("805ec0d9c751.cfg", "Yealink W90B 130.87.0.10 80:5e:c0:d9:c7:51", "site-warehouse", sitePassword);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, String> cfg = KeyValueConfig.parse(r.body());
        assertThat(cfg).containsKey("static.auto_provision.server.url").containsKey("local_time.time_zone")
                .containsKey("static.security.user_password");
        assertThat(cfg.keySet()).noneMatch(k -> k.startsWith("account.") || k.startsWith("template.") || k.startsWith("station.")
                || k.startsWith("handset."));
    }

    static String cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
        all.addAll(java.util.List.of("--data-dir", server.dataDir().toString(), "--url", server.adminUrl()));
        int code = io.phonehome.Main.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err), all.toArray(new String[0]));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void devicesShowNamesABasesManagerAndAManagersBasesAndDevicesSetLinksABase() {
        assertThat(cli("devices", "show", BASE_1)).contains("DECT mgr.  " + MANAGER);
        assertThat(cli("devices", "show", MANAGER)).contains("DECT bases " + BASE_1 + ", " + BASE_2);
        String fourth = "80:5e:c0:d9:c7:54";
        assertThat(server.adminJson("POST", "/api/v1/devices", token, "{\"mac\":\"" + fourth + "\",\"model\":\"W90B\",\"site\":\"Warehouse\"}")
                .statusCode()).isEqualTo(201);
        cli("devices", "set", fourth, "--dect-manager", "805ec0d9c750");
        assertThat(managerPreview()).containsValue("805EC0D9C754");
        cli("devices", "set", fourth, "--dect-manager", "");
        assertThat(managerPreview()).doesNotContainValue("805EC0D9C754");
    }

    @Test
    void aManagerWithLinkedBasesCannotBecomeAnotherModel() {
        HttpResponse<String> r = server.adminJson("PATCH", "/api/v1/devices/805ec0d9c750", token, "{\"model\":\"W70B\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.body()).contains("radio base(s) linked to it");
        assertThat(managerFile()).containsEntry("station.allowed.1.mac", "805EC0D9C751");
    }

    @Test
    void aManagerAlreadyHoldingBasesTakesOnlyTheRestAndKeepsThemOnAnUpdate() {
        StringBuilder first = new StringBuilder("mac,model,site,handset,display_name,dect_manager\n");
        first.append("80:5e:c0:cc:00:00,W90DM,Warehouse,1,Dock,\n");
        for (int i = 1; i <= 29; i++) {
            first.append(String.format("80:5e:c0:cc:01:%02x,W90B,Warehouse,,,80:5e:c0:cc:00:00%n", i));
        }
        assertThat(importCsv(first.toString(), DeviceImport.Mode.CREATE_ONLY).errors()).isEmpty();
        ImportReport more = importCsv("mac,model,site,dect_manager\n"
                + "80:5e:c0:cc:02:01,W90B,Warehouse,80:5e:c0:cc:00:00\n"
                + "80:5e:c0:cc:02:02,W90B,Warehouse,80:5e:c0:cc:00:00\n", DeviceImport.Mode.CREATE_ONLY);
        assertThat(more.errors()).singleElement().satisfies(e -> {
            assertThat(e.row()).isEqualTo(3);
            assertThat(e.message()).contains("at most 30 bases; it already has 29");
        });
        // the same 29 bases written again (an update) are not counted twice
        assertThat(importCsv(first.toString(), DeviceImport.Mode.UPDATE_EXISTING).errors()).isEmpty();
    }
}
