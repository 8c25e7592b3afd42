package io.phonehome.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phonehome.inventory.DeviceImport;
import io.phonehome.testing.Json;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every column of a device import, given a value one character longer than it takes or one with a
 * line break, is refused the same way by the dry run, the real import and the JSON device API: a
 * report or a 422 problem naming the row and column, nothing written, never a 500.
 */
class ImportFieldRulesIT {
    static TestServer server;
    static String token;
    static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    /** A valid row for each kind of device; a case breaks one column of the row that has it. */
    static final Map<String, String> DESK = row("mac", "805ec0aa0101", "model", "T46U", "vendor", "yealink", "serial", "SN-1", "site", "Shop",
            "line", "1", "extension", "301", "display_name", "Anna", "label", "Front", "auth_user", "anna301", "password", "a-long-line-pass",
            "transport", "udp", "srtp", "off", "reported_model", "T46U", "reported_firmware", "108.86.0.20",
            "last_seen", "2026-11-01T10:00:00Z", "last_address", "192.0.2.9");
    static final Map<String, String> DECT = row("mac", "805e0c1d0001", "model", "W70B", "site", "Shop", "extension", "302",
            "display_name", "Lager", "handset", "1", "handset_name", "Mobilteil Lager");
    static final Map<String, String> REDIRECTED = row("mac", "805ec0aa0102", "model", "T46U", "redirect_url", "https://pbx.example.com/prov/",
            "redirect_username", "tenant7", "redirect_password", "a-redirect-secret");
    /** A radio base linked to the multi-cell DECT manager {@link #start} creates. */
    static final Map<String, String> DECT_BASE = row("mac", "805ec0d90001", "model", "W90B", "site", "Shop", "dect_manager", "805ec0d90000");
    /** That manager: the one device in the inventory before every case. */
    static final long DEVICES_BEFORE = 1;

    /** The longest value each column takes (the schema's size or the tighter rule phones impose). */
    static final Map<String, Integer> LONGEST = Map.ofEntries(Map.entry("mac", 32), Map.entry("model", 32), Map.entry("vendor", 32),
            Map.entry("serial", 64), Map.entry("site", 100), Map.entry("line", 4), Map.entry("extension", 32), Map.entry("display_name", 100),
            Map.entry("label", 100), Map.entry("handset", 4), Map.entry("handset_name", 100), Map.entry("auth_user", 64),
            Map.entry("password", 64), Map.entry("transport", 8), Map.entry("srtp", 16), Map.entry("redirect_url", 500),
            Map.entry("redirect_username", 64), Map.entry("redirect_password", 64), Map.entry("reported_model", 64),
            Map.entry("reported_firmware", 64), Map.entry("last_seen", 64), Map.entry("last_address", 64),
            Map.entry("dect_manager", 32));

