package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.ImportReport;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.Site;
import io.phonehome.testing.SnomXml;
import io.phonehome.testing.TestServer;
import io.phonehome.phones.ConfigFiles;
import io.phonehome.phones.FetchRequest;
import io.phonehome.phones.Identification;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** Snom desk phones fetching their files over real HTTPS, in the order and spelling the firmware uses. */
class SnomProvisioningIT {
    static final String D785_MAC = "00041396D9B4";
    static final String D785_UA = "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) "
            + D785_MAC + " SXM:0 UXM:0 UXMC:0)";
    static final String D865_MAC = "000413D865A1";
    static final String D865_UA = "Mozilla/4.0 (compatible; snomD865-SIP 10.1.226.16 2010.12-00005-gb36a57c9 (Jan 17 2023 - 11:02:33) "
            + D865_MAC + " SXM:0 UXM:0 UXMC:0)";
    static final String D315_MAC = "000413B4C0D1";
    /** An older D315 firmware whose User-Agent has no MAC: the file name alone names the device. */
    static final String D315_UA = "Mozilla/4.0 (compatible; snomD315-SIP 10.1.20.0 2010.12-00004-g5d8d1a5)";
    static final String DISPLAY = "Zürich & Co <Empfang> \"Front\"";
    static final String SITE_USER = "site-zurichhq";

    static TestServer server;
    static String sitePassword;

