package io.phonehome.phones;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.Mac;
import io.phonehome.inventory.Srtp;
import io.phonehome.inventory.Transport;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.TestConfigModel;
import io.phonehome.testing.TestRender;
import io.phonehome.testing.XmlDoc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;

/**
 * Each vendor's phonebook XML, rendered from names that carry everything that could break or
 * inject into it ({@code <}, {@code &}, {@code "}, a line break followed by markup): the file
 * parses, the names read back as given (the line break as a space), and no injected number appears.
 */
class PhonebookTemplatesTest {
    static final VendorRegistry VENDORS = VendorRegistry.builtIn();
    static final String EVIL = "Eve <evil> & \"x\"\n</Name><Telephone>666</Telephone>";
    static final String EVIL_READ_BACK = "Eve <evil> & \"x\" </Name><Telephone>666</Telephone>";
    static final String TITLE = "Zurich\nstatic.security.user_password = admin:injected";

    static ConfigModel model(String vendor, String model, String mac) {
        ConfigModel cm = TestConfigModel.of(vendor, model, mac).line(1, "200", "Anna", Transport.UDP, Srtp.OFF).build();
        List<ConfigModel.PhonebookEntry> entries = List.of(
                new ConfigModel.PhonebookEntry(EVIL, "ACME & Co", "201", "", "", true),
                new ConfigModel.PhonebookEntry("Hans", "", "0441234567", "0791234567", "", false));
        return cm.withPhonebook(new ConfigModel.PhonebookInfo("https://prov.example.com/phonebook-" + Mac.parse(mac).hex() + ".xml", 60,
                TITLE, entries));
    }

    static List<String> texts(XmlDoc doc, String expression) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(expression, doc.document(), XPathConstants.NODESET);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({
            "yealink, T46U, 80:5e:c0:aa:00:03, YealinkIPPhoneDirectory, /YealinkIPPhoneDirectory/DirectoryEntry/Name, /YealinkIPPhoneDirectory/DirectoryEntry/Telephone",
            "snom, D785, 00:04:13:96:D9:B4, SnomIPPhoneDirectory, /SnomIPPhoneDirectory/DirectoryEntry/Name, /SnomIPPhoneDirectory/DirectoryEntry/Telephone",
            "grandstream, GXP2170, c0:74:ad:2b:3c:4d, AddressBook, /AddressBook/Contact/FirstName, /AddressBook/Contact/Phone/phonenumber",
            "fanvil, X4U, 0c:38:3e:55:7e:b2, FanvilIPPhoneDirectory, /FanvilIPPhoneDirectory/DirectoryEntry/Name, /FanvilIPPhoneDirectory/DirectoryEntry/Telephone",
            "fanvil, X4, 0c:38:3e:55:7e:b3, FanvilIPPhoneDirectory, /FanvilIPPhoneDirectory/DirectoryEntry/Name, /FanvilIPPhoneDirectory/DirectoryEntry/Telephone",
            "snom, M700, 00:04:13:b6:06:81, IPPhoneDirectory, /IPPhoneDirectory/DirectoryEntry/Name, /IPPhoneDirectory/DirectoryEntry/*[self::Telephone or self::Office or self::Mobile]",
            "grandstream, DP750, 00:0b:82:a1:b2:c3, AddressBook, /AddressBook/Contact/FirstName, /AddressBook/Contact/Phone/phonenumber"})
    void namesThatCarryMarkupQuotesAndLineBreaksNeverBreakOrInjectIntoThePhonebook(String vendor, String model, String mac, String root,
                                                                                String names, String numbers) throws Exception {
        PhonePlugin plugin = VENDORS.plugin(vendor).orElseThrow();
        String xml = TestRender.render(plugin, plugin.phonebookTemplate(), model(vendor, model, mac), "phonebook.xml");
        XmlDoc doc = XmlDoc.parse(xml);
        assertThat(doc.root()).isEqualTo(root);
        assertThat(texts(doc, names)).contains(EVIL_READ_BACK).anyMatch(n -> n.startsWith("Hans"));
        assertThat(texts(doc, numbers)).contains("201", "0441234567", "0791234567").doesNotContain("666");
    }

    @Test
    void aSnomMSeriesBaseIsToldToDownloadItsPhonebookAsItsLocalCentralDirectory() {
        PhonePlugin plugin = VENDORS.plugin("snom").orElseThrow();
        Map<String, String> s = io.phonehome.testing.SnomXml.phoneSettings(TestRender.render(plugin, "m-dect/mac.xml.ftlx",
                model("snom", "M700", "00:04:13:b6:06:81"), "snomM700-000413B60681.xml"));
        assertThat(s).containsEntry("phonebook_server_location", "0").containsEntry("phonebook_location", "https://prov.example.com/")
                .containsEntry("phonebook_filename", "phonebook-000413b60681.xml").containsEntry("phonebook_reload_time", "3600");
    }

