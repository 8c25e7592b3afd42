package io.phonehome.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.AuthMethod;
import io.phonehome.inventory.Site;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The typed settings: what a site implies, how values are normalised, what is refused and how it is explained. */
class SettingRegistryTest {
    final SettingRegistry registry = new SettingRegistry();

    static Site site(String zone, String language) {
        return new Site(1, "s", zone, List.of(), language, null, null, null, 1440, "admin-password", null, Set.of(AuthMethod.DIGEST),
                List.of(), null, null, 0, 1, 1);
    }

    Optional<String> defaultOf(String name, Site s) {
        return registry.find(name).orElseThrow().defaultFor().apply(s);
    }

    @Test
    void aSwissGermanSiteImpliesSwissTonesDottedDatesAnd24Hours() {
        Site zurich = site("Europe/Zurich", "de");
        assertThat(defaultOf("tones.country", zurich)).contains("CH");
        assertThat(defaultOf("date.format", zurich)).contains("DD.MM.YYYY");
        assertThat(defaultOf("time.format", zurich)).contains("24h");
        assertThat(defaultOf("date.format", site("Europe/Geneva", "fr"))).contains("DD.MM.YYYY");
        assertThat(defaultOf("tones.country", site("Europe/Berlin", "de"))).contains("DE");
        Site newYork = site("America/New_York", "en");
        assertThat(defaultOf("time.format", newYork)).contains("12h");
        assertThat(defaultOf("date.format", newYork)).contains("MM/DD/YYYY");
        assertThat(defaultOf("tones.country", site("Asia/Tokyo", "en"))).as("no guess where none is known").isEmpty();
        assertThat(defaultOf("network.vlan.id", zurich)).as("the phone keeps its own default").isEmpty();
    }

    @Test
    void valuesAreNormalisedAndRefusalsNameTheAllowedValuesOrRange() {
        assertThat(registry.find("time.format").orElseThrow().check("24H").value()).isEqualTo("24h");
        assertThat(registry.find("codecs.order").orElseThrow().check("g722; pcma pcmu").value()).isEqualTo("G722,PCMA,PCMU");
        assertThat(registry.find("codecs.order").orElseThrow().check("G722,G722").problem()).contains("twice");
        assertThat(registry.find("network.vlan.id").orElseThrow().check("0").problem()).contains("from 1 to 4094");
        assertThat(registry.find("network.vlan.id").orElseThrow().check("4094").value()).isEqualTo("4094");
        assertThat(registry.find("qos.dscp.rtp").orElseThrow().check("64").problem()).contains("from 0 to 63");
        assertThat(registry.find("qos.dscp.sip").orElseThrow().check("26").isOk()).isTrue();
        assertThat(registry.find("network.lldp").orElseThrow().check("yes").problem()).contains("on, off");
        assertThat(registry.find("ntp.secondary").orElseThrow().check("ntp.example.ch").value()).isEqualTo("ntp.example.ch");
        assertThat(registry.find("ntp.secondary").orElseThrow().check("ntp example").isOk()).isFalse();
    }

    @Test
    void aMistypedNameSuggestsTheClosestAndNonsenseSuggestsNothing() {
        assertThat(registry.closest("time.fromat")).contains("time.format");
        assertThat(registry.closest("network.vlan")).as("a name cut short").contains("network.vlan.id");
        assertThat(registry.closest("qos.dscp.rpt")).contains("qos.dscp.rtp");
        assertThat(registry.closest("codec.order")).contains("codecs.order");
        assertThat(registry.closest("completely.unrelated.thing.here")).isEmpty();
    }

    @Test
    void anAdminPasswordIsASecretKeptAsTypedAndRefusedWithoutBeingRepeated() {
        TypedSetting pw = registry.find("phone.admin_password").orElseThrow();
        assertThat(pw.secret()).isTrue();
        assertThat(registry.isSecret("phone.admin_password")).isTrue();
        assertThat(registry.isSecret("time.format")).isFalse();
        assertThat(pw.check(" Lead-Space9").isOk()).as("printable ASCII without spaces").isFalse();
        assertThat(pw.check("Exactly-8").value()).as("kept as typed").isEqualTo("Exactly-8");
        for (String bad : List.of("Short-7", "x".repeat(65), "tab\there-123", "Umlaut\u00e4-123", "line\nbreak-123")) {
            TypedSetting.Checked c = pw.check(bad);
            assertThat(c.isOk()).as(bad).isFalse();
            assertThat(c.problem()).as(bad).doesNotContain(bad.substring(0, 6));
        }
        assertThat(registry.find("phone.web_ui").orElseThrow().check("HTTPS-only").value()).isEqualTo("https-only");
    }
}
