package io.phonehome.phones;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.phones.fanvil.FanvilPlugin;
import io.phonehome.phones.grandstream.GrandstreamPlugin;
import io.phonehome.testing.TestConfigModel;
import io.phonehome.testing.TestRender;
import io.phonehome.testing.XmlDoc;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Typed settings reach Grandstream and Fanvil configuration files in each vendor's documented keys
 * and encodings, and an unset setting writes nothing (the phone keeps its own value).
 */
class TypedSettingsGrandstreamFanvilTest {
    static final Map<String, String> ALL = Map.of(
            "time.format", "24h",
            "date.format", "DD.MM.YYYY",
            "tones.country", "DE",
            "ntp.secondary", "ntp9.example.net",
            "network.vlan.id", "42",
            "network.lldp", "off",
            "network.cdp", "on",
            "qos.dscp.sip", "24",
            "qos.dscp.rtp", "40",
            "codecs.order", "G722,OPUS,PCMA,G729");

    final GrandstreamPlugin grandstream = new GrandstreamPlugin(VendorRegistry.builtIn().models());
    final FanvilPlugin fanvil = new FanvilPlugin(VendorRegistry.builtIn().models());

    static ConfigModel withTyped(ConfigModel m, Map<String, String> typed) {
        return new ConfigModel(m.device(), m.model(), m.site(), m.timeZone(), m.lines(), m.handsets(), m.provisioning(),
                m.firmware(), m.server(), m.bases(), m.keys(), new ConfigModel.SettingsInfo(typed, List.of()), m.phonebook());
    }

    static Map<String, String> without(String name) {
        Map<String, String> m = new LinkedHashMap<>(ALL);
        m.remove(name);
        return m;
    }

    XmlDoc grp2616(Map<String, String> typed) {
        ConfigModel model = withTyped(TestConfigModel.of("grandstream", "GRP2616", "c074ad2b3c4d").build(), typed);
        XmlDoc doc = XmlDoc.parse(TestRender.render(grandstream, "cfgmac.xml.ftlx", model, "cfgc074ad2b3c4d.xml"));
        assertThat(doc.root()).isEqualTo("gs_provision");
        return doc;
    }

    XmlDoc fanvil(String modelName, Map<String, String> typed, String root) {
        ConfigModel model = withTyped(TestConfigModel.of("fanvil", modelName, "0c383e557eb2").build(), typed);
        XmlDoc doc = XmlDoc.parse(TestRender.render(fanvil, "mac.cfg.ftlx", model, "0c383e557eb2.cfg"));
        assertThat(doc.root()).isEqualTo(root);
        return doc;
    }

    /** The last occurrence wins on the phone: the settings part comes after the site's own values. */
    static String last(XmlDoc doc, String path) {
        return doc.text("(" + path + ")[last()]");
    }

    @Test
    void grandstreamDeskPhoneWritesEachDocumentedTypedSettingAsItsPValue() {
        XmlDoc doc = grp2616(ALL);
        String c = "/gs_provision/config/";
        assertThat(last(doc, c + "P122")).isEqualTo("1");
        assertThat(last(doc, c + "P102")).isEqualTo("2");
        assertThat(last(doc, c + "P8333")).isEqualTo("ntp9.example.net");
        assertThat(last(doc, c + "P51")).isEqualTo("42");
        assertThat(last(doc, c + "P1684")).isEqualTo("0");
        assertThat(last(doc, c + "P1558")).isEqualTo("24");
        assertThat(last(doc, c + "P1559")).isEqualTo("40");
        // vocoder choices of every account, OPUS (no documented number) left out of the order
        assertThat(doc.text(c + "P57")).isEqualTo("9");
        assertThat(doc.text(c + "P58")).isEqualTo("8");
        assertThat(doc.text(c + "P59")).isEqualTo("18");
        assertThat(doc.has(c + "P60")).isFalse();
        assertThat(doc.text(c + "P451")).isEqualTo("9");
        assertThat(doc.text(c + "P1853")).isEqualTo("18");
        // CDP has no documented P-value encoding: the firmware keeps its own.
        assertThat(doc.has(c + "P22119")).isFalse();
    }

    @Test
    void grandstreamEncodesTwelveHourClockAndYearFirstDate() {
        Map<String, String> typed = new LinkedHashMap<>(ALL);
        typed.put("time.format", "12h");
        typed.put("date.format", "YYYY-MM-DD");
        typed.put("network.lldp", "on");
        XmlDoc doc = grp2616(typed);
        assertThat(last(doc, "/gs_provision/config/P122")).isEqualTo("0");
        assertThat(last(doc, "/gs_provision/config/P102")).isEqualTo("0");
        assertThat(last(doc, "/gs_provision/config/P1684")).isEqualTo("1");
        typed.put("date.format", "MM/DD/YYYY");
        assertThat(last(grp2616(typed), "/gs_provision/config/P102")).isEqualTo("1");
    }

