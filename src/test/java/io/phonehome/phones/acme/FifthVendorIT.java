package io.phonehome.phones.acme;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.actions.NotifyKind;
import io.phonehome.actions.NotifyResult;
import io.phonehome.config.Setting;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.testing.FakeFirmware;
import io.phonehome.testing.Json;
import io.phonehome.testing.Sipp;
import io.phonehome.testing.TestServer;
import io.phonehome.phones.PhonePlugin;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fifth vendor added without a line of main code outside its own package: {@link AcmePlugin},
 * its models and templates live in the test sources and are registered by a service file there,
 * exactly as the real four are by theirs. A real server then serves its phone's files, previews
 * them, sends its NOTIFY events to a SIPp phone, and names and serves its firmware image by its
 * rules.
 */
class FifthVendorIT {
    static final String MAC = "02acde000001";
    static final String UA = "AcmeDesk/AD100 3.1.4 " + MAC;
    static final String DEVICE_FILE = "acme-" + MAC + ".xml";

    @TempDir
    static Path work;
    static TestServer server;
    static String token;

    @BeforeAll
    static void start() {
        Sipp.requireInstalled();
        server = TestServer.withSip(Map.of(Setting.SIP_NOTIFY_TIMEOUT_SECONDS, "2"));
        server.createTrustingSite("Acme HQ", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                02:ac:de:00:00:01,AD100,A1,Acme HQ,601,Wile E.,
                """).errors()).isEmpty();
        token = server.adminToken();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void isRegisteredThroughTheSameServiceFileAsTheRealFour() {
        List<PhonePlugin> plugins = server.server().configFiles().vendors().plugins();
        assertThat(plugins).extracting(PhonePlugin::id).containsExactlyInAnyOrder("yealink", "snom", "grandstream", "fanvil", "acme");
        // the real four keep the order of their service file, which breaks ties between equal scores
        assertThat(plugins).extracting(PhonePlugin::id).filteredOn(id -> !id.equals(AcmePlugin.ID))
                .containsExactly("yealink", "snom", "grandstream", "fanvil");
        assertThat(plugins).filteredOn(p -> p.id().equals(AcmePlugin.ID)).singleElement().isInstanceOf(AcmePlugin.class);
        assertThat(server.server().inventory().models().find("acme", "AD100")).isPresent();
    }

    @Test
    void itsPhoneGetsItsPerMacFileAndThePreviewIsTheSameBytes() {
        HttpResponse<String> fetched = server.get(DEVICE_FILE, UA);
        assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(200);
        assertThat(fetched.headers().firstValue("Content-Type")).contains("application/xml; charset=utf-8");
        Line line = server.lines(MAC).get(0);
        assertThat(fetched.body()).contains("<acme-config device=\"02:ac:de:00:00:01\" model=\"AD100\">")
                .contains("<user>" + line.authUser() + "</user>").contains("transport=\"U\"");

        HttpResponse<String> preview = server.adminGet("/api/v1/devices/" + MAC + "/files/" + DEVICE_FILE, token);
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        assertThat(preview.body()).isEqualTo(fetched.body());
        JsonNode files = Json.parse(server.adminGet("/api/v1/devices/" + MAC + "/files", token).body());
        assertThat(files).extracting(f -> f.get("name").asText()).containsExactly(DEVICE_FILE);

        HttpResponse<String> common = server.get("acme-common.xml", UA);
        assertThat(common.statusCode()).as(common.body()).isEqualTo(200);
        assertThat(common.body()).contains("<acme-common vendor=\"acme\">");
    }

    @Test
    void theSipCoreSendsItsOwnNotifyEventsToTheRegisteredPhone() {
        int port = register();
        for (NotifyKind kind : List.of(NotifyKind.RESYNC, NotifyKind.REBOOT)) {
            String event = kind == NotifyKind.RESYNC ? "acme-resync" : "acme-reboot";
            Path scenario = Sipp.fromTemplate(work, "uas-notify.xml", Map.of("EVENT", event, "CODE", "200"));
            Sipp.Run phone = Sipp.start(work, scenario.toString(), null, port, "u1", null, 1, 15, Map.of());
            phone.awaitBound(port);
            NotifyResult r = server.server().deviceNotifier().notify(Mac.parse(MAC), kind);
            assertThat(r.outcome()).as(r.detail()).isEqualTo(NotifyResult.Outcome.ACCEPTED);
            assertThat(r.detail()).contains("Event: " + event);
            assertThat(phone.await(20)).as(phone.output()).isZero();
        }
    }

    @Test
    void itsFirmwareImageIsNamedByItsRulesAndServed() throws Exception {
        byte[] image = FakeFirmware.bytes("acme AD100 3.2.0", 64_000);
        String sha = FakeFirmware.sha256(image);
        HttpResponse<String> noVersion = upload("vendor=acme&name=acme-ad100-3.2.0.img&sha256=" + sha, image);
        assertThat(noVersion.statusCode()).isEqualTo(422);
        assertThat(Json.parse(noVersion.body()).get("detail").asText()).contains("acme image needs its version")
                .contains("acme/<version>/acme-<model>-<version>.img");

        HttpResponse<String> ok = upload("vendor=acme&name=acme-ad100-3.2.0.img&version=3.2.0&sha256=" + sha, image);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        JsonNode img = Json.parse(ok.body());
        assertThat(img.get("models")).extracting(JsonNode::asText).containsExactly("AD100");
        assertThat(img.get("version").asText()).isEqualTo("3.2.0");
        assertThat(Files.isRegularFile(server.dataDir().resolve("firmware/acme/3.2.0/acme-ad100-3.2.0.img"))).isTrue();

        HttpResponse<String> target = server.adminJson("PUT", "/api/v1/firmware/targets/models/acme/AD100", token, "{\"version\":\"3.2.0\"}");
        assertThat(target.statusCode()).as(target.body()).isEqualTo(200);
        String config = server.get(DEVICE_FILE, UA).body();
        Matcher url = Pattern.compile("<firmware version=\"3\\.2\\.0\" url=\"" + Pattern.quote(server.baseUrl()) + "([^\"]+)\"/>").matcher(config);
        assertThat(url.find()).as(config).isTrue();
        assertThat(url.group(1)).startsWith("firmware/acme/3.2.0/").endsWith("/AD100_3.2.0.img");

        HttpResponse<byte[]> download = server.getBytes(url.group(1), UA);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(image);
    }

    @Test
    void theApiDocumentAndTheCliHelpOfferItWithTheRealFour() {
        List<String> ids = server.server().configFiles().vendors().vendorIds();
        JsonNode doc = Json.parse(server.adminGet("/api/v1/openapi.json", null).body());
        List<JsonNode> vendorParameters = doc.at("/components/parameters").findParents("name").stream()
                .filter(p -> p.path("name").asText().equals("vendor")).toList();
        assertThat(vendorParameters).hasSize(3).allSatisfy(p -> {
            assertThat(p.at("/schema/enum")).extracting(JsonNode::asText).containsExactlyElementsOf(ids);
            assertThat(p.at("/schema/x-phonehome-enum").isMissingNode()).isTrue();
        });
        for (String[] command : List.of(new String[] {"devices", "list", "--help"}, new String[] {"firmware", "upload", "--help"})) {
            assertThat(help(command)).as(String.join(" ", command)).contains("--vendor=<vendor>")
                    .contains("One of: " + String.join(", ", ids));
        }
    }

    private static String help(String... args) {
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            io.phonehome.Main.run(args);
        } finally {
            System.setOut(old);
        }
        return buf.toString(java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    }

    static HttpResponse<String> upload(String query, byte[] body) {
        return server.admin("POST", "/api/v1/firmware/images?" + query, token, "application/octet-stream", body);
    }

    /** Registers a SIPp phone for the device's line from a fresh port; returns the port. */
    static int register() {
        Line line = server.lines(MAC).get(0);
        int port = Sipp.freeUdpPort();
        Path inf = Sipp.injection(work, List.of(Sipp.credentials(line.extension(), line.authUser(), line.password())));
        Sipp.Run reg = Sipp.start(work, "register-auth.xml", "127.0.0.1:" + server.server().sipPort(), port, "u1", inf, 1, 15,
                Map.of("domain", "127.0.0.1", "expires", "300"));
        assertThat(reg.await(25)).as(reg.output()).isZero();
        return port;
    }
}
