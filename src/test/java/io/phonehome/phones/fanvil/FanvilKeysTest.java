package io.phonehome.phones.fanvil;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.Srtp;
import io.phonehome.inventory.Transport;
import io.phonehome.phones.VendorRegistry;
import io.phonehome.testing.TestConfigModel;
import io.phonehome.testing.TestRender;
import io.phonehome.testing.XmlDoc;
import org.junit.jupiter.api.Test;

/** Fanvil function keys in both syntaxes, rendered through the stock templates and parsed as XML. */
class FanvilKeysTest {
    static final String MAC = "0c383e557eb2";
    final FanvilPlugin plugin = new FanvilPlugin();

    static ModelInfo model(String name) {
        return VendorRegistry.builtIn().models().find("fanvil", name).orElseThrow();
    }

    XmlDoc render(TestConfigModel m) {
        return XmlDoc.parse(TestRender.render(plugin, "mac.cfg.ftlx", m.build(), MAC + ".cfg"));
    }

    @Test
    void sysConfWritesParkIntercomAndVoicemailAsMemoryKeys() {
        XmlDoc doc = render(TestConfigModel.of("fanvil", "X6U", MAC).line(1, "300", "Reception", Transport.UDP, Srtp.OFF)
                .key(0, 1, "park", "701", "Park", 1)
                .key(0, 2, "intercom", "202", "Bruno", 1)
                .key(0, 13, "voicemail", "*97", "Mailbox", 1));
        String side = "/sysConf/dsskey/dssSide[@index='1']/Fkey";
        assertThat(doc.text(side + "[@index='1']/Type")).isEqualTo("1");
        assertThat(doc.text(side + "[@index='1']/Value")).isEqualTo("701@1/c");
        assertThat(doc.text(side + "[@index='2']/Value")).isEqualTo("202@1/i");
        // key 13 is the X6U's eighth function key (after its 5 side keys), on the first internal page
        assertThat(doc.text("/sysConf/dsskey/internal[@index='1']/Fkey[@index='8']/Value")).isEqualTo("*97@1/m");
        assertThat(doc.text("/sysConf/dsskey/internal[@index='1']/Fkey[@index='8']/Title")).isEqualTo("Mailbox");
    }

    @Test
    void sysConfPutsTheFirstKeysOnTheSideAndTheRestOnFunctionKeyPagesAsTheModelsPageSizesSay() {
        // X6U: 5 side keys on a page of 5, then function keys 12 to a page
        XmlDoc x6u = render(TestConfigModel.of("fanvil", "X6U", MAC).line(1, "300", "Reception", Transport.UDP, Srtp.OFF)
                .key(0, 1, "line", "", "Line", 1)
                .key(0, 5, "blf", "201", "Anna", 1)
                .key(0, 6, "blf", "202", "Bruno", 1)
                .key(0, 17, "blf", "203", "Carla", 1)
                .key(0, 18, "speed_dial", "0445551234", "Taxi", 1));
        assertThat(x6u.count("/sysConf/dsskey/dssSide")).isEqualTo(1);
        assertThat(x6u.text("/sysConf/dsskey/dssSide[@index='1']/Fkey[@index='1']/Type")).isEqualTo("2");
        assertThat(x6u.text("/sysConf/dsskey/dssSide[@index='1']/Fkey[@index='1']/Value")).isEqualTo("SIP1");
        assertThat(x6u.text("/sysConf/dsskey/dssSide[@index='1']/Fkey[@index='5']/Value")).isEqualTo("201@1/ba**201");
        assertThat(x6u.text("/sysConf/dsskey/internal[@index='1']/Fkey[@index='1']/Value")).isEqualTo("202@1/ba**202");
        assertThat(x6u.text("/sysConf/dsskey/internal[@index='1']/Fkey[@index='12']/Value")).isEqualTo("203@1/ba**203");
        assertThat(x6u.text("/sysConf/dsskey/internal[@index='2']/Fkey[@index='1']/Value")).isEqualTo("0445551234@1/f");
        assertThat(x6u.text("/sysConf/dsskey/FuncKeyPageNum")).isEqualTo("2");
        // X4U-V2: 10 side keys, 6 to a side page
        XmlDoc x4u = render(TestConfigModel.of("fanvil", "X4U-V2", MAC).line(1, "300", "Reception", Transport.UDP, Srtp.OFF)
                .key(0, 7, "blf", "201", "Anna", 1)
                .key(0, 11, "blf", "202", "Bruno", 1));
        assertThat(x4u.text("/sysConf/dsskey/dssSide[@index='2']/Fkey[@index='1']/Value")).isEqualTo("201@1/ba**201");
        assertThat(x4u.text("/sysConf/dsskey/internal[@index='1']/Fkey[@index='1']/Value")).isEqualTo("202@1/ba**202");
    }