    @Test
    void grandstreamWritesNoKeyForAnUnsetSetting() {
        XmlDoc doc = grp2616(without("network.vlan.id"));
        assertThat(doc.has("/gs_provision/config/P51")).isFalse();
        assertThat(grp2616(without("qos.dscp.rtp")).has("/gs_provision/config/P1559")).isFalse();
        assertThat(grp2616(without("codecs.order")).has("/gs_provision/config/P57")).isFalse();
        assertThat(grp2616(Map.of()).has("/gs_provision/config/P122")).isFalse();
    }

    @Test
    void grandstreamAdapterAndDectFamiliesWriteNoTypedSetting() {
        // their P-value numbering differs from the desk phones' and these P-values are not documented for them
        for (String name : List.of("HT802", "DP750")) {
            ConfigModel model = withTyped(TestConfigModel.of("grandstream", name, "c074ad2b3c4d").build(), ALL);
            XmlDoc doc = XmlDoc.parse(TestRender.render(grandstream, "cfgmac.xml.ftlx", model, "cfgc074ad2b3c4d.xml"));
            assertThat(doc.has("/gs_provision/config/P122")).as(name).isFalse();
            assertThat(doc.has("/gs_provision/config/P51")).as(name).isFalse();
            assertThat(doc.has("/gs_provision/config/P1558")).as(name).isFalse();
        }
    }

    @Test
    void fanvilSysConfWritesEachDocumentedTypedSetting() {
        XmlDoc doc = fanvil("X6U", ALL, "sysConf");
        assertThat(last(doc, "/sysConf/phone/date/SecondSNTPServer")).isEqualTo("ntp9.example.net");
        assertThat(doc.text("/sysConf/mm/SelectYourTone")).isEqualTo("2");
        assertThat(doc.text("/sysConf/qos/EnableVLAN")).isEqualTo("1");
        assertThat(doc.text("/sysConf/qos/VLANID")).isEqualTo("42");
        assertThat(doc.text("/sysConf/qos/EnablediffServ")).isEqualTo("1");
        assertThat(doc.text("/sysConf/qos/SingallingDSCP")).isEqualTo("24");
        assertThat(doc.text("/sysConf/qos/VoiceDSCP")).isEqualTo("40");
        assertThat(doc.text("/sysConf/qos/LLDPTransmit")).isEqualTo("0");
        assertThat(doc.text("/sysConf/qos/CDPEnable")).isEqualTo("1");
        assertThat(doc.text("/sysConf/phone/timeDisplay/TimeDisplayStyle")).as("0 is 24 h").isEqualTo("0");
        assertThat(doc.text("/sysConf/phone/timeDisplay/DateDisplayStyle")).as("day first").isEqualTo("4");
        assertThat(doc.text("/sysConf/phone/timeDisplay/DateSeparator")).as("dots").isEqualTo("2");
        // codec order has no documented encoding
        assertThat(doc.has("//AudioCodecSets")).isFalse();
    }

    @Test
    void fanvilSysConfWritesNoKeyForAnUnsetSettingOrAToneCountryWithoutANumber() {
        XmlDoc doc = fanvil("X6U", without("network.vlan.id"), "sysConf");
        assertThat(doc.has("/sysConf/qos/VLANID")).isFalse();
        assertThat(doc.has("/sysConf/qos/EnableVLAN")).isFalse();
        Map<String, String> swiss = new LinkedHashMap<>(ALL);
        swiss.put("tones.country", "CH");
        assertThat(fanvil("X6U", swiss, "sysConf").has("/sysConf/mm/SelectYourTone")).isFalse();
        assertThat(fanvil("X6U", Map.of(), "sysConf").has("/sysConf/qos")).isFalse();
    }

    @Test
    void fanvilVoipConfigWritesTheQosModuleInItsOwnSyntax() {
        XmlDoc doc = fanvil("X3SG", ALL, "VOIP_CONFIG_FILE");
        String q = "/VOIP_CONFIG_FILE/QOS_CONFIG_MODULE/";
        assertThat(last(doc, "/VOIP_CONFIG_FILE/GLOBAL_CONFIG_MODULE/Second_SNTP_Server")).isEqualTo("ntp9.example.net");
        assertThat(doc.text(q + "Enable_VLAN")).isEqualTo("1");
        assertThat(doc.text(q + "VLAN_ID")).isEqualTo("42");
        assertThat(doc.text(q + "Enable_diffServ")).isEqualTo("1");
        assertThat(doc.text(q + "Singalling_DSCP")).isEqualTo("24");
        assertThat(doc.text(q + "Voice_DSCP")).isEqualTo("40");
        assertThat(doc.text(q + "LLDP_Transmit")).isEqualTo("0");
        assertThat(doc.text(q + "CDP_Enabled")).isEqualTo("1");
        // OPUS has no documented spelling here; the slots after the listed codecs are written empty
        String d = "/VOIP_CONFIG_FILE/DSP_CONFIG_MODULE/";
        assertThat(doc.text(d + "Voice_Codec1")).isEqualTo("G722/8000");
        assertThat(doc.text(d + "Voice_Codec2")).isEqualTo("PCMA/8000");
        assertThat(doc.text(d + "Voice_Codec3")).isEqualTo("G729/8000");
        assertThat(doc.text(d + "Voice_Codec4")).isEmpty();
        assertThat(doc.text(d + "Voice_Codec6")).isEmpty();
        assertThat(fanvil("X3SG", without("codecs.order"), "VOIP_CONFIG_FILE").has(d + "Voice_Codec1")).isFalse();
        XmlDoc unset = fanvil("X3SG", without("qos.dscp.sip"), "VOIP_CONFIG_FILE");
        assertThat(unset.has(q + "Singalling_DSCP")).isFalse();
        assertThat(fanvil("X3SG", Map.of(), "VOIP_CONFIG_FILE").has("/VOIP_CONFIG_FILE/QOS_CONFIG_MODULE")).isFalse();
    }

