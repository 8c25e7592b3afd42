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

/** Grandstream phones fetching their files over real HTTPS with real User-Agents, parsed as XML. */
class GrandstreamProvisioningIT {
    static final String GXP2170_UA = "Grandstream Model HW GXP2170 SW 1.0.11.79 DevId c074ad2b3c4d";
    static final String GXP2135_UA = "Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa872";
    /** Newer firmware: DevId with colons in upper case. */
    static final String GRP2616_UA = "Grandstream Model HW GRP2616 SW 1.0.11.3 DevId EC:74:D7:89:1A:76";
    static final String SITE_USER = "site-zh";
    static final String SITE_PASSWORD = "site-secret-zurich-42";
    static final String TRICKY_NAME = "Zoë & <Ops> \"Desk\" ü";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
        server.createSite(new SiteSpec("Zurich HQ", "Europe/Zurich", List.of("ntp1.example.ch", "ntp2.example.ch"), "de", null, null,
                null, 1440, null, "syslog.example.ch:5514", AuthMethod.DEFAULT, List.of(), SITE_USER, SITE_PASSWORD, 0));
        ImportReport r = server.importCsv("""
                mac,model,serial,site,extension,display_name,transport,srtp,line
                c0:74:ad:2b:3c:4d,GXP2170,SN-2170,Zurich HQ,,Anna Muster,,,1
                c0:74:ad:2b:3c:4d,GXP2170,SN-2170,Zurich HQ,,"Zoë & <Ops> ""Desk"" ü",tls,mandatory,2
                000b828aa872,GXP2135,SN-2135,Zurich HQ,,Bruno,,
                ec:74:d7:89:1a:76,GRP2616,SN-2616,Zurich HQ,,Carla,,
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
        assertThat(doc.root()).isEqualTo("gs_provision");
        return doc;
    }

    static String p(XmlDoc doc, String pvalue) {
        return doc.text("/gs_provision/config/" + pvalue);
    }

    static List<Line> lines(String mac) {
        return server.lines(mac);
    }

    @Test
    void eachLineGoesIntoItsAccountsPValuesAndUnusedAccountsAreOff() {
        XmlDoc doc = fetchXml("cfgc074ad2b3c4d.xml", GXP2170_UA);
        List<Line> lines = lines("c074ad2b3c4d");
        assertThat(lines).hasSize(2);
        assertThat(doc.text("/gs_provision/mac")).isEqualTo("c074ad2b3c4d");
        // account 1: UDP on Phonehome's registrar, no SRTP
        assertThat(p(doc, "P271")).isEqualTo("1");
        assertThat(p(doc, "P35")).isEqualTo(lines.get(0).extension());
        assertThat(p(doc, "P36")).isEqualTo(lines.get(0).authUser());
        assertThat(p(doc, "P34")).isEqualTo(lines.get(0).password());
        assertThat(p(doc, "P3")).isEqualTo("Anna Muster");
        assertThat(p(doc, "P270")).isEqualTo(lines.get(0).extension());
        assertThat(p(doc, "P47")).isEqualTo("127.0.0.1:5060");
        assertThat(p(doc, "P130")).isEqualTo("0");
        assertThat(p(doc, "P183")).isEqualTo("0");
        assertThat(p(doc, "P31")).isEqualTo("1");
        assertThat(p(doc, "P32")).as("register expiry in minutes").isEqualTo("10");
        assertThat(p(doc, "P26015")).as("Allow SIP Reset").isEqualTo("1");
        assertThat(p(doc, "P2347")).as("accept SIP from the proxy only").isEqualTo("1");
        // account 2: TLS with mandatory SRTP, in the P4xx block
        assertThat(p(doc, "P401")).isEqualTo("1");
        assertThat(p(doc, "P404")).isEqualTo(lines.get(1).extension());
        assertThat(p(doc, "P405")).isEqualTo(lines.get(1).authUser());
        assertThat(p(doc, "P406")).isEqualTo(lines.get(1).password());
        assertThat(p(doc, "P402")).isEqualTo("127.0.0.1:5061");
        assertThat(p(doc, "P448")).isEqualTo("2");
        assertThat(p(doc, "P443")).isEqualTo("2");
        assertThat(p(doc, "P412")).isEqualTo("10");
        assertThat(p(doc, "P26115")).isEqualTo("1");
        // the GXP2170 has six accounts: 3 to 6 are switched off
        assertThat(p(doc, "P501")).isEqualTo("0");
        assertThat(p(doc, "P601")).isEqualTo("0");
        assertThat(p(doc, "P1701")).isEqualTo("0");
        assertThat(p(doc, "P1801")).isEqualTo("0");
    }

    @Test
    void aModelWithFourAccountsSwitchesOffOnlyItsOwn() {
        XmlDoc doc = fetchXml("cfg000b828aa872.xml", GXP2135_UA);
        assertThat(p(doc, "P271")).isEqualTo("1");
        assertThat(p(doc, "P3")).isEqualTo("Bruno");
        assertThat(p(doc, "P401")).isEqualTo("0");
        assertThat(p(doc, "P501")).isEqualTo("0");
        assertThat(p(doc, "P601")).isEqualTo("0");
        assertThat(doc.has("/gs_provision/config/P1701")).isFalse();
    }

    @Test
    void zurichTimeIsAnExplicitPosixRuleWithTheSitesNtpAndLanguage() {
        XmlDoc doc = fetchXml("cfgc074ad2b3c4d.xml", GXP2170_UA);
        assertThat(p(doc, "P64")).isEqualTo("customize");
        assertThat(p(doc, "P246")).isEqualTo("CET-1CEST-2,M3.5.0/02:00:00,M10.5.0/03:00:00");
        assertThat(p(doc, "P143")).as("DHCP option 2 may not override").isEqualTo("0");
        assertThat(p(doc, "P30")).isEqualTo("ntp1.example.ch");
        assertThat(p(doc, "P8333")).isEqualTo("ntp2.example.ch");
        assertThat(p(doc, "P1362")).isEqualTo("de");
    }

    @Test
    void provisioningPointsBackHereOverHttpsWithTheDevicesOwnCredentialsWhichThenWork() {
        XmlDoc doc = fetchXml("cfgc074ad2b3c4d.xml", GXP2170_UA);
        assertThat(p(doc, "P212")).as("HTTPS").isEqualTo("2");
        assertThat(p(doc, "P237")).as("no scheme").isEqualTo("127.0.0.1:" + server.server().httpsPort());
        assertThat(p(doc, "P1360")).isEqualTo("c074ad2b3c4d");
        String own = p(doc, "P1361");
        assertThat(own).hasSizeGreaterThan(15).isNotEqualTo(SITE_PASSWORD);
        assertThat(p(doc, "P194")).isEqualTo("1");
        assertThat(p(doc, "P193")).isEqualTo("1440");
        assertThat(p(doc, "P238")).as("no firmware target: skip the check").isEqualTo("2");
        assertThat(p(doc, "P2")).hasSizeGreaterThanOrEqualTo(8);
        assertThat(p(doc, "P207")).isEqualTo("syslog.example.ch:5514");
        HttpResponse<String> again = server.getWithDigest("cfgc074ad2b3c4d.xml", GXP2170_UA, "c074ad2b3c4d", own);
        assertThat(again.statusCode()).isEqualTo(200);
        server.rearm("c074ad2b3c4d"); // the other tests fetch it with the site credential
    }

    @Test
    void firmwareThatAddsTheGrandstreamDirectoryIsServedAndNotSentDeeper() {
        XmlDoc doc = fetchXml("Grandstream/cfgc074ad2b3c4d.xml", GXP2170_UA);
        assertThat(p(doc, "P237")).isEqualTo("127.0.0.1:" + server.server().httpsPort());
        assertThat(p(doc, "P35")).isEqualTo(lines("c074ad2b3c4d").get(0).extension());
    }

    @Test
    void aDisplayNameWithXmlSpecialCharactersIsEscapedAndReadsBackIntact() {
        HttpResponse<String> r = fetch("cfgc074ad2b3c4d.xml", GXP2170_UA);
        assertThat(r.body()).contains("<P407>Zoë &amp; &lt;Ops&gt; &quot;Desk&quot; ü</P407>");
        assertThat(p(XmlDoc.parse(r.body()), "P407")).isEqualTo(TRICKY_NAME);
    }

    @Test
    void newerFirmwareWithAColonDevIdFetchesItsOwnFileAndIsRecorded() {
        XmlDoc doc = fetchXml("cfgec74d7891a76.xml", GRP2616_UA);
        assertThat(p(doc, "P3")).isEqualTo("Carla");
        assertThat(p(doc, "P1701")).isEqualTo("0");
        server.flushRecords();
        var d = server.server().inventory().devices().findByMac(Mac.parse("ec74d7891a76")).orElseThrow();
        assertThat(d.reportedModel()).isEqualTo("GRP2616");
        assertThat(d.reportedFirmware()).isEqualTo("1.0.11.3");
    }

    @Test
    void modelAndVendorCommonFilesAreServedWithoutCredentialsAndCarryNoSecret() {
        for (String[] c : new String[][] {{"cfggxp2170.xml", GXP2170_UA, "GXP2170"}, {"cfg.xml", GRP2616_UA, "GRP2616"}, {"cfg.xml", null, ""}}) {
            HttpResponse<String> r = server.get(c[0], c[1]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(200);
            assertThat(r.body()).contains("Phonehome common settings for Grandstream" + (c[2].isEmpty() ? "." : " " + c[2] + "."));
            XmlDoc doc = XmlDoc.parse(r.body());
            assertThat(p(doc, "P237")).isEqualTo("127.0.0.1:" + server.server().httpsPort());
            assertThat(p(doc, "P212")).isEqualTo("2");
            for (String secret : new String[] {"P34", "P1360", "P1361", "P2"}) {
                assertThat(doc.has("/gs_provision/config/" + secret)).as(c[0] + " " + secret).isFalse();
            }
        }
        assertThat(server.get("cfggxv3350.xml", GXP2170_UA).statusCode()).as("a model outside the catalog").isEqualTo(404);
    }

    @Test
    void theLegacyBinaryFileIsNotServedSoThePhoneMovesOnToTheXml() {
        assertThat(server.get("cfgc074ad2b3c4d", GXP2170_UA).statusCode()).isEqualTo(404);
    }

    @Test
    void wrongCredentialsGetAChallengeAgain() {
        HttpResponse<String> r = server.getWithDigest("cfgc074ad2b3c4d.xml", GXP2170_UA, SITE_USER, "not-the-password");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(r.body()).doesNotContain("P34");
    }

    @Test
    void aUserAgentMacThatIsNotThePathMacIsRefused() {
        HttpResponse<String> r = server.getWithDigest("cfgc074ad2b3c4d.xml", GXP2135_UA, SITE_USER, SITE_PASSWORD);
        assertThat(r.statusCode()).isEqualTo(400);
    }
}
