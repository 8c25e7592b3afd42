package io.phonehome.phones.grandstream;

import io.phonehome.phones.VendorRegistry;
import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.Srtp;
import io.phonehome.inventory.SupportedModels;
import io.phonehome.inventory.Transport;
import io.phonehome.testing.TestConfigModel;
import io.phonehome.testing.TestRender;
import io.phonehome.testing.XmlDoc;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The stock Grandstream templates rendered from hand-built models, parsed as XML. */
class GrandstreamTemplatesTest {
    final GrandstreamPlugin plugin = new GrandstreamPlugin(VendorRegistry.builtIn().models());

    XmlDoc render(String template, io.phonehome.phones.ConfigModel model, Map<String, Object> extra) {
        XmlDoc doc = XmlDoc.parse(TestRender.render(plugin, template, model, "cfgc074ad2b3c4d.xml", extra));
        assertThat(doc.root()).isEqualTo("gs_provision");
        return doc;
    }

    static String p(XmlDoc doc, String pvalue) {
        return doc.text("/gs_provision/config/" + pvalue);
    }

    @Test
    void accountFiveUsesItsOwnBlockAndTheOthersAreSwitchedOff() {
        XmlDoc doc = render("cfgmac.xml.ftlx", TestConfigModel.of("grandstream", "GXP2170", "c074ad2b3c4d")
                .lineWithBackup(1, "200", "backup.example.com")
                .line(5, "204", "Five", Transport.TLS, Srtp.MANDATORY).build(), Map.of());
        assertThat(doc.text("/gs_provision/mac")).isEqualTo("c074ad2b3c4d");
        assertThat(doc.text("/gs_provision/config/@version")).isEqualTo("1");
        assertThat(p(doc, "P271")).isEqualTo("1");
        assertThat(p(doc, "P270")).isEqualTo("Label 200");
        assertThat(p(doc, "P3")).isEqualTo("Line 200");
        assertThat(p(doc, "P47")).isEqualTo("prov.example.com:5060");
        assertThat(p(doc, "P2312")).isEqualTo("backup.example.com:5070");
        assertThat(p(doc, "P32")).isEqualTo("10"); // 600 s in minutes
        assertThat(p(doc, "P1701")).isEqualTo("1");
        assertThat(p(doc, "P1702")).isEqualTo("prov.example.com:5061");
        assertThat(p(doc, "P1704")).isEqualTo("204");
        assertThat(p(doc, "P1705")).isEqualTo("u204");
        assertThat(p(doc, "P1706")).isEqualTo("pw-204");
        assertThat(p(doc, "P1707")).isEqualTo("Five");
        assertThat(p(doc, "P1717")).isEqualTo("204"); // label defaults to the extension
        assertThat(p(doc, "P1712")).isEqualTo("10");
        assertThat(p(doc, "P1748")).isEqualTo("2"); // TLS
        assertThat(p(doc, "P1743")).isEqualTo("2"); // SRTP enabled and forced
        assertThat(p(doc, "P2712")).isEmpty();
        assertThat(p(doc, "P26415")).isEqualTo("1");
        assertThat(p(doc, "P2747")).isEqualTo("1");
        for (String off : new String[] {"P401", "P501", "P601", "P1801"}) {
            assertThat(p(doc, off)).as(off).isEqualTo("0");
        }
        assertThat(doc.has("/gs_provision/config/P402")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"GXP2135, 4", "GXP2170, 6", "GRP2614, 4", "GRP2616, 6"})
    void everyModelRendersExactlyItsAccounts(String model, int accounts) {
        XmlDoc doc = render("cfgmac.xml.ftlx", TestConfigModel.of("grandstream", model, "c074ad2b3c4d")
                .line(1, "200", "Anna", Transport.UDP, Srtp.OFF).build(), Map.of());
        String[] active = {"P271", "P401", "P501", "P601", "P1701", "P1801"};
        for (int i = 0; i < active.length; i++) {
            assertThat(doc.has("/gs_provision/config/" + active[i])).as(model + " account " + (i + 1)).isEqualTo(i < accounts);
        }
    }