    static Map<String, String> row(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @BeforeAll
    static void start() {
        server = new TestServer();
        token = server.adminToken();
        HttpResponse<String> site = server.adminJson("POST", "/api/v1/sites", token, """
                {"name": "Shop", "time_zone": "Europe/Zurich"}""");
        assertThat(site.statusCode()).as(site.body()).isEqualTo(201);
        HttpResponse<String> manager = server.adminJson("POST", "/api/v1/devices", token, """
                {"mac": "805ec0d90000", "model": "W90DM", "site": "Shop", "lines": [{"display_name": "Crane", "handset": 1}]}""");
        assertThat(manager.statusCode()).as(manager.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Map<String, String> template(String column) {
        return Stream.of(DESK, DECT, REDIRECTED, DECT_BASE).filter(t -> t.containsKey(column)).findFirst().orElseThrow();
    }

    /** Every import column, each too long and each with a line break or another control character. */
    static Stream<Arguments> brokenValues() {
        List<Arguments> out = new ArrayList<>();
        for (String column : DeviceImport.COLUMNS.stream().sorted().toList()) {
            String valid = template(column).get(column);
            int longest = LONGEST.get(column);
            String tooLong = (valid + "x".repeat(longest)).substring(0, longest + 1);
            out.add(Arguments.of(column, "too long", tooLong));
            out.add(Arguments.of(column, "line break", valid.substring(0, 1) + "\nkey=value" + valid.substring(1)));
            // inside the value: leading and trailing control characters are trimmed away like spaces
            out.add(Arguments.of(column, "control character", valid.substring(0, 1) + "\u0007" + (valid.length() > 1 ? valid.substring(1) : valid)));
        }
        return out.stream();
    }

    static String csv(Map<String, String> values) {
        StringBuilder sb = new StringBuilder(String.join(",", values.keySet())).append("\r\n");
        sb.append(String.join(",", values.values().stream().map(v -> "\"" + v.replace("\"", "\"\"") + "\"").toList())).append("\r\n");
        return sb.toString();
    }

    static HttpResponse<String> importCsv(String query, String csv) {
        return server.admin("POST", "/api/v1/devices/import" + query, token, "text/csv; charset=utf-8", csv.getBytes(StandardCharsets.UTF_8));
    }

    static long deviceCount() {
        return Json.parse(server.adminGet("/api/v1/devices?limit=1", token).body()).get("total").asLong();
    }

    /** (row, column, message) of each entry of a report's or a problem's error list. */
    static List<List<String>> errors(JsonNode list, String columnKey) {
        List<List<String>> out = new ArrayList<>();
        list.forEach(e -> out.add(List.of(e.path("row").asText(), e.get(columnKey).asText(), e.get("message").asText())));
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("brokenValues")
    void aBrokenColumnIsRefusedAlikeByDryRunAndImportWithItsRowAndColumn(String column, String what, String value) {
        Map<String, String> values = new LinkedHashMap<>(template(column));
        values.put(column, value);
        String file = csv(values);

        HttpResponse<String> dry = importCsv("?dry_run=true", file);
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        List<List<String>> dryErrors = errors(Json.parse(dry.body()).get("errors"), "column");
        assertThat(dryErrors).as(dry.body()).hasSize(1);
        assertThat(dryErrors.get(0).subList(0, 2)).containsExactly("2", column);

        HttpResponse<String> real = importCsv("", file);
        assertThat(real.statusCode()).as(real.body()).isEqualTo(422);
        assertThat(real.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Json.parse(real.body());
        assertThat(problem.get("applied").asBoolean()).isFalse();
        // the dry run promised exactly what the import then refuses
        assertThat(errors(problem.get("errors"), "field")).isEqualTo(dryErrors);
        assertThat(deviceCount()).isEqualTo(DEVICES_BEFORE);
        if (column.contains("password")) {
            assertThat(dry.body() + real.body()).doesNotContain(value.substring(0, Math.min(value.length(), 12)));
        }
    }

    /** The JSON device of a template row, with one field set to {@code value}; null when the API has no such field. */
    static String jsonDevice(String column, String value) {
        Map<String, String> v = new LinkedHashMap<>(template(column));
        v.put(column, value);
        ObjectNode d = MAPPER.createObjectNode();
        for (String f : List.of("mac", "model", "vendor", "serial", "site", "dect_manager")) {
            if (v.containsKey(f)) {
                d.put(f, v.get(f));
            }
        }
        if (v.containsKey("redirect_url")) {
            d.putObject("redirect").put("url", v.get("redirect_url")).put("username", v.get("redirect_username"))
                    .put("password", v.get("redirect_password"));
        } else {
            ObjectNode line = d.putArray("lines").addObject();
            for (String f : DeviceImport.LINE_COLUMNS) {
                if (v.containsKey(f) && !f.equals("handset") && !f.equals("line")) {
                    line.put(f, v.get(f));
                }
            }
            if (v.containsKey("handset")) {
                line.put("handset", Integer.parseInt(v.get("handset")));
            }
        }
        return d.toString();
    }

    static String jsonField(String column) {
        if (column.startsWith("redirect_")) {
            return "redirect." + column.substring("redirect_".length());
        }
        return DeviceImport.LINE_COLUMNS.contains(column) ? "lines[0]." + column : column;
    }

    static Stream<Arguments> brokenJsonValues() {
        // the handset number is a JSON integer, a JSON line's number is its place in the list, and
        // what an export adds is no field of the API
        return brokenValues().filter(a -> {
            String column = (String) a.get()[0];
            return !column.equals("handset") && !column.equals("line") && !DeviceImport.REPORTED_COLUMNS.contains(column);
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("brokenJsonValues")
    void aBrokenFieldIsRefusedByTheJsonDeviceApiWithItsFieldName(String column, String what, String value) {
        for (String query : List.of("?dry_run=true", "")) {
            HttpResponse<String> r = server.adminJson("POST", "/api/v1/devices" + query, token, jsonDevice(column, value));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode errors = Json.parse(r.body()).get("errors");
            assertThat(errors).as(r.body()).hasSize(1);
            assertThat(errors.get(0).get("field").asText()).isEqualTo(jsonField(column));
        }
        assertThat(deviceCount()).isEqualTo(DEVICES_BEFORE);
    }

    @Test
    void theTemplatesThemselvesAreValidSoEachCaseBreaksOnlyItsColumn() {
        for (Map<String, String> t : List.of(DESK, DECT, REDIRECTED, DECT_BASE)) {
            HttpResponse<String> dry = importCsv("?dry_run=true", csv(t));
            assertThat(Json.parse(dry.body()).get("errors")).as(dry.body()).isEmpty();
        }
        assertThat(LONGEST.keySet()).containsExactlyInAnyOrderElementsOf(DeviceImport.COLUMNS);
    }

    @Test
    void aHandsetRenamedThroughTheApiObeysTheSameRulesAndKeepsItsName() {
        String mac = "805e0c1d0009";
        Map<String, String> dect = new LinkedHashMap<>(DECT);
        dect.put("mac", mac);
        dect.put("extension", "309");
        try {
            assertThat(importCsv("", csv(dect)).statusCode()).isEqualTo(200);
            assertThat(server.adminGet("/api/v1/devices/" + mac + "/handsets", token).body()).contains("\"Mobilteil Lager\"");
            for (String name : List.of("x".repeat(106), "Lager\nhandset.2.name=evil", "Lag\u0000er")) {
                HttpResponse<String> r = server.adminJson("PATCH", "/api/v1/devices/" + mac + "/handsets/1", token,
                        MAPPER.createObjectNode().put("name", name).toString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
                assertThat(Json.parse(r.body()).at("/errors/0/field").asText()).isEqualTo("lines[0].handset_name");
            }
            JsonNode handsets = Json.parse(server.adminGet("/api/v1/devices/" + mac + "/handsets", token).body());
            assertThat(handsets.get(0).get("name").asText()).isEqualTo("Mobilteil Lager");
        } finally {
            server.admin("DELETE", "/api/v1/devices/" + mac, token, null, null);
        }
    }
}
