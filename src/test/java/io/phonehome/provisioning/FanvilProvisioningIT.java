package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.AuthMethod;
import io.phonehome.inventory.ImportReport;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.SiteSpec;
import io.phonehome.testing.TestServer;
import io.phonehome.testing.XmlDoc;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fanvil phones fetching their files over real HTTPS with real User-Agents, parsed as XML. */
class FanvilProvisioningIT {
    static final String X4U_MAC = "0c383e557eb2";
    static final String X4U_UA = "Fanvil X4U 2.12.16.17 0c383e557eb2";
    static final String X7_UA = "Fanvil X7 2.12.16.17 0c383e7a8b9c";
    /** A unit in the inventory whose MAC does not carry Fanvil's OUI (a rebadged phone). */
    static final String REBADGED_MAC = "001122aabb01";
    static final String SITE_USER = "site-bs";
    static final String SITE_PASSWORD = "site-secret-basel-42";
    static final String TRICKY_NAME = "Zoë & <Ops> \"Desk\" ü";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
        server.createSite(new SiteSpec("Basel", "Europe/Zurich", List.of("ntp1.example.ch", "ntp2.example.ch"), "de", null, null,
                null, 1440, null, "syslog.example.ch:5514", AuthMethod.DEFAULT, List.of(), SITE_USER, SITE_PASSWORD, 0));
        ImportReport r = server.importCsv("""
                mac,model,serial,site,extension,display_name,transport,srtp,line
                0c:38:3e:55:7e:b2,X4U,SN-X4U,Basel,,Anna Muster,,,1
                0c:38:3e:55:7e:b2,X4U,SN-X4U,Basel,,"Zoë & <Ops> ""Desk"" ü",tls,optional,2
                0c383e7a8b9c,X7,SN-X7,Basel,,Bruno,,
                00:11:22:aa:bb:01,X3U,SN-X3U,Basel,,Carla,,
                """);
        assertThat(r.errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> fetch(String path, String ua) {
        HttpResponse<String> r = server.fetchOk(path, ua, SITE_USER, SITE_PASSWORD);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/xml"));
        return r;
    }

    static XmlDoc fetchXml(String path, String ua) {
        XmlDoc doc = XmlDoc.parse(fetch(path, ua).body());
        assertThat(doc.root()).isEqualTo("sysConf");
        return doc;
    }

    static List<Line> lines(String mac) {
        return server.lines(mac);
    }

    static String line(XmlDoc doc, int index, String field) {
        return doc.text("/sysConf/sip/line[@index='" + index + "']/" + field);
    }

    @Test
    void eachLineIsWrittenAndTheModelsOtherLinesAreOff() {
        XmlDoc doc = fetchXml(X4U_MAC + ".cfg", X4U_UA);
        List<Line> lines = lines(X4U_MAC);
        assertThat(lines).hasSize(2);
        assertThat(line(doc, 1, "PhoneNumber")).isEqualTo(lines.get(0).extension());
        assertThat(line(doc, 1, "DisplayName")).isEqualTo("Anna Muster");
        assertThat(line(doc, 1, "RegisterUser")).isEqualTo(lines.get(0).authUser());
        assertThat(line(doc, 1, "RegisterPswd")).isEqualTo(lines.get(0).password());
        assertThat(line(doc, 1, "RegisterAddr")).isEqualTo("127.0.0.1");
        assertThat(line(doc, 1, "RegisterPort")).isEqualTo("5060");
        assertThat(line(doc, 1, "Transport")).isEqualTo("0");
        assertThat(line(doc, 1, "MediaCrypto")).isEqualTo("0");
        assertThat(line(doc, 1, "RegisterTTL")).isEqualTo("600");
        assertThat(line(doc, 1, "EnableReg")).isEqualTo("1");
        assertThat(line(doc, 2, "PhoneNumber")).isEqualTo(lines.get(1).extension());
        assertThat(line(doc, 2, "RegisterPswd")).isEqualTo(lines.get(1).password());
        assertThat(line(doc, 2, "Transport")).as("TLS is 3 in sysConf").isEqualTo("3");
        assertThat(line(doc, 2, "RegisterPort")).isEqualTo("5061");
        assertThat(line(doc, 2, "MediaCrypto")).isEqualTo("1");
        assertThat(doc.count("/sysConf/sip/line")).as("the X4U has 12 lines").isEqualTo(12);
        for (int i = 3; i <= 12; i++) {
            assertThat(line(doc, i, "EnableReg")).as("line " + i).isEqualTo("0");
            assertThat(line(doc, i, "RegisterPswd")).as("line " + i).isEmpty();
        }
        assertThat(doc.text("/sysConf/sip/NotifyReboot")).isEqualTo("1");
        assertThat(doc.text("/sysConf/Version")).matches("2\\.[0-9]{10}");
    }

    @Test
    void zurichTimeIsQuarterHoursWithAnExplicitEuropeanRuleAndTheSitesNtpAndLanguage() {
        XmlDoc doc = fetchXml(X4U_MAC + ".cfg", X4U_UA);
        String d = "/sysConf/phone/date/";
        assertThat(doc.text(d + "TimeZone")).isEqualTo("4");
        assertThat(doc.text(d + "TimeZoneName")).isEqualTo("UTC+1");
        assertThat(doc.text(d + "EnableDST")).isEqualTo("2");
        assertThat(doc.text(d + "DSTMinOffset")).isEqualTo("60");
        assertThat(doc.text(d + "DSTStartMon")).isEqualTo("3");
        assertThat(doc.text(d + "DSTStartWeek")).as("last").isEqualTo("-1");
        assertThat(doc.text(d + "DSTStartWday")).as("Sunday").isEqualTo("0");
        assertThat(doc.text(d + "DSTStartHour")).isEqualTo("2");
        assertThat(doc.text(d + "DSTEndMon")).isEqualTo("10");
        assertThat(doc.text(d + "DSTEndWeek")).isEqualTo("-1");
        assertThat(doc.text(d + "DSTEndWday")).isEqualTo("0");
        assertThat(doc.text(d + "DSTEndHour")).isEqualTo("3");
        assertThat(doc.text(d + "SNTPServer")).isEqualTo("ntp1.example.ch");
        assertThat(doc.text(d + "SecondSNTPServer")).isEqualTo("ntp2.example.ch");
        assertThat(doc.text("/sysConf/phone/display/DefaultLanguage")).isEqualTo("de");
    }

    @Test
    void provisioningPointsBackHereOverHttpsWithTheDevicesOwnCredentialsWhichThenWork() {
        XmlDoc doc = fetchXml(X4U_MAC + ".cfg", X4U_UA);
        assertThat(doc.text("/sysConf/ap/FlashServerIP")).isEqualTo("https://127.0.0.1:" + server.server().httpsPort());
        assertThat(doc.text("/sysConf/ap/FlashFileName")).isEqualTo("$mac.cfg");
        assertThat(doc.text("/sysConf/ap/FlashProtocol")).as("HTTPS").isEqualTo("5");
        assertThat(doc.text("/sysConf/ap/FlashMode")).isEqualTo("2");
        assertThat(doc.text("/sysConf/ap/FlashInterval")).isEqualTo("1");
        assertThat(doc.text("/sysConf/ap/DefaultUsername")).isEqualTo(X4U_MAC);
        String own = doc.text("/sysConf/ap/DefaultPassword");
        assertThat(own).hasSizeGreaterThan(15).isNotEqualTo(SITE_PASSWORD);
        assertThat(doc.text("/sysConf/web/account[@index='1']/Name")).isEqualTo("admin");
        assertThat(doc.text("/sysConf/web/account[@index='1']/Password")).hasSizeGreaterThanOrEqualTo(8);
        assertThat(doc.text("/sysConf/log/SyslogServer")).isEqualTo("syslog.example.ch");
        assertThat(doc.text("/sysConf/log/SyslogServerPort")).isEqualTo("5514");
        HttpResponse<String> again = server.getWithDigest(X4U_MAC + ".cfg", X4U_UA, X4U_MAC, own);
        assertThat(again.statusCode()).isEqualTo(200);
        server.rearm(X4U_MAC); // the other tests fetch it with the site credential
    }

    @Test
    void aDisplayNameWithXmlSpecialCharactersIsEscapedAndReadsBackIntact() {
        HttpResponse<String> r = fetch(X4U_MAC + ".cfg", X4U_UA);
        assertThat(r.body()).contains("<DisplayName>Zoë &amp; &lt;Ops&gt; &quot;Desk&quot; ü</DisplayName>");
        assertThat(line(XmlDoc.parse(r.body()), 2, "DisplayName")).isEqualTo(TRICKY_NAME);
    }

    @Test
    void aMacFileFetchedWithoutUserAgentIsAnsweredAsFanvilBecauseTheInventorySaysSo() {
        // Fanvil's OUI already tips the score...
        XmlDoc byOui = fetchXml(X4U_MAC + ".cfg", null);
        assertThat(line(byOui, 1, "PhoneNumber")).isEqualTo(lines(X4U_MAC).get(0).extension());
        // ...and without it Yealink and Fanvil tie on the name; the inventory's vendor decides.
        XmlDoc byInventory = fetchXml(REBADGED_MAC + ".cfg", null);
        assertThat(line(byInventory, 1, "DisplayName")).isEqualTo("Carla");
        assertThat(byInventory.count("/sysConf/sip/line")).as("the X3U has 6 lines").isEqualTo(6);
    }

    @Test
    void theX7GetsItsOwnFileWithTwentyLines() {
        XmlDoc doc = fetchXml("0c383e7a8b9c.cfg", X7_UA);
        assertThat(line(doc, 1, "DisplayName")).isEqualTo("Bruno");
        assertThat(doc.count("/sysConf/sip/line")).isEqualTo(20);
        server.flushRecords();
        var d = server.server().inventory().devices().findByMac(Mac.parse("0c383e7a8b9c")).orElseThrow();
        assertThat(d.reportedModel()).isEqualTo("X7");
        assertThat(d.reportedFirmware()).isEqualTo("2.12.16.17");
    }

    @Test
    void eachModelsCommonFileIsServedWithoutCredentialsAndCarriesNoSecret() {
        for (String[] c : new String[][] {{"F0V00X4U0000.cfg", X4U_UA, "X4U"}, {"F0V00X700000.cfg", X7_UA, "X7"},
                {"F0V00X3U0000.cfg", null, "X3U"}, {"F0V00X6U0000.cfg", null, "X6U"}}) {
            HttpResponse<String> r = server.get(c[0], c[1]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(200);
            assertThat(r.body()).contains("Phonehome common settings for Fanvil " + c[2] + ".");
            XmlDoc doc = XmlDoc.parse(r.body());
            assertThat(doc.text("/sysConf/ap/FlashServerIP")).isEqualTo("https://127.0.0.1:" + server.server().httpsPort());
            assertThat(doc.text("/sysConf/ap/FlashProtocol")).isEqualTo("5");
            assertThat(doc.has("//DefaultPassword")).as(c[0]).isFalse();
            assertThat(doc.has("//RegisterPswd")).as(c[0]).isFalse();
            assertThat(doc.has("/sysConf/web")).as(c[0]).isFalse();
        }
        assertThat(server.get("F0V00X9Z0000.cfg", X4U_UA).statusCode()).isEqualTo(404);
    }

    @Test
    void wrongCredentialsGetAChallengeAgain() {
        HttpResponse<String> r = server.getWithDigest(X4U_MAC + ".cfg", X4U_UA, SITE_USER, "not-the-password");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(r.body()).doesNotContain("RegisterPswd");
    }

    @Test
    void aUserAgentMacThatIsNotThePathMacIsRefused() {
        HttpResponse<String> r = server.getWithDigest(X4U_MAC + ".cfg", X7_UA, SITE_USER, SITE_PASSWORD);
        assertThat(r.statusCode()).isEqualTo(400);
    }
}
