package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.Device;
import io.phonehome.inventory.Handset;
import io.phonehome.inventory.ImportReport;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.Site;
import io.phonehome.firmware.FirmwareTarget;
import io.phonehome.firmware.FirmwareTargets;
import io.phonehome.store.Table;
import io.phonehome.testing.FakeFirmware;
import io.phonehome.testing.SnomXml;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * A Snom M700 DECT base fetching its files over real HTTPS with its own User-Agent form, next to
 * a D785 desk phone on the same site: the base gets the M-series keys (server slots, one
 * extension per handset), and neither device's file carries the other's secrets.
 */
class SnomDectProvisioningIT {
    static final String M700_MAC = "000413B60681";
    /** The M-series form wazo-provd-plugins quotes (common_dect/common.py), MAC in lower case. */
    static final String M700_UA = "Mozilla/4.0 (compatible; Snom M700 05.20.0001 000413b60681)";
    static final String D785_MAC = "00041396D9B4";
    static final String D785_UA = "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) "
            + D785_MAC + " SXM:0 UXM:0 UXMC:0)";
    static final String SITE_USER = "site-zurichhq";
    static final String IPEI = "0328D3C918";

    static TestServer server;
    static String sitePassword;

    @BeforeAll
    static void start() {
        server = new TestServer();
        Site site = server.createSite("Zurich HQ", "Europe/Zurich");
        sitePassword = site.digestPassword();
        String csv = "mac,model,serial,site,extension,display_name,handset,handset_name\n"
                + "00:04:13:b6:06:81,M700,SN-M700,Zurich HQ,,\"Empfang & Co <1>\",1,Empfang\n"
                + "00:04:13:b6:06:81,M700,SN-M700,Zurich HQ,,Lager,3,Lager\n"
                + "00:04:13:96:d9:b4,D785,SN-D785,Zurich HQ,,Anna Muster,,\n";
        ImportReport r = server.importCsv(csv);
        assertThat(r.errors()).isEmpty();
        // The CSV import has no IPEI column: the technician records handset 1's IPEI later.
        Device base = device(M700_MAC);
        server.server().inventory().jdbc().update(Table.HANDSETS, "UPDATE handsets SET ipui = ? WHERE device_id = ? AND handset_index = 1",
                IPEI, base.id());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Device device(String mac) {
        return server.server().inventory().devices().findByMac(Mac.parse(mac)).orElseThrow();
    }

    static HttpResponse<String> fetch(String file, String ua) {
        HttpResponse<String> r = server.getWithDigest(file, ua, SITE_USER, sitePassword);
        assertThat(r.statusCode()).as(file + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/xml"));
        return r;
    }

    @Test
    void theBaseListsItsSettingsFileAndGetsOneExtensionPerHandset() {
        Element list = SnomXml.parse(fetch("snomM700-" + M700_MAC + ".htm", M700_UA).body()).getDocumentElement();
        assertThat(list.getTagName()).isEqualTo("setting-files");
        assertThat(SnomXml.children(list, "file")).extracting(e -> e.getAttribute("url"))
                .containsExactly(server.baseUrl() + "snomM700-" + M700_MAC + ".xml");

        Map<String, String> s = SnomXml.phoneSettings(fetch("snomM700-" + M700_MAC + ".xml", M700_UA).body());
        List<Line> lines = server.lines(M700_MAC);
        assertThat(lines).extracting(Line::position).containsExactlyInAnyOrder(1, 3);
        Line first = lines.stream().filter(l -> l.position() == 1).findFirst().orElseThrow();
        Line third = lines.stream().filter(l -> l.position() == 3).findFirst().orElseThrow();
        List<Handset> handsets = server.server().inventory().handsets().byDevice(device(M700_MAC).id());
        assertThat(handsets).extracting(Handset::index).containsExactlyInAnyOrder(1, 3);

        assertThat(s).containsEntry("user_active[1]", "on").containsEntry("user_realname[1]", "Empfang & Co <1>")
                .containsEntry("user_name[1]", first.extension()).containsEntry("user_pname[1]", first.authUser())
                .containsEntry("user_pass[1]", first.password()).containsEntry("subscr_sip_hs_idx[1]", "1")
                .containsEntry("subscr_dect_ipui[1]", IPEI).doesNotContainKey("subscr_dect_ac_code[1]")
                .containsEntry("subscr_sip_ua_data_server_id[1]", "1")
                .containsEntry("user_active[3]", "on").containsEntry("user_pass[3]", third.password())
                .containsEntry("subscr_sip_hs_idx[3]", "3").containsEntry("subscr_dect_ipui[3]", "").containsEntry("subscr_dect_ac_code[3]", "0003")
                .containsEntry("user_active[2]", "off").containsEntry("user_pass[2]", "")
                .containsEntry("user_active[999]", "off").doesNotContainKey("user_active[1000]");
        // server slot 1
        assertThat(s).containsEntry("user_host[1]", "127.0.0.1").containsEntry("user_outbound[1]", "127.0.0.1:5060")
                .containsEntry("srv_sip_transport[1]", "udp").containsEntry("user_host[2]", "");
        Device base = device(M700_MAC);
        assertThat(s).containsEntry("setting_server", server.baseUrl()).containsEntry("http_client_user", "000413b60681")
                .containsEntry("http_client_password", base.provPassword()).containsEntry("timezone", "CHE+1")
                .containsEntry("language", "English");
    }

    @Test
    void eachDeviceGetsOnlyItsOwnSecrets() {
        String baseFile = fetch("snomM700-" + M700_MAC + ".xml", M700_UA).body();
        String deskFile = fetch("snomD785-" + D785_MAC + ".xml", D785_UA).body();
        Line desk = server.lines(D785_MAC).get(0);
        List<Line> dect = server.lines(M700_MAC);
        assertThat(baseFile).doesNotContain(desk.password()).doesNotContain(device(D785_MAC).provPassword());
        for (Line l : dect) {
            assertThat(deskFile).doesNotContain(l.password());
        }
        assertThat(deskFile).doesNotContain(device(M700_MAC).provPassword());
        assertThat(SnomXml.phoneSettings(deskFile)).containsEntry("user_pass[1]", desk.password());
    }

    @Test
    void theCommonFileIsServedToAnyBaseAndHoldsNothing() {
        HttpResponse<String> r = server.get("snomM700.htm", M700_UA);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(SnomXml.phoneSettings(r.body())).isEmpty();
    }

    @Test
    void wrongCredentialsGetTheChallengeAndAnotherMacInTheUserAgentIsRefused() {
        String file = "snomM700-" + M700_MAC + ".xml";
        HttpResponse<String> wrong = server.getWithDigest(file, M700_UA, SITE_USER, "not-the-site-password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("user_pass");
        HttpResponse<String> other = server.getWithDigest(file, M700_UA.replace("000413b60681", "000413b60699"), SITE_USER, sitePassword);
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(other.body()).doesNotContain("user_pass");
    }

    @Test
    void anOlderBaseIsToldTheImageDirectoryAndVersionsAndFetchesTheImageItsNameBuildsThere() {
        Path data = server.dataDir().resolve("firmware");
        byte[] image = FakeFirmware.write(data, "snom/M700_v0520_b0001.fwu", 10_000);
        server.server().firmware().catalog().refresh();
        assertThat(server.server().firmware().catalog().problems()).isEmpty();
        FirmwareTargets targets = server.server().firmware().targets();
        targets.setForModel("snom", "M700", "05.20.0001", "test");
        try {
            // a base still on 04.50 (the form of its User-Agent is the same)
            String oldUa = M700_UA.replace("05.20.0001", "04.50.0006");
            Element list = SnomXml.parse(fetch("snomM700-" + M700_MAC + ".htm", oldUa).body()).getDocumentElement();
            assertThat(SnomXml.children(list, "file")).extracting(e -> e.getAttribute("url")).containsExactly(
                    server.baseUrl() + "snomM700-" + M700_MAC + ".xml", server.baseUrl() + "snomM700-" + M700_MAC + "-firmware.xml");
            Element fw = SnomXml.parse(fetch("snomM700-" + M700_MAC + "-firmware.xml", oldUa).body()).getDocumentElement();
            Map<String, String> f = new LinkedHashMap<>();
            SnomXml.children(fw, null).forEach(e -> f.put(e.getTagName(), e.getTextContent()));
            assertThat(f).containsEntry("fp_fwu_sw_version", "520").containsEntry("fp_fwu_branch_version", "1");
            String directory = f.get("firmware");
            assertThat(directory).startsWith(server.baseUrl() + "firmware/snom/05.20.0001/").endsWith("/");
            // the base appends <MODEL>_v<sw>_b<branch>.fwu to the directory itself
            HttpResponse<byte[]> download = server.getBytes(directory + "M700_v0520_b0001.fwu", oldUa);
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(image);
            // a base that runs the target already is not told again
            assertThat(SnomXml.children(SnomXml.parse(fetch("snomM700-" + M700_MAC + ".htm", M700_UA).body()).getDocumentElement(), "file"))
                    .hasSize(1);
        } finally {
            for (FirmwareTarget t : targets.list()) {
                targets.clear(t.scope(), t.vendor(), t.model(), t.siteId(), null);
            }
        }
    }

    @Test
    void theBaseReportsItsFirmwareOverSipInItsOwnForm() {
        // the PnP SUBSCRIBE's User-Agent in Snom's "Provisioning Guide M700, M300"
        assertThat(server.server().configFiles().vendors().plugin("snom").orElseThrow()
                .firmwareInSipUserAgent("snomM700/03.23.0005 (MAC=000413600001; SER= 00000; HW=255)")).contains("03.23.0005");
    }

    @Test
    void theFirstConfigGivesTheBaseItsOwnCredentialsWhichThenWorkAndItsFirmwareIsRecorded() {
        Map<String, String> g = SnomXml.phoneSettings(fetch("snomM700-" + M700_MAC + ".xml", M700_UA).body());
        HttpResponse<String> r = server.getWithDigest("snomM700-" + M700_MAC + ".xml", M700_UA, g.get("http_client_user"),
                g.get("http_client_password"));
        assertThat(r.statusCode()).isEqualTo(200);
        server.flushRecords();
        Device d = device(M700_MAC);
        assertThat(d.reportedFirmware()).isEqualTo("05.20.0001");
        assertThat(d.reportedModel()).isEqualTo("M700");
        server.rearm(M700_MAC);
    }
}
