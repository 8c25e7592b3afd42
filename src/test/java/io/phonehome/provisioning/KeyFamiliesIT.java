package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phonehome.inventory.AuthMethod;
import io.phonehome.inventory.ImportReport;
import io.phonehome.inventory.SiteSpec;
import io.phonehome.testing.SnomXml;
import io.phonehome.testing.TestServer;
import io.phonehome.testing.XmlDoc;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The key families and types beyond the reception profile: Grandstream GXP multi-purpose keys,
 * Snom DND and voicemail key events, Fanvil's older syntax, and the models that take no keys,
 * each entered through the admin API and fetched over real HTTPS with the phone's User-Agent, or
 * refused at input with the reason.
 */
class KeyFamiliesIT {
    static final String SITE_USER = "site-keyfam";
    static final String SITE_PASSWORD = "site-secret-keyfam-42";
    static final String GXP2124_MAC = "000b82aa2124";
    static final String GXP2124_UA = "Grandstream Model HW GXP2124 SW 1.0.5.26 DevId " + GXP2124_MAC;
    static final String GXP2170_MAC = "c074ad2b2170";
    static final String D785_MAC = "000413aa0785";
    static final String D785_UA = "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) "
            + D785_MAC.toUpperCase() + " SXM:0 UXM:0 UXMC:0)";
    static final String X6_MAC = "0c383eaa0006";
    static final String X6_UA = "Fanvil X6 2.14.0.7386 " + X6_MAC;
    static final String HT802_MAC = "c074adaa0802";
    static final String DP750_MAC = "000b82aa0750";
    static final ObjectMapper JSON = new ObjectMapper();
    static TestServer server;
    static String token;

