package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.config.Setting;
import io.phonehome.events.Event;
import io.phonehome.events.EventQuery;
import io.phonehome.inventory.AuthMethod;
import io.phonehome.pki.CertificateAuthority;
import io.phonehome.pki.TlsContexts;
import io.phonehome.testing.Json;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.SnomXml;
import io.phonehome.testing.TestDigest;
import io.phonehome.testing.TestServer;
import io.phonehome.testing.XmlDoc;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The site credential (what an RPS or DHCP URL carries) opens a device on first contact only:
 * once the device has come back with its own credentials (or a client certificate naming it),
 * the site credential gets the same challenge as a wrong password for that MAC, with an event,
 * until a technician re-arms the device.
 */
class SiteCredentialFirstContactIT {
    static final String SITE_USER = "site-shop";

    /** A phone of each vendor, and where its first config puts the credentials it fetches with next time. */
    enum Phone {
        YEALINK("805ec0aa0003", "T46U", "805ec0aa0003.cfg", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:03",
                body -> {
                    Map<String, String> kv = KeyValueConfig.parse(body);
                    return new String[] {kv.get("static.auto_provision.server.username"), kv.get("static.auto_provision.server.password")};
                }),
        SNOM("00041396D9B4", "D785", "snomD785-00041396D9B4.xml",
                "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) 00041396D9B4 SXM:0 UXM:0 UXMC:0)",
                body -> {
                    Map<String, String> s = SnomXml.phoneSettings(body);
                    return new String[] {s.get("http_client_user"), s.get("http_client_pass")};
                }),
        GRANDSTREAM("c074ad2b3c4d", "GXP2170", "cfgc074ad2b3c4d.xml", "Grandstream Model HW GXP2170 SW 1.0.11.79 DevId c074ad2b3c4d",
                body -> {
                    XmlDoc d = XmlDoc.parse(body);
                    return new String[] {d.text("/gs_provision/config/P1360"), d.text("/gs_provision/config/P1361")};
                }),
        FANVIL("0c383e557eb2", "X4U", "0c383e557eb2.cfg", "Fanvil X4U 2.12.16.17 0c383e557eb2",
                body -> {
                    XmlDoc d = XmlDoc.parse(body);
                    return new String[] {d.text("/sysConf/ap/DefaultUsername"), d.text("/sysConf/ap/DefaultPassword")};
                });

        final String mac;
        final String model;
        final String file;
        final String ua;
        final Function<String, String[]> ownCredentials;

        Phone(String mac, String model, String file, String ua, Function<String, String[]> ownCredentials) {
            this.mac = mac;
            this.model = model;
            this.file = file;
            this.ua = ua;
            this.ownCredentials = ownCredentials;
        }
    }

    TestServer server;
    String sitePassword;

