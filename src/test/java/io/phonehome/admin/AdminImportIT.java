package io.phonehome.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.testing.Json;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bulk import through the admin API as a technician does it: a German-locale spreadsheet export
 * (semicolons, BOM, umlauts), MACs in every usual spelling, desk phones and DECT bases; dry run,
 * then for real, then a phone of the file fetches its config.
 */
class AdminImportIT {
    TestServer server;
    String token;

    /** As LibreOffice/Excel export it in a German locale: ';', a BOM, quoted fields, CRLF. */
    static final String DELIVERY_NOTE = String.join("\r\n",
            "MAC;Modell;Seriennummer;Site;Extension;Display_Name;Handset;Handset_Name".replace("Modell", "Model").replace("Seriennummer", "Serial"),
            "80:5E:C0:AA:00:03;T46U;SN-0001;Filiale Zürich;;Jürg Müller;;",
            "80-5e-c0-aa-00-04;T46U;SN-0002;Filiale Zürich;;\"Empfang; Büro\";;",
            "805e.c0aa.0005;T54W;SN-0003;Filiale Zürich;250;Lager;;",
            "805ec0aa0006;T31G;SN-0004;Filiale Zürich;;Werkstatt;;",
            "805e0c1d654e;W70B;SN-W70B;Filiale Zürich;260;Verkauf;1;Mobilteil Verkauf",
            "805e0c1d654e;W70B;SN-W70B;Filiale Zürich;;Lager;2;Mobilteil Lager",
            "805e0c1d654e;W70B;SN-W70B;Filiale Zürich;260;Verkauf;3;Mobilteil Chef",
            "80:5e:c0:d9:c7:44;W90DM;SN-W90;Filiale Zürich;;Halle 1;1;",
            "80:5e:c0:d9:c7:44;W90DM;SN-W90;Filiale Zürich;;Halle 2;2;",
            "") ;

