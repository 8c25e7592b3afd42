package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.inventory.AuthMethod;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.SiteSpec;
import io.phonehome.pki.CertificateAuthority;
import io.phonehome.pki.TlsContexts;
import io.phonehome.testing.TestDigest;
import io.phonehome.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who gets a per-MAC file (it carries SIP passwords), and what everyone else sees. */
class DeviceAuthorizationIT {
    static final String UA = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:03";
    static final String FILE = "805ec0aa0003.cfg";
    TestServer server;
    String sitePassword;

    @BeforeEach
    void start() {
        server = new TestServer(Map.of(Setting.PROBE_LIMIT_MISSES, "5"));
        sitePassword = server.createSite("Shop", "Europe/Zurich").digestPassword();
        assertThat(server.importCsv("mac,model,site\n805ec0aa0003,T46U,Shop\n805ec0aa0004,T46U,Shop\n").errors()).isEmpty();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void withoutCredentialsThePhoneIsChallengedNotServed() {
        HttpResponse<String> r = server.get(FILE, UA);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Digest realm=\"phonehome\"").contains("qop=\"auth\"");
        assertThat(r.body()).doesNotContain("password");
    }

    @Test
    void anUnknownMacAndAKnownMacWithWrongCredentialsLookTheSame() {
        HttpResponse<String> unknown = server.getWithDigest("805ec0aa0099.cfg", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:99",
                "site-shop", sitePassword);
        HttpResponse<String> wrong = server.getWithDigest(FILE, UA, "site-shop", "not-the-password");
        assertThat(unknown.statusCode()).isEqualTo(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(wrong.body());
        assertThat(unknown.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Digest realm=\"phonehome\"");
        assertThat(wrong.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Digest realm=\"phonehome\"");
    }

    @Test
    void repeatedMissesFromOneAddressAreBlockedAndWrittenToTheSecurityLog() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(server.getWithDigest(FILE, UA, "site-shop", "wrong-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = server.getWithDigest(FILE, UA, "site-shop", sitePassword);
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
        List<String> lines = Files.readAllLines(server.server().securityLog().file());
        assertThat(lines).filteredOn(l -> l.contains("event=auth_failure")).hasSize(5)
                .allSatisfy(l -> assertThat(l).matches("\\S+ phonehome-security event=auth_failure service=provisioning src=127\\.0\\.0\\.1 .*"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("event=blocked").contains("src=127.0.0.1"));
        assertThat(String.join("\n", lines)).doesNotContain(sitePassword).doesNotContain("wrong-");
        // common files hold no secret and stay available to a blocked address
        assertThat(server.get("y000000000108.cfg", UA).statusCode()).isEqualTo(200);
    }

    @Test
    void aChallengeAloneIsNotCountedAsAMissSoASiteBehindOneAddressCanReboot() {
        for (int i = 0; i < 20; i++) {
            assertThat(server.get(FILE, UA).statusCode()).isEqualTo(401);
        }
        assertThat(server.getWithDigest(FILE, UA, "site-shop", sitePassword).statusCode()).isEqualTo(200);
    }

    @Test
    void aReplayedAuthorizationIsRefused() {
        HttpResponse<String> first = server.get(FILE, UA);
        String auth = TestDigest.authorization(first.headers().firstValue("WWW-Authenticate").orElseThrow(), "GET", "/" + FILE,
                "site-shop", sitePassword, 1);
        assertThat(server.get(FILE, UA, "Authorization", auth).statusCode()).isEqualTo(200);
        assertThat(server.get(FILE, UA, "Authorization", auth).statusCode()).isEqualTo(401);
    }

    @Test
    void credentialsForOneFileDoNotOpenAnother() {
        HttpResponse<String> first = server.get(FILE, UA);
        String auth = TestDigest.authorization(first.headers().firstValue("WWW-Authenticate").orElseThrow(), "GET", "/805ec0aa0004.cfg",
                "site-shop", sitePassword, 1);
        assertThat(server.get(FILE, UA, "Authorization", auth).statusCode()).isEqualTo(401);
    }

    @Test
    void oneDevicesOwnCredentialsDoNotOpenAnotherDevicesFile() {
        String own = server.server().inventory().devices().findByMac(Mac.parse("805ec0aa0003")).orElseThrow().provPassword();
        assertThat(server.getWithDigest(FILE, UA, "805ec0aa0003", own).statusCode()).isEqualTo(200);
        assertThat(server.getWithDigest("805ec0aa0004.cfg", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:04", "805ec0aa0003", own)
                .statusCode()).isEqualTo(401);
    }

    @Test
    void aClientCertificateNamingTheMacProvesTheDevice() {
        CertificateAuthority ca = server.server().certificateAuthority();
        HttpClient right = server.client(TlsContexts.client(ca.caCertificate(), ca.issueDeviceCertificate("805ec0aa0003")));
        HttpClient other = server.client(TlsContexts.client(ca.caCertificate(), ca.issueDeviceCertificate("805ec0aa0004")));
        assertThat(server.get(right, FILE, UA).statusCode()).isEqualTo(200);
        assertThat(server.get(other, FILE, UA).statusCode()).isEqualTo(401);
    }

    @Test
    void aCertificateFromAnUntrustedCaProvesNothingButDoesNotBreakTheHandshake() {
        CertificateAuthority foreign = CertificateAuthority.loadOrCreate(server.dataDir().resolve("foreign-ca"), "ec", List.of());
        HttpClient c = server.client(TlsContexts.client(server.server().certificateAuthority().caCertificate(),
                foreign.issueDeviceCertificate("805ec0aa0003")));
        assertThat(server.get(c, FILE, UA).statusCode()).isEqualTo(401);
        assertThat(server.get(c, "y000000000108.cfg", UA).statusCode()).isEqualTo(200);
    }

    @Test
    void aTrustedNetworkIsProofOnlyWhenTheSiteSaysSo() {
        assertThat(server.get(FILE, UA).statusCode()).isEqualTo(401);
        var site = server.server().inventory().sites().findByName("Shop").orElseThrow();
        server.server().inventory().updateSite(site.id(), site.spec().withTrustedNetworks(List.of("127.0.0.0/8"),
                Set.of(AuthMethod.NETWORK, AuthMethod.DIGEST)));
        assertThat(server.get(FILE, UA).statusCode()).isEqualTo(200);
        server.server().inventory().updateSite(site.id(), site.spec().withTrustedNetworks(List.of("10.0.0.0/8"),
                Set.of(AuthMethod.NETWORK, AuthMethod.DIGEST)));
        assertThat(server.get(FILE, UA).statusCode()).isEqualTo(401);
    }

    @Test
    void theFirstProvisioningWindowServesAFreshlyImportedDeviceUntilItHasItsOwnCredentials() {
        var spec = new SiteSpec("Window", "Europe/Zurich", List.of("pool.ntp.org"), "de", null, null, null, 1440, null, null,
                Set.of(AuthMethod.WINDOW, AuthMethod.DIGEST), List.of(), null, null, 30);
        server.createSite(spec);
        assertThat(server.importCsv("mac,model,site\n805ec0aa0005,T46U,Window\n").errors()).isEmpty();
        String ua5 = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:05";
        HttpResponse<String> r = server.get("805ec0aa0005.cfg", ua5);
        assertThat(r.statusCode()).isEqualTo(200);
        String own = r.body().lines().filter(l -> l.startsWith("static.auto_provision.server.password")).findFirst().orElseThrow()
                .split("=", 2)[1].trim();
        // a phone answers challenges only; take a nonce from any challenge and answer with its own credentials
        String challenge = server.get(FILE, UA).headers().firstValue("WWW-Authenticate").orElseThrow();
        String auth = TestDigest.authorization(challenge, "GET", "/805ec0aa0005.cfg", "805ec0aa0005", own, 1);
        assertThat(server.get("805ec0aa0005.cfg", ua5, "Authorization", auth).statusCode()).isEqualTo(200);
        // once the device has proved itself with its own credentials, the window is closed
        assertThat(server.get("805ec0aa0005.cfg", ua5).statusCode()).isEqualTo(401);
    }

    @Test
    void aDeviceWithoutASiteIsNotServed() {
        assertThat(server.importCsv("mac,model\n805ec0aa0006,T46U\n").errors()).isEmpty();
        assertThat(server.getWithDigest("805ec0aa0006.cfg", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:06", "site-shop", sitePassword)
                .statusCode()).isEqualTo(401);
    }

    @Test
    void passwordsNeverReachTheSecurityLogOrEvents() throws Exception {
        server.getWithDigest(FILE, UA, "site-shop", "hunter2-wrong-password");
        server.getWithDigest(FILE, UA, "site-shop", sitePassword);
        server.flushRecords();
        String log = Files.readString(server.server().securityLog().file());
        assertThat(log).doesNotContain("hunter2").doesNotContain(sitePassword);
        var events = server.server().events().query(io.phonehome.events.EventQuery.forMac("805ec0aa0003"));
        assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.detail()).doesNotContain("hunter2").doesNotContain(sitePassword));
    }
}
