package io.phonehome.phones.snom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phonehome.inventory.Mac;
import io.phonehome.inventory.Srtp;
import io.phonehome.inventory.Transport;
import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.PhonePlugin;
import io.phonehome.phones.RenderException;
import io.phonehome.phones.TimeZoneRule;
import io.phonehome.phones.VendorRegistry;
import io.phonehome.testing.SnomXml;
import io.phonehome.testing.TestRender;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;

/**
 * The M-series DECT format (templates/snom/m-dect/) rendered with the real renderer: server slots,
 * one extension per handset bound by IPEI (or by access code when the inventory has none), the
 * cases the integration test does not reach (several servers, firmware, redirect, markup in names).
 */
class SnomDectTemplatesTest {
    static final PhonePlugin PLUGIN = VendorRegistry.builtIn().plugin("snom").orElseThrow();
    static final Mac MAC = Mac.parse("000413b60680");

    static ConfigModel.LineInfo line(int index, String host, int port, Transport transport, Srtp srtp) {
        return new ConfigModel.LineInfo(index, "30" + index, "Handset " + index, "", "30" + index, "dect-secret-" + index, transport,
                srtp, new ConfigModel.ServerAddress(host, port, transport), null, 600);
    }

    static ConfigModel m700(List<ConfigModel.LineInfo> lines, List<ConfigModel.HandsetInfo> handsets, ConfigModel.FirmwareInfo fw) {
        return new ConfigModel(new ConfigModel.DeviceInfo(MAC, null),
                new ConfigModel.ModelData("snom", "M700", "dect-multicell", 999, 999, Map.of("format", "m-dect"), null),
                new ConfigModel.SiteInfo("Zurich HQ", "de", List.of("ntp.example.net"), "admin-secret-1234", null, null),
                TimeZoneRule.of("Europe/Zurich", Instant.parse("2026-06-15T12:00:00Z")), lines, handsets,
                new ConfigModel.ProvisioningInfo("https://prov.example.net:8443/", MAC.hex(), "base-secret", 60), fw,
                new ConfigModel.ServerInfo("prov.example.net", "https://prov.example.net:8443/phonehome-ca.pem", 5060, 5061));
    }

    static Map<String, String> settings(ConfigModel cm) {
        return SnomXml.phoneSettings(TestRender.render(PLUGIN, "m-dect/mac.xml.ftlx", cm, "snomM700-000413B60680.xml"));
    }