    @BeforeEach
    void start() {
        // a high miss limit: these tests make several deliberate misses from loopback
        server = new TestServer(Map.of(Setting.PROBE_LIMIT_MISSES, "50"));
        sitePassword = server.createSite("Shop", "Europe/Zurich").digestPassword();
        StringBuilder csv = new StringBuilder("mac,model,site\n");
        for (Phone p : Phone.values()) {
            csv.append(p.mac).append(',').append(p.model).append(",Shop\n");
        }
        assertThat(server.importCsv(csv.toString()).errors()).isEmpty();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Phone.class)
    void onceAPhoneHasUsedTheCredentialsItsConfigGaveItTheSiteCredentialNoLongerOpensIt(Phone p) throws Exception {
        HttpResponse<String> first = server.getWithDigest(p.file, p.ua, SITE_USER, sitePassword);
        assertThat(first.statusCode()).as("first contact with the site credential").isEqualTo(200);
        String[] own = p.ownCredentials.apply(first.body());
        assertThat(own[0]).isEqualToIgnoringCase(p.mac);
        assertThat(own[1]).hasSizeGreaterThan(15).isNotEqualTo(sitePassword);
        // served but not yet back with its own credentials (it may have been reset before saving them)
        assertThat(server.getWithDigest(p.file, p.ua, SITE_USER, sitePassword).statusCode()).isEqualTo(200);

        assertThat(server.getWithDigest(p.file, p.ua, own[0], own[1]).statusCode()).as("its own credentials").isEqualTo(200);

        HttpResponse<String> retired = server.getWithDigest(p.file, p.ua, SITE_USER, sitePassword);
        assertThat(retired.statusCode()).as("the site credential after the phone used its own").isEqualTo(401);
        assertThat(retired.body()).doesNotContain(own[1]);
        assertThat(server.getWithDigest(p.file, p.ua, own[0], own[1]).statusCode()).as("its own credentials still").isEqualTo(200);

        server.flushRecords();
        List<Event> events = server.server().events().query(EventQuery.forMac(p.mac.toLowerCase()));
        assertThat(events).filteredOn(e -> e.type().equals("site_credential_retired")).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("refused"))
                .satisfies(e -> assertThat(e.source()).isEqualTo("127.0.0.1"))
                .satisfies(e -> assertThat(e.detail()).doesNotContain(sitePassword).doesNotContain(own[1]));
        List<String> log = Files.readAllLines(server.server().securityLog().file());
        assertThat(log).filteredOn(l -> l.contains("event=site_credential_retired")).singleElement()
                .satisfies(l -> assertThat(l).contains("service=provisioning src=127.0.0.1 mac=" + p.mac.toLowerCase()));
        assertThat(String.join("\n", log)).doesNotContain(sitePassword).doesNotContain(own[1]);
    }

    @Test
    void aRetiredSiteCredentialIsAnsweredExactlyLikeAWrongPassword() {
        Phone p = Phone.YEALINK;
        useOwnCredentials(p);
        HttpResponse<String> retired = server.getWithDigest(p.file, p.ua, SITE_USER, sitePassword);
        HttpResponse<String> wrong = server.getWithDigest(p.file, p.ua, SITE_USER, "not-the-password");
        assertThat(retired.statusCode()).isEqualTo(wrong.statusCode()).isEqualTo(401);
        assertThat(retired.body()).isEqualTo(wrong.body());
        assertThat(challengeShape(retired)).isEqualTo(challengeShape(wrong)).doesNotContain("stale");
        assertThat(retired.headers().map().keySet()).isEqualTo(wrong.headers().map().keySet());
    }

    @Test
    void aClientCertificateNamingTheMacAlsoRetiresTheSiteCredential() {
        Phone p = Phone.YEALINK;
        CertificateAuthority ca = server.server().certificateAuthority();
        HttpClient withCert = server.client(TlsContexts.client(ca.caCertificate(), ca.issueDeviceCertificate(p.mac)));
        assertThat(server.get(withCert, p.file, p.ua).statusCode()).isEqualTo(200);
        assertThat(server.getWithDigest(p.file, p.ua, SITE_USER, sitePassword).statusCode()).isEqualTo(401);
        assertThat(server.get(withCert, p.file, p.ua).statusCode()).isEqualTo(200);
    }

    @Test
    void theSiteCredentialStillOpensTheOtherDevicesOfTheSite() {
        useOwnCredentials(Phone.YEALINK);
        assertThat(server.getWithDigest(Phone.YEALINK.file, Phone.YEALINK.ua, SITE_USER, sitePassword).statusCode()).isEqualTo(401);
        assertThat(server.getWithDigest(Phone.SNOM.file, Phone.SNOM.ua, SITE_USER, sitePassword).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownMacWithTheSiteCredentialIsChallengedAsBeforeAndIsNotCalledRetired() {
        String ua = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:99";
        HttpResponse<String> r = server.getWithDigest("805ec0aa0099.cfg", ua, SITE_USER, sitePassword);
        assertThat(r.statusCode()).isEqualTo(401);
        server.flushRecords();
        List<Event> events = server.server().events().query(EventQuery.forMac("805ec0aa0099"));
        assertThat(events).extracting(Event::type).doesNotContain("site_credential_retired");
        // Unknown MACs are tallied per source and interval: the row names this MAC among its samples.
        assertThat(server.server().events().query(EventQuery.ofType("unknown_mac")))
                .anySatisfy(e -> assertThat(e.detail()).contains("805ec0aa0099"));
    }

    @Test
    void aTrustedNetworkKeepsServingARetiredDeviceAndTheSiteCredentialTryIsStillRecorded() {
        Phone p = Phone.YEALINK;
        useOwnCredentials(p);
        String challenge = server.get(p.file, p.ua).headers().firstValue("WWW-Authenticate").orElseThrow();
        var site = server.server().inventory().sites().findByName("Shop").orElseThrow();
        server.server().inventory().updateSite(site.id(), site.spec().withTrustedNetworks(List.of("127.0.0.0/8"),
                Set.of(AuthMethod.NETWORK, AuthMethod.DIGEST)));
        assertThat(server.get(p.file, p.ua).statusCode()).as("the network alone").isEqualTo(200);
        // a phone that sends the site credential anyway, answering the challenge it had before
        String auth = TestDigest.authorization(challenge, "GET", "/" + p.file, SITE_USER, sitePassword, 1);
        assertThat(server.get(p.file, p.ua, "Authorization", auth).statusCode()).isEqualTo(200);
        server.flushRecords();
        assertThat(server.server().events().query(EventQuery.forMac(p.mac))).extracting(Event::type).contains("site_credential_retired");
    }

    @Test
    void aTechnicianRearmsAResetPhoneThroughTheAdminApiUntilItUsesItsOwnCredentialsAgain() {
        Phone p = Phone.YEALINK;
        useOwnCredentials(p);
        JsonNode before = Json.parse(server.adminGet("/api/v1/devices/" + p.mac, server.adminToken()).body());
        assertThat(before.path("site_credential").path("state").asText()).isEqualTo("retired");
        assertThat(before.path("site_credential").path("own_credentials_since").asText()).isNotEmpty();
        assertThat(server.getWithDigest(p.file, p.ua, SITE_USER, sitePassword).statusCode()).isEqualTo(401);

        String technician = token("tech-anna", "technician");
        HttpResponse<String> rearm = server.admin("POST", "/api/v1/devices/" + p.mac + "/rearm", technician, null, null);
        assertThat(rearm.statusCode()).as(rearm.body()).isEqualTo(200);
        JsonNode state = Json.parse(rearm.body());
        assertThat(state.path("mac").asText()).isEqualTo("80:5e:c0:aa:00:03");
        assertThat(state.path("site_credential").path("state").asText()).isEqualTo("armed");
        assertThat(state.path("site_credential").path("rearmed_until").isNull()).isTrue();

        // the reset phone comes back with the RPS URL's site credential, gets its own again, uses them
        String[] own = p.ownCredentials.apply(server.fetchOk(p.file, p.ua, SITE_USER, sitePassword).body());
        assertThat(server.getWithDigest(p.file, p.ua, own[0], own[1]).statusCode()).isEqualTo(200);
        assertThat(server.getWithDigest(p.file, p.ua, SITE_USER, sitePassword).statusCode()).isEqualTo(401);

        HttpResponse<String> audit = server.adminGet("/api/v1/audit?action=device.rearm", server.adminToken());
        assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
        assertThat(audit.body()).contains("tech-anna").contains("80:5e:c0:aa:00:03");
    }

    @Test
    void aRearmWithAnExpirySaysWhenItEnds() {
        Phone p = Phone.YEALINK;
        useOwnCredentials(p);
        HttpResponse<String> rearm = server.admin("POST", "/api/v1/devices/" + p.mac + "/rearm?hours=2", server.adminToken(), null, null);
        assertThat(rearm.statusCode()).as(rearm.body()).isEqualTo(200);
        Instant until = Instant.parse(Json.parse(rearm.body()).path("site_credential").path("rearmed_until").asText());
        assertThat(until).isBetween(Instant.now().plus(Duration.ofMinutes(119)), Instant.now().plus(Duration.ofMinutes(121)));
        assertThat(server.getWithDigest(p.file, p.ua, SITE_USER, sitePassword).statusCode()).isEqualTo(200);
    }

    @Test
    void rearmIsRefusedToViewersAndUnknownDevicesAndBadExpiriesWithProblems() {
        Phone p = Phone.YEALINK;
        useOwnCredentials(p);
        String viewer = token("crm-sync", "viewer");
        HttpResponse<String> forbidden = server.admin("POST", "/api/v1/devices/" + p.mac + "/rearm", viewer, null, null);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        HttpResponse<String> unknown = server.admin("POST", "/api/v1/devices/805ec0aa0099/rearm", server.adminToken(), null, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        for (String hours : List.of("0", "-1", "100000", "soon")) {
            HttpResponse<String> bad = server.admin("POST", "/api/v1/devices/" + p.mac + "/rearm?hours=" + hours, server.adminToken(), null, null);
            assertThat(bad.statusCode()).as(hours).isEqualTo(400);
            assertThat(bad.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        }
        assertThat(server.getWithDigest(p.file, p.ua, SITE_USER, sitePassword).statusCode()).as("still retired").isEqualTo(401);
    }

    /** The device fetches with its site credential, then with the credentials that config gave it. */
    private String[] useOwnCredentials(Phone p) {
        String[] own = p.ownCredentials.apply(server.fetchOk(p.file, p.ua, SITE_USER, sitePassword).body());
        assertThat(server.getWithDigest(p.file, p.ua, own[0], own[1]).statusCode()).isEqualTo(200);
        return own;
    }

    /** The challenge without its nonce (which differs on every challenge). */
    private static String challengeShape(HttpResponse<String> r) {
        return r.headers().firstValue("WWW-Authenticate").orElseThrow().replaceAll("nonce=\"[^\"]*\"", "nonce=\"\"");
    }

    private String token(String name, String role) {
        HttpResponse<String> r = server.adminJson("POST", "/api/v1/tokens", server.adminToken(), "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.parse(r.body()).get("token").asText();
    }
}
