package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.AuthMethod;
import io.phonehome.inventory.ImportReport;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.SiteSpec;
import io.phonehome.testing.TestServer;
import io.phonehome.testing.XmlDoc;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Grandstream DP750 DECT base imported from a delivery note with three lines on three handsets
 * (one line shared by two), fetching cfg&lt;mac&gt;.xml over real HTTPS. The User-Agent has the shape
 * every Grandstream firmware sends (wazo-provd's {@code wazo_grandstream/common/common.py} regex).
 */
class GrandstreamDectProvisioningIT {
    static final String MAC = "000b82a1b2c3";
    static final String UA = "Grandstream Model HW DP750 SW 1.0.3.37 DevId 000b82a1b2c3";
    static final String SITE_USER = "site-zh";
    static final String SITE_PASSWORD = "site-secret-zurich-42";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
        server.createSite(new SiteSpec("Zurich HQ", "Europe/Zurich", List.of("ntp1.example.ch"), "de", null, null,
                null, 1440, null, null, AuthMethod.DEFAULT, List.of(), SITE_USER, SITE_PASSWORD, 0));
        ImportReport r = server.importCsv("""
                mac,model,serial,site,extension,display_name,handset,handset_name
                00:0b:82:a1:b2:c3,DP750,SN-750,Zurich HQ,401,Reception,1,Front desk
                00:0b:82:a1:b2:c3,DP750,SN-750,Zurich HQ,402,Store,2,Store
                00:0b:82:a1:b2:c3,DP750,SN-750,Zurich HQ,403,Night,1,
                00:0b:82:a1:b2:c3,DP750,SN-750,Zurich HQ,403,Night,3,Yard
                """);
        assertThat(r.errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String p(XmlDoc doc, String pvalue) {
        return doc.text("/gs_provision/config/" + pvalue);
    }

    @Test
    void eachHandsetGetsItsLinesInItsSlotsAndTheAccountsTheirCredentials() {
        HttpResponse<String> r = server.fetchOk("cfg" + MAC + ".xml", UA, SITE_USER, SITE_PASSWORD);
        XmlDoc doc = XmlDoc.parse(r.body());
        assertThat(doc.root()).isEqualTo("gs_provision");
        List<Line> lines = server.lines(MAC);
        assertThat(lines).extracting(Line::extension).containsExactly("401", "402", "403");
        for (Line l : lines) {
            int n = l.position() - 1;
            assertThat(p(doc, "P" + (4060 + n))).isEqualTo(l.extension());
            assertThat(p(doc, "P" + (4090 + n))).isEqualTo(l.authUser());
            assertThat(p(doc, "P" + (4120 + n))).isEqualTo(l.password());
            assertThat(p(doc, "P" + (4595 + n))).isEqualTo("1");
        }
        assertThat(p(doc, "P4598")).as("account 4 off").isEqualTo("0");
        assertThat(p(doc, "P47")).isEqualTo("127.0.0.1:5060");
        // handset 1: lines 1 and 3; handset 2: line 2; handset 3: line 3
        assertThat(p(doc, "P4300")).isEqualTo("1");
        assertThat(p(doc, "P4301")).isEqualTo("3");
        assertThat(p(doc, "P4302")).isEqualTo("0");
        assertThat(p(doc, "P4310")).isEqualTo("2");
        assertThat(p(doc, "P4311")).isEqualTo("0");
        assertThat(p(doc, "P4320")).isEqualTo("3");
        assertThat(p(doc, "P27020")).isEqualTo("Front desk");
        assertThat(p(doc, "P27022")).isEqualTo("Yard");
        // line 1 rings handset 1 only, line 3 both its handsets
        assertThat(p(doc, "P27080")).isEqualTo("1");
        assertThat(p(doc, "P27081")).isEqualTo("2");
        assertThat(p(doc, "P27082")).isEqualTo("103");
        assertThat(p(doc, "P238")).as("no firmware target: skip the check").isEqualTo("2");
        assertThat(p(doc, "P194")).isEqualTo("3");
    }
}
