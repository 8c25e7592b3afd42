package io.phonehome.phones.snom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.ModelNames;
import io.phonehome.inventory.Srtp;
import io.phonehome.inventory.SupportedModels;
import io.phonehome.inventory.Transport;
import io.phonehome.phones.AgentInfo;
import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.FetchRequest;
import io.phonehome.phones.Identification;
import io.phonehome.phones.ImageName;
import io.phonehome.phones.PhonePlugin;
import io.phonehome.phones.TimeZoneRule;
import io.phonehome.phones.VendorRegistry;
import io.phonehome.testing.SnomXml;
import io.phonehome.testing.TestRender;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Snom catalog against the plug-in: a real-looking User-Agent per generation names a catalog
 * model of the expected family and format, every model's files render, image names of every
 * generation are read.
 */
class SnomCatalogTest {
    static final VendorRegistry REGISTRY = VendorRegistry.builtIn();
    static final PhonePlugin PLUGIN = REGISTRY.plugin("snom").orElseThrow();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // desk, firmware 10 (vendor-formats.md 3.2; wazo common.py quotes the D785 form)
            "Mozilla/4.0 (compatible; snomD305-SIP 10.1.54.13 2010.12-00004-g9ba52f5 000413A10001 SXM:0 UXM:0)           | D305 | 10.1.54.13  | 000413a10001 | desk | DESK",
            "Mozilla/4.0 (compatible; snomD385-SIP 10.1.198.19 2010.12-00004-g2f5e6a1c 000413A1B2C3 SXM:0 UXM:0 UXMC:0)   | D385 | 10.1.198.19 | 000413a1b2c3 | desk | DESK",
            "Mozilla/4.0 (compatible; snomD717-SIP 10.1.215.13 2010.12-00005-g7a01c2d3 000413C0FFEE SXM:0 UXM:0 UXMC:0)   | D717 | 10.1.215.13 | 000413c0ffee | desk | DESK",
            "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) 00041396D9B4 SXM:0 UXM:0 UXMC:0) | D785 | 10.1.169.16 | 00041396d9b4 | desk | DESK",
            "Mozilla/4.0 (compatible; snomD865-SIP 10.1.226.16 2010.12-00005-gb36a57c9 000413D865A1 SXM:0 UXM:0 UXMC:0)   | D865 | 10.1.226.16 | 000413d865a1 | desk | DESK",
            // the D715 calls itself 715 (wazo 10.x plug-ins list 715)
            "Mozilla/4.0 (compatible; snom715-SIP 10.1.198.19 2010.12-00004-g1a2b3c4d 000413715A15 SXM:0 UXM:0)          | 715  | 10.1.198.19 | 000413715a15 | desk | DESK",
            // legacy 3xx/7xx/8xx on 8.7 (wazo common.py quotes these forms)
            "Mozilla/4.0 (compatible; snom710-SIP 8.7.5.35 1.1.5-IFX-05.01.12 000413741767)                              | 710  | 8.7.5.35    | 000413741767 | desk | DESK",
            "Mozilla/4.0 (compatible; snom320-SIP 8.7.5.35 1.1.3-s 000413300320)                                         | 320  | 8.7.5.35    | 000413300320 | desk | DESK",
            "Mozilla/4.0 (compatible; snom870-SIP 8.7.5.35 SPEAr300 SNOM 1.4 000413870870)                               | 870  | 8.7.5.35    | 000413870870 | desk | DESK",
            // M-series DECT (wazo common_dect/common.py: 'Mozilla/4.0 (compatible; Snom M900 05.20.0001 000413b60680)')
            "Mozilla/4.0 (compatible; Snom M900 05.20.0001 000413b60680)                                                 | M900 | 05.20.0001  | 000413b60680 | dect-multicell | M_DECT",
            "Mozilla/4.0 (compatible; Snom M700 05.20.0001 000413b60681)                                                 | M700 | 05.20.0001  | 000413b60681 | dect-multicell | M_DECT",
            "Mozilla/4.0 (compatible; snomM400 07.40.0104 000413b60682)                                                  | M400 | 07.40.0104  | 000413b60682 | dect-multicell | M_DECT",
            "Mozilla/4.0 (compatible; Snom M300 05.20.0001 000413B60683)                                                 | M300 | 05.20.0001  | 000413b60683 | dect-multicell | M_DECT",
    })
    void userAgentNamesACatalogModelOfItsFamilyAndFormat(String ua, String model, String firmware, String mac, String family,
                                                        SnomFormat format) {
        AgentInfo info = PLUGIN.parseUserAgent(ua).orElseThrow();
        assertThat(info.model()).isEqualTo(model);
        assertThat(info.firmware()).isEqualTo(firmware);
        assertThat(info.mac().hex()).isEqualTo(mac);
        ModelInfo m = REGISTRY.models().find("snom", model).orElseThrow();
        assertThat(m.family()).isEqualTo(family);
        assertThat(SnomFormat.of(m.attributes())).isEqualTo(format);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Mozilla/4.0 (compatible; Snom M9000 05.20.0001 000413b60680)",     // not a model number
            "Mozilla/4.0 (compatible; Snom M900 5.20.1 000413b60680)",           // not the base's version form
            "Mozilla/4.0 (compatible; Snom lid 3605)",
            "Gigaset N870 IP PRO/83.V2.50.0+build.a1b2c3d; 7C2F80AABBCC",
            "Yealink W90DM 130.87.0.10 80:5e:c0:d9:c7:44",
            "",
    })
    void foreignAndAbsurdUserAgentsAreNoSnomBase(String ua) {
        assertThat(PLUGIN.parseUserAgent(ua)).isEmpty();
        assertThat(PLUGIN.parseUserAgent("Mozilla/4.0 (compatible; Snom M900 05.20.0001 000413b60680" + " ".repeat(300) + ")")).isEmpty();
    }

    @Test
    void theDectBaseFileNamesAreAnsweredFromTheDectTemplates() {
        String ua = "Mozilla/4.0 (compatible; Snom M700 05.20.0001 000413b60681)";
        Identification list = PLUGIN.identify(new FetchRequest("snomM700-000413B60681.htm", "", ua)).orElseThrow();
        assertThat(list.template()).isEqualTo("m-dect/mac.htm.ftlx");
        assertThat(list.agentMac().hex()).isEqualTo("000413b60681");
        assertThat(list.score()).isEqualTo(85);
        assertThat(PLUGIN.identify(new FetchRequest("snomM700-000413B60681.xml", "", ua)).orElseThrow().template()).isEqualTo("m-dect/mac.xml.ftlx");
        assertThat(PLUGIN.identify(new FetchRequest("snomM700.htm", "", ua)).orElseThrow().template()).isEqualTo("m-dect/common.htm.ftlx");
        assertThat(PLUGIN.redirectTemplate(list)).contains("m-dect/redirect.xml.ftlx");
        // a base's User-Agent never asks for a desk phone's file
        assertThat(PLUGIN.identify(new FetchRequest("snomD785-000413B60681.htm", "", ua))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "D715         | 715",
            "Snom D725    | 725",
            "snomD785     | D785",
            "snom M700    | M700",
            "snom 320     | 320",
    })
    void installersSpellingsResolveToTheNameThePhoneRequestsItsFilesBy(String spelled, String model) {
        assertThat(new ModelNames(REGISTRY.models()).resolve("snom", spelled)).extracting(ModelInfo::model).containsExactly(model);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "snomD785-10.1.184.15-SIP-r.bin | D785 | 10.1.184.15 | snomD785-10.1.184.15-SIP-r.bin",
            "snomD865-10.1.184.15-SIP-r.swu | D865 | 10.1.184.15 | snomD865-10.1.184.15-SIP-r.swu",
            "snom320-8.7.5.35-SIP-f.bin     | 320  | 8.7.5.35    | snom320-8.7.5.35-SIP-f.bin",
            "snom760-8.7.5.35-SIP-r.bin     | 760  | 8.7.5.35    | snom760-8.7.5.35-SIP-r.bin",
            "M900_v0520_b0001.fwu           | M900 | 05.20.0001  | M900_v0520_b0001.fwu",
            "m400_v0740_b0104.fwu           | M400 | 07.40.0104  | M400_v0740_b0104.fwu",
    })
    void readsTheImageNamesOfEveryGeneration(String file, String model, String version, String served) {
        ImageName n = PLUGIN.parseImageName(List.of(), file).orElseThrow();
        assertThat(n.models()).containsExactly(model);
        assertThat(n.version()).isEqualTo(version);
        assertThat(n.handset()).isFalse();
        assertThat(PLUGIN.servedImageName(model, version, file)).isEqualTo(served);
        assertThat(REGISTRY.models().find("snom", model)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"snomD785-SIP-r.bin", "snomD7C-1.6.1-r.bin", "snomD785-ramdisk-chained-update-r.bin", "M900_v520_b1.fwu",
            "M900_v0520_b0001.bin", "snomD785-10.1.184.15-SIP-x.bin"})
    void namesWithoutAVersionOrOfAnotherKindNeedAManifest(String file) {
        assertThat(PLUGIN.parseImageName(List.of(), file)).isEmpty();
    }

    /**
     * The account count is what an installer plans lines with, so every built-in row says which document gives
     * it, with the count that document states; a clause after an unquoted comma would be a seventh CSV column the
     * reader drops, leaving a row whose count looks sourced when it is not.
     */
    @Test
    void everyCatalogRowStatesTheAccountCountItsSourceGives() {
        Pattern clause = Pattern.compile("\\baccounts (\\d+) from \\S");
        for (ModelInfo m : REGISTRY.models().forVendor("snom")) {
            String source = m.attribute("source").orElseThrow();
            Matcher found = clause.matcher(source);
            assertThat(found.find()).as(m.model() + ": " + source).isTrue();
            assertThat(Integer.parseInt(found.group(1))).as(m.model() + ": " + source).isEqualTo(m.accounts());
        }
    }

    @Test
    void everyCatalogModelRendersEveryFileItsDeviceFetches() {
        List<ModelInfo> models = REGISTRY.models().forVendor("snom");
        assertThat(models).hasSizeGreaterThanOrEqualTo(30).extracting(ModelInfo::family).contains("desk", "dect-multicell");
        Mac mac = Mac.parse("000413aa0001");
        for (ModelInfo m : models) {
            assertThat(m.attribute("source")).as(m.model()).isPresent();
            ConfigModel cm = model(m, mac);
            List<String> files = new ArrayList<>(PLUGIN.deviceFiles(mac, m.model()));
            files.add("snom" + m.model() + "-" + mac.upper() + "-firmware.xml");
            for (String file : files) {
                Identification id = PLUGIN.identify(new FetchRequest(file, "", "")).orElseThrow(() -> new AssertionError(file));
                assertThat(id.model()).isEqualTo(m.model());
                String text = TestRender.render(PLUGIN, id.template(), cm, file);
                SnomXml.parse(text);
                assertThat(text).as(m.model() + " " + file).doesNotContain("<user_pass idx=\"1\" perm=\"R\"></user_pass>");
            }
            Identification list = PLUGIN.identify(new FetchRequest(PLUGIN.deviceFiles(mac, m.model()).get(0), "", "")).orElseThrow();
            String redirect = TestRender.render(PLUGIN, PLUGIN.redirectTemplate(list).orElseThrow(), cm, "r",
                    Map.of("redirect", Map.of("url", "https://other.example.com/")));
            assertThat(redirect).as(m.model()).contains("https://other.example.com/").doesNotContain("line-secret");
        }
    }

    /** One line on account 1 (handset 1 for a DECT base), a firmware target in the model's own version form. */
    static ConfigModel model(ModelInfo m, Mac mac) {
        ConfigModel.LineInfo line = new ConfigModel.LineInfo(1, "201", "First", "", "201", "line-secret", Transport.UDP, Srtp.OFF,
                new ConfigModel.ServerAddress("pbx.example.net", 5060, Transport.UDP), null, 600);
        List<ConfigModel.HandsetInfo> handsets = m.isDect() ? List.of(new ConfigModel.HandsetInfo(1, "HS1", "0328D3C918", List.of(1)))
                : List.of();
        boolean dect = SnomFormat.of(m.attributes()) == SnomFormat.M_DECT;
        ConfigModel.FirmwareInfo fw = dect
                ? new ConfigModel.FirmwareInfo("05.20.0001", "https://prov.example.net/firmware/snom/05.20.0001/t/" + m.model() + "_v0520_b0001.fwu")
                : new ConfigModel.FirmwareInfo("10.1.184.15", "https://prov.example.net/firmware/snom/10.1.184.15/t/snom" + m.model() + "-10.1.184.15-SIP-r.bin");
        return new ConfigModel(new ConfigModel.DeviceInfo(mac, null),
                new ConfigModel.ModelData("snom", m.model(), m.family(), m.accounts(), m.handsets(), m.attributes(), null),
                new ConfigModel.SiteInfo("Site", "fr", List.of("ntp.example.net"), "admin-secret-1234", null, null),
                TimeZoneRule.of("Europe/Paris", Instant.parse("2026-06-15T12:00:00Z")), List.of(line), handsets,
                new ConfigModel.ProvisioningInfo("https://prov.example.net/", mac.hex(), "device-secret", 60), fw,
                new ConfigModel.ServerInfo("prov.example.net", "https://prov.example.net/phonehome-ca.pem", 5060, 5061));
    }

    @Test
    void anOperatorRowNamingAFormatThePluginLacksStopsTheStart(@TempDir Path dir) throws Exception {
        Path extra = dir.resolve("models.csv");
        Files.writeString(extra, "vendor,model,family,accounts,handsets,attributes\nsnom,M910,dect-multicell,10,10,format=x-dect\n");
        Path builtIn = dir.resolve("snom.csv");
        Files.writeString(builtIn, "vendor,model,family,accounts,handsets,attributes\nsnom,D785,desk,12,0,source=test\n");
        SupportedModels models = SupportedModels.load(List.of(new SupportedModels.Source("snom", "snom.csv", builtIn.toUri().toURL())), extra);
        assertThatThrownBy(() -> new SnomPlugin().withCatalog(models)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("M910").hasMessageContaining("x-dect");
    }
}
