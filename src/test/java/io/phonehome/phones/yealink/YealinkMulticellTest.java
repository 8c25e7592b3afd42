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
}