    @Test
    void fanvilSysConfWritesTwelveHourClockAndTheIsoDateItHasNumbersFor() {
        Map<String, String> typed = new LinkedHashMap<>(ALL);
        typed.put("time.format", "12h");
        typed.put("date.format", "YYYY-MM-DD");
        XmlDoc doc = fanvil("X6U", typed, "sysConf");
        assertThat(doc.text("/sysConf/phone/timeDisplay/TimeDisplayStyle")).isEqualTo("1");
        assertThat(doc.text("/sysConf/phone/timeDisplay/DateDisplayStyle")).isEqualTo("9");
        assertThat(doc.text("/sysConf/phone/timeDisplay/DateSeparator")).isEqualTo("1");
        assertThat(fanvil("X6U", Map.of(), "sysConf").has("//timeDisplay")).isFalse();
        typed.put("date.format", "MM/DD/YYYY");
        assertThat(fanvil("X6U", typed, "sysConf").text("/sysConf/phone/timeDisplay/DateDisplayStyle")).isEqualTo("10");
        assertThat(fanvil("X3SG", typed, "VOIP_CONFIG_FILE").has("//TimeDisplayStyle")).as("no such element in the older syntax").isFalse();
    }

    @Test
    void grandstreamWritesWebAccessModeWhereANumberIsDocumentedAndTheSettingsAdminPassword() {
        Map<String, String> typed = new LinkedHashMap<>(ALL);
        typed.put("phone.web_ui", "https-only");
        typed.put("phone.admin_password", "DeskPw0815");
        XmlDoc doc = grp2616(typed);
        assertThat(last(doc, "/gs_provision/config/P1650")).isEqualTo("0");
        assertThat(doc.text("/gs_provision/config/P2")).isEqualTo("DeskPw0815");
        typed.put("phone.web_ui", "on");
        assertThat(last(grp2616(typed), "/gs_provision/config/P1650")).isEqualTo("1");
        typed.put("phone.web_ui", "off");
        assertThat(grp2616(typed).has("/gs_provision/config/P1650")).as("no documented number for off").isFalse();
        assertThat(grp2616(Map.of()).text("/gs_provision/config/P2")).isEqualTo("admin-Secret-42");
        assertThat(grandstream.typedSettingProblem("phone.admin_password", "Desk-Pw-0815")).isPresent();
        assertThat(grandstream.typedSettingProblem("phone.admin_password", "DeskPw0815")).isEmpty();
    }

    @Test
    void fanvilTakesTheSettingsAdminPasswordForItsWebAdministrator() {
        XmlDoc doc = fanvil("X6U", Map.of("phone.admin_password", "Desk-Pw-0815"), "sysConf");
        assertThat(doc.text("/sysConf/web/account[@index='1']/Password")).isEqualTo("Desk-Pw-0815");
        XmlDoc old = fanvil("X3SG", Map.of("phone.admin_password", "Desk-Pw-0815"), "VOIP_CONFIG_FILE");
        assertThat(old.count("//Password[text()='Desk-Pw-0815']")).isEqualTo(1);
        assertThat(fanvil("X6U", Map.of(), "sysConf").text("/sysConf/web/account[@index='1']/Password")).isEqualTo("admin-Secret-42");
    }

    @Test
    void grandstreamPlaysSwissCallProgressTonesAndLeavesOutCountriesItCannotBeToldExactly() {
        Map<String, String> typed = new LinkedHashMap<>(ALL);
        typed.put("tones.country", "CH");
        XmlDoc doc = grp2616(typed);
        String c = "/gs_provision/config/";
        assertThat(doc.text(c + "P343")).as("dial: 425 Hz continuous").isEqualTo("f1=425;");
        assertThat(doc.text(c + "P346")).as("ring back: 1 s on, 4 s off").isEqualTo("f1=425,c=100/400;");
        assertThat(doc.text(c + "P348")).as("busy").isEqualTo("f1=425,c=50/50;");
        assertThat(doc.text(c + "P349")).as("reorder").isEqualTo("f1=425,c=20/20;");
        typed.put("tones.country", "SE");
        assertThat(grp2616(typed).text(c + "P349")).isEqualTo("f1=425,c=25/75;");
        typed.put("tones.country", "GB");
        assertThat(grp2616(typed).has(c + "P348")).as("375 ms is no whole number of 10 ms").isFalse();
        typed.put("tones.country", "BE");
        assertThat(grp2616(typed).has(c + "P343")).isFalse();
        assertThat(grp2616(without("tones.country")).has(c + "P343")).isFalse();
    }
}