    @Test
    void anOlderFanvilIsGivenItsXmlPhonebookWithItsOwnCredentialsAndATitleThatCannotInject() throws Exception {
        PhonePlugin plugin = VENDORS.plugin("fanvil").orElseThrow();
        ConfigModel cm = model("fanvil", "X4", "0c:38:3e:55:7e:b3");
        XmlDoc doc = XmlDoc.parse(TestRender.render(plugin, "mac.cfg.ftlx", cm, "0c383e557eb3.cfg"));
        String entry = "/VOIP_CONFIG_FILE/PHONE_CONFIG_MODULE/Xml_PhoneBook/Xml_PhoneBook_Entry[ID='XML-PBook1']/";
        assertThat(doc.text(entry + "Addr")).isEqualTo("https://prov.example.com/phonebook-0c383e557eb3.xml");
        assertThat(doc.text(entry + "Auth")).isEqualTo(cm.provisioning().username() + ":" + cm.provisioning().password());
        assertThat(doc.text(entry + "Name")).startsWith("Zurich").doesNotContain("\n");
        assertThat(doc.count("//Xml_PhoneBook_Entry")).isEqualTo(1);
    }

    @Test
    void aGrandstreamDectBaseFetchesThePhonebookWithItsOwnCredentialsAndAnAdapterGetsNone() {
        PhonePlugin plugin = VENDORS.plugin("grandstream").orElseThrow();
        ConfigModel dp = model("grandstream", "DP750", "00:0b:82:a1:b2:c3");
        XmlDoc dect = XmlDoc.parse(TestRender.render(plugin, "cfgmac.xml.ftlx", dp, "cfg000b82a1b2c3.xml"));
        assertThat(dect.text("/gs_provision/config/P27002")).isEqualTo("0");
        assertThat(dect.text("/gs_provision/config/P6713")).isEqualTo(dp.provisioning().username());
        assertThat(dect.text("/gs_provision/config/P6714")).isEqualTo(dp.provisioning().password());
        XmlDoc ata = XmlDoc.parse(TestRender.render(plugin, "cfgmac.xml.ftlx", model("grandstream", "HT802", "ec:74:d7:51:00:02"),
                "cfgec74d7510002.xml"));
        assertThat(ata.has("/gs_provision/config/P330")).isFalse();
        assertThat(ata.has("/gs_provision/config/P6713")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"GXP1780, true", "GRP2614, true", "WP820, true", "GAC2500, true", "GXP2170, false", "GXP1630, false"})
    void grandstreamDeskPhonesGetPhonebookCredentialsOnlyWhereTheirFamilyDocumentsThem(String name, boolean documented) {
        PhonePlugin plugin = VENDORS.plugin("grandstream").orElseThrow();
        ConfigModel cm = model("grandstream", name, "c0:74:ad:2b:3c:4e");
        XmlDoc doc = XmlDoc.parse(TestRender.render(plugin, "cfgmac.xml.ftlx", cm, "cfgc074ad2b3c4e.xml"));
        assertThat(doc.text("/gs_provision/config/P330")).isEqualTo("3");
        assertThat(doc.text("/gs_provision/config/P332")).as("a download interval the GRP261x/GXP2170 list (0, 120 ... 720) and the "
                + "others' 5-720 both hold").isEqualTo("120");
        assertThat(doc.has("/gs_provision/config/P6713")).isEqualTo(documented);
        if (documented) {
            assertThat(doc.text("/gs_provision/config/P6713")).isEqualTo(cm.provisioning().username());
            assertThat(doc.text("/gs_provision/config/P6714")).isEqualTo(cm.provisioning().password());
        }
        assertThat(doc.has("/gs_provision/config/P27002")).as("the DECT bases' phonebook type only").isFalse();
    }

    @Test
    void aSiteNameWithALineBreakCannotSetAnotherYealinkKey() {
        PhonePlugin plugin = VENDORS.plugin("yealink").orElseThrow();
        Map<String, String> cfg = KeyValueConfig.parse(TestRender.render(plugin, "mac.cfg.ftl", model("yealink", "T46U", "80:5e:c0:aa:00:03"),
                "805ec0aa0003.cfg"));
        assertThat(cfg.get("remote_phonebook.data.1.name")).startsWith("Zurich static.security");
        assertThat(cfg.get("static.security.user_password")).isNotEqualTo("admin:injected");
        assertThat(cfg).containsEntry("remote_phonebook.data.1.url", "https://prov.example.com/phonebook-805ec0aa0003.xml");
    }
}
