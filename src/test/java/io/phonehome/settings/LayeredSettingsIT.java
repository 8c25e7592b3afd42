package io.phonehome.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phonehome.inventory.ImportReport;
import io.phonehome.inventory.Site;
import io.phonehome.testing.Json;
import io.phonehome.testing.TestServer;
import io.phonehome.testing.XmlDoc;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A value set at each scope reaches the served file of each vendor with the most specific scope
 * winning; raw values that could break a vendor's syntax are refused or escaped; the effective
 * value API names the scope and what it overrides.
 */
class LayeredSettingsIT {
    static TestServer server;
    static String token;
    static Site zurich;

    /** Per vendor: two devices of one model at Zurich (the first gets the device value), one at Bern. */
    record Fleet(String vendor, String model, String mine, String sibling, String elsewhere) {
    }

    static final Fleet YEALINK = new Fleet("yealink", "T46U", "805ec0ee0001", "805ec0ee0002", "805ec0ee0003");
    static final Fleet SNOM = new Fleet("snom", "D785", "000413ee0001", "000413ee0002", "000413ee0003");
    static final Fleet GRANDSTREAM = new Fleet("grandstream", "GXP2170", "c074adee0001", "c074adee0002", "c074adee0003");
    static final Fleet FANVIL = new Fleet("fanvil", "X4U", "0c383eee0001", "0c383eee0002", "0c383eee0003");
    /** A Fanvil on the older {@code <VOIP_CONFIG_FILE>} syntax. */
    static final String FANVIL_OLD_FORMAT = "0c383eee0009";
    /** Scopes from least to most specific, as people spell them. */
    static final List<String> LEVELS = List.of("fleet", "vendor", "model", "site", "site_model", "device");

