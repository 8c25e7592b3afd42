package io.phonehome.phones.snom;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.Mac;
import io.phonehome.inventory.Srtp;
import io.phonehome.inventory.Transport;
import io.phonehome.testing.SnomXml;
import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.TemplateRenderer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The stock Snom templates rendered with the real (locked-down) renderer from a hand-built model,
 * for the cases the integration test cannot reach through the server: a firmware target, syslog,
 * SRTP and TLS lines, a zone without DST, the redirect form.
 */
class SnomTemplatesTest {
    static final TemplateRenderer RENDERER = new TemplateRenderer(Path.of("templates"), 0);
    static final Mac MAC = Mac.parse("000413b4c0d1");
    final SnomPlugin plugin = new SnomPlugin();

    String render(String template, ConfigModel cm, Map<String, Object> extra) {
        Map<String, Object> data = cm.toTemplateData();
        data.put("vendor", plugin.vendorValues(cm));
        data.put("request", Map.of("file", "test"));
        data.putAll(extra);
        return RENDERER.render("snom", template, MAC.hex(), cm.model().name(), data);
    }

    static ConfigModel withFirmware(ConfigModel cm, ConfigModel.FirmwareInfo fw) {
        return new ConfigModel(cm.device(), cm.model(), cm.site(), cm.timeZone(), cm.lines(), cm.handsets(), cm.provisioning(), fw,
                cm.server());
    }

    @Test
    void tlsLinesWithMandatorySrtpAndTheirTransport() {
        ConfigModel cm = SnomPluginTest.model(MAC, "D315", 4, List.of(SnomPluginTest.line(1)), "Europe/Zurich", "fr", null, null, 1440);
        Map<String, String> s = SnomXml.phoneSettings(render("mac.xml.ftlx", cm, Map.of()));
        assertThat(s).containsEntry("user_active[1]", "on")
                .containsEntry("user_host[1]", "pbx.example.net")
                .containsEntry("user_outbound[1]", "pbx.example.net:5061;transport=tls")
                .containsEntry("user_srtp[1]", "on")
                .containsEntry("user_savp[1]", "mandatory")
                .containsEntry("user_expiry[1]", "600")
                .containsEntry("user_idle_text[1]", "201")
                .containsEntry("language", "Francais")
                .containsEntry("settings_refresh_timer", "86400");
        for (int i = 2; i <= 4; i++) {
            assertThat(s).containsEntry("user_active[" + i + "]", "off").containsEntry("user_pass[" + i + "]", "");
        }
        assertThat(s).doesNotContainKey("user_active[5]");
    }

    @Test
    void timezoneComesBeforeTheExplicitOffsetAndRuleSoNoTableEntryCanOverrideThem() {
        ConfigModel cm = SnomPluginTest.model(MAC, "D785", 12, List.of(), "Europe/Zurich", "de", null, null, 0);
        List<String> order = SnomXml.settingOrder(render("mac.xml.ftlx", cm, Map.of()));
        assertThat(order.indexOf("timezone")).isLessThan(order.indexOf("utc_offset"));
        assertThat(order.indexOf("utc_offset")).isLessThan(order.indexOf("dst"));
    }

    @Test
    void aZoneWithoutDaylightSavingGetsAnEmptyRule() {
        ConfigModel cm = SnomPluginTest.model(MAC, "D785", 12, List.of(), "Asia/Kolkata", "en", null, null, 0);
        Map<String, String> s = SnomXml.phoneSettings(render("mac.xml.ftlx", cm, Map.of()));
        assertThat(s).containsEntry("timezone", "IND+5.5").containsEntry("utc_offset", "19800").containsEntry("dst", "")
                .containsEntry("settings_refresh_timer", "0").containsEntry("syslog_server", "");
    }

    @Test
    void syslogServerWithItsPort() {
        ConfigModel cm = SnomPluginTest.model(MAC, "D785", 12, List.of(), "Europe/Zurich", "en", "logs.example.net", 5514, 60);
        assertThat(SnomXml.phoneSettings(render("mac.xml.ftlx", cm, Map.of()))).containsEntry("syslog_server", "logs.example.net:5514");
    }

