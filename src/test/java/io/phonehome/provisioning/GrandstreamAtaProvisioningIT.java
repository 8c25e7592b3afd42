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

/**
 * Grandstream HT8xx analog adapters fetching cfg&lt;mac&gt;.xml over real HTTPS: an HT814 whose four FXS
 * ports are four imported lines, an HT802 with its second port in the P7xx profile. The
 * User-Agents have the shape wazo-provd's Grandstream ATA plug-in documents
 * ({@code plugins/wazo_grandstream/common_ata/common.py}: "Grandstream Model HW HT801 V1.1A SW
 * 1.0.17.5 DevId c074ad273a10").
 */
class GrandstreamAtaProvisioningIT {
    static final String HT814_MAC = "c074ad8a1b2c";
    static final String HT814_UA = "Grandstream Model HW HT814 V1.0A SW 1.0.63.3 DevId c074ad8a1b2c";
    static final String HT802_MAC = "ec74d763e419";
    static final String HT802_UA = "Grandstream Model HW HT802 V2.0A SW 1.0.63.3 DevId ec74d763e419";
    static final String SITE_USER = "site-zh";
    static final String SITE_PASSWORD = "site-secret-zurich-42";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
        server.createSite(new SiteSpec("Zurich HQ", "Europe/Zurich", List.of("ntp1.example.ch"), "de", null, null,
                null, 1440, null, null, AuthMethod.DEFAULT, List.of(), SITE_USER, SITE_PASSWORD, 0));
        ImportReport r = server.importCsv("""
                mac,model,serial,site,line,extension,display_name,transport,srtp
                c0:74:ad:8a:1b:2c,HT814,SN-814,Zurich HQ,1,,Fax,,
                c0:74:ad:8a:1b:2c,HT814,SN-814,Zurich HQ,2,,Lift,,
                c0:74:ad:8a:1b:2c,HT814,SN-814,Zurich HQ,3,,"Door & <Gate>",,
                c0:74:ad:8a:1b:2c,HT814,SN-814,Zurich HQ,4,,Alarm,,
                ec:74:d7:63:e4:19,HT802,SN-802,Zurich HQ,1,,Kitchen,,
                ec:74:d7:63:e4:19,HT802,SN-802,Zurich HQ,2,,Garage,tls,mandatory
                """);
        assertThat(r.errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static XmlDoc fetchXml(String path, String ua) {
        HttpResponse<String> r = server.fetchOk(path, ua, SITE_USER, SITE_PASSWORD);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/xml"));
        XmlDoc doc = XmlDoc.parse(r.body());
        assertThat(doc.root()).isEqualTo("gs_provision");
        return doc;
    }

    static String p(XmlDoc doc, String pvalue) {
        return doc.text("/gs_provision/config/" + pvalue);
    }

    @Test
    void eachOfTheFourPortsOfAnHt814CarriesItsOwnLineOnProfileOne() {
        XmlDoc doc = fetchXml("cfg" + HT814_MAC + ".xml", HT814_UA);
        List<Line> lines = server.lines(HT814_MAC);
        assertThat(lines).hasSize(4);
        assertThat(doc.text("/gs_provision/mac")).isEqualTo(HT814_MAC);
        String[] names = {"Fax", "Lift", "Door & <Gate>", "Alarm"};
        for (Line l : lines) {
            int n = l.position() - 1;
            assertThat(p(doc, "P" + (4060 + n))).as("port %d user id", l.position()).isEqualTo(l.extension());
            assertThat(p(doc, "P" + (4090 + n))).as("port %d auth id", l.position()).isEqualTo(l.authUser());
            assertThat(p(doc, "P" + (4120 + n))).as("port %d password", l.position()).isEqualTo(l.password());
            assertThat(p(doc, "P" + (4180 + n))).as("port %d name", l.position()).isEqualTo(names[n]);
            assertThat(p(doc, "P" + (4595 + n))).as("port %d enabled", l.position()).isEqualTo("1");
            assertThat(p(doc, "P" + (4150 + n))).as("port %d on profile 1", l.position()).isEqualTo("0");
        }
        // the four passwords are the four lines' own, never one shared secret
        assertThat(lines).extracting(Line::password).doesNotHaveDuplicates();
        assertThat(p(doc, "P271")).isEqualTo("1");
        assertThat(p(doc, "P47")).isEqualTo("127.0.0.1:5060");
        assertThat(p(doc, "P130")).isEqualTo("0");
        assertThat(p(doc, "P32")).as("minutes").isEqualTo("10");
        assertThat(p(doc, "P401")).as("profile 2 off").isEqualTo("0");
        assertThat(p(doc, "P26015")).as("no factory reset by NOTIFY").isEqualTo("0");
        assertThat(p(doc, "P194")).isEqualTo("3");
        assertThat(p(doc, "P212")).isEqualTo("2");
        assertThat(p(doc, "P237")).isEqualTo("127.0.0.1:" + server.server().httpsPort());
        assertThat(p(doc, "P1360")).isEqualTo(HT814_MAC);
        assertThat(doc.has("/gs_provision/config/P35")).as("no desk account block").isFalse();
    }

    @Test
    void theSecondPortOfAnHt802IsItsP7xxProfileWithItsOwnTransport() {
        XmlDoc doc = fetchXml("cfg" + HT802_MAC + ".xml", HT802_UA);
        List<Line> lines = server.lines(HT802_MAC);
        assertThat(p(doc, "P35")).isEqualTo(lines.get(0).extension());
        assertThat(p(doc, "P34")).isEqualTo(lines.get(0).password());
        assertThat(p(doc, "P3")).isEqualTo("Kitchen");
        assertThat(p(doc, "P47")).isEqualTo("127.0.0.1:5060");
        assertThat(p(doc, "P401")).isEqualTo("1");
        assertThat(p(doc, "P735")).isEqualTo(lines.get(1).extension());
        assertThat(p(doc, "P736")).isEqualTo(lines.get(1).authUser());
        assertThat(p(doc, "P734")).isEqualTo(lines.get(1).password());
        assertThat(p(doc, "P703")).isEqualTo("Garage");
        assertThat(p(doc, "P747")).isEqualTo("127.0.0.1:5061");
        assertThat(p(doc, "P830")).isEqualTo("2");
        assertThat(p(doc, "P443")).isEqualTo("2");
        assertThat(doc.has("/gs_provision/config/P402")).isFalse();
    }

    @Test
    void theAdapterIsRecordedWithTheModelAndFirmwareItsUserAgentReports() {
        fetchXml("cfg" + HT814_MAC + ".xml", HT814_UA);
        server.flushRecords();
        var d = server.server().inventory().devices().findByMac(Mac.parse(HT814_MAC)).orElseThrow();
        assertThat(d.reportedModel()).isEqualTo("HT814");
        assertThat(d.reportedFirmware()).isEqualTo("1.0.63.3");
    }

    @Test
    void theModelsCommonFileHasNoSecretAndNoDeskOnlyFirmwareProtocol() {
        HttpResponse<String> r = server.get("cfght814.xml", HT814_UA);
        assertThat(r.statusCode()).isEqualTo(200);
        XmlDoc doc = XmlDoc.parse(r.body());
        assertThat(p(doc, "P237")).isEqualTo("127.0.0.1:" + server.server().httpsPort());
        for (String secret : new String[] {"P34", "P4120", "P1360", "P1361", "P2"}) {
            assertThat(doc.has("/gs_provision/config/" + secret)).as(secret).isFalse();
        }
    }

    @Test
    void anotherAdaptersUserAgentIsRefusedAndWrongCredentialsAreChallenged() {
        assertThat(server.getWithDigest("cfg" + HT814_MAC + ".xml", HT802_UA, SITE_USER, SITE_PASSWORD).statusCode()).isEqualTo(400);
        HttpResponse<String> wrong = server.getWithDigest("cfg" + HT814_MAC + ".xml", HT814_UA, SITE_USER, "not-the-password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("P4120");
    }
}
