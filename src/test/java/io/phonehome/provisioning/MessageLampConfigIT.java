package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.phonehome.inventory.AuthMethod;
import io.phonehome.inventory.ImportReport;
import io.phonehome.inventory.Site;
import io.phonehome.inventory.SiteSpec;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.SnomXml;
import io.phonehome.testing.TestServer;
import io.phonehome.testing.XmlDoc;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The message lamp and the voicemail number in the files each vendor's phones fetch, over real
 * HTTPS: every line subscribes to its own mailbox at Phonehome where the vendor has a switch for
 * it, and the site's {@code voicemail.number} reaches each line's mailbox number and the
 * voicemail keys entered without one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MessageLampConfigIT {
    static final String SITE_USER = "site-bern-mwi";
    static final String SITE_PASSWORD = "site-secret-mwi-42";
    static final String T54W_MAC = "805ec0dd0e01";
    static final String T54W_UA = "Yealink SIP-T54W 96.86.0.100 80:5e:c0:dd:0e:01";
    static final String D785_MAC = "000413AA0E85";
    static final String D785_UA = "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) "
            + D785_MAC.toUpperCase() + " SXM:0 UXM:0 UXMC:0)";
    static final String GXP2170_MAC = "c074ad2b0e70";
    static final String GXP2170_UA = "Grandstream Model HW GXP2170 SW 1.0.11.79 DevId " + GXP2170_MAC;
    static final String X6U_MAC = "0c383e2c0e06";
    static final String X6U_UA = "Fanvil X6U 2.12.16.17 " + X6U_MAC;
    static final String X6_MAC = "0c383eaa0e06";
    static final String X6_UA = "Fanvil X6 2.14.0.7386 " + X6_MAC;
    static TestServer server;
    static String token;
    static Site bern;

    @BeforeAll
    static void start() {
        server = new TestServer();
        token = server.adminToken();
        bern = server.createSite(new SiteSpec("Bern", "Europe/Zurich", List.of("ntp1.example.ch"), "de", null, null,
                null, 1440, null, null, AuthMethod.DEFAULT, List.of(), SITE_USER, SITE_PASSWORD, 0));
        ImportReport r = server.importCsv("mac,model,serial,site,extension,display_name,transport,srtp,line\n"
                + T54W_MAC + ",T54W,,Bern,501,Anna,,,1\n"
                + D785_MAC + ",D785,,Bern,502,Bruno,,,1\n"
                + GXP2170_MAC + ",GXP2170,,Bern,503,Cla,,,1\n"
                + GXP2170_MAC + ",GXP2170,,Bern,513,Cla Team,,,2\n"
                + X6U_MAC + ",X6U,,Bern,504,Dora,,,1\n"
                + X6_MAC + ",X6,,Bern,505,Emil,,,1\n");
        assertThat(r.errors()).isEmpty();
        ok(server.adminJson("PUT", "/api/v1/devices/" + T54W_MAC + "/keys", token, """
                {"keys":[{"position":1,"type":"voicemail","label":"Mailbox"},
                         {"position":2,"type":"voicemail","value":"8000","label":"Team box"}]}"""));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static String fetch(String path, String ua) {
        return server.fetchOk(path, ua, SITE_USER, SITE_PASSWORD).body();
    }

    static HttpResponse<String> setVoicemailNumber(String value) throws Exception {
        return server.adminJson("PUT", "/api/v1/settings/site:" + bern.id(), token,
                new ObjectMapper().writeValueAsString(Map.of("name", "voicemail.number", "value", value)));
    }

    @Test
    @Order(1)
    void everyLineSubscribesToItsOwnMailboxAndNoMailboxNumberIsWrittenBeforeOneIsSet() {
        Map<String, String> yealink = KeyValueConfig.parse(fetch(T54W_MAC + ".cfg", T54W_UA));
        assertThat(yealink).containsEntry("account.1.subscribe_mwi", "1").containsEntry("account.1.subscribe_mwi_to_vm", "0")
                .doesNotContainKey("voice_mail.number.1")
                // the key without a number stays without one, the one with a number keeps it
                .containsEntry("linekey.1.type", "12").containsEntry("linekey.1.value", "")
                .containsEntry("linekey.2.value", "8000");
        XmlDoc gs = XmlDoc.parse(fetch("cfg" + GXP2170_MAC + ".xml", GXP2170_UA));
        assertThat(gs.text("/gs_provision/config/P99")).isEqualTo("1");
        assertThat(gs.text("/gs_provision/config/P415")).isEqualTo("1");
        // the BLF keys' pickup dials Phonehome's pickup code before the ringing extension
        assertThat(gs.text("/gs_provision/config/P1347")).isEqualTo("**");
        assertThat(gs.text("/gs_provision/config/P481")).isEqualTo("**");
        assertThat(gs.has("/gs_provision/config/P33")).isFalse();
        assertThat(SnomXml.phoneSettings(fetch("snomD785-" + D785_MAC + ".xml", D785_UA))).doesNotContainKey("user_mailbox[1]");
        assertThat(XmlDoc.parse(fetch(X6U_MAC + ".cfg", X6U_UA)).has("/sysConf/sip/line[@index='1']/MWINum")).isFalse();
    }

    @Test
    @Order(2)
    void aSitesVoicemailNumberReachesEveryLineAndTheVoicemailKeysWithoutANumber() throws Exception {
        assertThat(setVoicemailNumber("97x").statusCode()).isEqualTo(422);
        ok(setVoicemailNumber("*97"));

        Map<String, String> yealink = KeyValueConfig.parse(fetch(T54W_MAC + ".cfg", T54W_UA));
        assertThat(yealink).containsEntry("voice_mail.number.1", "*97")
                .containsEntry("linekey.1.type", "12").containsEntry("linekey.1.value", "*97")
                .containsEntry("linekey.2.value", "8000");
        XmlDoc gs = XmlDoc.parse(fetch("cfg" + GXP2170_MAC + ".xml", GXP2170_UA));
        assertThat(gs.text("/gs_provision/config/P33")).isEqualTo("*97");
        assertThat(gs.text("/gs_provision/config/P426")).isEqualTo("*97");
        assertThat(SnomXml.phoneSettings(fetch("snomD785-" + D785_MAC + ".xml", D785_UA))).containsEntry("user_mailbox[1]", "*97");
        assertThat(XmlDoc.parse(fetch(X6U_MAC + ".cfg", X6U_UA)).text("/sysConf/sip/line[@index='1']/MWINum")).isEqualTo("*97");
        assertThat(XmlDoc.parse(fetch(X6_MAC + ".cfg", X6_UA))
                .text("/VOIP_CONFIG_FILE/SIP_CONFIG_MODULE/SIP_Line_List/SIP_Line_List_Entry[ID='SIP1']/MWI_Num")).isEqualTo("*97");
    }
}
