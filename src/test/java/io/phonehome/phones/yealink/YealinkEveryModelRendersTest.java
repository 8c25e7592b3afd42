package io.phonehome.phones.yealink;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.Srtp;
import io.phonehome.inventory.Transport;
import io.phonehome.phones.PhonePlugin;
import io.phonehome.phones.VendorRegistry;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.TestConfigModel;
import io.phonehome.testing.TestRender;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Yealink catalog row renders its device and common files into files the firmware can
 * read: a row whose attributes the templates cannot use (a common id, a family) fails here, not
 * on a phone.
 */
class YealinkEveryModelRendersTest {
    private static final VendorRegistry REGISTRY = VendorRegistry.builtIn();
    private static final PhonePlugin PLUGIN = REGISTRY.plugin("yealink").orElseThrow();

    static Stream<String> models() {
        return REGISTRY.models().forVendor("yealink").stream().map(ModelInfo::model);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void deviceAndCommonFilesRenderForEveryModel(String name) {
        ModelInfo model = REGISTRY.models().find("yealink", name).orElseThrow();
        TestConfigModel b = TestConfigModel.of("yealink", name, "80:5e:c0:12:34:56");
        if (model.accounts() > 0) {
            b.line(1, "201", "Anna & <Bob>", Transport.UDP, Srtp.OFF);
        }
        Map<String, String> cfg = KeyValueConfig.parse(TestRender.render(PLUGIN, "mac.cfg.ftl", b.build(), "805ec0123456.cfg"));
        assertThat(cfg).containsEntry("static.auto_provision.server.url", "https://prov.example.com:8443/");
        if (model.accounts() > 0) {
            assertThat(cfg).containsEntry("account.1.enable", "1").containsEntry("account.1.display_name", "Anna & <Bob>");
        } else {
            assertThat(cfg.keySet()).noneMatch(k -> k.startsWith("account."));
        }
        Map<String, String> boot = KeyValueConfig.parse(TestRender.render(PLUGIN, "mac.boot.ftl", b.build(), "805ec0123456.boot"));
        assertThat(boot).containsEntry("overwrite_mode", "1");
        String bootText = TestRender.render(PLUGIN, "mac.boot.ftl", b.build(), "805ec0123456.boot");
        assertThat(bootText).contains("include:config \"805ec0123456.cfg\"");
        model.attribute("common_id").ifPresent(id -> assertThat(bootText).contains("include:config \"y000000000" + id + ".cfg\""));
        KeyValueConfig.parse(TestRender.render(PLUGIN, "common.cfg.ftl", b.buildCommon(), "y000000000000.cfg"));
        KeyValueConfig.parse(TestRender.render(PLUGIN, "common.boot.ftl", b.buildCommon(), "y000000000000.boot"));
    }
}
