package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.ImportReport;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Yealink desk phones and DECT bases fetching their files over real HTTPS, as the firmware does. */
class YealinkProvisioningIT {
    static TestServer server;
    static final String T46U_UA = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:03";
    static final String SITE_USER = "site-zurichhq";
    static String sitePassword;

    @BeforeAll
    static void start() {
        server = new TestServer();
        var site = server.createSite("Zurich HQ", "Europe/Zurich");
        sitePassword = site.digestPassword();
        StringBuilder csv = new StringBuilder("mac,model,serial,site,extension,display_name,handset,line\n");
        csv.append("80:5e:c0:aa:00:03,T46U,SN-T46U-1,Zurich HQ,,Anna Muster,,1\n");
        csv.append("80:5e:c0:aa:00:03,T46U,SN-T46U-1,Zurich HQ,,Anna (2nd),,2\n");
        csv.append("805e0c1d654e,W70B,SN-W70B,Zurich HQ,,Reception,1\n");
        csv.append("805e0c1d654e,W70B,SN-W70B,Zurich HQ,,Store,2\n");
        csv.append("805e0c1d654e,W70B,SN-W70B,Zurich HQ,,Workshop,3\n");
        for (int h = 1; h <= 20; h++) {
            csv.append("80:5e:c0:d9:c7:44,W90DM,SN-W90,Zurich HQ,,Handset ").append(h).append(',').append(h).append('\n');
        }
        // Previous generations, written as on their labels: a T21P E2 desk phone and a W80 multi-cell system.
        csv.append("00:15:65:4c:4c:26,SIP-T21P E2,SN-T21,Zurich HQ,,Old desk,\n");
        csv.append("24:9a:d8:d1:a6:31,Yealink W80,SN-W80,Zurich HQ,,Hall A,1\n");
        csv.append("24:9a:d8:d1:a6:31,Yealink W80,SN-W80,Zurich HQ,,Hall B,2\n");
        ImportReport r = server.importCsv(csv.toString());
        assertThat(r.errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Map<String, String> fetch(String file, String ua) {
        HttpResponse<String> r = server.getWithDigest(file, ua, SITE_USER, sitePassword);
        assertThat(r.statusCode()).as(file + ": " + r.body()).isEqualTo(200);
        return KeyValueConfig.parse(r.body());
    }

    @Test
    void deskPhoneGetsItsLinesTimeAndProvisioningSettings() {
        Map<String, String> cfg = fetch("805ec0aa0003.cfg", T46U_UA);
        List<Line> lines = server.server().inventory().lines().byDevice(
                server.server().inventory().devices().findByMac(Mac.parse("805ec0aa0003")).orElseThrow().id());
        assertThat(lines).hasSize(2);
        assertThat(cfg).containsEntry("account.1.enable", "1")
                .containsEntry("account.1.user_name", lines.get(0).extension())
                .containsEntry("account.1.auth_name", lines.get(0).authUser())
                .containsEntry("account.1.password", lines.get(0).password())
                .containsEntry("account.1.display_name", "Anna Muster")
                .containsEntry("account.1.sip_server.1.address", "127.0.0.1")
                .containsEntry("account.1.sip_server.1.port", "5060")
                .containsEntry("account.1.sip_server.1.transport_type", "0")
                .containsEntry("account.2.display_name", "Anna (2nd)")
                .containsEntry("account.3.enable", "0")
                .containsEntry("account.16.enable", "0");
        assertThat(lines.get(0).extension()).isEqualTo("200");
        assertThat(lines.get(1).extension()).isEqualTo("201");
        // Europe/Zurich: +1, explicit EU rule (last Sunday of March 02:00 to last Sunday of October 03:00)
        assertThat(cfg).containsEntry("local_time.time_zone", "+1")
                .containsEntry("local_time.summer_time", "1")
                .containsEntry("local_time.dst_time_type", "1")
                .containsEntry("local_time.start_time", "3/5/7/2")
                .containsEntry("local_time.end_time", "10/5/7/3")
                .containsEntry("local_time.offset_time", "60")
                .containsEntry("local_time.ntp_server1", "pool.ntp.org");
        assertThat(cfg).containsEntry("static.auto_provision.server.url", server.baseUrl())
                .containsEntry("static.auto_provision.server.username", "805ec0aa0003")
                .containsEntry("static.auto_provision.repeat.enable", "1")
                .containsEntry("static.auto_provision.repeat.minutes", "1440")
                .containsKey("static.auto_provision.server.password")
                .containsEntry("sip.trust_ctrl", "1");
        assertThat(cfg.get("static.security.user_password")).startsWith("admin:").hasSizeGreaterThan(14);
    }

    @Test
    void bootFileIncludesTheModelCommonFileAndTheMacFile() {
        HttpResponse<String> r = server.getWithDigest("805ec0aa0003.boot", T46U_UA, SITE_USER, sitePassword);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("#!version:1.0.0.1")
                .contains("include:config \"y000000000108.cfg\"")
                .contains("include:config \"805ec0aa0003.cfg\"");
    }

    @Test
    void aPreviousGenerationDeskPhoneBootsWithItsOwnCommonFileAndGetsItsLine() {
        String ua = "Yealink SIP-T21P_E2 52.84.0.125 00:15:65:4c:4c:26";
        HttpResponse<String> boot = server.getWithDigest("0015654c4c26.boot", ua, SITE_USER, sitePassword);
        assertThat(boot.statusCode()).isEqualTo(200);
        assertThat(boot.body()).contains("include:config \"y000000000052.cfg\"").contains("include:config \"0015654c4c26.cfg\"");
        Map<String, String> cfg = fetch("0015654c4c26.cfg", ua);
        assertThat(cfg).containsEntry("account.1.enable", "1").containsEntry("account.1.display_name", "Old desk")
                .containsEntry("account.2.enable", "0").doesNotContainKey("account.3.enable");
        assertThat(server.server().inventory().devices().findByMac(Mac.parse("0015654c4c26")).orElseThrow().model()).isEqualTo("T21P_E2");
    }

    @Test
    void aW80ManagerGetsOneAccountPerHandsetLikeTheW90() {
        Map<String, String> cfg = fetch("249ad8d1a631.cfg", "Yealink W80DM 103.83.0.122 24:9a:d8:d1:a6:31");
        assertThat(cfg).containsEntry("template.1.sip_server.1.address", "127.0.0.1");
        for (int h = 1; h <= 2; h++) {
            // no multi-cell source documents handset.X.name: the handset shows its account's label
            assertThat(cfg).containsEntry("account." + h + ".enable", "1").containsEntry("account." + h + ".sip_server.template", "1")
                    .doesNotContainKey("handset." + h + ".name");
        }
        assertThat(cfg).doesNotContainKey("account.3.enable");
        HttpResponse<String> boot = server.getWithDigest("249ad8d1a631.boot", "Yealink W80DM 103.83.0.122 24:9a:d8:d1:a6:31", SITE_USER,
                sitePassword);
        assertThat(boot.body()).doesNotContain("y0000").contains("include:config \"249ad8d1a631.cfg\"");
    }

    @Test
    void aModelCommonFileIsRenderedOnceForEveryPhoneButTheCommonBootFileNamesEachPhone() {
        int before = server.server().configFiles().cachedFiles();
        Set<String> bodies = new java.util.HashSet<>();
        for (String mac : List.of("80:5e:c0:bb:00:01", "80:5e:c0:bb:00:02", "80:5e:c0:bb:00:03")) {
            HttpResponse<String> r = server.get("fleet-a/y000000000108.cfg", "Yealink SIP-T46U 108.86.0.20 " + mac);
            assertThat(r.statusCode()).isEqualTo(200);
            bodies.add(r.body());
        }
        assertThat(bodies).hasSize(1);
        assertThat(server.server().configFiles().cachedFiles() - before).isEqualTo(1);

        HttpResponse<String> one = server.get("fleet-a/y000000000000.boot", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:bb:00:01");
        HttpResponse<String> two = server.get("fleet-a/y000000000000.boot", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:bb:00:02");
        assertThat(one.body()).contains("include:config \"805ec0bb0001.cfg\"").doesNotContain("805ec0bb0002");
        assertThat(two.body()).contains("include:config \"805ec0bb0002.cfg\"").doesNotContain("805ec0bb0001");
    }

    @Test
    void anyCommonFileNumberIsAnsweredForTheModelInTheUserAgentWithoutCredentials() {
        for (String name : List.of("y000000000108.cfg", "y000000000000.cfg", "y000000000186.cfg")) {
            HttpResponse<String> r = server.get(name, T46U_UA);
            assertThat(r.statusCode()).as(name).isEqualTo(200);
            assertThat(r.body()).contains("Yealink T46U").doesNotContain("password");
        }
        assertThat(server.get("y000000000108.cfg", "curl/8.0").statusCode()).isEqualTo(404);
        HttpResponse<String> boot = server.get("y000000000000.boot", T46U_UA);
        assertThat(boot.statusCode()).isEqualTo(200);
        assertThat(boot.body()).contains("include:config \"y000000000108.cfg\"").contains("include:config \"805ec0aa0003.cfg\"");
    }

    @Test
    void w70bWithThreeHandsetsMapsEachHandsetToItsLine() {
        Map<String, String> cfg = fetch("805e0c1d654e.cfg", "Yealink W70B 146.87.0.15 80:5e:0c:1d:65:4e");
        assertThat(cfg).containsEntry("account.1.display_name", "Reception")
                .containsEntry("account.2.display_name", "Store")
                .containsEntry("account.3.display_name", "Workshop")
                .containsEntry("account.4.enable", "0")
                .containsEntry("handset.1.name", "Reception")
                .containsEntry("handset.1.incoming_lines", "1")
                .containsEntry("handset.1.dial_out_default_line", "1")
                .containsEntry("handset.2.incoming_lines", "2")
                .containsEntry("handset.3.incoming_lines", "3")
                .containsEntry("handset.3.dial_out_lines", "3")
                .containsEntry("local_time.start_time", "3/5/7/2");
        assertThat(cfg).doesNotContainKey("handset.4.name");
    }

    @Test
    void w90WithTwentyHandsetsGetsOneAccountPerHandsetOnTheServerTemplate() {
        Map<String, String> cfg = fetch("805ec0d9c744.cfg", "Yealink W90DM 130.87.0.10 80:5e:c0:d9:c7:44");
        assertThat(cfg).containsEntry("template.1.sip_server.1.address", "127.0.0.1")
                .containsEntry("template.1.sip_server.1.port", "5060");
        for (int h = 1; h <= 20; h++) {
            assertThat(cfg).containsEntry("account." + h + ".enable", "1")
                    .containsEntry("account." + h + ".sip_server.template", "1")
                    .containsEntry("account." + h + ".display_name", "Handset " + h)
                    .doesNotContainKey("handset." + h + ".name")
                    .containsKey("account." + h + ".password");
        }
        assertThat(cfg).doesNotContainKey("account.21.enable");
        assertThat(cfg).containsEntry("local_time.time_zone", "+1").containsEntry("local_time.end_time", "10/5/7/3");
    }

    @Test
    void theFirstConfigGivesTheDeviceItsOwnCredentialsWhichThenWork() {
        Map<String, String> cfg = fetch("805ec0aa0003.cfg", T46U_UA);
        String own = cfg.get("static.auto_provision.server.password");
        HttpResponse<String> r = server.getWithDigest("805ec0aa0003.cfg", T46U_UA, "805ec0aa0003", own);
        assertThat(r.statusCode()).isEqualTo(200);
        server.flushRecords();
        assertThat(server.server().inventory().devices().findByMac(Mac.parse("805ec0aa0003")).orElseThrow().provPasswordUsedAt()).isNotNull();
        server.rearm("805ec0aa0003"); // the other tests fetch it with the site credential
    }

    @Test
    void everyFetchUpdatesLastSeenAndReportedFirmwareAndIsAnEvent() {
        fetch("805ec0aa0003.cfg", T46U_UA);
        server.flushRecords();
        var d = server.server().inventory().devices().findByMac(Mac.parse("805ec0aa0003")).orElseThrow();
        assertThat(d.lastSeen()).isNotNull();
        assertThat(d.lastAddress()).isEqualTo("127.0.0.1");
        assertThat(d.reportedFirmware()).isEqualTo("108.86.0.20");
        assertThat(d.reportedModel()).isEqualTo("T46U");
        var events = server.server().events().query(io.phonehome.events.EventQuery.forMac("805ec0aa0003"));
        assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("config_fetch");
            assertThat(e.outcome()).isEqualTo("ok");
            assertThat(e.detail()).contains("file=805ec0aa0003.cfg").contains("firmware=108.86.0.20");
        });
    }
}
