package io.phonehome.phones;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.Srtp;
import io.phonehome.inventory.Transport;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.SnomXml;
import io.phonehome.testing.TestConfigModel;
import io.phonehome.testing.TestRender;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every typed setting of the setting store as a Yealink T46U and a Snom D785 read it: the vendor's
 * key and encoding per setting, nothing for a setting left unset, and nothing for a value the
 * vendor has no documented way to express.
 */
class TypedSettingsYealinkSnomTest {
    private static final VendorRegistry REGISTRY = VendorRegistry.builtIn();
    private static final PhonePlugin YEALINK = REGISTRY.plugin("yealink").orElseThrow();
    private static final PhonePlugin SNOM = REGISTRY.plugin("snom").orElseThrow();

    private static final Map<String, String> EVERY_SETTING = Map.of("time.format", "12h", "date.format", "YYYY-MM-DD",
            "tones.country", "FR", "ntp.secondary", "ntp9.example.ch", "network.vlan.id", "42", "network.lldp", "off",
            "network.cdp", "on", "qos.dscp.sip", "26", "qos.dscp.rtp", "46", "codecs.order", "G722,PCMA,OPUS");

    static ConfigModel withSettings(String vendor, String model, String mac, Map<String, String> typed) {
        ConfigModel cm = TestConfigModel.of(vendor, model, mac).line(1, "201", "Anna", Transport.UDP, Srtp.OFF)
                .line(2, "202", "Ben", Transport.UDP, Srtp.OFF).build();
        return new ConfigModel(cm.device(), cm.model(), cm.site(), cm.timeZone(), cm.lines(), cm.handsets(), cm.provisioning(),
                cm.firmware(), cm.server(), cm.bases(), cm.keys(), new ConfigModel.SettingsInfo(typed, List.of()));
    }

    static Map<String, String> yealink(Map<String, String> typed) {
        ConfigModel cm = withSettings("yealink", "T46U", "80:5e:c0:12:34:56", typed);
        return KeyValueConfig.parse(TestRender.render(YEALINK, "mac.cfg.ftl", cm, "805ec0123456.cfg"));
    }

    static Map<String, String> snom(Map<String, String> typed) {
        ConfigModel cm = withSettings("snom", "D785", "00:04:13:12:34:56", typed);
        return SnomXml.phoneSettings(TestRender.render(SNOM, "mac.xml.ftlx", cm, "snomD785-000413123456.xml"));
    }

    @Test
    void yealinkWritesEveryTypedSettingInItsDocumentedKeys() {
        Map<String, String> cfg = yealink(EVERY_SETTING);
        assertThat(cfg).containsEntry("local_time.time_format", "0")
                .containsEntry("local_time.date_format", "2")
                .containsEntry("voice.tone.country", "France")
                .containsEntry("local_time.ntp_server2", "ntp9.example.ch")
                .containsEntry("local_time.ntp_server1", "ntp1.example.ch")
                .containsEntry("static.network.vlan.internet_port_enable", "1")
                .containsEntry("static.network.vlan.internet_port_vid", "42")
                .containsEntry("static.network.lldp.enable", "0")
                .containsEntry("static.network.cdp.enable", "1")
                .containsEntry("static.network.qos.signaltos", "26")
                .containsEntry("static.network.qos.audiotos", "46");
        for (String account : List.of("1", "2")) {
            String p = "account." + account + ".codec.";
            assertThat(cfg).as("account %s", account)
                    .containsEntry(p + "g722.enable", "1").containsEntry(p + "g722.priority", "1")
                    .containsEntry(p + "pcma.enable", "1").containsEntry(p + "pcma.priority", "2")
                    .containsEntry(p + "opus.enable", "1").containsEntry(p + "opus.priority", "3")
                    .containsEntry(p + "pcmu.enable", "0").containsEntry(p + "g729.enable", "0")
                    .containsEntry(p + "g726_32.enable", "0").containsEntry(p + "g723_63.enable", "0")
                    .containsEntry(p + "ilbc_13_33kbps.enable", "0")
                    .doesNotContainKey(p + "pcmu.priority");
        }
    }

