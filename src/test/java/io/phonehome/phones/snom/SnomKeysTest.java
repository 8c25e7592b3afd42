package io.phonehome.phones.snom;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.Srtp;
import io.phonehome.inventory.Transport;
import io.phonehome.phones.VendorRegistry;
import io.phonehome.testing.SnomXml;
import io.phonehome.testing.TestConfigModel;
import io.phonehome.testing.TestRender;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** Snom function keys of every type the plug-in offers, rendered through the stock templates. */
class SnomKeysTest {
    final SnomPlugin plugin = new SnomPlugin();

    static ModelInfo model(String name) {
        return VendorRegistry.builtIn().models().find("snom", name).orElseThrow();
    }

    Map<String, Element> fkeysByIdx(TestConfigModel m) {
        String xml = TestRender.render(plugin, "mac.xml.ftlx", m.build(), "snomD785-000413b4c0d1.xml");
        Element root = SnomXml.parse(xml).getDocumentElement();
        List<Element> sections = SnomXml.children(root, "functionKeys");
        assertThat(sections).hasSize(1);
        Map<String, Element> out = new java.util.TreeMap<>();
        for (Element f : SnomXml.children(sections.get(0), "fkey")) {
            out.put(f.getAttribute("idx"), f);
        }
        return out;
    }

    @Test
    void dndAndVoicemailAreKeyEventsOnTheKeysIdentity() {
        Map<String, Element> f = fkeysByIdx(TestConfigModel.of("snom", "D785", "000413b4c0d1")
                .line(1, "300", "Reception", Transport.UDP, Srtp.OFF).line(2, "310", "Night", Transport.UDP, Srtp.OFF)
                .key(0, 1, "dnd", "", "DND", 1)
                .key(0, 2, "voicemail", "", "Mailbox", 2)
                .key(0, 3, "park", "701", "Park", 1)
                .key(0, 4, "intercom", "202", "Bruno", 1));
        assertThat(f.get("0").getTextContent()).isEqualTo("keyevent F_DND");
        assertThat(f.get("0").getAttribute("context")).isEqualTo("1");
        assertThat(f.get("1").getTextContent()).isEqualTo("keyevent F_RETRIEVE");
        assertThat(f.get("1").getAttribute("context")).isEqualTo("2");
        assertThat(f.get("1").getAttribute("label")).isEqualTo("Mailbox");
        assertThat(f.get("2").getTextContent()).isEqualTo("orbit 701");
        assertThat(f.get("3").getTextContent()).isEqualTo("icom 202");
    }

    @Test
    void deskPhonesOfferEveryKeyTypeAndBasesSayWhyTheyHaveNone() {
        assertThat(plugin.keyTypes(model("D785"))).containsExactlyInAnyOrder("line", "blf", "speed_dial", "park", "dnd", "transfer",
                "intercom", "voicemail");
        assertThat(plugin.noKeysReason(model("D785"))).isEmpty();
        ModelInfo base = VendorRegistry.builtIn().models().forVendor("snom").stream().filter(m -> !m.family().equals("desk")).findFirst()
                .orElseThrow();
        assertThat(plugin.keyTypes(base)).isEmpty();
        assertThat(plugin.noKeysReason(base)).hasValueSatisfying(r -> assertThat(r).contains("DECT"));
    }

    @Test
    void aValueOnAKeyEventKeyIsRefusedRatherThanDropped() {
        assertThat(plugin.keyProblem(model("D785"), 0, 1, "voicemail", "*97"))
                .hasValueSatisfying(r -> assertThat(r).contains("keyevent F_RETRIEVE").contains("no value"));
        assertThat(plugin.keyProblem(model("D785"), 0, 1, "dnd", "1")).isPresent();
        assertThat(plugin.keyProblem(model("D785"), 0, 1, "voicemail", "")).isEmpty();
        assertThat(plugin.keyProblem(model("D785"), 0, 1, "blf", "201")).isEmpty();
    }
}
