package io.phonehome.phones.snom;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.Mac;
import io.phonehome.inventory.Srtp;
import io.phonehome.inventory.Transport;
import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.FetchRequest;
import io.phonehome.phones.FileKind;
import io.phonehome.phones.Identification;
import io.phonehome.phones.TimeZoneRule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** File recognition and the values the Snom templates get. */
class SnomPluginTest {
    static final String D785_UA = "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) 00041396D9B4 SXM:0 UXM:0 UXMC:0)";
    final SnomPlugin plugin = new SnomPlugin();

    Identification identify(String file, String ua) {
        return plugin.identify(new FetchRequest(file, "", ua)).orElseThrow(() -> new AssertionError(file + " not recognised"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "snomD785.htm                     | COMMON | D785 |              | common.htm.ftlx",
            "snomD785-00041396D9B4.htm        | DEVICE | D785 | 00041396d9b4 | mac.htm.ftlx",
            "snomD785-00041396D9B4.xml        | DEVICE | D785 | 00041396d9b4 | mac.xml.ftlx",
            "snomD785-00041396D9B4-firmware.xml | DEVICE | D785 | 00041396d9b4 | firmware.xml.ftlx",
    })
    void recognisesEachFileTheFirmwareFetches(String file, FileKind kind, String model, String pathMac, String template) {
        Identification id = identify(file, D785_UA);
        assertThat(id.vendor()).isEqualTo("snom");
        assertThat(id.kind()).isEqualTo(kind);
        assertThat(id.model()).isEqualTo(model);
        assertThat(id.pathMac() == null ? null : id.pathMac().hex()).isEqualTo(pathMac);
        assertThat(id.agentMac().hex()).isEqualTo("00041396d9b4");
        assertThat(id.firmware()).isEqualTo("10.1.169.16");
        assertThat(id.template()).isEqualTo(template);
        assertThat(id.contentType()).startsWith("application/xml");
        assertThat(id.score()).isEqualTo(85);
    }

    @Test
    void scoresByUserAgentAndSnomOui() {
        assertThat(identify("snomD785-00041396D9B4.htm", "curl/8.0").score()).isEqualTo(35);
        assertThat(identify("snomD785-02AB00C0FFEE.htm", "curl/8.0").score()).isEqualTo(30);
        assertThat(identify("snomD785.htm", "").score()).isEqualTo(30);
        Identification noMacInUa = identify("snomD785.htm", "Mozilla/4.0 (compatible; snomD785-SIP 10.1.46.16 2010.12-00004-g6b7e1a0)");
        assertThat(noMacInUa.agentMac()).isNull();
        assertThat(noMacInUa.score()).isEqualTo(80);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "snomD785-00041396d9b4.htm", "snomD785-00041396d9b4.xml", "snomD785-00041396D9b4.xml",   // MAC not upper case
            "snomd785.htm", "SNOMD785.htm", "snomD785.HTM", "snomD785.xml",                           // not as the firmware spells it
            "snomD785-00041396D9B4.cfg", "snomD785-00041396D9B4", "snomD785-0004139D9B4.htm",
            "snomD785-010000000000.xml",                                                             // group address
            "00041396d9b4.cfg", "y000000000000.boot", "cfg00041396d9b4.xml",                         // other vendors' names
    })
    void ignoresNamesTheFirmwareNeverRequests(String file) {
        assertThat(plugin.identify(new FetchRequest(file, "", D785_UA))).isEmpty();
    }

    @Test
    void refusesAnotherTypesFileForTheTypeInTheUserAgent() {
        assertThat(plugin.identify(new FetchRequest("snomD735.htm", "", D785_UA))).isEmpty();
        assertThat(plugin.identify(new FetchRequest("snomD735-00041396D9B4.xml", "", D785_UA))).isEmpty();
    }

    @Test
    void reportsBothMacsSoTheCoreCanRefuseADisagreement() {
        Identification id = identify("snomD785-000413AABBCC.xml", D785_UA);
        assertThat(id.macsDisagree()).isTrue();
        assertThat(identify("snomD785-00041396D9B4.xml", D785_UA).macsDisagree()).isFalse();
    }

    @Test
    void fileNamesRoundTrip() {
        Mac mac = Mac.parse("00:04:13:96:d9:b4");
        assertThat(SnomFiles.common("D865")).isEqualTo("snomD865.htm");
        assertThat(SnomFiles.deviceList("D865", mac)).isEqualTo("snomD865-00041396D9B4.htm");
        assertThat(SnomFiles.settings("D865", mac)).isEqualTo("snomD865-00041396D9B4.xml");
        assertThat(SnomFiles.firmware("D865", mac)).isEqualTo("snomD865-00041396D9B4-firmware.xml");
        for (String name : List.of(SnomFiles.deviceList("D865", mac), SnomFiles.settings("D865", mac), SnomFiles.firmware("D865", mac))) {
            SnomFiles.Parsed p = SnomFiles.parse(name).orElseThrow();
            assertThat(p.mac()).isEqualTo(mac);
            assertThat(p.model()).isEqualTo("D865");
        }
    }

