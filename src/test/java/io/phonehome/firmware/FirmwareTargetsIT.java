package io.phonehome.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phonehome.inventory.Mac;
import io.phonehome.inventory.Site;
import io.phonehome.testing.FakeFirmware;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.SnomXml;
import io.phonehome.testing.TestServer;
import io.phonehome.testing.XmlDoc;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Targets per model, site and device turned into each vendor's firmware key, only while the
 * phone reports another version, with a URL the phone can then download from.
 */
class FirmwareTargetsIT {
    static TestServer server;
    static Site zurich;
    static Site basel;
    static final String T46U_OLD = "Yealink SIP-T46U 108.86.0.10 80:5e:c0:cc:00:01";
    static final String T46U_NEW = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:cc:00:01";
    static final String BASEL_UA = "Yealink SIP-T46U 108.86.0.10 80:5e:c0:cc:00:02";
    static final String W90DM_UA = "Yealink W90DM 130.87.0.10 80:5e:c0:d9:c7:44";
    static final String W90B_UA = "Yealink W90B 130.87.0.10 80:5e:c0:d9:c7:45";
    static final String D785_UA = "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) "
            + "00041396D9B4 SXM:0 UXM:0 UXMC:0)";
    static final String GXP2170_UA = "Grandstream Model HW GXP2170 SW 1.0.11.79 DevId c074ad2b3c4d";
    static final String X4U_UA = "Fanvil X4U 2.12.16.17 0c383e557eb2";
    static byte[] t46u20;
    static byte[] w90b;