    static byte[] withBom(String csv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        out.writeBytes(csv.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @BeforeEach
    void start() {
        server = new TestServer();
        token = server.adminToken();
        HttpResponse<String> site = server.adminJson("POST", "/api/v1/sites", token, """
                {"name": "Filiale Zürich", "time_zone": "Europe/Zurich", "language": "de",
                 "digest_user": "filiale-zh", "digest_password": "a-long-site-secret-42"}""");
        assertThat(site.statusCode()).as(site.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> importCsv(String query, byte[] body) {
        return server.admin("POST", "/api/v1/devices/import" + query, token, "text/csv; charset=utf-8", body);
    }

    long deviceCount() {
        return Json.parse(server.adminGet("/api/v1/devices?limit=1", token).body()).get("total").asLong();
    }

    @Test
    void aDryRunReportsWithoutWritingThenTheRealImportWritesAndAPhoneGetsItsConfig() {
        HttpResponse<String> dry = importCsv("?dry_run=true", withBom(DELIVERY_NOTE));
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        JsonNode report = Json.parse(dry.body());
        assertThat(report.get("dry_run").asBoolean()).isTrue();
        assertThat(report.get("applied").asBoolean()).isFalse();
        assertThat(report.get("errors")).isEmpty();
        assertThat(report.get("rows").asInt()).isEqualTo(9);
        assertThat(report.get("devices_created").asInt()).isEqualTo(6);
        assertThat(report.get("handsets").asInt()).isEqualTo(5);
        assertThat(deviceCount()).isZero();

        HttpResponse<String> real = importCsv("", withBom(DELIVERY_NOTE));
        assertThat(real.statusCode()).as(real.body()).isEqualTo(200);
        assertThat(Json.parse(real.body()).get("applied").asBoolean()).isTrue();
        assertThat(deviceCount()).isEqualTo(6);

        // MACs stored normalised whatever the spelling; extensions from 200, skipping the explicit 250.
        JsonNode t46 = Json.parse(server.adminGet("/api/v1/devices/805ec0aa0004", token).body());
        assertThat(t46.get("mac").asText()).isEqualTo("80:5e:c0:aa:00:04");
        assertThat(t46.at("/lines/0/display_name").asText()).isEqualTo("Empfang; Büro");
        assertThat(t46.at("/site/name").asText()).isEqualTo("Filiale Zürich");
        List<String> extensions = new ArrayList<>();
        Json.parse(server.adminGet("/api/v1/devices?limit=100", token).body()).get("items")
                .forEach(d -> d.get("lines").forEach(l -> extensions.add(l.get("extension").asText())));
        assertThat(extensions).contains("200", "201", "250", "260").doesNotHaveDuplicates().allMatch(e -> Integer.parseInt(e) >= 200);
        JsonNode w70 = Json.parse(server.adminGet("/api/v1/devices/80:5e:0c:1d:65:4e/handsets", token).body());
        assertThat(w70).hasSize(3);
        assertThat(w70.get(2).get("name").asText()).isEqualTo("Mobilteil Chef");
        // handsets 1 and 3 share the line of extension 260 (same extension in the file), handset 2 has its own
        assertThat(w70.get(2).get("lines").get(0).asInt()).isEqualTo(w70.get(0).get("lines").get(0).asInt());
        assertThat(w70.get(1).get("lines").get(0).asInt()).isNotEqualTo(w70.get(0).get("lines").get(0).asInt());

        HttpResponse<String> phone = server.getWithDigest("805ec0aa0003.cfg", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:03",
                "filiale-zh", "a-long-site-secret-42");
        assertThat(phone.statusCode()).isEqualTo(200);
        Map<String, String> cfg = KeyValueConfig.parse(phone.body());
        assertThat(cfg).containsEntry("account.1.display_name", "Jürg Müller").containsEntry("account.1.enable", "1")
                .containsEntry("lang.gui", "German");
    }

    @Test
    void oneBadRowChangesNothingAndTheReportNamesRowAndColumn() {
        String bad = DELIVERY_NOTE + "80:5e:c0:aa:00:09;T99X;SN-9;Filiale Zürich;;Keller;;\r\n"
                + "80:5e:c0:aa:00:10;T46U;SN-10;Filiale Zürich;150;Keller;;\r\n";
        HttpResponse<String> r = importCsv("", withBom(bad));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode p = Json.parse(r.body());
        assertThat(p.get("type").asText()).isEqualTo("urn:phonehome:problem:import-refused");
        assertThat(p.get("detail").asText()).contains("nothing was written");
        assertThat(p.get("applied").asBoolean()).isFalse();
        assertThat(p.get("errors")).hasSize(2);
        assertThat(p.get("errors").get(0).get("row").asInt()).isEqualTo(11);
        assertThat(p.get("errors").get(0).get("field").asText()).isEqualTo("model");
        assertThat(p.get("errors").get(0).get("message").asText()).contains("'T99X' is not a supported model");
        assertThat(p.get("errors").get(1).get("row").asInt()).isEqualTo(12);
        assertThat(p.get("errors").get(1).get("message").asText()).contains("below 200");
        assertThat(deviceCount()).isZero();
        server.flushRecords();
        assertThat(Json.parse(server.adminGet("/api/v1/events?type=import", token).body()).at("/items/0/outcome").asText()).isEqualTo("refused");
    }

    @Test
    void installersSpellingsResolveToTheCatalogModelAndATypoGetsTheClosestModels() {
        String note = String.join("\r\n", "mac,model,site,display_name",
                "80:5e:c0:aa:01:01,SIP-T46U,Filiale Zürich,Empfang",
                "00:04:13:aa:01:02,snomD785,Filiale Zürich,Lager",
                "80:5e:c0:aa:01:03,t46u,Filiale Zürich,Büro",
                "80:5e:c0:aa:01:04,T46X,Filiale Zürich,Keller", "");
        HttpResponse<String> dry = importCsv("?dry_run=true", note.getBytes(StandardCharsets.UTF_8));
        JsonNode report = Json.parse(dry.body());
        assertThat(report.get("errors")).as(dry.body()).hasSize(1);
        JsonNode typo = report.get("errors").get(0);
        assertThat(typo.get("row").asInt()).isEqualTo(5);
        assertThat(typo.get("column").asText()).isEqualTo("model");
        assertThat(typo.get("message").asText()).startsWith("'T46X' is not a supported model; did you mean ")
                .contains("T46U").contains("T46S").contains("T46G");
        assertThat(deviceCount()).isZero();

        HttpResponse<String> real = importCsv("", note.replace("T46X", "Yealink T46S").getBytes(StandardCharsets.UTF_8));
        assertThat(real.statusCode()).as(real.body()).isEqualTo(200);
        assertThat(Json.parse(server.adminGet("/api/v1/devices/805ec0aa0101", token).body()).get("model").asText()).isEqualTo("T46U");
        assertThat(Json.parse(server.adminGet("/api/v1/devices/000413aa0102", token).body()).get("model").asText()).isEqualTo("D785");
        assertThat(Json.parse(server.adminGet("/api/v1/devices/000413aa0102", token).body()).get("vendor").asText()).isEqualTo("snom");
        assertThat(Json.parse(server.adminGet("/api/v1/devices/805ec0aa0103", token).body()).get("model").asText()).isEqualTo("T46U");
        assertThat(Json.parse(server.adminGet("/api/v1/devices/805ec0aa0104", token).body()).get("model").asText()).isEqualTo("T46S");

        // The JSON device route shares the rule: a typo is a 422 naming the closest models.
        HttpResponse<String> json = server.adminJson("POST", "/api/v1/devices", token, "{\"mac\": \"805ec0aa0105\", \"model\": \"T46X\"}");
        assertThat(json.statusCode()).isEqualTo(422);
        assertThat(json.body()).contains("did you mean").contains("T46U").contains("T46S").contains("T46G");
    }

    @Test
    void duplicatesInTheFileAndAgainstTheInventoryAreReportedAndUpdateModeChangesExistingDevices() {
        assertThat(importCsv("", withBom(DELIVERY_NOTE)).statusCode()).isEqualTo(200);
        HttpResponse<String> again = importCsv("?dry_run=true", withBom(DELIVERY_NOTE));
        JsonNode report = Json.parse(again.body());
        assertThat(report.get("errors").toString()).contains("already in the inventory (import in update mode");

        String dup = "mac,model,extension\n805ec0bb0001,T46U,300\n805ec0bb0002,T46U,300\n805ec0bb0003,T46U,201\n";
        JsonNode d = Json.parse(importCsv("?dry_run=true", dup.getBytes(StandardCharsets.UTF_8)).body());
        assertThat(d.get("errors").toString()).contains("extension 300 is also given to 80:5e:c0:bb:00:01").contains("already used by");

        String update = "mac;model;site;display_name\n80:5e:c0:aa:00:03;T46U;Filiale Zürich;Jürg Müller-Meier\n";
        HttpResponse<String> u = importCsv("?mode=update", update.getBytes(StandardCharsets.UTF_8));
        assertThat(u.statusCode()).as(u.body()).isEqualTo(200);
        assertThat(Json.parse(u.body()).get("devices_updated").asInt()).isEqualTo(1);
        JsonNode dev = Json.parse(server.adminGet("/api/v1/devices/805ec0aa0003", token).body());
        assertThat(dev.at("/lines/0/display_name").asText()).isEqualTo("Jürg Müller-Meier");
        assertThat(dev.at("/lines/0/extension").asText()).as("the line keeps its extension").isEqualTo("200");
    }

    @Test
    void malformedCsvNonUtf8AndWrongMediaTypeAreClearProblems() {
        HttpResponse<String> unterminated = importCsv("", "mac,model,display_name\n805ec0aa0003,T46U,\"Anna\n".getBytes(StandardCharsets.UTF_8));
        assertThat(unterminated.statusCode()).isEqualTo(422);
        assertThat(unterminated.body()).contains("not valid CSV");

        byte[] latin1 = "mac;model;display_name\n805ec0aa0003;T46U;J\u00fcrg\n".getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> notUtf8 = importCsv("", latin1);
        assertThat(notUtf8.statusCode()).isEqualTo(400);
        assertThat(Json.parse(notUtf8.body()).get("detail").asText()).contains("not UTF-8").contains("CSV UTF-8");

        HttpResponse<String> json = server.adminJson("POST", "/api/v1/devices/import", token, "{}");
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(Json.parse(json.body()).get("detail").asText()).contains("text/csv");

        HttpResponse<String> header = importCsv("", "mac,modell\n805ec0aa0003,T46U\n".getBytes(StandardCharsets.UTF_8));
        assertThat(header.statusCode()).isEqualTo(422);
        assertThat(header.body()).contains("unknown column").contains("required column is missing");

        HttpResponse<String> mode = importCsv("?mode=merge", "mac,model\n".getBytes(StandardCharsets.UTF_8));
        assertThat(mode.statusCode()).isEqualTo(400);
        assertThat(deviceCount()).isZero();
    }
}
