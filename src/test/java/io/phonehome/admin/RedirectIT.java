package io.phonehome.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.pki.TlsContexts;
import io.phonehome.testing.Json;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The RPS role: a MAC assigned to another provisioning server gets that vendor's redirect file and nothing else. */
class RedirectIT {
    static TestServer server;
    static String token;
    static final String UA_OPEN = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:cc:00:01";
    static final String UA_CREDS = "Yealink SIP-T54W 96.86.0.30 80:5e:c0:cc:00:02";

    @BeforeAll
    static void start() {
        server = new TestServer();
        token = server.adminToken();
        server.createSite("Zurich HQ", "Europe/Zurich");
        String csv = "mac,model,site,redirect_url,redirect_username,redirect_password\n"
                + "80:5e:c0:cc:00:01,T46U,,https://pbx-a.example.com/prov/,,\n"
                + "805ec0cc0002,T54W,,https://pbx-b.example.com:8443/p/,tenant-7,s3cret-for-pbx-b\n"
                + "805ec0cc0003,T46U,Zurich HQ,,,\n";
        HttpResponse<String> r = server.admin("POST", "/api/v1/devices/import", token, "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRedirectedPhoneGetsOnlyTheRedirectConfigOfItsVendor() {
        HttpResponse<String> boot = server.get("805ec0cc0001.boot", UA_OPEN);
        assertThat(boot.statusCode()).isEqualTo(200);
        assertThat(boot.body()).contains("include:config \"805ec0cc0001.cfg\"").doesNotContain("y000000000");

        HttpResponse<String> cfg = server.get("805ec0cc0001.cfg", UA_OPEN);
        assertThat(cfg.statusCode()).isEqualTo(200);
        Map<String, String> keys = KeyValueConfig.parse(cfg.body());
        assertThat(keys).containsOnlyKeys("static.auto_provision.server.url", "static.auto_provision.server.username",
                "static.auto_provision.server.password", "static.auto_provision.power_on");
        assertThat(keys).containsEntry("static.auto_provision.server.url", "https://pbx-a.example.com/prov/")
                .containsEntry("static.auto_provision.server.username", "%NULL%");

        // a common file holds nothing of any device: it is served to a redirected phone exactly as
        // to any other requester, or its answer would tell anyone which MACs are redirected
        HttpResponse<String> common = server.get("y000000000108.cfg", UA_OPEN);
        HttpResponse<String> asUnknown = server.get("y000000000108.cfg", UA_OPEN.replace("80:5e:c0:cc:00:01", "80:5e:c0:cc:0f:01"));
        assertThat(common.statusCode()).isEqualTo(200);
        assertThat(asUnknown.statusCode()).isEqualTo(200);
        assertThat(common.body().replace("805ec0cc0001", "MAC")).isEqualTo(asUnknown.body().replace("805ec0cc0f01", "MAC"));

        server.flushRecords();
        JsonNode events = Json.parse(server.adminGet("/api/v1/devices/805ec0cc0001/events?type=config_fetch", token).body()).get("items");
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("outcome").asText()).isEqualTo("redirected");
            assertThat(e.get("detail").asText()).contains("redirect=pbx-a.example.com");
        });
    }

    @Test
    void aRedirectWithCredentialsNeedsAClientCertificateOrTheDevicesOwnCredentials() {
        HttpResponse<String> anonymous = server.get("805ec0cc0002.cfg", UA_CREDS);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("s3cret");

        var cert = server.server().certificateAuthority().issueDeviceCertificate("805ec0cc0002");
        HttpClient device = server.client(TlsContexts.client(server.server().certificateAuthority().caCertificate(), cert));
        HttpResponse<String> withCert = server.get(device, "805ec0cc0002.cfg", UA_CREDS);
        assertThat(withCert.statusCode()).isEqualTo(200);
        assertThat(KeyValueConfig.parse(withCert.body())).containsEntry("static.auto_provision.server.url", "https://pbx-b.example.com:8443/p/")
                .containsEntry("static.auto_provision.server.username", "tenant-7")
                .containsEntry("static.auto_provision.server.password", "s3cret-for-pbx-b");
        assertThat(withCert.headers().firstValue("Cache-Control")).hasValue("no-store");

        var otherCert = server.server().certificateAuthority().issueDeviceCertificate("805ec0cc0001");
        HttpClient other = server.client(TlsContexts.client(server.server().certificateAuthority().caCertificate(), otherCert));
        assertThat(server.get(other, "805ec0cc0002.cfg", UA_CREDS).statusCode()).as("a certificate for another MAC").isEqualTo(401);

        String own = Json.parse(server.adminGet("/api/v1/devices/805ec0cc0002", token).body()).get("provisioning_password").asText();
        assertThat(server.getWithDigest("805ec0cc0002.cfg", UA_CREDS, "805ec0cc0002", own).statusCode()).isEqualTo(200);
        assertThat(server.getWithDigest("805ec0cc0002.cfg", UA_CREDS, "805ec0cc0002", "wrong-password").statusCode()).isEqualTo(401);
    }

    @Test
    void redirectRowsMustNotCarryASiteOrLinesAndTheUrlMustBeSafeToWriteIntoAConfig() throws Exception {
        String csv = "mac;model;site;extension;redirect_url;redirect_username;redirect_password\n"
                + "805ec0dd0001;T46U;Zurich HQ;;https://pbx.example.com/;;\n"
                + "805ec0dd0002;T46U;;210;https://pbx.example.com/;;\n"
                + "805ec0dd0003;T46U;;;https://pbx.example.com/\"\\nstatic.x=1;;\n"
                + "805ec0dd0004;T46U;;;https://pbx.example.com/;user;\n"
                + "805ec0dd0005;T46U;;;javascript:alert(1);;\n";
        HttpResponse<String> r = server.admin("POST", "/api/v1/devices/import?dry_run=true", token, "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        JsonNode errors = Json.parse(r.body()).get("errors");
        assertThat(errors.toString()).contains("leave site empty").contains("leave extension empty").contains("without spaces, quotes")
                .contains("go together").contains("must be an https or http URL");
        assertThat(errors.toString()).doesNotContain("s3cret");
    }

    @Test
    void aDeviceMovesFromRedirectToASiteAndBackThroughTheApi() {
        HttpResponse<String> toSite = server.admin("PATCH", "/api/v1/devices/805ec0cc0003", token, "application/merge-patch+json",
                "{\"site\": null, \"lines\": [], \"redirect\": {\"url\": \"https://pbx-c.example.com/\"}}".getBytes(StandardCharsets.UTF_8));
        assertThat(toSite.statusCode()).as(toSite.body()).isEqualTo(200);
        JsonNode d = Json.parse(toSite.body());
        assertThat(d.get("site").isNull()).isTrue();
        assertThat(d.at("/redirect/url").asText()).isEqualTo("https://pbx-c.example.com/");
        assertThat(server.get("805ec0cc0003.cfg", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:cc:00:03").body())
                .contains("static.auto_provision.server.url = https://pbx-c.example.com/");

        HttpResponse<String> both = server.admin("PATCH", "/api/v1/devices/805ec0cc0003", token, "application/merge-patch+json",
                "{\"site\": \"Zurich HQ\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(both.statusCode()).isEqualTo(422);
        assertThat(Json.parse(both.body()).get("errors").get(0).get("field").asText()).isEqualTo("site");

        HttpResponse<String> back = server.admin("PATCH", "/api/v1/devices/805ec0cc0003", token, "application/merge-patch+json",
                "{\"site\": \"Zurich HQ\", \"redirect\": null, \"lines\": [{\"display_name\": \"Back home\"}]}".getBytes(StandardCharsets.UTF_8));
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        HttpResponse<String> anonymous = server.get("805ec0cc0003.cfg", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:cc:00:03");
        assertThat(anonymous.statusCode()).as("provisioned here again: the site's rules apply").isEqualTo(401);
    }

    @Test
    void everyVendorsPhoneGetsItsOwnRedirectFile() {
        String csv = "mac,model,redirect_url,redirect_username,redirect_password\n"
                + "00041396D9B4,D785,https://pbx-s.example.com/snom/,,\n"
                + "c074ad2b3c4d,GXP2170,https://pbx-g.example.com/gs,,\n"
                + "0c383e557eb2,X4U,http://pbx-f.example.com/fanvil/,,\n";
        HttpResponse<String> r = server.admin("POST", "/api/v1/devices/import", token, "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        String snomUa = "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) 00041396D9B4 SXM:0)";
        HttpResponse<String> snom = server.get("snomD785-00041396D9B4.xml", snomUa);
        assertThat(snom.statusCode()).as(snom.body()).isEqualTo(200);
        assertThat(snom.body()).contains("<setting_server perm=\"R\">https://pbx-s.example.com/snom/</setting_server>")
                .doesNotContain("<user_pass");
        HttpResponse<String> gs = server.get("cfgc074ad2b3c4d.xml", "Grandstream Model HW GXP2170 SW 1.0.11.79 DevId c074ad2b3c4d");
        assertThat(gs.statusCode()).as(gs.body()).isEqualTo(200);
        assertThat(gs.body()).contains("<P237>pbx-g.example.com/gs</P237>").contains("<P212>2</P212>").doesNotContain("<P35>");
        HttpResponse<String> fanvil = server.get("0c383e557eb2.cfg", "Fanvil X4U 2.12.16.17 0c383e557eb2");
        assertThat(fanvil.statusCode()).as(fanvil.body()).isEqualTo(200);
        assertThat(fanvil.body()).contains("<FlashServerIP>http://pbx-f.example.com/fanvil</FlashServerIP>").contains("<FlashProtocol>4</FlashProtocol>");

        // the preview shows the same redirect file
        HttpResponse<String> preview = server.adminGet("/api/v1/devices/00041396D9B4/files/snomD785-00041396D9B4.xml", token);
        assertThat(preview.body()).isEqualTo(snom.body());
        JsonNode files = Json.parse(server.adminGet("/api/v1/devices/00041396D9B4/files", token).body());
        assertThat(files).extracting(f -> f.get("name").asText()).contains("snomD785-00041396D9B4.xml");
    }

    @Test
    void redirectedDevicesCanBeListedAndFiltered() throws Exception {
        JsonNode page = Json.parse(server.adminGet("/api/v1/devices?redirected=true", token).body());
        assertThat(page.get("items")).extracting(n -> n.get("mac").asText()).contains("80:5e:c0:cc:00:01", "80:5e:c0:cc:00:02");
        assertThat(page.get("items")).allMatch(n -> n.get("redirect_url").asText().matches("https?://pbx-.*"));
        assertThat(Files.exists(server.dataDir().resolve("admin-token"))).isTrue();
    }
}