    @BeforeAll
    static void start() {
        server = new TestServer();
        token = server.adminToken();
        zurich = server.createSite("Zurich Office", "Europe/Zurich");
        server.createSite("Bern", "Europe/Zurich");
        StringBuilder csv = new StringBuilder("mac,model,serial,site,display_name\n");
        for (Fleet f : List.of(YEALINK, SNOM, GRANDSTREAM, FANVIL)) {
            csv.append(f.mine()).append(',').append(f.model()).append(",,Zurich Office,Desk\n");
            csv.append(f.sibling()).append(',').append(f.model()).append(",,Zurich Office,Desk\n");
            csv.append(f.elsewhere()).append(',').append(f.model()).append(",,Bern,Desk\n");
        }
        csv.append(FANVIL_OLD_FORMAT).append(",X3SG,,Zurich Office,Desk\n");
        ImportReport r = server.importCsv(csv.toString());
        assertThat(r.errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String scope(Fleet f, String level) {
        return switch (level) {
            case "fleet" -> "fleet";
            case "vendor" -> "vendor:" + f.vendor();
            case "model" -> "model:" + f.vendor() + ":" + f.model();
            case "site" -> "site:" + zurich.id();
            case "site_model" -> "site_model:" + zurich.id() + ":" + f.vendor() + ":" + f.model();
            default -> "device:" + f.mine();
        };
    }

    static HttpResponse<String> put(String scope, String name, String value) {
        try {
            return server.adminJson("PUT", "/api/v1/settings/" + enc(scope), token,
                    new ObjectMapper().writeValueAsString(Map.of("name", name, "value", value)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The admin API refuses encoded characters in paths: a scope is written as it is (':' is a plain path character). */
    static String enc(String s) {
        assertThat(URLEncoder.encode(s.replace(":", ""), StandardCharsets.UTF_8)).as("needs no encoding").isEqualTo(s.replace(":", ""));
        return s;
    }

    /**
     * Key number i (1..6) is set at the first i scopes, each to the scope's name, so its effective
     * value names the most specific scope that sets it.
     */
    static void setLayers(Fleet f, java.util.function.IntFunction<String> key) {
        for (int i = 1; i <= LEVELS.size(); i++) {
            for (int level = 0; level < i; level++) {
                HttpResponse<String> r = put(scope(f, LEVELS.get(level)), f.vendor() + ":" + key.apply(i), LEVELS.get(level));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
        }
    }

    static String file(String mac, String name) {
        HttpResponse<String> r = server.adminGet("/api/v1/devices/" + mac + "/files/" + name, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    static String level(int key) {
        return LEVELS.get(key - 1);
    }

    @Test
    void yealinkFilesCarryTheMostSpecificScopesRawKeyLast() {
        setLayers(YEALINK, i -> "phonehome.layer" + i);
        Site site = zurich;
        HttpResponse<String> served = server.getWithDigest(YEALINK.mine() + ".cfg",
                "Yealink SIP-T46U 108.86.0.20 80:5e:c0:ee:00:01", site.digestUser(), site.digestPassword());
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        for (int i = 1; i <= 6; i++) {
            assertThat(served.body()).contains("\nphonehome.layer" + i + " = " + level(i) + "\n");
        }
        String body = served.body();
        int rawBlock = body.indexOf("## --- raw keys");
        assertThat(rawBlock).as("raw keys come after every key Phonehome wrote").isGreaterThan(body.lastIndexOf("account.1."))
                .isGreaterThan(body.lastIndexOf("static.auto_provision.")).isLessThan(body.indexOf("phonehome.layer1 = "));
        assertThat(body.substring(rawBlock).lines().skip(1)).allMatch(l -> l.startsWith("phonehome."));
        assertThat(file(YEALINK.sibling(), YEALINK.sibling() + ".cfg")).contains("\nphonehome.layer6 = site_model\n")
                .contains("\nphonehome.layer4 = site\n");
        assertThat(file(YEALINK.elsewhere(), YEALINK.elsewhere() + ".cfg")).contains("\nphonehome.layer6 = model\n")
                .contains("\nphonehome.layer1 = fleet\n");
        assertThat(file(SNOM.mine(), "snomD785-" + SNOM.mine().toUpperCase() + ".xml")).doesNotContain("phonehome.layer");
    }

    @Test
    void snomFilesCarryTheMostSpecificScopesRawKey() {
        setLayers(SNOM, i -> "phonehome_layer" + i);
        XmlDoc mine = XmlDoc.parse(file(SNOM.mine(), "snomD785-" + SNOM.mine().toUpperCase() + ".xml"));
        XmlDoc sibling = XmlDoc.parse(file(SNOM.sibling(), "snomD785-" + SNOM.sibling().toUpperCase() + ".xml"));
        XmlDoc elsewhere = XmlDoc.parse(file(SNOM.elsewhere(), "snomD785-" + SNOM.elsewhere().toUpperCase() + ".xml"));
        for (int i = 1; i <= 6; i++) {
            assertThat(mine.text("/settings/phone-settings/phonehome_layer" + i)).isEqualTo(level(i));
        }
        assertThat(sibling.text("/settings/phone-settings/phonehome_layer6")).isEqualTo("site_model");
        assertThat(elsewhere.text("/settings/phone-settings/phonehome_layer6")).isEqualTo("model");
        assertThat(elsewhere.text("/settings/phone-settings/phonehome_layer4")).as("its site sets nothing").isEqualTo("model");
        assertThat(elsewhere.text("/settings/phone-settings/phonehome_layer2")).isEqualTo("vendor");
    }

    @Test
    void grandstreamFilesCarryTheMostSpecificScopesPValue() {
        setLayers(GRANDSTREAM, i -> "P6990" + i);
        XmlDoc mine = XmlDoc.parse(file(GRANDSTREAM.mine(), "cfg" + GRANDSTREAM.mine() + ".xml"));
        XmlDoc sibling = XmlDoc.parse(file(GRANDSTREAM.sibling(), "cfg" + GRANDSTREAM.sibling() + ".xml"));
        for (int i = 1; i <= 6; i++) {
            assertThat(mine.text("/gs_provision/config/P6990" + i)).isEqualTo(level(i));
        }
        assertThat(sibling.text("/gs_provision/config/P69906")).isEqualTo("site_model");
    }

    @Test
    void fanvilFilesCarryTheMostSpecificScopesElementPath() {
        setLayers(FANVIL, i -> "phone/PhonehomeLayer" + i);
        XmlDoc mine = XmlDoc.parse(file(FANVIL.mine(), FANVIL.mine() + ".cfg"));
        XmlDoc elsewhere = XmlDoc.parse(file(FANVIL.elsewhere(), FANVIL.elsewhere() + ".cfg"));
        for (int i = 1; i <= 6; i++) {
            assertThat(mine.text("/sysConf/phone/PhonehomeLayer" + i)).isEqualTo(level(i));
        }
        assertThat(elsewhere.text("/sysConf/phone/PhonehomeLayer6")).isEqualTo("model");

        String evil = "a</Phonehome_Layer><Enable_Reg>1</Enable_Reg> & \"x\"";
        assertThat(put("site:" + zurich.id(), "fanvil:MMI_CONFIG_MODULE/Phonehome_Layer", "site").statusCode()).isEqualTo(200);
        assertThat(put("device:" + FANVIL_OLD_FORMAT, "fanvil:MMI_CONFIG_MODULE/Phonehome_Layer", evil).statusCode()).isEqualTo(200);
        XmlDoc old = XmlDoc.parse(file(FANVIL_OLD_FORMAT, FANVIL_OLD_FORMAT + ".cfg"));
        assertThat(old.text("/VOIP_CONFIG_FILE/MMI_CONFIG_MODULE/Phonehome_Layer")).as("the older syntax, escaped").isEqualTo(evil);
        assertThat(old.text("/VOIP_CONFIG_FILE/phone/PhonehomeLayer6")).as("another model at the site: the site's value").isEqualTo("site");
        assertThat(old.count("//Enable_Reg")).as("no element injected").isEqualTo(XmlDoc.parse(file(FANVIL_OLD_FORMAT, FANVIL_OLD_FORMAT + ".cfg")).count("//SIP_Line_List_Entry/Enable_Reg"));
        assertThat(mine.text("/sysConf/phone/PhonehomeLayer1")).isEqualTo("fleet");
    }

    @Test
    void aLineBreakInARawValueIsRefusedForEveryVendor() {
        for (String name : List.of("yealink:phonehome.evil", "snom:phonehome_evil", "grandstream:P69999", "fanvil:phone/PhonehomeEvil")) {
            for (String value : List.of("x\nstatic.security.user_password = admin:hacked", "x\r<admin_mode>on</admin_mode>", "x\u2028y")) {
                HttpResponse<String> r = put("fleet", name, value);
                assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(422);
                assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
                assertThat(r.body()).contains("line break");
            }
        }
    }

    @Test
    void keysThatCouldBreakAVendorsSyntaxAreRefusedWithThePluginsReason() {
        assertThat(put("fleet", "yealink:features.x = 1\nother", "1").statusCode()).isEqualTo(422);
        HttpResponse<String> eq = put("fleet", "yealink:features.x=1", "1");
        assertThat(eq.statusCode()).isEqualTo(422);
        assertThat(eq.body()).contains("not a Yealink key");
        assertThat(put("fleet", "yealink:features x", "1").statusCode()).isEqualTo(422);
        assertThat(put("fleet", "snom:a><admin_mode", "1").statusCode()).isEqualTo(422);
        assertThat(put("fleet", "snom:xmlfoo", "1").statusCode()).isEqualTo(422);
        HttpResponse<String> gs = put("fleet", "grandstream:admin_password", "1");
        assertThat(gs.statusCode()).isEqualTo(422);
        assertThat(gs.body()).contains("P-value");
        assertThat(put("fleet", "fanvil:phone/a b", "1").statusCode()).isEqualTo(422);
        assertThat(put("fleet", "fanvil:a/b/c/d", "1").statusCode()).isEqualTo(422);
    }

    @Test
    void markupInRawValuesIsEscapedByEveryXmlVendorAndInertInYealinksPlainText() {
        String evil = "a</x><admin_mode>on</admin_mode> & \"quoted\" <b>";
        String device = "device:";
        assertThat(put(device + SNOM.elsewhere(), "snom:phonehome_markup", evil).statusCode()).isEqualTo(200);
        assertThat(put(device + GRANDSTREAM.elsewhere(), "grandstream:P69998", evil).statusCode()).isEqualTo(200);
        assertThat(put(device + FANVIL.elsewhere(), "fanvil:phone/PhonehomeMarkup", evil).statusCode()).isEqualTo(200);
        assertThat(put(device + YEALINK.elsewhere(), "yealink:phonehome.markup", evil).statusCode()).isEqualTo(200);

        XmlDoc snom = XmlDoc.parse(file(SNOM.elsewhere(), "snomD785-" + SNOM.elsewhere().toUpperCase() + ".xml"));
        assertThat(snom.text("/settings/phone-settings/phonehome_markup")).isEqualTo(evil);
        assertThat(snom.count("//admin_mode")).isZero();
        XmlDoc gs = XmlDoc.parse(file(GRANDSTREAM.elsewhere(), "cfg" + GRANDSTREAM.elsewhere() + ".xml"));
        assertThat(gs.text("/gs_provision/config/P69998")).isEqualTo(evil);
        assertThat(gs.count("//admin_mode")).isZero();
        XmlDoc fanvil = XmlDoc.parse(file(FANVIL.elsewhere(), FANVIL.elsewhere() + ".cfg"));
        assertThat(fanvil.text("/sysConf/phone/PhonehomeMarkup")).isEqualTo(evil);
        assertThat(fanvil.count("//admin_mode")).isZero();
        String yealink = file(YEALINK.elsewhere(), YEALINK.elsewhere() + ".cfg");
        assertThat(yealink).contains("\nphonehome.markup = " + evil + "\n");
    }

    @Test
    void theEffectiveValueApiNamesTheScopeAndWhatItOverrides() {
        assertThat(put("site:" + zurich.id(), "time.format", "12H").statusCode()).isEqualTo(200);
        assertThat(put("device:" + YEALINK.mine(), "time.format", "24h").statusCode()).isEqualTo(200);
        JsonNode mine = effective(YEALINK.mine());
        JsonNode time = setting(mine, "time.format");
        assertThat(time.get("value").asText()).isEqualTo("24h");
        assertThat(time.get("scope").asText()).isEqualTo("device:" + YEALINK.mine());
        assertThat(time.get("overrides").get(0).get("scope").asText()).isEqualTo("site:Zurich Office");
        assertThat(time.get("overrides").get(0).get("value").asText()).as("stored normalised").isEqualTo("12h");
        assertThat(time.get("overrides").get(1).get("scope").asText()).isEqualTo("default");
        JsonNode tones = setting(mine, "tones.country");
        assertThat(tones.get("value").asText()).as("a Zurich site implies Swiss tones").isEqualTo("CH");
        assertThat(tones.get("scope").asText()).isEqualTo("default");
        assertThat(setting(effective(YEALINK.sibling()), "time.format").get("scope").asText()).isEqualTo("site:Zurich Office");
        assertThat(setting(effective(YEALINK.elsewhere()), "time.format").get("scope").asText()).isEqualTo("default");
    }

    @Test
    void anUnknownSettingIs422WithDidYouMeanAndABadValueNamesTheRange() {
        HttpResponse<String> typo = put("fleet", "time.fromat", "24h");
        assertThat(typo.statusCode()).isEqualTo(422);
        assertThat(typo.body()).contains("did you mean time.format");
        HttpResponse<String> vlan = put("fleet", "network.vlan.id", "4095");
        assertThat(vlan.statusCode()).isEqualTo(422);
        assertThat(vlan.body()).contains("1 to 4094");
        HttpResponse<String> codec = put("fleet", "codecs.order", "G722,GSM");
        assertThat(codec.statusCode()).isEqualTo(422);
        assertThat(codec.body()).contains("unknown: GSM").contains("PCMA");
        assertThat(put("site:999999", "time.format", "24h").statusCode()).isEqualTo(404);
        assertThat(put("model:yealink:T99X", "time.format", "24h").statusCode()).isEqualTo(422);
        assertThat(put("vendor:yealink", "snom:phonehome_x", "1").statusCode()).as("a key no device of the scope can get").isEqualTo(422);
    }

    @Test
    void unsetRemovesTheValueAndTheFileFollows() {
        assertThat(put("device:" + YEALINK.sibling(), "yealink:phonehome.unset", "here").statusCode()).isEqualTo(200);
        assertThat(file(YEALINK.sibling(), YEALINK.sibling() + ".cfg")).contains("phonehome.unset = here");
        HttpResponse<String> listed = server.adminGet("/api/v1/settings/device:" + YEALINK.sibling(), token);
        assertThat(listed.body()).contains("phonehome.unset");
        HttpResponse<String> del = server.admin("DELETE", "/api/v1/settings/device:" + YEALINK.sibling() + "?name=yealink:phonehome.unset",
                token, null, null);
        assertThat(del.statusCode()).as(del.body()).isEqualTo(200);
        assertThat(Json.parse(del.body()).get("files_changed").asInt()).isEqualTo(1);
        assertThat(file(YEALINK.sibling(), YEALINK.sibling() + ".cfg")).doesNotContain("phonehome.unset");
        assertThat(server.admin("DELETE", "/api/v1/settings/device:" + YEALINK.sibling() + "?name=yealink:phonehome.unset",
                token, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aCsvImportIsAllOrNothingWithPerRowErrorsAndADryRunWritesNothing() {
        String good = "scope;target;name;value\n"
                + "site;Zurich Office;yealink:phonehome.csv;from-csv\n"
                + "site_model:Bern:yealink:T46U;;codecs.order;g722, pcma\n";
        String bad = good + "site;Zurich Office;time.fromat;24h\n" + "device;" + YEALINK.mine() + ";network.vlan.id;0\n";
        HttpResponse<String> refused = server.admin("POST", "/api/v1/settings/import", token, "text/csv", bad.getBytes(StandardCharsets.UTF_8));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        JsonNode problem = Json.parse(refused.body());
        assertThat(problem.toString()).contains("did you mean time.format").contains("1 to 4094");
        assertThat(problem.get("errors").get(0).get("row").asInt()).isEqualTo(4);
        assertThat(problem.get("errors").get(1).get("row").asInt()).isEqualTo(5);
        assertThat(file(YEALINK.mine(), YEALINK.mine() + ".cfg")).as("nothing of a refused file is written").doesNotContain("phonehome.csv");

        HttpResponse<String> dry = server.admin("POST", "/api/v1/settings/import?dry_run=true", token, "text/csv", good.getBytes(StandardCharsets.UTF_8));
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        assertThat(Json.parse(dry.body()).get("applied").asBoolean()).isFalse();
        assertThat(file(YEALINK.mine(), YEALINK.mine() + ".cfg")).doesNotContain("phonehome.csv");

        HttpResponse<String> applied = server.admin("POST", "/api/v1/settings/import", token, "text/csv", good.getBytes(StandardCharsets.UTF_8));
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(file(YEALINK.mine(), YEALINK.mine() + ".cfg")).contains("\nphonehome.csv = from-csv\n");
        JsonNode codecs = setting(effective(YEALINK.elsewhere()), "codecs.order");
        assertThat(codecs.get("value").asText()).isEqualTo("G722,PCMA");
        assertThat(codecs.get("scope").asText()).isEqualTo("site_model:Bern:yealink:T46U");
    }

    @Test
    void aChangeReportsTheDevicesWhoseFilesChangeWithASampleAndResyncsExactlyThose() {
        String scope = "model:yealink:T46U";
        HttpResponse<String> dry = server.adminJson("PUT", "/api/v1/settings/" + scope + "?dry_run=true", token,
                "{\"name\":\"yealink:phonehome.preview\",\"value\":\"on\"}");
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        JsonNode d = Json.parse(dry.body());
        assertThat(d.get("devices_changed").asInt()).as("the three T46U, at both sites").isEqualTo(3);
        assertThat(d.get("files_changed").isNull()).isTrue();
        assertThat(d.get("sample").get(0).get("diff").toString()).contains("+ yealink:phonehome.preview = on");
        assertThat(file(YEALINK.mine(), YEALINK.mine() + ".cfg")).as("a dry run stores nothing").doesNotContain("phonehome.preview");

        HttpResponse<String> applied = server.adminJson("PUT", "/api/v1/settings/" + scope + "?resync=true", token,
                "{\"name\":\"yealink:phonehome.preview\",\"value\":\"on\"}");
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        JsonNode a = Json.parse(applied.body());
        assertThat(a.get("files_changed").asInt()).isEqualTo(3);
        assertThat(a.get("sample")).hasSize(3);
        assertThat(a.get("sample").get(0).get("diff").toString()).contains("+phonehome.preview = on");
        long job = a.get("resync_action").asLong();
        JsonNode action = Json.parse(server.adminGet("/api/v1/actions/" + job, token).body());
        assertThat(action.get("total").asInt()).isEqualTo(3);
        assertThat(action.get("kind").asText()).isEqualToIgnoringCase("resync");

        HttpResponse<String> again = server.adminJson("PUT", "/api/v1/settings/" + scope + "?resync=true", token,
                "{\"name\":\"yealink:phonehome.preview\",\"value\":\"on\"}");
        JsonNode same = Json.parse(again.body());
        assertThat(same.get("devices_changed").asInt()).isZero();
        assertThat(same.get("files_changed").asInt()).isZero();
        assertThat(same.get("resync_action").isNull()).as("nothing changed, nothing re-syncs").isTrue();
    }

    @Test
    void typedSettingsAreWrittenInYealinkAndSnomKeysWithTheSitesDefaults() {
        String yealink = file(YEALINK.elsewhere(), YEALINK.elsewhere() + ".cfg");
        assertThat(yealink).as("a Europe/Zurich site: Swiss tones, 24 h").contains("\nvoice.tone.country = Switzerland\n")
                .contains("\nlocal_time.time_format = 1\n").doesNotContain("internet_port_vid");
        assertThat(put("device:" + YEALINK.elsewhere(), "network.vlan.id", "20").statusCode()).isEqualTo(200);
        assertThat(put("device:" + YEALINK.elsewhere(), "tones.country", "de").statusCode()).isEqualTo(200);
        assertThat(file(YEALINK.elsewhere(), YEALINK.elsewhere() + ".cfg")).contains("\nstatic.network.vlan.internet_port_enable = 1\n")
                .contains("\nstatic.network.vlan.internet_port_vid = 20\n").contains("\nvoice.tone.country = Germany\n");

        XmlDoc snom = XmlDoc.parse(file(SNOM.elsewhere(), "snomD785-" + SNOM.elsewhere().toUpperCase() + ".xml"));
        assertThat(snom.text("/settings/phone-settings/time_24_format")).isEqualTo("on");
        assertThat(snom.text("/settings/phone-settings/date_us_format")).isEqualTo("off");
        assertThat(put("device:" + SNOM.elsewhere(), "date.format", "MM/DD/YYYY").statusCode()).isEqualTo(200);
        assertThat(put("device:" + SNOM.elsewhere(), "time.format", "12h").statusCode()).isEqualTo(200);
        XmlDoc us = XmlDoc.parse(file(SNOM.elsewhere(), "snomD785-" + SNOM.elsewhere().toUpperCase() + ".xml"));
        assertThat(us.text("/settings/phone-settings/time_24_format")).isEqualTo("off");
        assertThat(us.text("/settings/phone-settings/date_us_format")).isEqualTo("on");
    }

    @Test
    void anAdminPasswordReachesOnlyItsDevicesOwnFileAndIsShownOnlyAsSetWithItsScope() {
        // A device of its own, so no other test's counts move.
        String mac = "805ec0ee0042";
        String sibling = "805ec0ee0043";
        assertThat(server.importCsv("mac,model,serial,site,display_name\n" + mac + ",T54W,,Zurich Office,Desk\n"
                + sibling + ",T54W,,Zurich Office,Desk\n").errors()).isEmpty();
        String secret = "Zr7kQ2pLx9wT";
        String scope = "device:" + mac;

        HttpResponse<String> dry = server.adminJson("PUT", "/api/v1/settings/" + scope + "?dry_run=true", token,
                "{\"name\":\"phone.admin_password\",\"value\":\"" + secret + "\"}");
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        assertThat(dry.body()).doesNotContain(secret).contains("phone.admin_password = ****");
        HttpResponse<String> set = put(scope, "phone.admin_password", secret);
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(set.body()).as("the answer and its file-diff sample").doesNotContain(secret).contains("****");
        assertThat(put("model:yealink:T54W", "phone.admin_password", "Model-Wide-Pw1").statusCode()).isEqualTo(200);

        HttpResponse<String> listed = server.adminGet("/api/v1/settings/" + scope, token);
        assertThat(listed.body()).doesNotContain(secret).contains("\"value\":\"****\"");
        JsonNode pw = setting(effective(mac), "phone.admin_password");
        assertThat(pw.get("value").asText()).isEqualTo("****");
        assertThat(pw.get("scope").asText()).isEqualTo(scope);
        assertThat(pw.get("overrides").get(0).get("scope").asText()).isEqualTo("model:yealink:T54W");
        assertThat(pw.get("overrides").get(0).get("value").asText()).as("an overridden secret is a secret too").isEqualTo("****");
        assertThat(server.adminGet("/api/v1/devices/" + mac + "/settings", token).body()).doesNotContain("Model-Wide-Pw1");
        HttpResponse<String> audit = server.adminGet("/api/v1/audit?limit=1000", token);
        assertThat(audit.statusCode()).isEqualTo(200);
        assertThat(audit.body()).contains("phone.admin_password").doesNotContain(secret).doesNotContain("Model-Wide-Pw1");

        assertThat(file(mac, mac + ".cfg")).contains("\nstatic.security.user_password = admin:" + secret + "\n");
        assertThat(file(sibling, sibling + ".cfg")).doesNotContain(secret)
                .contains("\nstatic.security.user_password = admin:Model-Wide-Pw1\n");
        HttpResponse<String> common = server.getWithDigest(YEALINK_T54W_COMMON, "Yealink SIP-T54W 96.86.0.100 80:5e:c0:ee:00:42",
                zurich.digestUser(), zurich.digestPassword());
        assertThat(common.statusCode()).as(common.body()).isEqualTo(200);
        assertThat(common.body()).as("a common file is served to any phone of the model").doesNotContain(secret)
                .doesNotContain("Model-Wide-Pw1");
    }

    static final String YEALINK_T54W_COMMON = "y000000000096.cfg";

    @Test
    void anAdminPasswordAVendorCannotTakeIsRefusedWithoutRepeatingIt() {
        HttpResponse<String> grandstream = put("vendor:grandstream", "phone.admin_password", "Not-Alnum-99");
        assertThat(grandstream.statusCode()).as(grandstream.body()).isEqualTo(422);
        assertThat(grandstream.body()).contains("a-z, A-Z").contains("grandstream").doesNotContain("Not-Alnum-99");
        HttpResponse<String> fleet = put("fleet", "phone.admin_password", "Not-Alnum-99");
        assertThat(fleet.statusCode()).as("the fleet reaches Grandstream phones too").isEqualTo(422);
        assertThat(put("vendor:yealink", "phone.admin_password", "Not-Alnum-99").statusCode()).isEqualTo(200);
        assertThat(server.admin("DELETE", "/api/v1/settings/vendor:yealink?name=phone.admin_password", token, null, null).statusCode())
                .isEqualTo(200);
        for (String bad : List.of("short7", "with space 123", "line\nbreak99", "umlaut-\u00e4-12345")) {
            HttpResponse<String> r = put("device:" + YEALINK.elsewhere(), "phone.admin_password", bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(422);
            assertThat(r.body()).doesNotContain(bad.substring(0, 5));
        }
    }

    @Test
    void theEffectiveViewNamesTheListedCodecsADeviceWillNotOfferAndWhy() {
        String t27p = "805ec0ee0050";
        String d785 = "000413ee0050";
        assertThat(server.importCsv("mac,model,serial,site,display_name\n" + t27p + ",T27P,,Bern,Desk\n"
                + d785 + ",D785,,Bern,Desk\n").errors()).isEmpty();
        assertThat(effective(t27p).get("codecs_not_offered")).as("no codec order, nothing to say").isEmpty();
        for (String mac : List.of(t27p, d785)) {
            assertThat(put("device:" + mac, "codecs.order", "G722,OPUS,PCMA").statusCode()).isEqualTo(200);
        }
        JsonNode yealink = effective(t27p).get("codecs_not_offered");
        assertThat(yealink).hasSize(1);
        assertThat(yealink.get(0).get("codec").asText()).isEqualTo("OPUS");
        assertThat(yealink.get(0).get("reason").asText()).contains("T27P has no OPUS");
        String cfg = file(t27p, t27p + ".cfg");
        assertThat(cfg).as("no key for a codec the model lacks").doesNotContain(".codec.opus.")
                .contains("\naccount.1.codec.g722.priority = 1\n").contains("\naccount.1.codec.pcma.priority = 2\n");
        JsonNode snom = effective(d785).get("codecs_not_offered");
        assertThat(snom).hasSize(1);
        assertThat(snom.get(0).get("reason").asText()).contains("no documented Snom codec name");
        assertThat(effective(YEALINK.mine()).get("codecs_not_offered")).as("a T46U has Opus").isEmpty();
    }

    static JsonNode effective(String mac) {
        HttpResponse<String> r = server.adminGet("/api/v1/devices/" + mac + "/settings", token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body());
    }

    static JsonNode setting(JsonNode effective, String name) {
        for (JsonNode s : effective.get("settings")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError(name + " not in " + effective);
    }
}