    @Test
    void yealinkLeavesOutUnsetSettingsAndDateFormatsItCannotShow() {
        Map<String, String> cfg = yealink(Map.of("date.format", "DD.MM.YYYY"));
        assertThat(cfg).doesNotContainKeys("local_time.date_format", "static.network.lldp.enable", "static.network.cdp.enable",
                "static.network.qos.signaltos", "static.network.qos.audiotos", "account.1.codec.g722.enable",
                "static.network.vlan.internet_port_vid", "local_time.time_format");
        assertThat(cfg).as("the site's second NTP server when ntp.secondary is unset")
                .containsEntry("local_time.ntp_server2", "ntp2.example.ch");
        assertThat(yealink(Map.of("date.format", "DD/MM/YYYY"))).containsEntry("local_time.date_format", "3");
    }

    @Test
    void snomWritesEveryTypedSettingItHasADocumentedKeyFor() {
        Map<String, String> s = snom(EVERY_SETTING);
        assertThat(s).containsEntry("time_24_format", "off")
                .containsEntry("date_us_format", "off")
                .containsEntry("tone_scheme", "FRA")
                .containsEntry("vlan_id", "42")
                .containsEntry("signaling_tos", "104")
                .containsEntry("codec_tos", "184")
                .as("Opus has no documented Snom codec name: left out, DTMF events kept")
                .containsEntry("codec_priority_list[1]", "g722,pcma,telephone-event")
                .containsEntry("codec_priority_list[2]", "g722,pcma,telephone-event");
        assertThat(s).as("no documented Snom key for a second NTP server, LLDP or CDP")
                .doesNotContainValue("ntp9.example.ch").doesNotContainKeys("lldp", "cdp");
    }

    @Test
    void snomPlaysSwissAustrianSwedishAndBritishTonesByTheirDocumentedCodes() {
        assertThat(snom(Map.of("tones.country", "CH"))).containsEntry("tone_scheme", "SWI");
        assertThat(snom(Map.of("tones.country", "AT"))).containsEntry("tone_scheme", "AUT");
        assertThat(snom(Map.of("tones.country", "SE"))).containsEntry("tone_scheme", "SWE");
        assertThat(snom(Map.of("tones.country", "GB"))).containsEntry("tone_scheme", "GBR");
    }

    @Test
    void snomLeavesOutUnsetSettingsAndTonesWithoutADocumentedCode() {
        Map<String, String> s = snom(Map.of("tones.country", "BE"));
        assertThat(s).doesNotContainKeys("tone_scheme", "vlan_id", "signaling_tos", "codec_tos", "codec_priority_list[1]",
                "time_24_format", "date_us_format");
        assertThat(snom(Map.of("tones.country", "DE", "qos.dscp.rtp", "0"))).containsEntry("tone_scheme", "GER")
                .containsEntry("codec_tos", "0").doesNotContainKey("signaling_tos");
    }

    /**
     * The M-series bases have their own settings part (templates/snom/m-dect/parts): the desk-phone keys stay out,
     * the display formats too (time_24_format and date_us_format are documented for the desk phones only).
     */
    @Test
    void anMDectBaseGetsNoneOfTheDeskPhonesTypedKeys() {
        ConfigModel cm = withSettings("snom", "M700", "00:04:13:b6:06:80", EVERY_SETTING);
        assertThat(cm.model().attributes()).containsEntry("format", "m-dect");
        Map<String, String> s = SnomXml.phoneSettings(TestRender.render(SNOM, "m-dect/mac.xml.ftlx", cm, "snomM700-000413B60680.xml"));
        assertThat(s).doesNotContainKeys("time_24_format", "date_us_format", "tone_scheme", "vlan_id", "signaling_tos", "codec_tos",
                "codec_priority_list[1]", "http_client_pass");
    }