    @BeforeAll
    static void start() {
        server = new TestServer();
        token = server.adminToken();
        server.createSite(new SiteSpec("Bern Office", "Europe/Zurich", List.of("ntp1.example.ch"), "de", null, null,
                null, 1440, null, null, AuthMethod.DEFAULT, List.of(), SITE_USER, SITE_PASSWORD, 0));
        ImportReport r = server.importCsv("mac,model,serial,site,extension,display_name,transport,srtp,line\n"
                + "805ec0dd0a01,T54W,,Bern Office,201,Anna,,,1\n"
                + "805ec0dd0a01,T54W,,Bern Office,202,Bruno,,,2\n"
                + GXP2124_MAC + ",GXP2124,,Bern Office,400,Reception GXP,,,1\n"
                + GXP2170_MAC + ",GXP2170,,Bern Office,401,Hall GXP,,,1\n"
                + D785_MAC + ",D785,,Bern Office,402,Reception Snom,,,1\n"
                + X6_MAC + ",X6,,Bern Office,403,Reception Fanvil,,,1\n"
                + HT802_MAC + ",HT802,,Bern Office,404,Fax,,,1\n"
                + DP750_MAC + ",DP750,,Bern Office,405,Warehouse,,,1\n");
        assertThat(r.errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> putKeys(String mac, String keysJson) {
        return server.adminJson("PUT", "/api/v1/devices/" + mac + "/keys", token, "{\"keys\":" + keysJson + "}");
    }

    static JsonNode read(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String refusal(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        return read(r).get("errors").get(0).get("message").asText();
    }

    static String fetch(String path, String ua) {
        return server.fetchOk(path, ua, SITE_USER, SITE_PASSWORD).body();
    }

    static int keyCount(String mac) {
        return read(server.adminGet("/api/v1/devices/" + mac + "/keys", token)).get("keys").size();
    }

    @Test
    void gxp2124GetsItsMultiPurposeKeysWithTheBlfWatchingThroughPhonehomesRegistrar() {
        HttpResponse<String> put = putKeys(GXP2124_MAC, """
                [{"position":1,"type":"blf","value":"201","label":"Anna"},
                 {"position":8,"type":"park","value":"701","label":"Park"},
                 {"position":24,"type":"voicemail","value":"*97","label":"Mailbox"}]""");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        XmlDoc doc = XmlDoc.parse(fetch("cfg" + GXP2124_MAC + ".xml", GXP2124_UA));
        assertThat(doc.text("/gs_provision/config/P323")).isEqualTo("1");
        assertThat(doc.text("/gs_provision/config/P301")).isEqualTo("0");
        assertThat(doc.text("/gs_provision/config/P302")).isEqualTo("Anna");
        assertThat(doc.text("/gs_provision/config/P303")).isEqualTo("201");
        assertThat(doc.text("/gs_provision/config/P353")).isEqualTo("9");
        assertThat(doc.text("/gs_provision/config/P356")).isEqualTo("701");
        assertThat(doc.text("/gs_provision/config/P1460")).isEqualTo("6");
        assertThat(doc.text("/gs_provision/config/P1463")).isEqualTo("*97");
        // the BLF key subscribes through account 1, whose server is Phonehome's own registrar
        assertThat(doc.text("/gs_provision/config/P47")).isEqualTo("127.0.0.1:5060");
        assertThat(doc.has("/gs_provision/config/P23000")).isFalse();
    }

    @Test
    void gxpKeysBeyondTheModelOrWithoutADocumentedNumberingAre422() {
        assertThat(refusal(putKeys(GXP2124_MAC, "[{\"position\":25,\"type\":\"blf\",\"value\":\"201\"}]"))).contains("line_keys=24");
        assertThat(refusal(putKeys(GXP2124_MAC, "[{\"position\":2,\"type\":\"dnd\"}]"))).contains("no documented dnd key");
        assertThat(refusal(putKeys(GXP2170_MAC, "[{\"position\":1,\"type\":\"blf\",\"value\":\"201\"}]")))
                .contains("GXP2170").contains("no P-value numbering");
        assertThat(keyCount(GXP2170_MAC)).isZero();
    }

    @Test
    void analogAdaptersAndDectBasesRefuseKeysSayingWhy() {
        assertThat(refusal(putKeys(HT802_MAC, "[{\"position\":1,\"type\":\"speed_dial\",\"value\":\"201\"}]")))
                .contains("HT802").contains("analog");
        assertThat(refusal(putKeys(DP750_MAC, "[{\"position\":1,\"type\":\"blf\",\"value\":\"201\"}]")))
                .contains("DP750").contains("DECT base");
        assertThat(keyCount(HT802_MAC)).isZero();
        assertThat(keyCount(DP750_MAC)).isZero();
    }

    @Test
    void snomGetsDndAndVoicemailAsKeyEventsAndRefusesAValueOnThem() {
        assertThat(refusal(putKeys(D785_MAC, "[{\"position\":2,\"type\":\"voicemail\",\"value\":\"*97\"}]"))).contains("takes no value");
        HttpResponse<String> put = putKeys(D785_MAC, """
                [{"position":1,"type":"dnd","label":"DND"},{"position":2,"type":"voicemail","label":"Mailbox"}]""");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        Element root = SnomXml.parse(fetch("snomD785-" + D785_MAC.toUpperCase() + ".xml", D785_UA)).getDocumentElement();
        List<Element> fkeys = SnomXml.children(SnomXml.children(root, "functionKeys").get(0), "fkey");
        assertThat(fkeys).hasSize(2);
        assertThat(fkeys.get(0).getTextContent()).isEqualTo("keyevent F_DND");
        assertThat(fkeys.get(1).getTextContent()).isEqualTo("keyevent F_RETRIEVE");
        assertThat(fkeys.get(1).getAttribute("context")).isEqualTo("1");
    }

    @Test
    void fanvilsOlderSyntaxGetsFunctionKeysAndRefusesWhatFanvilDoesNotDocument() {
        assertThat(refusal(putKeys(X6_MAC, "[{\"position\":1,\"type\":\"dnd\"}]"))).contains("no documented dnd key");
        assertThat(refusal(putKeys(X6_MAC, "[{\"position\":1,\"type\":\"voicemail\"}]"))).contains("voicemail number");
        assertThat(refusal(putKeys(X6_MAC, "[{\"module\":1,\"position\":1,\"type\":\"blf\",\"value\":\"201\"}]")))
                .contains("expansion module");
        HttpResponse<String> put = putKeys(X6_MAC, """
                [{"position":1,"type":"blf","value":"202","label":"Bruno"},
                 {"position":2,"type":"intercom","value":"201","label":"Anna"},
                 {"position":3,"type":"voicemail","value":"*97","label":"Mailbox"}]""");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        XmlDoc doc = XmlDoc.parse(fetch(X6_MAC + ".cfg", X6_UA));
        assertThat(doc.root()).isEqualTo("VOIP_CONFIG_FILE");
        String entry = "/VOIP_CONFIG_FILE/PHONE_CONFIG_MODULE/Function_Key/Function_Key_Entry";
        assertThat(doc.text(entry + "[ID='Fkey1']/Value")).isEqualTo("202@1/ba**202");
        assertThat(doc.text(entry + "[ID='Fkey2']/Value")).isEqualTo("201@1/i");
        assertThat(doc.text(entry + "[ID='Fkey3']/Value")).isEqualTo("*97@1/m");
        // the BLF key's line 1 registers with Phonehome's own registrar
        String sip1 = "/VOIP_CONFIG_FILE/SIP_CONFIG_MODULE/SIP_Line_List/SIP_Line_List_Entry[ID='SIP1']/";
        assertThat(doc.text(sip1 + "Register_Addr")).isEqualTo("127.0.0.1");
        assertThat(doc.text(sip1 + "Register_Port")).isEqualTo("5060");
    }
}