    @Test
    void theOlderSyntaxWritesFunctionKeyEntriesInItsPhoneModule() {
        XmlDoc doc = render(TestConfigModel.of("fanvil", "X6", MAC).line(1, "300", "Reception", Transport.UDP, Srtp.OFF)
                .line(2, "310", "Night", Transport.UDP, Srtp.OFF)
                .key(0, 1, "line", "", "Night line", 2)
                .key(0, 2, "blf", "201", "Anna & <Ops>", 1)
                .key(0, 3, "speed_dial", "0445551234", "Taxi", 1)
                .key(0, 60, "park", "701", "Park", 1));
        assertThat(doc.root()).isEqualTo("VOIP_CONFIG_FILE");
        String entry = "/VOIP_CONFIG_FILE/PHONE_CONFIG_MODULE/Function_Key/Function_Key_Entry";
        assertThat(doc.count(entry)).isEqualTo(4);
        assertThat(doc.text(entry + "[ID='Fkey1']/Type")).isEqualTo("2");
        assertThat(doc.text(entry + "[ID='Fkey1']/Value")).isEqualTo("SIP2");
        assertThat(doc.text(entry + "[ID='Fkey2']/Type")).isEqualTo("1");
        assertThat(doc.text(entry + "[ID='Fkey2']/Value")).isEqualTo("201@1/ba**201");
        assertThat(doc.text(entry + "[ID='Fkey2']/Title")).isEqualTo("Anna & <Ops>");
        assertThat(doc.text(entry + "[ID='Fkey3']/Value")).isEqualTo("0445551234@1/f");
        assertThat(doc.text(entry + "[ID='Fkey60']/Value")).isEqualTo("701@1/c");
    }

    @Test
    void aBlfKeyDialsThePickupCodeAndItsExtensionSoPressingItWhileTheExtensionRingsPicksUpInBothSyntaxes() {
        // the BLF value after "/ba" is what the key dials while its extension rings (Wazo's
        // _format_funckey_blf); only BLF keys carry it, on whichever line the key names
        XmlDoc sysConf = render(TestConfigModel.of("fanvil", "X6U", MAC).line(1, "300", "Reception", Transport.UDP, Srtp.OFF)
                .line(2, "310", "Night", Transport.UDP, Srtp.OFF)
                .key(0, 1, "blf", "2045", "Anna", 2)
                .key(0, 2, "speed_dial", "2046", "Bruno", 1)
                .key(0, 3, "intercom", "2047", "Carla", 1));
        String side = "/sysConf/dsskey/dssSide[@index='1']/Fkey";
        assertThat(sysConf.text(side + "[@index='1']/Value")).isEqualTo("2045@2/ba**2045");
        assertThat(sysConf.text(side + "[@index='2']/Value")).isEqualTo("2046@1/f");
        assertThat(sysConf.text(side + "[@index='3']/Value")).isEqualTo("2047@1/i");
        XmlDoc older = render(TestConfigModel.of("fanvil", "X6", MAC).line(1, "300", "Reception", Transport.UDP, Srtp.OFF)
                .key(0, 7, "blf", "318", "Dora", 1));
        assertThat(older.text("/VOIP_CONFIG_FILE/PHONE_CONFIG_MODULE/Function_Key/Function_Key_Entry[ID='Fkey7']/Value"))
                .isEqualTo("318@1/ba**318");
    }

    @Test
    void whatNoFanvilSourceGivesIsRefusedWithItsReason() {
        assertThat(plugin.keyTypes(model("X6"))).containsExactlyInAnyOrder("line", "blf", "speed_dial", "park", "intercom", "voicemail");
        assertThat(plugin.keyTypes(model("X6U"))).doesNotContain("dnd", "transfer");
        assertThat(plugin.keyTypes(model("V62"))).isEmpty();
        assertThat(plugin.noKeysReason(model("V62"))).hasValueSatisfying(r -> assertThat(r).contains("dss_keys_per_page"));
        assertThat(plugin.keyProblem(model("X6"), 1, 1, "blf", "201")).hasValueSatisfying(r -> assertThat(r).contains("expansion module"));
        assertThat(plugin.keyProblem(model("X6U"), 0, 1, "voicemail", "")).hasValueSatisfying(r -> assertThat(r).contains("voicemail number"));
        assertThat(plugin.keyProblem(model("X6U"), 0, 1, "voicemail", "*97")).isEmpty();
    }
}
