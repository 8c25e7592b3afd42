package io.phonehome.phones.fanvil;

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
import io.phonehome.phones.yealink.YealinkPlugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FanvilPluginTest {
    static final String X4U_UA = "Fanvil X4U 2.12.16.17 0c383e557eb2";
    final FanvilPlugin plugin = new FanvilPlugin(VendorRegistry.builtIn().models());

    Identification identify(String file, String ua) {
        return plugin.identify(new FetchRequest(file, "", ua)).orElseThrow(() -> new AssertionError(file + " not recognised"));
    }

    @Test
    void macFileFollowsTheScoreConventionForANameSharedWithYealink() {
        assertThat(identify("0c383e557eb2.cfg", "").score()).isEqualTo(15); // shared name + Fanvil OUI
        assertThat(identify("001122334455.cfg", "").score()).isEqualTo(10); // shared name only
        Identification withUa = identify("0c383e557eb2.cfg", X4U_UA);
        assertThat(withUa.score()).isEqualTo(65);
        assertThat(withUa.kind()).isEqualTo(FileKind.DEVICE);
        assertThat(withUa.model()).isEqualTo("X4U");
        assertThat(withUa.firmware()).isEqualTo("2.12.16.17");
        assertThat(withUa.template()).isEqualTo("mac.cfg.ftlx");
    }

    @Test
    void betweenFanvilAndYealinkTheUserAgentAndTheOuiDecide() {
        YealinkPlugin yealink = new YealinkPlugin();
        FetchRequest fanvilPhone = new FetchRequest("0c383e557eb2.cfg", "", X4U_UA);
        assertThat(plugin.identify(fanvilPhone).orElseThrow().score()).isGreaterThan(yealink.identify(fanvilPhone).orElseThrow().score());
        FetchRequest fanvilOuiNoUa = new FetchRequest("0c383e557eb2.cfg", "", "");
        assertThat(plugin.identify(fanvilOuiNoUa).orElseThrow().score()).isGreaterThan(yealink.identify(fanvilOuiNoUa).orElseThrow().score());
        FetchRequest yealinkPhone = new FetchRequest("805ec0aa0003.cfg", "", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:03");
        assertThat(yealink.identify(yealinkPhone).orElseThrow().score()).isGreaterThan(plugin.identify(yealinkPhone).orElseThrow().score());
    }

    @Test
    void aUserAgentNamingAnotherDeviceMakesTheMacsDisagree() {
        assertThat(identify("0c383e000001.cfg", X4U_UA).macsDisagree()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"F0V00X3U0000.cfg, X3U", "F0V00X4U0000.cfg, X4U", "F0V00X6U0000.cfg, X6U", "F0V00X700000.cfg, X7", "f0v00x4u0000.cfg, X4U"})
    void commonFilesComeFromTheCatalogAndNameTheirModel(String file, String model) {
        Identification id = identify(file, X4U_UA);
        assertThat(id.kind()).isEqualTo(FileKind.COMMON);
        assertThat(id.model()).isEqualTo(model);
        assertThat(id.template()).isEqualTo("common.cfg.ftlx");
        assertThat(identify(file, "").score()).isEqualTo(30);
    }

    @Test
    void aModelAddedToTheCatalogFileBringsItsCommonFileWithoutCode(@TempDir Path dir) throws IOException {
        Path extra = dir.resolve("models.csv");
        Files.writeString(extra, "vendor,model,family,accounts,handsets,attributes\nfanvil,X8U,desk,16,0,common_file=F0V00X8U0000.cfg\n");
        FanvilPlugin withX8u = new FanvilPlugin(VendorRegistry.load(extra).models());
        Identification id = withX8u.identify(new FetchRequest("F0V00X8U0000.cfg", "", "")).orElseThrow();
        assertThat(id.model()).isEqualTo("X8U");
        assertThat(plugin.identify(new FetchRequest("F0V00X8U0000.cfg", "", ""))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0c383e557eb2.boot", "cfg0c383e557eb2.xml", "F0V00X9Z0000.cfg", "010000000000.cfg", "y000000000108.cfg", "0c383e557eb2.cfg.bak"})
    void otherFilesAreNotFanvils(String file) {
        assertThat(plugin.identify(new FetchRequest(file, "", X4U_UA))).isEmpty();
    }

    @Test
    void onlyTheMacFileHasARedirectForm() {
        assertThat(plugin.redirectTemplate(identify("0c383e557eb2.cfg", ""))).contains("redirect.cfg.ftlx");
        assertThat(plugin.redirectTemplate(identify("F0V00X4U0000.cfg", ""))).isEmpty();
    }

    // --- time zones: quarter hours and an explicit rule ---

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // zone           | TimeZone | name     | EnableDST | start month/week/wday/hour | end month/week/wday/hour
            "Europe/Zurich    | 4        | UTC+1    | 2         | 3/-1/0/2                   | 10/-1/0/3",
            "Europe/London    | 0        | UCT      | 2         | 3/-1/0/1                   | 10/-1/0/2",
            "America/New_York | -20      | UTC-05   | 2         | 3/2/0/2                    | 11/1/0/2",
            "Australia/Sydney | 40       | UTC+10   | 2         | 10/1/0/2                   | 4/1/0/3",
            "Asia/Kolkata     | 22       | UTC+5:30 | 0         |                            | ",
    })
    void timeZoneIsQuarterHoursWithAnExplicitDaylightRule(String zone, int quarters, String name, int enableDst, String start, String end) {
        Map<String, Object> tz = FanvilPlugin.timeZone(TimeZoneRule.of(zone, TestConfigModel.MID_2026));
        assertThat(tz).containsEntry("time_zone", quarters).containsEntry("time_zone_name", name).containsEntry("enable_dst", enableDst);
        if (enableDst == 0) {
            assertThat(tz).doesNotContainKeys("start", "end", "dst_min_offset");
            return;
        }
        assertThat(tz).containsEntry("dst_min_offset", 60).containsEntry("dst_fixed_type", 2);
        assertThat(rule(tz.get("start"))).isEqualTo(start);
        assertThat(rule(tz.get("end"))).isEqualTo(end);
    }

    private static String rule(Object change) {
        Map<?, ?> c = (Map<?, ?>) change;
        return c.get("month") + "/" + c.get("week") + "/" + c.get("weekday") + "/" + c.get("hour");
    }

    @Test
    void codesForTransportSrtpProvisioningAndLanguage() {
        Map<String, Object> v = plugin.vendorValues(TestConfigModel.of("fanvil", "X4U", "0c383e557eb2").language("cs").build());
        assertThat(v.get("transport")).isEqualTo(Map.of("udp", 0, "tcp", 1, "tls", 3));
        assertThat(v.get("srtp")).isEqualTo(Map.of("off", 0, "optional", 1, "mandatory", 2));
        assertThat(v).containsEntry("language", "cz").containsEntry("server_url", "https://prov.example.com:8443")
                .containsEntry("flash_protocol", 5).containsEntry("flash_mode", 2).containsEntry("flash_interval", 1);
        assertThat(FanvilPlugin.flashProtocol("http://10.0.0.5:8080/")).isEqualTo(4);
        assertThat(SysConfFormat.INSTANCE.language("de")).isEqualTo("de");
        assertThat(SysConfFormat.INSTANCE.language("sk")).isEqualTo("slo");
        assertThat(SysConfFormat.INSTANCE.language("xx")).isEqualTo("en");
        assertThat(v).containsEntry("format", "sysconf");
    }

    @Test
    void theOlderSyntaxHasItsOwnTemplatesTlsCodeAndNumericLanguages() {
        Map<String, Object> v = plugin.vendorValues(TestConfigModel.of("fanvil", "X3S", "0c383e557eb2").language("fr").build());
        assertThat(v).containsEntry("format", "voip-config").containsEntry("language", 4);
        assertThat(v.get("transport")).as("TLS is 2 in VOIP_CONFIG_FILE").isEqualTo(Map.of("udp", 0, "tcp", 1, "tls", 2));
        assertThat(VoipConfigFormat.INSTANCE.language("de")).isEqualTo(16);
        assertThat(VoipConfigFormat.INSTANCE.language("en")).isEqualTo(0);
        assertThat(VoipConfigFormat.INSTANCE.language("cs")).as("no public number: English").isEqualTo(0);
    }

    @Test
    void aFormatThePlugInDoesNotKnowIsARenderErrorNamingTheModel(@TempDir Path dir) throws IOException {
        Path extra = dir.resolve("models.csv");
        Files.writeString(extra, "vendor,model,family,accounts,handsets,attributes\nfanvil,X9Q,desk,2,0,format=voip-conifg\n");
        var models = VendorRegistry.load(extra).models();
        var model = models.find("fanvil", "X9Q").orElseThrow();
        var cm = new io.phonehome.phones.ConfigModel(null, new io.phonehome.phones.ConfigModel.ModelData("fanvil", "X9Q", "desk", 2, 0,
                model.attributes(), null), null, null, List.of(), List.of(),
                new io.phonehome.phones.ConfigModel.ProvisioningInfo("https://p.example/", null, null, 0), null,
                new io.phonehome.phones.ConfigModel.ServerInfo("p.example", "https://p.example/phonehome-ca.pem", 5060, 5061));
        assertThatThrownBy(() -> new FanvilPlugin(models).vendorValues(cm)).isInstanceOf(RenderException.class)
                .hasMessageContaining("X9Q").hasMessageContaining("voip-conifg");
    }

    @Test
    void unusedLinesAreListedUpToTheModelsLineCount() {
        Map<String, Object> v = plugin.vendorValues(TestConfigModel.of("fanvil", "X3U", "0c383e557eb2")
                .line(1, "200", "A", Transport.UDP, Srtp.OFF).line(3, "202", "C", Transport.TLS, Srtp.MANDATORY).build());
        assertThat(v.get("unused_lines")).isEqualTo(List.of(2, 4, 5, 6));
    }

    @Test
    void aLineBeyondTheModelsLinesIsARenderError() {
        var model = TestConfigModel.of("fanvil", "X3U", "0c383e557eb2").line(7, "206", "Seven", Transport.UDP, Srtp.OFF).build();
        assertThatThrownBy(() -> plugin.vendorValues(model)).isInstanceOf(RenderException.class).hasMessageContaining("line 7");
    }

    @Test
    void theConfigRevisionIsWrittenAsTwoAndTenDigitsFromNineBillionSoItsOrderIsTheNumbersOrder() {
        long epoch = FanvilPlugin.REVISION_EPOCH_SECOND;
        assertThat(plugin.carriesConfigRevision(null)).isTrue();
        assertThat(plugin.formatConfigRevision(epoch)).isEqualTo("2.9000000000");
        assertThat(plugin.formatConfigRevision(epoch + 123)).isEqualTo("2.9000000123");
        assertThat(plugin.formatConfigRevision(epoch + 999_999_999L)).isEqualTo("2.9999999999");
        // as text, as a decimal and as the integer after the point, a higher revision is higher
        long[] ordered = {epoch, epoch + 9, epoch + 10, epoch + 99_999, epoch + 31_536_000L, epoch + 31_536_001L, epoch + 999_999_999L};
        for (int i = 1; i < ordered.length; i++) {
            String lo = plugin.formatConfigRevision(ordered[i - 1]);
            String hi = plugin.formatConfigRevision(ordered[i]);
            assertThat(hi.compareTo(lo)).as(lo + " < " + hi).isPositive();
            assertThat(new java.math.BigDecimal(hi)).isGreaterThan(new java.math.BigDecimal(lo));
            assertThat(Long.parseLong(hi.substring(2))).isGreaterThan(Long.parseLong(lo.substring(2)));
        }
        assertThatThrownBy(() -> plugin.formatConfigRevision(epoch + 1_000_000_000L)).isInstanceOf(RenderException.class);
        assertThatThrownBy(() -> plugin.formatConfigRevision(epoch - 1)).isInstanceOf(RenderException.class);
    }
}
