package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.AuthMethod;
import io.phonehome.inventory.ImportReport;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.SiteSpec;
import io.phonehome.testing.TestServer;
import io.phonehome.testing.XmlDoc;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The older {@code <VOIP_CONFIG_FILE>} syntax ({@code format=voip-config}): an X3SG and an X4 of
 * that generation fetch their files over real HTTPS with their User-Agents (shape: vendor-formats
 * 5.2; firmware as wazo-provd lists it for these models), and the answers are parsed as XML.
 */
class FanvilVoipConfigProvisioningIT {
    static final String X3SG_MAC = "0c383e3c5d01";
    static final String X3SG_UA = "Fanvil X3SG 2.4.12 " + X3SG_MAC;
    static final String X4_MAC = "0c383e3c5d02";
    static final String X4_UA = "Fanvil X4 2.14.0.7386 " + X4_MAC;
    static final String SITE_USER = "site-ge";
    static final String SITE_PASSWORD = "site-secret-geneve-77";
    static final String TRICKY_NAME = "Zoë & <Ops> \"Desk\" ü";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
        server.createSite(new SiteSpec("Geneve", "Europe/Zurich", List.of("ntp1.example.ch", "ntp2.example.ch"), "fr", null, null,
                null, 1440, null, "syslog.example.ch:5514", AuthMethod.DEFAULT, List.of(), SITE_USER, SITE_PASSWORD, 0));
        ImportReport r = server.importCsv("""
                mac,model,serial,site,line,extension,display_name,transport,srtp
                0c:38:3e:3c:5d:01,X3SG,SN-X3SG,Geneve,1,,Anna Muster,,
                0c:38:3e:3c:5d:01,X3SG,SN-X3SG,Geneve,2,,"Zoë & <Ops> ""Desk"" ü",tls,optional
                0c383e3c5d02,X4G,SN-X4,Geneve,,,Bruno,,
                """);
        assertThat(r.errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> fetch(String path, String ua) {
        HttpResponse<String> r = server.fetchOk(path, ua, SITE_USER, SITE_PASSWORD);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/xml"));
        return r;
    }

    static XmlDoc fetchXml(String path, String ua) {
        XmlDoc doc = XmlDoc.parse(fetch(path, ua).body());
        assertThat(doc.root()).isEqualTo("VOIP_CONFIG_FILE");
        return doc;
    }

    static String line(XmlDoc doc, int index, String field) {
        return doc.text("/VOIP_CONFIG_FILE/SIP_CONFIG_MODULE/SIP_Line_List/SIP_Line_List_Entry[ID='SIP" + index + "']/" + field);
    }

    @Test
    void eachAccountIsALineEntryWithTlsAsTwoAndTheModelsOtherLinesOff() {
        XmlDoc doc = fetchXml(X3SG_MAC + ".cfg", X3SG_UA);
        List<Line> lines = server.lines(X3SG_MAC);
        assertThat(lines).hasSize(2);
        assertThat(line(doc, 1, "Phone_Number")).isEqualTo(lines.get(0).extension());
        assertThat(line(doc, 1, "Display_Name")).isEqualTo("Anna Muster");
        assertThat(line(doc, 1, "Register_User")).isEqualTo(lines.get(0).authUser());
        assertThat(line(doc, 1, "Register_Pswd")).isEqualTo(lines.get(0).password());
        assertThat(line(doc, 1, "Register_Addr")).isEqualTo("127.0.0.1");
        assertThat(line(doc, 1, "Register_Port")).isEqualTo("5060");
        assertThat(line(doc, 1, "Register_TTL")).isEqualTo("600");
        assertThat(line(doc, 1, "Enable_Reg")).isEqualTo("1");
        assertThat(line(doc, 1, "Transport")).isEqualTo("0");
        assertThat(line(doc, 2, "Register_Pswd")).isEqualTo(lines.get(1).password());
        assertThat(line(doc, 2, "Transport")).as("TLS is 2 in VOIP_CONFIG_FILE").isEqualTo("2");
        assertThat(line(doc, 2, "Register_Port")).isEqualTo("5061");
        assertThat(line(doc, 2, "Media_Crypto")).isEqualTo("1");
        assertThat(doc.count("//SIP_Line_List_Entry")).as("the X3SG's accounts in the catalog").isEqualTo(4);
        for (int i = 3; i <= 4; i++) {
            assertThat(line(doc, i, "Enable_Reg")).as("line " + i).isEqualTo("0");
            assertThat(line(doc, i, "Register_Pswd")).as("line " + i).isEmpty();
        }
        assertThat(doc.text("/VOIP_CONFIG_FILE/SIP_CONFIG_MODULE/Notify_Reboot")).isEqualTo("1");
        assertThat(doc.text("/VOIP_CONFIG_FILE/version")).matches("2\\.[0-9]{10}");
    }

    @Test
    void timeZoneNtpAndANumericLanguage() {
        XmlDoc doc = fetchXml(X3SG_MAC + ".cfg", X3SG_UA);
        String g = "/VOIP_CONFIG_FILE/GLOBAL_CONFIG_MODULE/";
        assertThat(doc.text(g + "Time_Zone")).isEqualTo("4");
        assertThat(doc.text(g + "Time_Zone_Name")).isEqualTo("UTC+1");
        assertThat(doc.text(g + "Enable_DST")).isEqualTo("2");
        assertThat(doc.text(g + "DST_Min_Offset")).isEqualTo("60");
        assertThat(doc.text(g + "DST_Start_Mon")).isEqualTo("3");
        assertThat(doc.text(g + "DST_Start_Week")).as("last").isEqualTo("-1");
        assertThat(doc.text(g + "DST_Start_Wday")).as("Sunday").isEqualTo("0");
        assertThat(doc.text(g + "DST_Start_Hour")).isEqualTo("2");
        assertThat(doc.text(g + "DST_End_Mon")).isEqualTo("10");
        assertThat(doc.text(g + "DST_End_Hour")).isEqualTo("3");
        assertThat(doc.text(g + "Enable_SNTP")).isEqualTo("1");
        assertThat(doc.text(g + "SNTP_Server")).isEqualTo("ntp1.example.ch");
        assertThat(doc.text(g + "Second_SNTP_Server")).isEqualTo("ntp2.example.ch");
        assertThat(doc.text(g + "Language")).as("French is 4").isEqualTo("4");
    }

    @Test
    void provisioningSyslogAndAdminPointBackHereWithTheDevicesOwnCredentialsWhichThenWork() {
        XmlDoc doc = fetchXml(X3SG_MAC + ".cfg", X3SG_UA);
        String a = "/VOIP_CONFIG_FILE/AUTOUPDATE_CONFIG_MODULE/";
        assertThat(doc.text(a + "Download_Server_IP")).isEqualTo("https://127.0.0.1:" + server.server().httpsPort());
        assertThat(doc.text(a + "Config_File_Name")).isEqualTo("$mac.cfg");
        assertThat(doc.text(a + "Download_Protocol")).as("HTTPS").isEqualTo("5");
        assertThat(doc.text(a + "Download_Mode")).isEqualTo("2");
        assertThat(doc.text(a + "Download_Interval")).isEqualTo("1");
        assertThat(doc.text(a + "Download_Username")).isEqualTo(X3SG_MAC);
        String own = doc.text(a + "Download_Password");
        assertThat(own).hasSizeGreaterThan(15).isNotEqualTo(SITE_PASSWORD);
        String admin = "/VOIP_CONFIG_FILE/MMI_CONFIG_MODULE/MMI_Account/MMI_Account_Entry[ID='Account1']/";
        assertThat(doc.text(admin + "Name")).isEqualTo("admin");
        assertThat(doc.text(admin + "Level")).isEqualTo("10");
        assertThat(doc.text(admin + "Password")).hasSizeGreaterThanOrEqualTo(8);
        assertThat(doc.text("/VOIP_CONFIG_FILE/AAA_CONFIG_MODULE/Enable_Syslog")).isEqualTo("1");
        assertThat(doc.text("/VOIP_CONFIG_FILE/AAA_CONFIG_MODULE/Syslog_address")).isEqualTo("syslog.example.ch");
        assertThat(doc.text("/VOIP_CONFIG_FILE/AAA_CONFIG_MODULE/Syslog_port")).isEqualTo("5514");
        HttpResponse<String> again = server.getWithDigest(X3SG_MAC + ".cfg", X3SG_UA, X3SG_MAC, own);
        assertThat(again.statusCode()).isEqualTo(200);
        // the X3SG's own password opens its file, not the X4's
        HttpResponse<String> other = server.getWithDigest(X4_MAC + ".cfg", X4_UA, X3SG_MAC, own);
        assertThat(other.statusCode()).isEqualTo(401);
        assertThat(other.body()).doesNotContain("Register_Pswd");
        server.rearm(X3SG_MAC); // the other tests fetch it with the site credential
    }

    @Test
    void aDisplayNameWithXmlSpecialCharactersReadsBackIntactAndOneWithANewlineNeverGetsIn() {
        HttpResponse<String> r = fetch(X3SG_MAC + ".cfg", X3SG_UA);
        assertThat(r.body()).contains("<Display_Name>Zoë &amp; &lt;Ops&gt; &quot;Desk&quot; ü</Display_Name>");
        assertThat(line(XmlDoc.parse(r.body()), 2, "Display_Name")).isEqualTo(TRICKY_NAME);
        ImportReport refused = server.importCsv("mac,model,site,extension,display_name\n" + X4_MAC + ",X4,Geneve,,\"two\nlines\"\n");
        assertThat(refused.errors()).singleElement().asString().contains("display_name");
    }

    @Test
    void eachDeviceGetsOnlyItsOwnAccounts() {
        XmlDoc x4 = fetchXml(X4_MAC + ".cfg", X4_UA);
        List<Line> x4Lines = server.lines(X4_MAC);
        assertThat(line(x4, 1, "Display_Name")).isEqualTo("Bruno");
        assertThat(line(x4, 1, "Register_Pswd")).isEqualTo(x4Lines.get(0).password());
        assertThat(x4.count("//SIP_Line_List_Entry")).as("an X4 (imported as X4G) has 4").isEqualTo(4);
        String body = fetch(X4_MAC + ".cfg", X4_UA).body();
        for (Line l : server.lines(X3SG_MAC)) {
            assertThat(body).doesNotContain(l.password());
        }
    }

    @Test
    void theModelsCommonFileIsServedWithoutCredentialsInTheOlderSyntaxAndCarriesNoSecret() {
        HttpResponse<String> r = server.get("f0X4hw1.100.cfg", X4_UA);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("Phonehome common settings for Fanvil X4.");
        XmlDoc doc = XmlDoc.parse(r.body());
        assertThat(doc.root()).isEqualTo("VOIP_CONFIG_FILE");
        assertThat(doc.text("/VOIP_CONFIG_FILE/AUTOUPDATE_CONFIG_MODULE/Download_Server_IP"))
                .isEqualTo("https://127.0.0.1:" + server.server().httpsPort());
        assertThat(doc.has("//Download_Password")).isFalse();
        assertThat(doc.has("//Register_Pswd")).isFalse();
        assertThat(doc.has("//MMI_CONFIG_MODULE")).isFalse();
    }

    @Test
    void wrongCredentialsGetAChallengeAgain() {
        HttpResponse<String> r = server.getWithDigest(X3SG_MAC + ".cfg", X3SG_UA, SITE_USER, "not-the-password");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).doesNotContain("Register_Pswd");
    }
}