    @Test
    void firmwareTargetSyslogAndRecheckAreWritten() {
        XmlDoc doc = render("cfgmac.xml.ftlx", TestConfigModel.of("grandstream", "GXP2135", "c074ad2b3c4d")
                .line(1, "200", "Anna", Transport.UDP, Srtp.OFF).syslog("syslog.example.ch", 5514)
                .firmware("1.0.11.79", "https://prov.example.com:8443/firmware/grandstream/gxp2135fw.bin").build(), Map.of());
        assertThat(p(doc, "P6767")).isEqualTo("2");
        assertThat(p(doc, "P192")).isEqualTo("prov.example.com:8443/firmware/grandstream");
        assertThat(p(doc, "P238")).isEqualTo("0");
        assertThat(p(doc, "P207")).isEqualTo("syslog.example.ch:5514");
        assertThat(p(doc, "P208")).isEqualTo("2");
        assertThat(p(doc, "P194")).isEqualTo("1");
        assertThat(p(doc, "P193")).isEqualTo("1440");
        assertThat(p(doc, "P2")).isEqualTo("admin-Secret-42");
        assertThat(p(doc, "P30")).isEqualTo("ntp1.example.ch");
        assertThat(p(doc, "P8333")).isEqualTo("ntp2.example.ch");
    }

    @Test
    void withoutFirmwareTargetTheFirmwareCheckIsSkippedAndSyslogCleared() {
        XmlDoc doc = render("cfgmac.xml.ftlx", TestConfigModel.of("grandstream", "GXP2135", "c074ad2b3c4d")
                .line(1, "200", "Anna", Transport.UDP, Srtp.OFF).build(), Map.of());
        assertThat(p(doc, "P238")).isEqualTo("2");
        assertThat(doc.has("/gs_provision/config/P192")).isFalse();
        assertThat(p(doc, "P207")).isEmpty();
        assertThat(p(doc, "P208")).isEqualTo("0");
    }

    @Test
    void commonFileCarriesTheProvisioningPathAndNoSecret() {
        String text = TestRender.render(plugin, "common.xml.ftlx", TestConfigModel.of("grandstream", "GXP2170", "c074ad2b3c4d").buildCommon(),
                "cfggxp2170.xml");
        XmlDoc doc = XmlDoc.parse(text);
        assertThat(p(doc, "P237")).isEqualTo("prov.example.com:8443");
        assertThat(p(doc, "P212")).isEqualTo("2");
        assertThat(doc.has("/gs_provision/mac")).isFalse();
        for (String secret : new String[] {"P34", "P1360", "P1361", "P2"}) {
            assertThat(doc.has("/gs_provision/config/" + secret)).as(secret).isFalse();
        }
    }

    @Test
    void redirectPointsThePhoneAtTheOtherServerWithItsCredentials() {
        var model = TestConfigModel.of("grandstream", "GXP2170", "c074ad2b3c4d").line(1, "200", "Anna", Transport.UDP, Srtp.OFF).build();
        XmlDoc doc = render("redirect.xml.ftlx", model,
                Map.of("redirect", Map.of("url", "https://other.example.net/gs/", "username", "rps-user", "password", "rps&pass")));
        assertThat(doc.text("/gs_provision/mac")).isEqualTo("c074ad2b3c4d");
        assertThat(p(doc, "P237")).isEqualTo("other.example.net/gs");
        assertThat(p(doc, "P212")).isEqualTo("2");
        assertThat(p(doc, "P1360")).isEqualTo("rps-user");
        assertThat(p(doc, "P1361")).isEqualTo("rps&pass");
        assertThat(doc.has("/gs_provision/config/P34")).isFalse(); // the SIP lines stay out of a redirect

        XmlDoc plain = render("redirect.xml.ftlx", model, Map.of("redirect", Map.of("url", "http://10.1.2.3:8080/")));
        assertThat(p(plain, "P237")).isEqualTo("10.1.2.3:8080");
        assertThat(p(plain, "P212")).isEqualTo("1");
        assertThat(p(plain, "P1360")).isEmpty();
    }
}