    @Test
    void yealinkLocksItsWebInterfaceAndTakesTheSettingsAdminPasswordOverTheSites() {
        assertThat(yealink(Map.of())).as("the site's password when no scope sets one")
                .containsEntry("static.security.user_password", "admin:admin-Secret-42")
                .doesNotContainKeys("static.wui.http_enable", "static.wui.https_enable");
        Map<String, String> https = yealink(Map.of("phone.web_ui", "https-only", "phone.admin_password", "Desk-Pw-0815"));
        assertThat(https).containsEntry("static.wui.http_enable", "0").containsEntry("static.wui.https_enable", "1")
                .containsEntry("static.security.user_password", "admin:Desk-Pw-0815");
        assertThat(yealink(Map.of("phone.web_ui", "off"))).containsEntry("static.wui.http_enable", "0")
                .containsEntry("static.wui.https_enable", "0");
        assertThat(yealink(Map.of("phone.web_ui", "on"))).containsEntry("static.wui.http_enable", "1")
                .containsEntry("static.wui.https_enable", "1");
        ConfigModel base = withSettings("yealink", "W60B", "80:5e:c0:12:34:58", Map.of("phone.web_ui", "off"));
        assertThat(KeyValueConfig.parse(TestRender.render(YEALINK, "mac.cfg.ftl", base, "805ec0123458.cfg")))
                .as("no documented web-server key for a single-cell DECT base").doesNotContainKey("static.wui.http_enable");
    }

    @Test
    void snomWritesItsWebServerTypeWhereAValueIsDocumentedAndTheSettingsAdminPassword() {
        Map<String, String> s = snom(Map.of("phone.web_ui", "https-only", "phone.admin_password", "Desk-Pw-0815"));
        assertThat(s).containsEntry("webserver_type", "https").containsEntry("admin_mode_password", "Desk-Pw-0815")
                .containsEntry("admin_mode_password_confirm", "Desk-Pw-0815").containsEntry("http_pass", "Desk-Pw-0815");
        assertThat(snom(Map.of("phone.web_ui", "on"))).containsEntry("webserver_type", "http_https")
                .containsEntry("http_pass", "admin-Secret-42");
        assertThat(snom(Map.of("phone.web_ui", "off"))).containsEntry("webserver_type", "off");
    }

    @Test
    void aPasswordWithMarkupIsEscapedInSnomsXmlAndTheSettingsInfoNeverPrintsIt() {
        Map<String, String> s = snom(Map.of("phone.admin_password", "a<b>&\"c'd1"));
        assertThat(s).containsEntry("http_pass", "a<b>&\"c'd1");
        assertThat(new ConfigModel.SettingsInfo(Map.of("phone.admin_password", "Desk-Pw-0815"),
                List.of(new ConfigModel.RawSetting("http_pass", "Raw-Pw-4711"))).toString())
                .contains("phone.admin_password").doesNotContain("Desk-Pw-0815").doesNotContain("Raw-Pw-4711");
    }

    @Test
    void aYealinkWithoutOpusGetsNoOpusKeyAndTheOtherCodecsKeepTheirOrder() {
        ConfigModel cm = withSettings("yealink", "T27P", "80:5e:c0:12:34:57", Map.of("codecs.order", "G722,OPUS,PCMA"));
        Map<String, String> cfg = KeyValueConfig.parse(TestRender.render(YEALINK, "mac.cfg.ftl", cm, "805ec0123457.cfg"));
        assertThat(cfg).doesNotContainKeys("account.1.codec.opus.enable", "account.1.codec.opus.priority")
                .containsEntry("account.1.codec.g722.priority", "1").containsEntry("account.1.codec.pcma.priority", "2")
                .containsEntry("account.1.codec.pcmu.enable", "0");
        ModelInfo t27p = REGISTRY.models().find("yealink", "T27P").orElseThrow();
        assertThat(YEALINK.codecsNotOffered(t27p, List.of("G722", "OPUS"))).containsOnlyKeys("OPUS");
        ModelInfo t46u = REGISTRY.models().find("yealink", "T46U").orElseThrow();
        assertThat(YEALINK.codecsNotOffered(t46u, List.of("G722", "OPUS"))).isEmpty();
        ModelInfo d785 = REGISTRY.models().find("snom", "D785").orElseThrow();
        assertThat(SNOM.codecsNotOffered(d785, List.of("G722", "OPUS", "ILBC"))).containsOnlyKeys("OPUS", "ILBC");
    }
}