    @BeforeAll
    static void start() {
        server = new TestServer();
        Site site = server.createSite("Zurich HQ", "Europe/Zurich");
        sitePassword = site.digestPassword();
        String csv = "mac,model,serial,site,extension,display_name,label,transport,srtp,line\n"
                + "00:04:13:96:d9:b4,D785,SN-D785,Zurich HQ,,\"Zürich & Co <Empfang> \"\"Front\"\"\",Empfang,,,1\n"
                + "00:04:13:96:d9:b4,D785,SN-D785,Zurich HQ,,Anna Muster,,,,2\n"
                + "000413d865a1,D865,SN-D865,Zurich HQ,,Boardroom,,tls,mandatory,\n"
                + "000413b4c0d1,D315,SN-D315,Zurich HQ,,Workshop,,,,\n";
        ImportReport r = server.importCsv(csv);
        assertThat(r.errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> fetch(String file, String ua) {
        HttpResponse<String> r = server.getWithDigest(file, ua, SITE_USER, sitePassword);
        assertThat(r.statusCode()).as(file + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/xml"));
        return r;
    }

    static Map<String, String> settings(String file, String ua) {
        return SnomXml.phoneSettings(fetch(file, ua).body());
    }

    static List<Line> lines(String mac) {
        Device d = server.server().inventory().devices().findByMac(Mac.parse(mac)).orElseThrow();
        return server.server().inventory().lines().byDevice(d.id());
    }

    @Test
    void commonFileIsServedToAnyoneAndHoldsNoSecret() {
        HttpResponse<String> r = server.get("snomD785.htm", D785_UA);
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, String> s = SnomXml.phoneSettings(r.body());
        assertThat(s).containsEntry("update_policy", "auto_update");
        assertThat(r.body()).doesNotContain(sitePassword).doesNotContain("user_pass").doesNotContain("http_client_pass")
                .doesNotContain("Zurich");
        assertThat(server.get("snomD315.htm", "curl/8.0").statusCode()).isEqualTo(200);
        assertThat(server.get("snomD999.htm", D785_UA.replace("D785", "D999")).statusCode()).isEqualTo(404);
    }

    @Test
    void perMacHtmListsTheSettingsFileAtTheSameBaseUrl() {
        Element root = SnomXml.parse(fetch("snomD785-" + D785_MAC + ".htm", D785_UA).body()).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("setting-files");
        List<Element> files = SnomXml.children(root, "file");
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getAttribute("url")).isEqualTo(server.baseUrl() + "snomD785-" + D785_MAC + ".xml");
    }

    @Test
    void underASubDirectoryEveryUrlKeepsThatDirectory() {
        String dir = "tenant-a/snom/";
        assertThat(server.get(dir + "snomD785.htm", D785_UA).statusCode()).isEqualTo(200);
        Element root = SnomXml.parse(fetch(dir + "snomD785-" + D785_MAC + ".htm", D785_UA).body()).getDocumentElement();
        assertThat(SnomXml.children(root, "file").get(0).getAttribute("url"))
                .isEqualTo(server.baseUrl() + dir + "snomD785-" + D785_MAC + ".xml");
        assertThat(settings(dir + "snomD785-" + D785_MAC + ".xml", D785_UA)).containsEntry("setting_server", server.baseUrl() + dir);
    }

    @Test
    void d785GetsItsIdentitiesTimeLanguageAndProvisioningSettings() {
        Map<String, String> s = settings("snomD785-" + D785_MAC + ".xml", D785_UA);
        List<Line> lines = lines(D785_MAC);
        assertThat(lines).hasSize(2);
        Line first = lines.get(0);
        assertThat(s).containsEntry("user_active[1]", "on")
                .containsEntry("user_realname[1]", DISPLAY)
                .containsEntry("user_name[1]", first.extension())
                .containsEntry("user_pname[1]", first.authUser())
                .containsEntry("user_pass[1]", first.password())
                .containsEntry("user_host[1]", "127.0.0.1")
                .containsEntry("user_outbound[1]", "127.0.0.1:5060;transport=udp")
                .containsEntry("user_expiry[1]", "600")
                .containsEntry("user_srtp[1]", "off")
                .containsEntry("user_savp[1]", "off")
                .containsEntry("user_idle_text[1]", "Empfang")
                .containsEntry("user_active[2]", "on")
                .containsEntry("user_realname[2]", "Anna Muster")
                .containsEntry("user_name[2]", lines.get(1).extension())
                .containsEntry("user_idle_text[2]", lines.get(1).extension());
        for (int i = 3; i <= 12; i++) {
            assertThat(s).containsEntry("user_active[" + i + "]", "off").containsEntry("user_pass[" + i + "]", "")
                    .containsEntry("user_name[" + i + "]", "");
        }
        assertThat(s).doesNotContainKey("user_active[13]");
        // Europe/Zurich: the Swiss code, then +1 h and the EU rule written after it
        assertThat(s).containsEntry("timezone", "CHE+1").containsEntry("utc_offset", "3600")
                .containsEntry("dst", "3600 03.05.07 02:00:00 10.05.07 03:00:00")
                .containsEntry("ntp_server", "pool.ntp.org")
                .containsEntry("language", "English").containsEntry("web_language", "English");
        Device d = server.server().inventory().devices().findByMac(Mac.parse(D785_MAC)).orElseThrow();
        assertThat(s).containsEntry("setting_server", server.baseUrl())
                .containsEntry("http_client_user", "00041396d9b4")
                .containsEntry("http_client_pass", d.provPassword())
                .containsEntry("settings_refresh_timer", "86400")
                .containsEntry("firmware_status", "")
                .containsEntry("filter_registrar", "on")
                .containsEntry("challenge_checksync", "off")
                .containsEntry("syslog_server", "");
        assertThat(s.get("admin_mode_password")).hasSizeGreaterThanOrEqualTo(12).isEqualTo(s.get("http_pass"))
                .isEqualTo(s.get("admin_mode_password_confirm"));
    }

    @Test
    void displayNameWithMarkupAndUmlautIsEscapedOnTheWireAndReadsBackIdentically() {
        String body = fetch("snomD785-" + D785_MAC + ".xml", D785_UA).body();
        assertThat(body).contains("Zürich &amp; Co &lt;Empfang&gt; &quot;Front&quot;").doesNotContain("<Empfang>");
        assertThat(SnomXml.phoneSettings(body).get("user_realname[1]")).isEqualTo(DISPLAY);
    }

    @Test
    void d865TlsLineWithMandatorySrtp() {
        Map<String, String> s = settings("snomD865-" + D865_MAC + ".xml", D865_UA);
        assertThat(s).containsEntry("user_realname[1]", "Boardroom")
                .containsEntry("user_outbound[1]", "127.0.0.1:" + server.server().settings().integer(Setting.SIP_TLS_PORT)
                        + ";transport=tls")
                .containsEntry("user_srtp[1]", "on")
                .containsEntry("user_savp[1]", "mandatory")
                .containsEntry("user_active[12]", "off")
                .containsEntry("utc_offset", "3600");
    }

    @Test
    void d315WithAnOlderUserAgentIsNamedByItsFileAndHasFourIdentities() {
        fetch("snomD315.htm", D315_UA);
        Map<String, String> s = settings("snomD315-" + D315_MAC + ".xml", D315_UA);
        assertThat(s).containsEntry("user_active[1]", "on").containsEntry("user_realname[1]", "Workshop")
                .containsEntry("user_active[2]", "off").containsEntry("user_active[4]", "off")
                .doesNotContainKey("user_active[5]")
                .containsEntry("dst", "3600 03.05.07 02:00:00 10.05.07 03:00:00");
        Element root = SnomXml.parse(fetch("snomD315-" + D315_MAC + ".htm", D315_UA).body()).getDocumentElement();
        assertThat(SnomXml.children(root, "file").get(0).getAttribute("url")).endsWith("/snomD315-" + D315_MAC + ".xml");
    }

    @Test
    void firmwareFileIsEmptyWithoutATarget() {
        Element root = SnomXml.parse(fetch("snomD785-" + D785_MAC + "-firmware.xml", D785_UA).body()).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("firmware-settings");
        assertThat(SnomXml.children(root, null)).isEmpty();
    }

    @Test
    void wrongCredentialsAndNoCredentialsGetTheDigestChallenge() {
        for (String file : List.of("snomD785-" + D785_MAC + ".htm", "snomD785-" + D785_MAC + ".xml")) {
            HttpResponse<String> wrong = server.getWithDigest(file, D785_UA, SITE_USER, "not-the-site-password");
            assertThat(wrong.statusCode()).as(file).isEqualTo(401);
            assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Digest"));
            assertThat(wrong.body()).doesNotContain("user_pass");
            assertThat(server.get(file, D785_UA).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aUserAgentMacThatDisagreesWithTheFileNameIsRefused() {
        HttpResponse<String> r = server.getWithDigest("snomD785-" + D785_MAC + ".xml", D785_UA.replace(D785_MAC, "000413AABBCC"),
                SITE_USER, sitePassword);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).doesNotContain("user_pass");
    }

    @Test
    void lowerCaseMacInTheFileNameIsNotAFileTheFirmwareRequests() {
        for (String file : List.of("snomD785-00041396d9b4.htm", "snomD785-00041396d9b4.xml", "snomD785-00041396d9b4-firmware.xml")) {
            HttpResponse<String> r = server.getWithDigest(file, D785_UA, SITE_USER, sitePassword);
            assertThat(r.statusCode()).as(file).isEqualTo(404);
            assertThat(r.body()).doesNotContain("user_pass");
        }
    }

    @Test
    void theFirstConfigGivesTheDeviceItsOwnCredentialsWhichThenWork() {
        Map<String, String> s = settings("snomD785-" + D785_MAC + ".xml", D785_UA);
        HttpResponse<String> r = server.getWithDigest("snomD785-" + D785_MAC + ".xml", D785_UA, s.get("http_client_user"),
                s.get("http_client_pass"));
        assertThat(r.statusCode()).isEqualTo(200);
        server.flushRecords();
        Device d = server.server().inventory().devices().findByMac(Mac.parse(D785_MAC)).orElseThrow();
        assertThat(d.provPasswordUsedAt()).isNotNull();
        assertThat(d.reportedFirmware()).isEqualTo("10.1.169.16");
        assertThat(d.reportedModel()).isEqualTo("D785");
        server.rearm(D785_MAC); // the other tests fetch it with the site credential
    }

    @Test
    void redirectFormPointsOnlyTheSettingServerAtTheOtherServer() {
        ConfigFiles files = server.server().configFiles();
        FetchRequest req = new FetchRequest("snomD785-" + D785_MAC + ".htm", "", D785_UA);
        Identification id = files.vendors().identify(req).orElseThrow();
        String template = files.vendors().plugin(id.vendor()).orElseThrow().redirectTemplate(id).orElseThrow();
        Device d = server.server().inventory().devices().findByMac(Mac.parse(D785_MAC)).orElseThrow();
        Site site = server.server().inventory().sites().findById(d.siteId()).orElseThrow();
        ConfigFiles.Rendered out = files.device(id, template, d, site, req.fileName(),
                new ConfigFiles.Origin(server.baseUrl(), "127.0.0.1"),
                Map.of("redirect", Map.of("url", "https://pbx.other.example/prov/", "username", "tenant7", "password", "t7-secret")));
        Map<String, String> s = SnomXml.phoneSettings(out.text());
        assertThat(s).containsOnly(Map.entry("setting_server", "https://pbx.other.example/prov/"),
                Map.entry("http_client_user", "tenant7"), Map.entry("http_client_pass", "t7-secret"));
        assertThat(out.text()).doesNotContain(d.provPassword()).doesNotContain(lines(D785_MAC).get(0).password());
    }
}