    @Test
    void redirectsOnlyTheSettingFiles() {
        assertThat(plugin.redirectTemplate(identify("snomD785-00041396D9B4.htm", D785_UA))).contains("redirect.xml.ftlx");
        assertThat(plugin.redirectTemplate(identify("snomD785-00041396D9B4.xml", D785_UA))).contains("redirect.xml.ftlx");
        assertThat(plugin.redirectTemplate(identify("snomD785-00041396D9B4-firmware.xml", D785_UA))).isEmpty();
        assertThat(plugin.redirectTemplate(identify("snomD785.htm", D785_UA))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "en | English    | English",
            "de | Deutsch    | Deutsch",
            "fr | Francais   | Francais",
            "it | Italiano   | Italiano",
            "es | Espanol    | Espanol",
            "nl | Nederlands | Nederlands",
            "pt | Portugues  | Portugues",
            "pl | Polski     | English",
            "cs | Cestina    | English",
            "sv | Svenska    | Svenska",
            "da | Dansk      | Dansk",
            "nb | Norsk      | Norsk",
            "fi | Suomi      | Suomi",
            "ru | Russian    | English",
            "tr | Turkce     | English",
            "ja | English    | English",
    })
    void namesLanguagesAsTheFirmwareListsSpellThemAndFallsBackToEnglishOnTheWeb(String code, String gui, String web) {
        assertThat(SnomPlugin.guiLanguage(code)).isEqualTo(gui);
        assertThat(SnomPlugin.webLanguage(code)).isEqualTo(web);
    }

    @Test
    void mapsSrtpModesToUserSrtpAndUserSavp() {
        Map<String, Object> srtp = SnomPlugin.srtpCodes();
        assertThat(srtp.get("off")).isEqualTo(Map.of("user_srtp", "off", "user_savp", "off"));
        assertThat(srtp.get("optional")).isEqualTo(Map.of("user_srtp", "on", "user_savp", "optional"));
        assertThat(srtp.get("mandatory")).isEqualTo(Map.of("user_srtp", "on", "user_savp", "mandatory"));
        for (Srtp s : Srtp.values()) {
            assertThat(srtp).containsKey(s.lower());
        }
    }

    @Test
    void deviceValuesNameTheFilesListTheUnusedIdentitiesAndEncodeTimeAndSyslog() {
        Mac mac = Mac.parse("000413b4c0d1");
        ConfigModel cm = model(mac, "D315", 4, List.of(line(1), line(3)), "Europe/Zurich", "de", "logs.example.net", 5514, 60);
        Map<String, Object> v = plugin.vendorValues(cm);
        assertThat(v.get("files")).isEqualTo(Map.of("common", "snomD315.htm", "device_list", "snomD315-000413B4C0D1.htm",
                "settings", "snomD315-000413B4C0D1.xml", "firmware", "snomD315-000413B4C0D1-firmware.xml"));
        assertThat(v.get("unused_identities")).isEqualTo(List.of(2, 4));
        assertThat(v).containsEntry("language", "Deutsch").containsEntry("web_language", "Deutsch")
                .containsEntry("syslog_server", "logs.example.net:5514").containsEntry("settings_refresh_seconds", 3600);
        @SuppressWarnings("unchecked")
        Map<String, Object> tz = (Map<String, Object>) v.get("tz");
        assertThat(tz).containsEntry("timezone", "CHE+1").containsEntry("utc_offset", 3600);
        assertThat(tz.get("dst")).isEqualTo("3600 03.05.07 02:00:00 10.05.07 03:00:00");
    }

    @Test
    void syslogOnTheStandardPortIsTheHostAlone() {
        ConfigModel cm = model(Mac.parse("000413b4c0d1"), "D785", 12, List.of(), "Asia/Kolkata", "en", "10.0.0.5", 514, 0);
        Map<String, Object> v = plugin.vendorValues(cm);
        assertThat(v).containsEntry("syslog_server", "10.0.0.5").containsEntry("settings_refresh_seconds", 0);
        assertThat(v.get("unused_identities")).isEqualTo(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
    }

    static ConfigModel.LineInfo line(int index) {
        ConfigModel.ServerAddress server = new ConfigModel.ServerAddress("pbx.example.net", 5061, Transport.TLS);
        return new ConfigModel.LineInfo(index, "20" + index, "Line " + index, "", "20" + index, "secret-" + index, Transport.TLS,
                Srtp.MANDATORY, server, null, 600);
    }

    static ConfigModel model(Mac mac, String type, int accounts, List<ConfigModel.LineInfo> lines, String zone, String language,
                             String syslogHost, Integer syslogPort, int recheckMinutes) {
        return new ConfigModel(new ConfigModel.DeviceInfo(mac, null),
                new ConfigModel.ModelData("snom", type, "desk", accounts, 0, Map.of(), null),
                new ConfigModel.SiteInfo("Zurich HQ", language, List.of("ntp.example.net"), "admin-secret-1234", syslogHost, syslogPort),
                TimeZoneRule.of(zone, Instant.parse("2026-06-15T12:00:00Z")), lines, List.of(),
                new ConfigModel.ProvisioningInfo("https://prov.example.net:8443/", mac.hex(), "device-secret", recheckMinutes), null,
                new ConfigModel.ServerInfo("prov.example.net", "https://prov.example.net:8443/phonehome-ca.pem", 5060, 5061));
    }
}