    @Test
    void firmwareTargetIsAFirmwareFileNamedByFirmwareStatus() {
        ConfigModel cm = withFirmware(SnomPluginTest.model(MAC, "D865", 12, List.of(), "Europe/Zurich", "en", null, null, 60),
                new ConfigModel.FirmwareInfo("10.1.184.15", "https://prov.example.net:8443/firmware/snomD865-10.1.184.15-SIP-r.swu?a=1&b=2"));
        Map<String, String> s = SnomXml.phoneSettings(render("mac.xml.ftlx", cm, Map.of()));
        assertThat(s).containsEntry("firmware_status", "https://prov.example.net:8443/snomD865-000413B4C0D1-firmware.xml")
                .containsEntry("update_policy", "auto_update");
        Element root = SnomXml.parse(render("firmware.xml.ftlx", cm, Map.of())).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("firmware-settings");
        List<Element> fw = SnomXml.children(root, "firmware");
        assertThat(fw).hasSize(1);
        assertThat(fw.get(0).getTextContent()).isEqualTo("https://prov.example.net:8443/firmware/snomD865-10.1.184.15-SIP-r.swu?a=1&b=2");
    }

    @Test
    void withoutFirmwareTargetTheFirmwareStatusIsClearedAndTheFileIsEmpty() {
        ConfigModel cm = SnomPluginTest.model(MAC, "D865", 12, List.of(), "Europe/Zurich", "en", null, null, 60);
        assertThat(SnomXml.phoneSettings(render("mac.xml.ftlx", cm, Map.of()))).containsEntry("firmware_status", "");
        Element root = SnomXml.parse(render("firmware.xml.ftlx", cm, Map.of())).getDocumentElement();
        assertThat(SnomXml.children(root, null)).isEmpty();
    }

    @Test
    void namesThatLookLikeMarkupAreEscapedAndReadBackIdentically() {
        String name = "Zürich & Co <Empfang> \"Front\" 'Desk' --";
        ConfigModel.LineInfo l = new ConfigModel.LineInfo(1, "200", name, "A&B <1>", "200", "p<a>ss&\"word'", Transport.UDP,
                Srtp.OFF, new ConfigModel.ServerAddress("pbx.example.net", 5060, Transport.UDP), null, 600);
        ConfigModel cm = SnomPluginTest.model(MAC, "D785", 12, List.of(l), "Europe/Zurich", "en", null, null, 60);
        String xml = render("mac.xml.ftlx", cm, Map.of());
        assertThat(xml).contains("Zürich &amp; Co &lt;Empfang&gt;");
        assertThat(SnomXml.phoneSettings(xml)).containsEntry("user_realname[1]", name)
                .containsEntry("user_idle_text[1]", "A&B <1>")
                .containsEntry("user_pass[1]", "p<a>ss&\"word'")
                .containsEntry("user_srtp[1]", "off").containsEntry("user_savp[1]", "off")
                .containsEntry("user_outbound[1]", "pbx.example.net:5060;transport=udp");
    }

    @Test
    void redirectPointsTheSettingServerElsewhereWithItsCredentials() {
        ConfigModel cm = SnomPluginTest.model(MAC, "D785", 12, List.of(SnomPluginTest.line(1)), "Europe/Zurich", "en", null, null, 60);
        Map<String, Object> redirect = new LinkedHashMap<>();
        redirect.put("url", "https://other.example.com/prov/?x=1&y=2");
        redirect.put("username", "tenant&1");
        redirect.put("password", "s<e>cret");
        String xml = render("redirect.xml.ftlx", cm, Map.of("redirect", redirect));
        assertThat(SnomXml.phoneSettings(xml)).containsOnly(Map.entry("setting_server", "https://other.example.com/prov/?x=1&y=2"),
                Map.entry("http_client_user", "tenant&1"), Map.entry("http_client_pass", "s<e>cret"));
        assertThat(xml).doesNotContain("secret-1").doesNotContain("device-secret");
    }

    @Test
    void redirectWithoutCredentialsClearsThisServersDeviceCredentials() {
        ConfigModel cm = SnomPluginTest.model(MAC, "D785", 12, List.of(), "Europe/Zurich", "en", null, null, 60);
        String xml = render("redirect.xml.ftlx", cm, Map.of("redirect", Map.of("url", "https://other.example.com/")));
        assertThat(SnomXml.phoneSettings(xml)).containsOnly(Map.entry("setting_server", "https://other.example.com/"),
                Map.entry("http_client_user", ""), Map.entry("http_client_pass", ""));
    }

    @Test
    void deviceListNamesTheSettingsFileAtTheProvisioningUrl() {
        ConfigModel cm = SnomPluginTest.model(MAC, "D785", 12, List.of(), "Europe/Zurich", "en", null, null, 60);
        Element root = SnomXml.parse(render("mac.htm.ftlx", cm, Map.of())).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("setting-files");
        List<Element> files = SnomXml.children(root, "file");
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getAttribute("url")).isEqualTo("https://prov.example.net:8443/snomD785-000413B4C0D1.xml");
    }
}