    @Test
    void eachLineIsAnExtensionBoundToItsHandsetByIpeiOrElseByAccessCode() {
        List<ConfigModel.LineInfo> lines = List.of(line(1, "pbx.example.net", 5060, Transport.UDP, Srtp.OFF),
                line(3, "pbx.example.net", 5060, Transport.UDP, Srtp.OFF));
        List<ConfigModel.HandsetInfo> handsets = List.of(new ConfigModel.HandsetInfo(1, "Empfang", "0328D3C918", List.of(1)),
                new ConfigModel.HandsetInfo(3, "Lager", null, List.of(3)));
        Map<String, String> s = settings(m700(lines, handsets, null));
        assertThat(s).containsEntry("user_active[1]", "on").containsEntry("user_name[1]", "301")
                .containsEntry("user_pass[1]", "dect-secret-1").containsEntry("subscr_sip_hs_idx[1]", "1")
                .containsEntry("subscr_dect_ipui[1]", "0328D3C918").doesNotContainKey("subscr_dect_ac_code[1]")
                .containsEntry("subscr_sip_ua_data_server_id[1]", "1")
                .containsEntry("user_active[3]", "on").containsEntry("subscr_sip_hs_idx[3]", "3")
                .containsEntry("subscr_dect_ipui[3]", "").containsEntry("subscr_dect_ac_code[3]", "0003")
                // every other extension of the base is switched off and emptied
                .containsEntry("user_active[2]", "off").containsEntry("user_pass[2]", "").containsEntry("subscr_dect_ipui[2]", "")
                .containsEntry("user_active[999]", "off").doesNotContainKey("user_active[1000]");
        // server slot 1 (its own idx namespace: the keys differ from the extensions')
        assertThat(s).containsEntry("user_host[1]", "pbx.example.net").containsEntry("user_outbound[1]", "pbx.example.net:5060")
                .containsEntry("srv_sip_transport[1]", "udp").containsEntry("user_srtp[1]", "disabled")
                .containsEntry("user_expiry[1]", "600").containsEntry("user_host[2]", "").doesNotContainKey("user_host[11]");
        assertThat(s).containsEntry("setting_server", "https://prov.example.net:8443/")
                .containsEntry("http_client_user", "000413b60680").containsEntry("http_client_password", "base-secret")
                .containsEntry("http_pass", "admin-secret-1234").containsEntry("timezone", "CHE+1")
                .containsEntry("language", "Deutsch").containsEntry("web_language", "Deutsch").containsEntry("ntp_server", "ntp.example.net");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "de | Deutsch", "fr | Francais", "it | Italiano", "en | English", "es | Espanol",
            // the M-series name Dutch differently from the desk phones (Nederlands)
            "nl | Dutch",
            // languages Wazo's M-series list lacks: English rather than a name the base may not know
            "pl | English", "cs | English",
    })
    void theBaseGetsTheLanguageNamesOfItsOwnFirmware(String code, String name) {
        assertThat(SnomDectValues.language(code)).isEqualTo(name);
    }

    @Test
    void linesOnDifferentRegistrarsTransportsOrSrtpGetServersOfTheirOwn() {
        List<ConfigModel.LineInfo> lines = List.of(line(1, "pbx.example.net", 5060, Transport.UDP, Srtp.OFF),
                line(2, "pbx.example.net", 5061, Transport.TLS, Srtp.MANDATORY), line(3, "pbx.example.net", 5060, Transport.UDP, Srtp.OFF));
        Map<String, String> s = settings(m700(lines, List.of(), null));
        assertThat(s).containsEntry("user_outbound[2]", "pbx.example.net:5061").containsEntry("srv_sip_transport[2]", "tls")
                .containsEntry("user_srtp[2]", "enabled").containsEntry("user_host[3]", "");
        assertThat(s).containsEntry("subscr_sip_ua_data_server_id[1]", "1")
                .containsEntry("subscr_sip_ua_data_server_id[2]", "2").containsEntry("subscr_sip_ua_data_server_id[3]", "1");
    }

    @Test
    void moreServersThanTheBaseHoldsIsARenderErrorNotAHalfConfig() {
        List<ConfigModel.LineInfo> lines = new ArrayList<>();
        for (int i = 1; i <= SnomDectValues.MAX_SERVERS + 1; i++) {
            lines.add(line(i, "pbx" + i + ".example.net", 5060, Transport.UDP, Srtp.OFF));
        }
        assertThatThrownBy(() -> PLUGIN.vendorValues(m700(lines, List.of(), null))).isInstanceOf(RenderException.class)
                .hasMessageContaining("at most 10 SIP servers");
    }

    @Test
    void markupQuotesAndLineBreaksInNamesStayText() {
        String name = "Zürich & Co <Empfang> \"Front\" 'x'";
        ConfigModel.LineInfo l = new ConfigModel.LineInfo(1, "301", name + "\nuser_pass: x", "A&B <1>", "301", "p<a>ss&\"word'",
                Transport.UDP, Srtp.OFF, new ConfigModel.ServerAddress("pbx.example.net", 5060, Transport.UDP), null, 600);
        String xml = TestRender.render(PLUGIN, "m-dect/mac.xml.ftlx", m700(List.of(l), List.of(), null), "f");
        Map<String, String> ext = SnomXml.phoneSettings(xml);
        assertThat(ext).containsEntry("user_realname[1]", name + " user_pass: x").containsEntry("subscr_sip_line_name[1]", "A&B <1>")
                .containsEntry("user_pass[1]", "p<a>ss&\"word'");
        assertThat(xml).contains("Zürich &amp; Co &lt;Empfang&gt;");
    }

    @Test
    void aFirmwareTargetNamesTheImageDirectoryAndTheVersionsTheBaseBuildsTheFileNameFrom() {
        ConfigModel cm = m700(List.of(), List.of(), new ConfigModel.FirmwareInfo("05.20.0001",
                "https://prov.example.net:8443/firmware/snom/05.20.0001/tok123/M700_v0520_b0001.fwu"));
        Element root = SnomXml.parse(TestRender.render(PLUGIN, "m-dect/firmware.xml.ftlx", cm, "f")).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("firmware-settings");
        Map<String, String> fw = new LinkedHashMap<>();
        SnomXml.children(root, null).forEach(e -> fw.put(e.getTagName(), e.getTextContent()));
        assertThat(fw).containsExactly(Map.entry("firmware", "https://prov.example.net:8443/firmware/snom/05.20.0001/tok123/"),
                Map.entry("fp_fwu_sw_version", "520"), Map.entry("fp_fwu_branch_version", "1"));
        List<Element> files = SnomXml.children(SnomXml.parse(TestRender.render(PLUGIN, "m-dect/mac.htm.ftlx", cm, "f")).getDocumentElement(),
                "file");
        assertThat(files).extracting(e -> e.getAttribute("url")).containsExactly("https://prov.example.net:8443/snomM700-000413B60680.xml",
                "https://prov.example.net:8443/snomM700-000413B60680-firmware.xml");
    }

    @Test
    void withoutFirmwareTargetTheListNamesOnlyTheSettingsAndTheFirmwareFileIsEmpty() {
        ConfigModel cm = m700(List.of(), List.of(), null);
        assertThat(SnomXml.children(SnomXml.parse(TestRender.render(PLUGIN, "m-dect/firmware.xml.ftlx", cm, "f")).getDocumentElement(), null))
                .isEmpty();
        assertThat(SnomXml.children(SnomXml.parse(TestRender.render(PLUGIN, "m-dect/mac.htm.ftlx", cm, "f")).getDocumentElement(), "file"))
                .hasSize(1);
    }

    @Test
    void redirectPointsOnlyTheSettingServerElsewhere() {
        ConfigModel cm = m700(List.of(line(1, "pbx.example.net", 5060, Transport.UDP, Srtp.OFF)), List.of(), null);
        Map<String, Object> redirect = Map.of("url", "https://other.example.com/prov/?x=1&y=2", "username", "tenant&1", "password", "s<e>cret");
        String xml = TestRender.render(PLUGIN, "m-dect/redirect.xml.ftlx", cm, "f", Map.of("redirect", redirect));
        assertThat(SnomXml.phoneSettings(xml)).containsOnly(Map.entry("setting_server", "https://other.example.com/prov/?x=1&y=2"),
                Map.entry("http_client_user", "tenant&1"), Map.entry("http_client_password", "s<e>cret"));
        assertThat(xml).doesNotContain("dect-secret-1").doesNotContain("base-secret");
    }

    @Test
    void versionsThatAreNotTheBaseFormAreARenderError() {
        ConfigModel cm = m700(List.of(), List.of(), new ConfigModel.FirmwareInfo("10.1.184.15", "https://x/firmware/a/b/c.bin"));
        assertThatThrownBy(() -> PLUGIN.vendorValues(cm)).isInstanceOf(RenderException.class).hasMessageContaining("NN.NN.NNNN");
    }
}
