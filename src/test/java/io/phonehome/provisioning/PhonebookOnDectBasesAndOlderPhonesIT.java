package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.ImportReport;
import io.phonehome.inventory.Site;
import io.phonehome.testing.SnomXml;
import io.phonehome.testing.TestServer;
import io.phonehome.testing.XmlDoc;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The company phonebook on the families that read it differently from the desk phones: a Snom
 * M700 DECT base (its local central directory, downloaded from a directory URL and a file name),
 * a Grandstream DP750 DECT base (the phonebook XML download with HTTP credentials of its own), a
 * Fanvil X4 on the older VOIP_CONFIG_FILE syntax (an XML phonebook entry with user:password),
 * a Yealink W70B DECT base (the desk phones' remote phonebook keys), a Grandstream GXP1780 (a desk
 * family that documents phonebook credentials), and a Grandstream HT802 adapter, which has no
 * screen and is given no phonebook at all. Each configuration is fetched over real HTTPS with the device's User-Agent, and the phonebook is then
 * fetched from where the configuration points, with the credentials it carries.
 */
class PhonebookOnDectBasesAndOlderPhonesIT {
    static final String SITE_USER = "site-lausanne";
    static final String M700_MAC = "000413B60691";
    static final String M700_UA = "Mozilla/4.0 (compatible; Snom M700 05.20.0001 000413b60691)";
    static final String DP750_MAC = "000b82a1b2d1";
    static final String DP750_UA = "Grandstream Model HW DP750 SW 1.0.3.37 DevId " + DP750_MAC;
    static final String HT802_MAC = "ec74d7510092";
    static final String HT802_UA = "Grandstream Model HW HT802 V2.0A SW 1.0.63.3 DevId " + HT802_MAC;
    static final String X4_MAC = "0c383e3c5d92";
    static final String X4_UA = "Fanvil X4 2.14.0.7386 " + X4_MAC;
    static final String W70B_MAC = "805ec0510096";
    static final String W70B_UA = "Yealink W70B 146.85.0.20 80:5e:c0:51:00:96";
    static final String GXP1780_MAC = "c074ad510097";
    static final String GXP1780_UA = "Grandstream Model HW GXP1780 SW 1.0.4.6 DevId " + GXP1780_MAC;
    static final String CONTACT = "Hans <Huber> & \"Söhne\"";

    static TestServer server;
    static String sitePassword;

