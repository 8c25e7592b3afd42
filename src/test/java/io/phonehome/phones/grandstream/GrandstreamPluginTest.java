package io.phonehome.phones.grandstream;

import io.phonehome.phones.VendorRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phonehome.inventory.Srtp;
import io.phonehome.inventory.SupportedModels;
import io.phonehome.inventory.Transport;
import io.phonehome.testing.TestConfigModel;
import io.phonehome.phones.FetchRequest;
import io.phonehome.phones.FileKind;
import io.phonehome.phones.Identification;
import io.phonehome.phones.RenderException;
import io.phonehome.phones.TimeZoneRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GrandstreamPluginTest {
    static final String GXP2170_UA = "Grandstream Model HW GXP2170 SW 1.0.11.79 DevId c074ad2b3c4d";
    final GrandstreamPlugin plugin = new GrandstreamPlugin(VendorRegistry.builtIn().models());

    Identification identify(String file, String ua) {
        return plugin.identify(new FetchRequest(file, "", ua)).orElseThrow(() -> new AssertionError(file + " not recognised"));
    }

    @Test
    void perDeviceFileIsRecognisedByNameAndScoredHigherWithItsUserAgentAndOui() {
        Identification byName = identify("cfgc074ad2b3c4d.xml", "");
        assertThat(byName.kind()).isEqualTo(FileKind.DEVICE);
        assertThat(byName.pathMac().hex()).isEqualTo("c074ad2b3c4d");
        assertThat(byName.template()).isEqualTo("cfgmac.xml.ftlx");
        assertThat(byName.score()).isEqualTo(35); // name only Grandstream uses + OUI
        assertThat(identify("cfg001122334455.xml", "").score()).isEqualTo(30);
        Identification withUa = identify("cfgc074ad2b3c4d.xml", GXP2170_UA);
        assertThat(withUa.score()).isEqualTo(85);
        assertThat(withUa.model()).isEqualTo("GXP2170");
        assertThat(withUa.firmware()).isEqualTo("1.0.11.79");
        assertThat(withUa.macsDisagree()).isFalse();
    }

    @Test
    void aUserAgentNamingAnotherDeviceMakesTheMacsDisagree() {
        assertThat(identify("cfg000b828aa872.xml", GXP2170_UA).macsDisagree()).isTrue();
    }

    @Test
    void filesUnderTheGrandstreamDirectoryAreRecognisedToo() {
        Identification id = plugin.identify(new FetchRequest("cfgc074ad2b3c4d.xml", "Grandstream", GXP2170_UA)).orElseThrow();
        assertThat(id.kind()).isEqualTo(FileKind.DEVICE);
    }

    @ParameterizedTest
    @CsvSource({"cfggxp2135.xml, GXP2135", "cfggxp2170.xml, GXP2170", "cfggrp2614.xml, GRP2614", "cfggrp2616.xml, GRP2616"})
    void modelFileNamesTheModelWhateverTheUserAgent(String file, String model) {
        Identification id = identify(file, GXP2170_UA);
        assertThat(id.kind()).isEqualTo(FileKind.COMMON);
        assertThat(id.model()).isEqualTo(model);
        assertThat(id.template()).isEqualTo("common.xml.ftlx");
    }

    @Test
    void vendorCommonFileUsesTheUserAgentModelOnlyWhenItIsSupported() {
        assertThat(identify("cfg.xml", GXP2170_UA).model()).isEqualTo("GXP2170");
        assertThat(identify("cfg.xml", "Grandstream Model HW GXV3350  V1.3A SW 1.0.1.8 DevId c074ad150b88").model()).isNull();
        assertThat(identify("cfg.xml", "").model()).isNull();
        assertThat(identify("cfg.xml", "").kind()).isEqualTo(FileKind.COMMON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cfgc074ad2b3c4d", "cfgc074ad2b3c4d.bin", "c074ad2b3c4d.cfg", "y000000000108.cfg", "cfg010203040506.xml",
            "cfgffffffffffff.xml", "snomD785.htm", "cfg.xml.bak"})
    void otherFilesAndTheLegacyBinaryAreNotGrandstreams(String file) {
        assertThat(plugin.identify(new FetchRequest(file, "", GXP2170_UA))).isEmpty();
    }

    @Test
    void onlyThePerDeviceFileHasARedirectForm() {
        assertThat(plugin.redirectTemplate(identify("cfgc074ad2b3c4d.xml", ""))).contains("redirect.xml.ftlx");
        assertThat(plugin.redirectTemplate(identify("cfggxp2170.xml", ""))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // SIP User-Agents are "Grandstream <model> <firmware>" (vendor-formats 4.2), the adapters and bases alike
            "Grandstream GXP2170 1.0.11.3       | 1.0.11.3",
            "Grandstream HT814 1.0.63.3         | 1.0.63.3",
            "Grandstream HT802 V2.0A 1.0.63.3   | 1.0.63.3",
            "Grandstream DP750 1.0.3.37         | 1.0.3.37",
    })
    void theFirmwareOfEveryFamilyIsReadFromItsSipUserAgent(String ua, String firmware) {
        assertThat(plugin.firmwareInSipUserAgent(ua)).contains(firmware);
    }

    // --- time zones: derived from the tz database, in the form of Grandstream's own list ---

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Europe/Zurich     | CET-1CEST-2,M3.5.0/02:00:00,M10.5.0/03:00:00",
            "Europe/London     | GMT+0BST-1,M3.5.0/01:00:00,M10.5.0/02:00:00",
            "America/New_York  | EST+5EDT+4,M3.2.0/02:00:00,M11.1.0/02:00:00",
            "Australia/Sydney  | AEST-10AEDT-11,M10.1.0/02:00:00,M4.1.0/03:00:00",
            "Asia/Kolkata      | IST-5:30",
    })
    void timeZoneIsAnExplicitPosixRule(String zone, String posix) {
        assertThat(GrandstreamPlugin.posixTimeZone(TimeZoneRule.of(zone, TestConfigModel.MID_2026))).isEqualTo(posix);
        Map<String, Object> v = plugin.vendorValues(TestConfigModel.of("grandstream", "GXP2170", "c074ad2b3c4d").zone(zone).build());
        assertThat(v.get("tz")).isEqualTo(Map.of("mode", "customize", "posix", posix));
    }

    @Test
    void zonesWithoutLetterAbbreviationsGetNeutralNames() {
        // Asia/Dubai has no letter abbreviation in the tz database (<+04>); Grandstream's list form has none.
        assertThat(GrandstreamPlugin.posixTimeZone(TimeZoneRule.of("Asia/Dubai", TestConfigModel.MID_2026))).isIn("GST-4", "STD-4");
    }

    // --- account P-values ---

    @Test
    void everyAccountHasItsOwnPValueBlock() {
        assertThat(AccountPValues.of(1)).isEqualTo(new AccountPValues(1, 271, 47, 2312, 35, 36, 34, 3, 31, 32, 270, 183, 130, 26015, 2347, 2329, 99, 33, 1347));
        assertThat(AccountPValues.of(2)).isEqualTo(new AccountPValues(2, 401, 402, 2412, 404, 405, 406, 407, 410, 412, 417, 443, 448, 26115, 2447, 2429, 415, 426, 481));
        assertThat(AccountPValues.of(3)).isEqualTo(new AccountPValues(3, 501, 502, 2512, 504, 505, 506, 507, 510, 512, 517, 543, 548, 26215, 2547, 2529, 515, 526, 581));
        assertThat(AccountPValues.of(4)).isEqualTo(new AccountPValues(4, 601, 602, 2612, 604, 605, 606, 607, 610, 612, 617, 643, 648, 26315, 2647, 2629, 615, 626, 681));
        assertThat(AccountPValues.of(5)).isEqualTo(new AccountPValues(5, 1701, 1702, 2712, 1704, 1705, 1706, 1707, 1710, 1712, 1717, 1743, 1748, 26415, 2747, 2729, 1715, 1726, 1781));
        assertThat(AccountPValues.of(6)).isEqualTo(new AccountPValues(6, 1801, 1802, 2812, 1804, 1805, 1806, 1807, 1810, 1812, 1817, 1843, 1848, 26515, 2847, 2829, 1815, 1826, 1881));
        assertThatThrownBy(() -> AccountPValues.of(7)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"GXP2135, 4", "GXP2170, 6", "GRP2614, 4", "GRP2616, 6"})
    void eachModelGetsTheAccountsItHasAndUnusedOnesAreListed(String model, int accounts) {
        Map<String, Object> v = plugin.vendorValues(TestConfigModel.of("grandstream", model, "c074ad2b3c4d")
                .line(1, "200", "Anna", Transport.UDP, Srtp.OFF).build());
        assertThat((List<?>) v.get("accounts")).hasSize(accounts);
        @SuppressWarnings("unchecked")
        Map<String, Object> last = (Map<String, Object>) ((List<?>) v.get("accounts")).get(accounts - 1);
        assertThat(last.get("active")).isEqualTo("P" + AccountPValues.of(accounts).active());
        @SuppressWarnings("unchecked")
        List<Object> unused = (List<Object>) v.get("unused_accounts");
        assertThat(unused).hasSize(accounts - 1).doesNotContain(1).contains(accounts);
    }

    @Test
    void aLineBeyondTheModelsAccountsIsARenderErrorNotASilentlyDroppedLine() {
        var model = TestConfigModel.of("grandstream", "GXP2135", "c074ad2b3c4d").line(5, "204", "Five", Transport.UDP, Srtp.OFF).build();
        assertThatThrownBy(() -> plugin.vendorValues(model)).isInstanceOf(RenderException.class).hasMessageContaining("line 5");
    }

    @Test
    void codesForTransportSrtpAndLanguage() {
        Map<String, Object> v = plugin.vendorValues(TestConfigModel.of("grandstream", "GXP2170", "c074ad2b3c4d").language("fr").build());
        assertThat(v.get("transport")).isEqualTo(Map.of("udp", 0, "tcp", 1, "tls", 2));
        assertThat(v.get("srtp")).isEqualTo(Map.of("off", 0, "optional", 1, "mandatory", 2));
        assertThat(v.get("language")).isEqualTo("fr");
        assertThat(GrandstreamPlugin.language("de")).isEqualTo("de");
        assertThat(GrandstreamPlugin.language("xx")).isEqualTo("en");
    }

    @ParameterizedTest
    @CsvSource({
            "https://prov.example.com:8443/,              prov.example.com:8443,     2",
            "https://prov.example.com:8443/Grandstream/,  prov.example.com:8443,     2",
            "https://prov.example.com/phones/,            prov.example.com/phones,   2",
            "http://10.0.0.5:8080/,                       10.0.0.5:8080,             1",
            "https://user:secret@prov.example.com/,       prov.example.com,          2",
    })
    void configServerPathHasNoSchemeNoCredentialsAndNoRepeatedGrandstreamDirectory(String url, String path, int protocol) {
        assertThat(GrandstreamPlugin.configServerPath(url)).isEqualTo(path);
        assertThat(GrandstreamPlugin.protocol(url)).isEqualTo(protocol);
    }

    @Test
    void recheckIntervalIsClampedToWhatP193Accepts() {
        assertThat(plugin.vendorValues(TestConfigModel.of("grandstream", "GXP2170", "c074ad2b3c4d").recheckMinutes(1440).build()))
                .containsEntry("recheck_mode", 1).containsEntry("recheck_minutes", 1440);
        assertThat(plugin.vendorValues(TestConfigModel.of("grandstream", "GXP2170", "c074ad2b3c4d").recheckMinutes(5).build()))
                .containsEntry("recheck_minutes", 60);
        assertThat(plugin.vendorValues(TestConfigModel.of("grandstream", "GXP2170", "c074ad2b3c4d").recheckMinutes(0).build()))
                .containsEntry("recheck_mode", 0);
    }

    @Test
    void firmwareServerPathIsTheImagesDirectoryWithoutScheme() {
        Map<String, Object> v = plugin.vendorValues(TestConfigModel.of("grandstream", "GXP2170", "c074ad2b3c4d")
                .firmware("1.0.11.79", "https://prov.example.com:8443/firmware/grandstream/gxp2170fw.bin").build());
        assertThat(v).containsEntry("firmware_server_path", "prov.example.com:8443/firmware/grandstream").containsEntry("firmware_protocol", 2);
    }
}
