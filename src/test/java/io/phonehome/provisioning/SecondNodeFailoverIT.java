package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.phonehome.inventory.ImportReport;
import io.phonehome.inventory.Site;
import io.phonehome.inventory.SiteSpec;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.SnomXml;
import io.phonehome.testing.TestServer;
import io.phonehome.testing.XmlDoc;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A site on Phonehome's own SIP core names its second node ({@code sip.secondary_server}); every
 * vendor's file, fetched over real HTTPS, then carries that node as the line's second server, with the
 * vendor's keys that bring the phone back to the first node once it answers again. Without the
 * setting no second server and no return-to-primary behaviour is written.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecondNodeFailoverIT {
    static final String USER = "site-failover";
    static final String PASSWORD = "site-secret-failover-16";
    static final String T46U_MAC = "805ec0160001";
    static final String T46U_UA = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:16:00:01";
    static final String W70B_MAC = "805ec0160002";
    static final String W70B_UA = "Yealink W70B 146.85.0.20 80:5e:c0:16:00:02";
    static final String D785_MAC = "000413160003";
    static final String D785_UA = "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) "
            + D785_MAC + " SXM:0 UXM:0 UXMC:0)";
    static final String GXP2170_MAC = "c074ad160004";
    static final String GXP2170_UA = "Grandstream Model HW GXP2170 SW 1.0.11.79 DevId " + GXP2170_MAC;
    static final String HT802_MAC = "ec74d7160005";
    static final String HT802_UA = "Grandstream Model HW HT802 V2.0A SW 1.0.63.3 DevId " + HT802_MAC;
    static final String X4U_MAC = "0c383e160006";
    static final String X4U_UA = "Fanvil X4U 2.12.16.17 " + X4U_MAC;
    static final String X6_MAC = "0c383e160007";
    static final String X6_UA = "Fanvil X6 2.14.0.7386 " + X6_MAC;
    static final String X6_LINE1 = "/VOIP_CONFIG_FILE/SIP_CONFIG_MODULE/SIP_Line_List/SIP_Line_List_Entry[ID='SIP1']/";

    static TestServer server;
    static String token;
    static Site zug;

    @BeforeAll
    static void start() {
        server = new TestServer();
        token = server.adminToken();
        zug = server.createSite(SiteSpec.named("Zug", "Europe/Zurich").withDigest(USER, PASSWORD));
        ImportReport r = server.importCsv("mac,model,serial,site,extension,display_name,transport,srtp,line\n"
                + T46U_MAC + ",T46U,,Zug,601,Anna,,,1\n"
                + W70B_MAC + ",W70B,,Zug,602,Base,,,1\n"
                + D785_MAC + ",D785,,Zug,603,Bruno,,,1\n"
                + GXP2170_MAC + ",GXP2170,,Zug,604,Cla,,,1\n"
                + HT802_MAC + ",HT802,,Zug,605,Kitchen,,,1\n"
                + HT802_MAC + ",HT802,,Zug,615,Garage,tls,,2\n"
                + X4U_MAC + ",X4U,,Zug,606,Dora,,,1\n"
                + X6_MAC + ",X6,,Zug,607,Emil,,,1\n");
        assertThat(r.errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String fetch(String path, String ua) {
        return server.fetchOk(path, ua, USER, PASSWORD).body();
    }

    static HttpResponse<String> setSecondNode(String value) throws Exception {
        return server.adminJson("PUT", "/api/v1/settings/site:" + zug.id(), token,
                new ObjectMapper().writeValueAsString(Map.of("name", "sip.secondary_server", "value", value)));
    }

    @Test
    @Order(1)
    void withoutASecondNodeNoVendorGetsASecondServerOrFailbackKeys() {
        Map<String, String> t46u = KeyValueConfig.parse(fetch(T46U_MAC + ".cfg", T46U_UA));
        assertThat(t46u).containsKey("account.1.sip_server.1.address")
                .doesNotContainKey("account.1.sip_server.2.address").doesNotContainKey("account.1.fallback.redundancy_type");
        assertThat(KeyValueConfig.parse(fetch(W70B_MAC + ".cfg", W70B_UA))).doesNotContainKey("account.1.sip_server.2.address");
        assertThat(SnomXml.phoneSettings(fetch("snomD785-" + D785_MAC + ".xml", D785_UA)).get("user_outbound[1]")).doesNotContain(",");
        assertThat(XmlDoc.parse(fetch("cfg" + GXP2170_MAC + ".xml", GXP2170_UA)).text("/gs_provision/config/P2312")).isEmpty();
        XmlDoc ht = XmlDoc.parse(fetch("cfg" + HT802_MAC + ".xml", HT802_UA));
        assertThat(ht.text("/gs_provision/config/P967")).isEmpty();
        assertThat(ht.text("/gs_provision/config/P4567")).isEqualTo("0");
        assertThat(ht.text("/gs_provision/config/P4568")).isEqualTo("0");
        XmlDoc x4u = XmlDoc.parse(fetch(X4U_MAC + ".cfg", X4U_UA));
        assertThat(x4u.text("/sysConf/sip/line[@index='1']/BackupAddr")).isEmpty();
        assertThat(x4u.text("/sysConf/sip/line[@index='1']/EnableFailback")).isEqualTo("0");
        assertThat(XmlDoc.parse(fetch(X6_MAC + ".cfg", X6_UA)).text(X6_LINE1 + "Backup_Addr")).isEmpty();
    }

    @Test
    @Order(2)
    void aSecondNodeThatIsNoServerAddressIsRefused() throws Exception {
        assertThat(setSecondNode("node2.example.ch:70000").statusCode()).isEqualTo(422);
        assertThat(setSecondNode("node2 example").statusCode()).isEqualTo(422);
        assertThat(setSecondNode("node2.example.ch;transport=tcp").statusCode()).isEqualTo(422);
    }

    @Test
    @Order(3)
    void everyVendorRegistersToTheSecondNodeOnTheFirstNodesPortAndReturnsToTheFirst() throws Exception {
        assertThat(setSecondNode("Node2.Example.CH").statusCode()).isEqualTo(200);

        Map<String, String> t46u = KeyValueConfig.parse(fetch(T46U_MAC + ".cfg", T46U_UA));
        String port = t46u.get("account.1.sip_server.1.port");
        assertThat(t46u).containsEntry("account.1.sip_server.2.address", "node2.example.ch")
                .containsEntry("account.1.sip_server.2.port", port)
                .containsEntry("account.1.sip_server.2.transport_type", t46u.get("account.1.sip_server.1.transport_type"))
                .containsEntry("account.1.fallback.redundancy_type", "1")
                .containsEntry("account.1.fallback.timeout", "60");
        Map<String, String> w70b = KeyValueConfig.parse(fetch(W70B_MAC + ".cfg", W70B_UA));
        assertThat(w70b).containsEntry("account.1.sip_server.2.address", "node2.example.ch")
                .containsEntry("account.1.sip_server.2.port", port)
                .doesNotContainKey("account.1.fallback.redundancy_type"); // no DECT source names it

        Map<String, String> snom = SnomXml.phoneSettings(fetch("snomD785-" + D785_MAC + ".xml", D785_UA));
        assertThat(snom.get("user_outbound[1]")).endsWith(",node2.example.ch:" + port + ";transport=udp");

        assertThat(XmlDoc.parse(fetch("cfg" + GXP2170_MAC + ".xml", GXP2170_UA)).text("/gs_provision/config/P2312"))
                .isEqualTo("node2.example.ch:" + port);
        XmlDoc ht = XmlDoc.parse(fetch("cfg" + HT802_MAC + ".xml", HT802_UA));
        assertThat(ht.text("/gs_provision/config/P967")).isEqualTo("node2.example.ch:" + port);
        assertThat(ht.text("/gs_provision/config/P4567")).isEqualTo("2");
        // port 2 runs over TLS: the second node is reached on the first node's TLS port
        String tlsServer = ht.text("/gs_provision/config/P747");
        assertThat(tlsServer).doesNotEndWith(":" + port);
        assertThat(ht.text("/gs_provision/config/P987")).isEqualTo("node2.example.ch" + tlsServer.substring(tlsServer.lastIndexOf(':')));
        assertThat(ht.text("/gs_provision/config/P4568")).isEqualTo("2");

        XmlDoc x4u = XmlDoc.parse(fetch(X4U_MAC + ".cfg", X4U_UA));
        assertThat(x4u.text("/sysConf/sip/line[@index='1']/BackupAddr")).isEqualTo("node2.example.ch");
        assertThat(x4u.text("/sysConf/sip/line[@index='1']/BackupPort")).isEqualTo(port);
        assertThat(x4u.text("/sysConf/sip/line[@index='1']/EnableFailback")).isEqualTo("1");
        XmlDoc x6 = XmlDoc.parse(fetch(X6_MAC + ".cfg", X6_UA));
        assertThat(x6.text(X6_LINE1 + "Backup_Addr")).isEqualTo("node2.example.ch");
        assertThat(x6.text(X6_LINE1 + "Backup_Port")).isEqualTo(port);
    }

    @Test
    @Order(4)
    void aPortNamedWithTheSecondNodeIsTheOneWritten() throws Exception {
        assertThat(setSecondNode("192.0.2.12:5080").statusCode()).isEqualTo(200);
        Map<String, String> t46u = KeyValueConfig.parse(fetch(T46U_MAC + ".cfg", T46U_UA));
        assertThat(t46u).containsEntry("account.1.sip_server.2.address", "192.0.2.12").containsEntry("account.1.sip_server.2.port", "5080");
        assertThat(XmlDoc.parse(fetch("cfg" + GXP2170_MAC + ".xml", GXP2170_UA)).text("/gs_provision/config/P2312"))
                .isEqualTo("192.0.2.12:5080");
        assertThat(XmlDoc.parse(fetch(X4U_MAC + ".cfg", X4U_UA)).text("/sysConf/sip/line[@index='1']/BackupPort")).isEqualTo("5080");
    }
}