    @BeforeAll
    static void start() {
        server = new TestServer();
        Site site = server.createSite("Lausanne", "Europe/Zurich");
        sitePassword = site.digestPassword();
        server.createSite("Bern", "Europe/Zurich");
        ImportReport r = server.importCsv("""
                mac,model,serial,site,extension,display_name,handset,handset_name
                00:04:13:b6:06:91,M700,SN-M700,Lausanne,,Empfang,1,Empfang
                00:0b:82:a1:b2:d1,DP750,SN-DP750,Lausanne,,Lager,1,Lager
                ec:74:d7:51:00:92,HT802,SN-HT802,Lausanne,,Kitchen,,
                0c:38:3e:3c:5d:92,X4,SN-X4,Lausanne,,Bruno Keller,,
                80:5e:c0:51:00:96,W70B,SN-W70B,Lausanne,,Carla Rossi,1,Carla
                c0:74:ad:51:00:97,GXP1780,SN-GXP1780,Lausanne,,Dario Neri,,
                80:5e:c0:aa:00:99,T46U,SN-T46U,Bern,,Dora Bern,,
                """);
        assertThat(r.errors()).isEmpty();
        String contacts = "name,company,office,mobile,other,site\n"
                + "\"" + CONTACT.replace("\"", "\"\"") + "\",Huber AG,+41 44 123 45 67,079 123 45 67,021 555 00 11,Lausanne\n"
                + "Fleet Helpdesk,,0800 123 456,,,\n";
        HttpResponse<String> imported = server.admin("POST", "/api/v1/contacts/import", server.adminToken(), "text/csv",
                contacts.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String fetch(String file, String ua) {
        return server.fetchOk(file, ua, SITE_USER, sitePassword).body();
    }

    static HttpResponse<String> fetchUrl(String url, String ua, String user, String password) {
        assertThat(url).startsWith(server.baseUrl()).startsWith("https://");
        return server.getWithDigest(url.substring(server.baseUrl().length()), ua, user, password);
    }

    static List<String> texts(XmlDoc doc, String expression) {
        try {
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(expression, doc.document(), XPathConstants.NODESET);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                out.add(nodes.item(i).getTextContent());
            }
            return out;
        } catch (XPathExpressionException e) {
            throw new AssertionError(e);
        }
    }

    static String extension(String mac) {
        return server.lines(mac).get(0).extension();
    }

    @Test
    void aSnomMSeriesBaseDownloadsItsCentralDirectoryInTheListType2FormatWithItsOwnCredentials() {
        Map<String, String> s = SnomXml.phoneSettings(fetch("snomM700-" + M700_MAC + ".xml", M700_UA));
        assertThat(s).containsEntry("phonebook_server_location", "0").containsEntry("phonebook_reload_time", "3600")
                .containsEntry("phonebook_location", server.baseUrl())
                .containsEntry("phonebook_filename", "phonebook-" + M700_MAC.toLowerCase() + ".xml");
        String user = s.get("http_client_user");
        String own = s.get("http_client_password");
        assertThat(own).isNotEqualTo(sitePassword);

        HttpResponse<String> r = fetchUrl(s.get("phonebook_location") + s.get("phonebook_filename"), M700_UA, user, own);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        XmlDoc doc = XmlDoc.parse(r.body());
        assertThat(doc.root()).isEqualTo("IPPhoneDirectory");
        assertThat(texts(doc, "/IPPhoneDirectory/DirectoryEntry/Name")).contains("Empfang", "Lager", "Kitchen", "Bruno Keller", CONTACT,
                "Fleet Helpdesk").doesNotContain("Dora Bern");
        // Every entry has the three number elements, in the guide's order, empty where there is none.
        List<Element> entries = SnomXml.children(doc.document().getDocumentElement(), "DirectoryEntry");
        for (Element e : entries) {
            assertThat(SnomXml.children(e, null).stream().map(Element::getTagName).toList())
                    .containsExactly("Name", "Telephone", "Office", "Mobile");
        }
        assertThat(doc.text("/IPPhoneDirectory/DirectoryEntry[Name='Bruno Keller']/Office")).isEqualTo(extension(X4_MAC));
        assertThat(doc.text("/IPPhoneDirectory/DirectoryEntry[Name='Bruno Keller']/Mobile")).isEmpty();
        String huber = "/IPPhoneDirectory/DirectoryEntry[starts-with(Name,'Hans')]/";
        assertThat(doc.text(huber + "Office")).isEqualTo("+41441234567");
        assertThat(doc.text(huber + "Mobile")).isEqualTo("0791234567");
        assertThat(doc.text(huber + "Telephone")).isEqualTo("0215550011");

        HttpResponse<String> wrong = fetchUrl(s.get("phonebook_location") + s.get("phonebook_filename"), M700_UA, user, "not-the-password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("Empfang");
        server.rearm(M700_MAC.toLowerCase());
    }

    @Test
    void aGrandstreamDectBaseDownloadsItsPhonebookOverHttpsWithTheCredentialsItIsGiven() {
        XmlDoc cfg = XmlDoc.parse(fetch("cfg" + DP750_MAC + ".xml", DP750_UA));
        assertThat(cfg.text("/gs_provision/config/P27002")).as("global phonebook type XML").isEqualTo("0");
        assertThat(cfg.text("/gs_provision/config/P330")).as("HTTPS").isEqualTo("3");
        assertThat(cfg.text("/gs_provision/config/P332")).as("an interval every family accepts, not 60").isEqualTo("120");
        String path = cfg.text("/gs_provision/config/P331");
        String user = cfg.text("/gs_provision/config/P6713");
        String own = cfg.text("/gs_provision/config/P6714");
        assertThat(user).isEqualTo(DP750_MAC);
        assertThat(own).isEqualTo(cfg.text("/gs_provision/config/P1361")).isNotEqualTo(sitePassword);

        HttpResponse<String> r = fetchUrl("https://" + path + "/phonebook.xml", DP750_UA, user, own);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        XmlDoc doc = XmlDoc.parse(r.body());
        assertThat(doc.root()).isEqualTo("AddressBook");
        assertThat(texts(doc, "/AddressBook/Contact/FirstName")).contains("Empfang", "Lager", CONTACT, "Fleet Helpdesk")
                .doesNotContain("Dora Bern");
        assertThat(texts(doc, "/AddressBook/Contact/Phone/phonenumber")).contains(extension(M700_MAC.toLowerCase()), "0800123456");
        server.rearm(DP750_MAC);
    }

    @Test
    void aYealinkDectBaseIsPointedAtItsRemotePhonebookLikeTheDeskPhones() {
        Map<String, String> cfg = io.phonehome.testing.KeyValueConfig.parse(fetch(W70B_MAC + ".cfg", W70B_UA));
        // No DECT template documents the username/password keys: the base's own credentials travel as the
        // URL's user info, and the phonebook answers only to them.
        java.net.URI withUser = java.net.URI.create(cfg.get("remote_phonebook.data.1.url"));
        assertThat(cfg).containsEntry("features.remote_phonebook.enable", "1").doesNotContainKey("remote_phonebook.data.1.username");
        String[] userInfo = withUser.getUserInfo().split(":", 2);
        assertThat(userInfo[0]).isEqualTo(W70B_MAC);
        String url = withUser.getScheme() + "://" + withUser.getRawAuthority().substring(withUser.getRawAuthority().indexOf('@') + 1)
                + withUser.getRawPath();
        assertThat(url).isEqualTo(server.baseUrl() + "phonebook-" + W70B_MAC + ".xml");
        assertThat(fetchUrl(url, W70B_UA, W70B_MAC, userInfo[1] + "x").statusCode()).isNotEqualTo(200);
        HttpResponse<String> r = fetchUrl(url, W70B_UA, W70B_MAC, userInfo[1]);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        XmlDoc doc = XmlDoc.parse(r.body());
        assertThat(doc.root()).isEqualTo("YealinkIPPhoneDirectory");
        assertThat(texts(doc, "/YealinkIPPhoneDirectory/DirectoryEntry/Name")).contains("Carla Rossi", "Empfang", CONTACT);
        server.rearm(W70B_MAC);
    }

    @Test
    void aGrandstreamDeskFamilyThatDocumentsPhonebookCredentialsFetchesWithItsOwn() {
        XmlDoc cfg = XmlDoc.parse(fetch("cfg" + GXP1780_MAC + ".xml", GXP1780_UA));
        String user = cfg.text("/gs_provision/config/P6713");
        String own = cfg.text("/gs_provision/config/P6714");
        assertThat(user).isEqualTo(GXP1780_MAC);
        assertThat(own).isEqualTo(cfg.text("/gs_provision/config/P1361")).isNotEqualTo(sitePassword);
        HttpResponse<String> r = fetchUrl("https://" + cfg.text("/gs_provision/config/P331") + "/phonebook.xml", GXP1780_UA, user, own);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(texts(XmlDoc.parse(r.body()), "/AddressBook/Contact/FirstName")).contains("Dario Neri", CONTACT);
        server.rearm(GXP1780_MAC);
    }

    @Test
    void anAnalogueAdapterIsGivenNoPhonebookAtAll() {
        XmlDoc cfg = XmlDoc.parse(fetch("cfg" + HT802_MAC + ".xml", HT802_UA));
        for (String p : List.of("P330", "P331", "P332", "P6713", "P6714", "P27002")) {
            assertThat(cfg.has("/gs_provision/config/" + p)).as(p).isFalse();
        }
        server.rearm(HT802_MAC);
    }

    @Test
    void anOlderFanvilGetsItsXmlPhonebookEntryWithItsOwnCredentialsAndTheFanvilDirectory() {
        XmlDoc cfg = XmlDoc.parse(fetch(X4_MAC + ".cfg", X4_UA));
        String entry = "/VOIP_CONFIG_FILE/PHONE_CONFIG_MODULE/Xml_PhoneBook/Xml_PhoneBook_Entry[ID='XML-PBook1']/";
        String url = cfg.text(entry + "Addr");
        assertThat(url).isEqualTo(server.baseUrl() + "phonebook-" + X4_MAC + ".xml");
        assertThat(cfg.text(entry + "Name")).isEqualTo("Lausanne");
        String auth = cfg.text(entry + "Auth");
        String own = cfg.text("/VOIP_CONFIG_FILE/AUTOUPDATE_CONFIG_MODULE/Download_Password");
        assertThat(auth).isEqualTo(X4_MAC + ":" + own);
        assertThat(own).isNotEqualTo(sitePassword);

        HttpResponse<String> r = fetchUrl(url, X4_UA, auth.substring(0, auth.indexOf(':')), auth.substring(auth.indexOf(':') + 1));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        XmlDoc doc = XmlDoc.parse(r.body());
        assertThat(doc.root()).isEqualTo("FanvilIPPhoneDirectory");
        assertThat(texts(doc, "/FanvilIPPhoneDirectory/DirectoryEntry/Name")).contains("Bruno Keller", CONTACT, "Fleet Helpdesk")
                .doesNotContain("Dora Bern");
        server.rearm(X4_MAC);
    }
}
