package io.phonehome.phones;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.Transport;
import io.phonehome.settings.SettingRegistry;
import io.phonehome.settings.TypedSetting;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.TestConfigModel;
import io.phonehome.testing.TestRender;
import io.phonehome.testing.XmlDoc;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code sip.secondary_server=srv:<domain>} (issue 16): the phones' second server is a DNS SRV
 * domain whose records name the nodes. Each vendor's file is pinned: Yealink's DNS-NAPTR mode with
 * port 0, the others the domain without a port (a host without a port is looked up by SRV, RFC 3263).
 */
class SrvSecondServerTest {
    static final VendorRegistry VENDORS = VendorRegistry.builtIn();

    static PhonePlugin plugin(String vendor) {
        return VENDORS.plugin(vendor).orElseThrow();
    }

    @Test
    void theSettingTakesSrvAndADomainAndRefusesAPortOrNoDomain() {
        TypedSetting s = new SettingRegistry().find(SettingRegistry.SECONDARY_SERVER).orElseThrow();
        assertThat(s.check("SRV:Nodes.Example.CH").value()).isEqualTo("srv:nodes.example.ch");
        assertThat(s.check("srv:nodes.example.ch:5060").isOk()).isFalse();
        assertThat(s.check("srv:").isOk()).isFalse();
        assertThat(s.check("srv:localhost").isOk()).isFalse();
        assertThat(s.check("node2.example.ch:5070").value()).isEqualTo("node2.example.ch:5070");
    }

    @Test
    void theModelCarriesTheDomainWithoutAPortAndMarkedSrv() {
        ConfigModel.ServerAddress a = ConfigModelBuilder.secondNode("srv:nodes.example.ch", 5061, Transport.TLS);
        assertThat(a).isEqualTo(new ConfigModel.ServerAddress("nodes.example.ch", 0, Transport.TLS, true));
        assertThat(ConfigModelBuilder.secondNode("node2.example.ch", 5060, Transport.UDP).srv()).isFalse();
    }

    @Test
    void yealinkWritesPortZeroAndDnsNaptrForTheSecondServer() {
        Map<String, String> cfg = KeyValueConfig.parse(TestRender.render(plugin("yealink"), "mac.cfg.ftl",
                TestConfigModel.of("yealink", "T46U", "80:5e:c0:00:99:01").lineWithSrvBackup(1, "200", "nodes.example.ch").build(), "805ec0009901.cfg"));
        assertThat(cfg).containsEntry("account.1.sip_server.2.address", "nodes.example.ch")
                .containsEntry("account.1.sip_server.2.port", "0")
                .containsEntry("account.1.sip_server.2.transport_type", "3")
                .containsEntry("account.1.sip_server.1.address", TestConfigModel.HOST)
                .containsEntry("account.1.sip_server.1.port", "5060")
                .containsEntry("account.1.fallback.redundancy_type", "1");
    }

    @Test
    void grandstreamWritesTheDomainWithoutAPortAsSecondaryServer() {
        XmlDoc doc = XmlDoc.parse(TestRender.render(plugin("grandstream"), "cfgmac.xml.ftlx",
                TestConfigModel.of("grandstream", "GXP2170", "c074ad2b3c4d").lineWithSrvBackup(1, "200", "nodes.example.ch").build(),
                "cfgc074ad2b3c4d.xml", Map.of()));
        assertThat(doc.text("/gs_provision/config/P2312")).isEqualTo("nodes.example.ch");
        assertThat(doc.text("/gs_provision/config/P47")).isEqualTo(TestConfigModel.HOST + ":5060");
    }

    @Test
    void snomWritesTheDomainWithoutAPortAsSecondOutbound() {
        String xml = TestRender.render(plugin("snom"), "mac.xml.ftlx",
                TestConfigModel.of("snom", "D315", "00:04:13:00:99:01").lineWithSrvBackup(1, "200", "nodes.example.ch").build(), "000413009901.xml",
                Map.of());
        assertThat(xml).contains(">" + TestConfigModel.HOST + ":5060;transport=udp,nodes.example.ch;transport=udp</user_outbound>");
    }

    @Test
    void fanvilWritesTheDomainAndNoPortForTheBackupServer() {
        XmlDoc doc = XmlDoc.parse(TestRender.render(plugin("fanvil"), "mac.cfg.ftlx",
                TestConfigModel.of("fanvil", "X3U", "0c383e557eb2").lineWithSrvBackup(1, "200", "nodes.example.ch").build(), "0c383e557eb2.cfg",
                Map.of()));
        String l1 = "/sysConf/sip/line[@index='1']/";
        assertThat(doc.text(l1 + "BackupAddr")).isEqualTo("nodes.example.ch");
        assertThat(doc.has(l1 + "BackupPort")).isFalse();
        assertThat(doc.text(l1 + "RegisterPort")).isEqualTo("5060");
    }
}
