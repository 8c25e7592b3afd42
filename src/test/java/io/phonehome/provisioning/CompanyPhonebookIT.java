package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.ImportReport;
import io.phonehome.inventory.Site;
import io.phonehome.testing.Json;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.TestServer;
import io.phonehome.testing.XmlDoc;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;

/**
 * The company phonebook as each vendor's phone gets it: its configuration points at its phonebook
 * on this server (HTTPS, its own credentials), and the phonebook, fetched the way the phone fetches
 * it (real HTTPS, its User-Agent, digest with its own credentials), is that vendor's XML with the
 * site's lines and the imported contacts. Nothing for an unknown device or wrong credentials.
 */
class CompanyPhonebookIT {
    static TestServer server;
    static final String SITE_USER = "site-zurichhq";
    static String sitePassword;
    static Site zurich;

    static final String YEALINK_MAC = "805ec0aa0003";
    static final String YEALINK_UA = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:03";
    static final String SNOM_MAC = "00041396D9B4";
    static final String SNOM_UA = "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) "
            + SNOM_MAC + " SXM:0 UXM:0 UXMC:0)";
    static final String GS_MAC = "c074ad2b3c4d";
    static final String GS_UA = "Grandstream Model HW GXP2170 SW 1.0.11.79 DevId c074ad2b3c4d";
    static final String FANVIL_MAC = "0c383e557eb2";
    static final String FANVIL_UA = "Fanvil X4U 2.12.16.17 0c383e557eb2";

    /** A line's display name with everything XML must escape. */
    static final String TRICKY_LINE = "Zürich & Co <Empfang> \"Front\"";
    static final String TRICKY_CONTACT = "Hans <Huber> & \"Söhne\"";