    @BeforeAll
    static void start() {
        server = new TestServer();
        zurich = server.createSite("Zurich", "Europe/Zurich");
        basel = server.createSite("Basel", "Europe/Zurich");
        assertThat(server.importCsv("mac,model,serial,site,extension,display_name,handset\n"
                + "805ec0cc0001,T46U,,Zurich,,A,\n"
                + "805ec0cc0002,T46U,,Basel,,B,\n"
                + "805ec0d9c744,W90DM,,Zurich,,H1,1\n"
                + "805ec0d9c745,W90B,,Zurich,,,\n"
                + "00041396D9B4,D785,,Zurich,,C,\n"
                + "c074ad2b3c4d,GXP2170,,Zurich,,D,\n"
                + "0c383e557eb2,X4U,,Zurich,,E,\n").errors()).isEmpty();
        Path data = server.dataDir().resolve("firmware");
        t46u20 = FakeFirmware.write(data, "yealink/T46U-108.86.0.20.rom", 20_000);
        FakeFirmware.write(data, "yealink/T46U-108.86.0.30.rom", 20_000);
        FakeFirmware.write(data, "yealink/W90DM-130.87.0.18.rom", 10_000);
        w90b = FakeFirmware.write(data, "yealink/W90B-130.87.0.18.rom", 10_000);
        FakeFirmware.write(data, "snom/snomD785-10.1.184.15-SIP-r.bin", 10_000);
        FakeFirmware.write(data, "grandstream/1.0.11.16/gxp2170fw.bin", 10_000);
        FakeFirmware.write(data, "fanvil/x4u-fanvil-release-6903-2.12.20-krnl2024.z", 10_000);
        server.server().firmware().catalog().refresh();
        assertThat(server.server().firmware().catalog().problems()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void clearTargets() {
        FirmwareTargets t = targets();
        for (FirmwareTarget x : t.list()) {
            Mac mac = x.deviceId() == null ? null : server.server().inventory().devices().findById(x.deviceId()).orElseThrow().mac();
            t.clear(x.scope(), x.vendor(), x.model(), x.siteId(), mac);
        }
    }

    static FirmwareTargets targets() {
        return server.server().firmware().targets();
    }

    static HttpResponse<String> fetch(Site site, String file, String ua) {
        return server.fetchOk(file, ua, site.digestUser(), site.digestPassword());
    }

    static Map<String, String> yealink(Site site, String file, String ua) {
        return KeyValueConfig.parse(fetch(site, file, ua).body());
    }

    /** The phone's next step: download the URL it was given, with its own User-Agent. */
    static HttpResponse<byte[]> download(String url, String ua) {
        assertThat(url).startsWith(server.baseUrl());
        return server.getBytes(url, ua);
    }

    @Test
    void aModelTargetIsEmittedOnlyWhileThePhoneReportsAnotherVersion() {
        assertThat(yealink(zurich, "805ec0cc0001.cfg", T46U_OLD)).doesNotContainKey("static.firmware.url");

        targets().setForModel("yealink", "T46U", "108.86.0.20", "test");
        Map<String, String> cfg = yealink(zurich, "805ec0cc0001.cfg", T46U_OLD);
        String url = cfg.get("static.firmware.url");
        assertThat(url).startsWith(server.baseUrl() + "firmware/yealink/108.86.0.20/805ec0cc0001-").endsWith("/T46U-108.86.0.20.rom");
        HttpResponse<byte[]> image = download(url, T46U_OLD);
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.body()).isEqualTo(t46u20);

        // back on the target: no firmware key, so no upgrade loop
        assertThat(yealink(zurich, "805ec0cc0001.cfg", T46U_NEW)).doesNotContainKey("static.firmware.url");
        // model-wide common files never carry it (devices of the model may have other targets)
        assertThat(KeyValueConfig.parse(server.get("y000000000108.cfg", T46U_OLD).body())).doesNotContainKey("static.firmware.url");
    }

    @Test
    void siteAndDeviceTargetsOverrideTheModels() {
        targets().setForModel("yealink", "T46U", "108.86.0.20", "test");
        targets().setForSite(basel.id(), "yealink", "T46U", "108.86.0.30", "test");
        assertThat(yealink(zurich, "805ec0cc0001.cfg", T46U_OLD).get("static.firmware.url")).endsWith("/T46U-108.86.0.20.rom");
        assertThat(yealink(basel, "805ec0cc0002.cfg", BASEL_UA).get("static.firmware.url")).endsWith("/T46U-108.86.0.30.rom");

        targets().setForDevice(Mac.parse("805ec0cc0001"), "108.86.0.30", "test");
        assertThat(yealink(zurich, "805ec0cc0001.cfg", T46U_OLD).get("static.firmware.url")).endsWith("/T46U-108.86.0.30.rom");
        targets().clear(TargetScope.DEVICE, null, null, null, Mac.parse("805ec0cc0001"));
        assertThat(yealink(zurich, "805ec0cc0001.cfg", T46U_OLD).get("static.firmware.url")).endsWith("/T46U-108.86.0.20.rom");
        targets().clear(TargetScope.MODEL, "yealink", "T46U", null, null);
        assertThat(yealink(zurich, "805ec0cc0001.cfg", T46U_OLD)).doesNotContainKey("static.firmware.url");
        assertThat(yealink(basel, "805ec0cc0002.cfg", BASEL_UA).get("static.firmware.url")).endsWith("/T46U-108.86.0.30.rom");
    }

    @Test
    void refusesATargetTheCatalogDoesNotHave() {
        assertThatThrownBy(() -> targets().setForModel("yealink", "T46U", "108.86.0.99", "test"))
                .isInstanceOf(FirmwareException.class).hasMessageContaining("no yealink T46U image of version 108.86.0.99")
                .hasMessageContaining("108.86.0.20, 108.86.0.30");
        assertThatThrownBy(() -> targets().setForModel("yealink", "T54W", "108.86.0.20", "test")).hasMessageContaining("has none for this model");
        assertThatThrownBy(() -> targets().setForModel("yealink", "T99", "1.2.3", "test")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> targets().setForDevice(Mac.parse("805ec0ffffff"), "108.86.0.20", "test")).hasMessageContaining("not in the inventory");
        assertThatThrownBy(() -> targets().setForModel("yealink", "T46U", "../../x", "test")).hasMessageContaining("not a firmware version");
        assertThat(targets().list()).isEmpty();
    }

    @Test
    void w90ManagerAndBasesEachFetchTheirOwnImageThroughPn() {
        targets().setForModel("yealink", "W90DM", "130.87.0.18", "test");
        String url = yealink(zurich, "805ec0d9c744.cfg", W90DM_UA).get("static.firmware.url");
        assertThat(url).endsWith("/$PN-130.87.0.18.rom");
        assertThat(download(url.replace("$PN", "W90DM"), W90DM_UA).statusCode()).isEqualTo(200);
        // a radio base of the same site fetches its own image with the manager's URL
        HttpResponse<byte[]> base = download(url.replace("$PN", "W90B"), W90B_UA);
        assertThat(base.statusCode()).isEqualTo(200);
        assertThat(base.body()).isEqualTo(w90b);
    }

    @Test
    void snomGetsTheImageUrlInItsFirmwareFile() {
        targets().setForModel("snom", "D785", "10.1.184.15", "test");
        Map<String, String> settings = SnomXml.phoneSettings(fetch(zurich, "snomD785-00041396D9B4.xml", D785_UA).body());
        assertThat(settings.get("firmware_status")).isEqualTo(server.baseUrl() + "snomD785-00041396D9B4-firmware.xml");
        XmlDoc fw = XmlDoc.parse(fetch(zurich, "snomD785-00041396D9B4-firmware.xml", D785_UA).body());
        String url = fw.text("/firmware-settings/firmware");
        assertThat(url).endsWith("/snomD785-10.1.184.15-SIP-r.bin");
        assertThat(download(url, D785_UA).statusCode()).isEqualTo(200);
    }

    @Test
    void grandstreamGetsADirectoryWithoutSchemeAndAsksForItsOwnFileThere() {
        targets().setForModel("grandstream", "GXP2170", "1.0.11.16", "test");
        XmlDoc cfg = XmlDoc.parse(fetch(zurich, "cfgc074ad2b3c4d.xml", GXP2170_UA).body());
        String path = cfg.text("/gs_provision/config/P192");
        assertThat(path).startsWith("127.0.0.1:" + server.server().httpsPort() + "/firmware/grandstream/1.0.11.16/c074ad2b3c4d-")
                .doesNotContain("://");
        assertThat(cfg.text("/gs_provision/config/P6767")).isEqualTo("2");
        assertThat(cfg.text("/gs_provision/config/P238")).isEqualTo("0");
        assertThat(download("https://" + path + "/gxp2170fw.bin", GXP2170_UA).statusCode()).isEqualTo(200);
    }

    @Test
    void fanvilGetsAOneShotImageUrl() {
        targets().setForModel("fanvil", "X4U", "2.12.20.6903", "test");
        XmlDoc cfg = XmlDoc.parse(fetch(zurich, "0c383e557eb2.cfg", X4U_UA).body());
        String url = cfg.text("/sysConf/AUTOUPDATE_CONFIG_MODULE/Auto_Image_URL");
        assertThat(url).endsWith("/x4u-fanvil-release-6903-2.12.20-krnl2024.z");
        assertThat(download(url, X4U_UA).statusCode()).isEqualTo(200);
        assertThat(XmlDoc.parse(fetch(zurich, "0c383e557eb2.cfg", "Fanvil X4U 2.12.20.6903 0c383e557eb2").body())
                .has("/sysConf/AUTOUPDATE_CONFIG_MODULE")).isFalse();
    }
}
