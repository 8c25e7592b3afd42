package io.phonehome.phones.yealink;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.Srtp;
import io.phonehome.inventory.Transport;
import io.phonehome.phones.PhonePlugin;
import io.phonehome.phones.VendorRegistry;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.TestConfigModel;
import io.phonehome.testing.TestRender;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The W80/W90 multi-cell DECT manager's own file (one account per handset) and its radio bases'. */
class YealinkMulticellTest {
    private static final PhonePlugin PLUGIN = VendorRegistry.builtIn().plugin("yealink").orElseThrow();

    private static Map<String, String> render(String model, String mac) {
        return KeyValueConfig.parse(TestRender.render(PLUGIN, "mac.cfg.ftl", TestConfigModel.of("yealink", model, mac)
                .line(1, "201", "Reception", Transport.UDP, Srtp.OFF).build(), mac.replace(":", "") + ".cfg"));
    }

    /**
     * The manager pushes the handset settings ({@code custom.handset.*}: language, date format)
     * only when {@code static.auto_provision.handset_configured.enable = 1}: wazo-provd v87's
     * W90DM.tpl and W70B.tpl set it beside those keys, and Yealink's DECT template (fusionpbx
     * yealink/w80/y000000000175.cfg, "Handset" section) lists it as the first key of that section.
     */
    @Test
    void managerPushesItsHandsetSettings() {
        assertThat(render("W90DM", "80:5e:c0:d9:c7:44"))
                .containsEntry("static.auto_provision.handset_configured.enable", "1")
                .containsKey("custom.handset.language");
    }

    @Test
    void baseNamesCannotSetAnotherKeyAndAreCutToTheManagersThirtyTwoCharacters() {
        Map<String, String> cfg = KeyValueConfig.parse(TestRender.render(PLUGIN, "mac.cfg.ftl", TestConfigModel.of("yealink", "W90DM", "80:5e:c0:d9:c7:44")
                .line(1, "201", "Reception", Transport.UDP, Srtp.OFF)
                .base("80:5e:c0:d9:c7:45", "W90B", "Hall <A> & \"B\"\nstation.allowed.9.mac = 001565000000")
                .base("80:5e:c0:d9:c7:46", "W90B", null).build(), "805ec0d9c744.cfg"));
        assertThat(cfg).containsEntry("station.allowed.1.mac", "805EC0D9C745")
                .containsEntry("station.allowed.1.name", "Hall <A> & \"B\" station.allowed.9")
                .containsEntry("station.allowed.2.mac", "805EC0D9C746")
                .containsEntry("station.allowed.2.name", "W90B D9C746")
                .doesNotContainKey("station.allowed.9.mac");
    }

    @Test
    void aManagerWithoutLinkedBasesListsNone() {
        assertThat(render("W90DM", "80:5e:c0:d9:c7:44").keySet()).noneMatch(k -> k.startsWith("station."));
    }

    /** A radio base carries no account of its own (wazo-provd v87 W90B.tpl only extends base-dect.tpl; 'W90B': 0 accounts). */
    @Test
    void aBaseGetsNoAccountsHandsetsOrBases() {
        Map<String, String> cfg = render("W90B", "80:5e:c0:d9:c7:45");
        assertThat(cfg).containsKey("static.auto_provision.server.url").containsEntry("lang.wui", "German");
        assertThat(cfg.keySet()).noneMatch(k -> k.startsWith("account.") || k.startsWith("handset.") || k.startsWith("station.")
                || k.startsWith("custom.handset."));
    }
}