    @BeforeAll
    static void start() {
        server = new TestServer();
        zurich = server.createSite("Zurich HQ", "Europe/Zurich");
        sitePassword = zurich.digestPassword();
        server.createSite("Bern", "Europe/Zurich");
        String csv = "mac,model,site,display_name\n"
                + "80:5e:c0:aa:00:03,T46U,Zurich HQ,Anna Muster\n"
                + "00:04:13:96:D9:B4,D785,Zurich HQ,\"" + TRICKY_LINE.replace("\"", "\"\"") + "\"\n"
                + "c0:74:ad:2b:3c:4d,GXP2170,Zurich HQ,Bruno Keller\n"
                + "0c:38:3e:55:7e:b2,X4U,Zurich HQ,Carla Rossi\n"
                + "80:5e:c0:aa:00:09,T46U,Bern,Dora Bern\n";
        ImportReport r = server.importCsv(csv);
        assertThat(r.errors()).isEmpty();
        String contacts = "name,company,office,mobile,other,site\n"
                + "\"" + TRICKY_CONTACT.replace("\"", "\"\"") + "\",Huber AG,+41 44 123 45 67,079 123 45 67,,Zurich HQ\n"
                + "Fleet Helpdesk,,0800 123 456,,,\n"
                + "Bern Only,,031 111 22 33,,,Bern\n";
        HttpResponse<String> imported = importContacts(contacts, false);
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        assertThat(Json.parse(imported.body()).get("created").asInt()).isEqualTo(3);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> importContacts(String csv, boolean dryRun) {
        return server.admin("POST", "/api/v1/contacts/import" + (dryRun ? "?dry_run=true" : ""), server.adminToken(), "text/csv",
                csv.getBytes(StandardCharsets.UTF_8));
    }

    /** The phonebook at {@code url} (an absolute URL on this server), fetched as the phone does. */
    static HttpResponse<String> fetchPhonebook(String url, String ua, String user, String password) {
        assertThat(url).startsWith(server.baseUrl()).startsWith("https://");
        return server.getWithDigest(url.substring(server.baseUrl().length()), ua, user, password);
    }

    static List<String> texts(XmlDoc doc, String expression) {
        NodeList nodes;
        try {
            nodes = (NodeList) javax.xml.xpath.XPathFactory.newInstance().newXPath().evaluate(expression, doc.document(),
                    javax.xml.xpath.XPathConstants.NODESET);
        } catch (javax.xml.xpath.XPathExpressionException e) {
            throw new AssertionError(e);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    static String extension(String mac) {
        return server.lines(mac).get(0).extension();
    }

    /** The site's four lines and its contacts (and the fleet-wide one), nothing of Bern. */
    static void holdsTheSitesLinesAndContacts(List<String> names, List<String> numbers) {
        assertThat(names).anyMatch(n -> n.startsWith("Anna Muster")).anyMatch(n -> n.startsWith(TRICKY_LINE))
                .anyMatch(n -> n.startsWith("Bruno Keller")).anyMatch(n -> n.startsWith("Carla Rossi"))
                .anyMatch(n -> n.startsWith(TRICKY_CONTACT)).anyMatch(n -> n.startsWith("Fleet Helpdesk"))
                .noneMatch(n -> n.startsWith("Dora Bern")).noneMatch(n -> n.startsWith("Bern Only"));
        assertThat(numbers).contains(extension(YEALINK_MAC), extension(SNOM_MAC), extension(GS_MAC), extension(FANVIL_MAC),
                "+41441234567", "0791234567", "0800123456").doesNotContain("0311112233", extension("805ec0aa0009"));
    }

    @Test
    void aYealinkPhoneIsPointedAtItsPhonebookAndGetsItAsYealinkXmlWithItsOwnCredentials() {
        Map<String, String> cfg = KeyValueConfig.parse(server.fetchOk(YEALINK_MAC + ".cfg", YEALINK_UA, SITE_USER, sitePassword).body());
        String url = cfg.get("remote_phonebook.data.1.url");
        assertThat(url).isEqualTo(server.baseUrl() + "phonebook-" + YEALINK_MAC + ".xml");
        assertThat(cfg).containsEntry("features.remote_phonebook.enable", "1")
                .containsEntry("remote_phonebook.data.1.name", "Zurich HQ")
                .containsEntry("remote_phonebook.data.1.username", YEALINK_MAC)
                .containsEntry("features.remote_phonebook.flash_time", "3600");
        String own = cfg.get("remote_phonebook.data.1.password");
        assertThat(own).isEqualTo(cfg.get("static.auto_provision.server.password")).isNotEqualTo(sitePassword);

        HttpResponse<String> r = fetchPhonebook(url, YEALINK_UA, YEALINK_MAC, own);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        XmlDoc doc = XmlDoc.parse(r.body());
        assertThat(doc.root()).isEqualTo("YealinkIPPhoneDirectory");
        holdsTheSitesLinesAndContacts(texts(doc, "/YealinkIPPhoneDirectory/DirectoryEntry/Name"),
                texts(doc, "/YealinkIPPhoneDirectory/DirectoryEntry/Telephone"));
        // One entry per name, with all of its numbers.
        assertThat(texts(doc, "/YealinkIPPhoneDirectory/DirectoryEntry[Name='" + "Fleet Helpdesk" + "']/Telephone")).containsExactly("0800123456");
        assertThat(r.body()).contains("Hans &lt;Huber&gt; &amp; &quot;Söhne&quot;");
        HttpResponse<String> preview = server.adminGet("/api/v1/devices/" + YEALINK_MAC + "/files/phonebook-" + YEALINK_MAC + ".xml",
                server.adminToken());
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).as("the admin preview is what the phone gets").isEqualTo(r.body());
        server.rearm(YEALINK_MAC);
    }

    @Test
    void aSnomPhoneGetsItsDirectoryKeyAndTheSnomDirectoryWithItsHttpClientCredentials() {
        XmlDoc cfg = XmlDoc.parse(server.fetchOk("snomD785-" + SNOM_MAC + ".xml", SNOM_UA, SITE_USER, sitePassword).body());
        String key = cfg.text("//phone-settings/dkey_directory");
        assertThat(key).isEqualTo("url " + server.baseUrl() + "phonebook-" + SNOM_MAC.toLowerCase() + ".xml");
        String user = cfg.text("//phone-settings/http_client_user");
        String own = cfg.text("//phone-settings/http_client_pass");

        HttpResponse<String> r = fetchPhonebook(key.substring("url ".length()), SNOM_UA, user, own);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        XmlDoc doc = XmlDoc.parse(r.body());
        assertThat(doc.root()).isEqualTo("SnomIPPhoneDirectory");
        assertThat(doc.text("/SnomIPPhoneDirectory/Title")).isEqualTo("Zurich HQ");
        holdsTheSitesLinesAndContacts(texts(doc, "/SnomIPPhoneDirectory/DirectoryEntry/Name"),
                texts(doc, "/SnomIPPhoneDirectory/DirectoryEntry/Telephone"));
        assertThat(texts(doc, "/SnomIPPhoneDirectory/DirectoryEntry/Name")).contains(TRICKY_CONTACT, TRICKY_CONTACT + " (mobile)");
        server.rearm(SNOM_MAC.toLowerCase());
    }

    @Test
    void aGrandstreamPhoneDownloadsItsPhonebookXmlOverHttpsFromThePathItIsGiven() {
        XmlDoc cfg = XmlDoc.parse(server.fetchOk("cfg" + GS_MAC + ".xml", GS_UA, SITE_USER, sitePassword).body());
        assertThat(cfg.text("/gs_provision/config/P330")).as("HTTPS").isEqualTo("3");
        String path = cfg.text("/gs_provision/config/P331");
        assertThat(path).as("no scheme, the phone appends /phonebook.xml")
                .isEqualTo(server.baseUrl().substring("https://".length()) + "pb" + GS_MAC);
        assertThat(cfg.text("/gs_provision/config/P332")).as("an interval every family accepts, not 60").isEqualTo("120");
        String own = cfg.text("/gs_provision/config/P1361");

        HttpResponse<String> r = fetchPhonebook("https://" + path + "/phonebook.xml", GS_UA, GS_MAC, own);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        XmlDoc doc = XmlDoc.parse(r.body());
        assertThat(doc.root()).isEqualTo("AddressBook");
        holdsTheSitesLinesAndContacts(texts(doc, "/AddressBook/Contact/FirstName"), texts(doc, "/AddressBook/Contact/Phone/phonenumber"));
        assertThat(texts(doc, "/AddressBook/Contact[FirstName='Fleet Helpdesk']/Phone/accountindex")).containsExactly("0");
        assertThat(texts(doc, "/AddressBook/Contact[FirstName='" + "Hans <Huber> & \"Söhne\"".replace("'", "") + "']/Phone/@type"))
                .containsExactly("Work", "Mobile");
        server.rearm(GS_MAC);
    }

    @Test
    void aFanvilPhoneGetsItsRemotePhonebookEntryAndTheFanvilDirectory() {
        XmlDoc cfg = XmlDoc.parse(server.fetchOk(FANVIL_MAC + ".cfg", FANVIL_UA, SITE_USER, sitePassword).body());
        String url = cfg.text("/sysConf/phone/xmlContact[@index='1']/Addr");
        assertThat(url).isEqualTo(server.baseUrl() + "phonebook-" + FANVIL_MAC + ".xml");
        assertThat(cfg.text("/sysConf/phone/xmlContact[@index='1']/Name")).isEqualTo("Zurich HQ");
        String user = cfg.text("/sysConf/phone/xmlContact[@index='1']/UserName");
        String own = cfg.text("/sysConf/phone/xmlContact[@index='1']/PassWd");
        assertThat(own).isEqualTo(cfg.text("/sysConf/ap/DefaultPassword"));

        HttpResponse<String> r = fetchPhonebook(url, FANVIL_UA, user, own);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        XmlDoc doc = XmlDoc.parse(r.body());
        assertThat(doc.root()).isEqualTo("FanvilIPPhoneDirectory");
        holdsTheSitesLinesAndContacts(texts(doc, "/FanvilIPPhoneDirectory/DirectoryEntry/Name"),
                texts(doc, "/FanvilIPPhoneDirectory/DirectoryEntry/Telephone"));
        server.rearm(FANVIL_MAC);
    }

    @Test
    void anUnknownDeviceOrWrongCredentialsGetTheAnswerOfAnyPerDeviceFileAndNoName() {
        String unknown = "805ec0aa00ff";
        HttpResponse<String> config = server.getWithDigest(unknown + ".cfg", YEALINK_UA.replace("80:5e:c0:aa:00:03", "80:5e:c0:aa:00:ff"),
                SITE_USER, sitePassword);
        HttpResponse<String> book = server.getWithDigest("phonebook-" + unknown + ".xml",
                YEALINK_UA.replace("80:5e:c0:aa:00:03", "80:5e:c0:aa:00:ff"), SITE_USER, sitePassword);
        assertThat(book.statusCode()).isEqualTo(config.statusCode()).isEqualTo(401);
        assertThat(book.body()).doesNotContain("Anna").doesNotContain("Helpdesk");

        for (String[] who : new String[][] {{SITE_USER, "not-the-password"}, {YEALINK_MAC, "not-the-password"}}) {
            HttpResponse<String> wrong = server.getWithDigest("phonebook-" + YEALINK_MAC + ".xml", YEALINK_UA, who[0], who[1]);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain("Anna").doesNotContain("Helpdesk");
        }
        HttpResponse<String> none = server.get("phonebook-" + YEALINK_MAC + ".xml", YEALINK_UA);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).doesNotContain("Anna");
    }

    @Test
    void aSiteThatChoosesTheFleetPhonebookGetsEveryLineAndContactAtOnce() {
        HttpResponse<String> before = server.fetchOk("phonebook-" + YEALINK_MAC + ".xml", YEALINK_UA, SITE_USER, sitePassword);
        assertThat(before.body()).doesNotContain("Dora Bern");
        HttpResponse<String> set = server.adminJson("PUT", "/api/v1/sites/" + zurich.id() + "/phonebook", server.adminToken(), "{\"scope\":\"fleet\"}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        try {
            XmlDoc doc = XmlDoc.parse(server.fetchOk("phonebook-" + YEALINK_MAC + ".xml", YEALINK_UA, SITE_USER, sitePassword).body());
            assertThat(texts(doc, "/YealinkIPPhoneDirectory/DirectoryEntry/Name")).contains("Dora Bern", "Bern Only", "Anna Muster");
        } finally {
            server.adminJson("PUT", "/api/v1/sites/" + zurich.id() + "/phonebook", server.adminToken(), "{\"scope\":\"site\"}");
        }
        HttpResponse<String> bad = server.adminJson("PUT", "/api/v1/sites/" + zurich.id() + "/phonebook", server.adminToken(), "{\"scope\":\"all\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void aContactImportedLaterIsInTheNextFetchAndADeletedOneIsGone() {
        HttpResponse<String> r = importContacts("name;office;site\nLate Arrival;044 999 88 77;Zurich HQ\n", false);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(server.fetchOk("phonebook-" + YEALINK_MAC + ".xml", YEALINK_UA, SITE_USER, sitePassword).body()).contains("Late Arrival");
        long id = 0;
        for (var item : Json.parse(server.adminGet("/api/v1/contacts?site=Zurich%20HQ", server.adminToken()).body()).get("items")) {
            if (item.get("name").asText().equals("Late Arrival")) {
                id = item.get("id").asLong();
            }
        }
        assertThat(server.admin("DELETE", "/api/v1/contacts/" + id, server.adminToken(), null, null).statusCode()).isEqualTo(204);
        assertThat(server.fetchOk("phonebook-" + YEALINK_MAC + ".xml", YEALINK_UA, SITE_USER, sitePassword).body()).doesNotContain("Late Arrival");
    }
}
