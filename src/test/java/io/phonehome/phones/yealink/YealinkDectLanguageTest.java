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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DECT bases set their handsets' language by number and offer fewer web UI languages than desk
 * phones. The handset numbers are the table of Yealink's DECT configuration template
 * ({@code custom.handset.language: 0-English, 1-French, 2-German, 3-Italian, 4-Polish,
 * 5-Portuguese, 6-Spanish, 7-Turkish, 8-Russian, ...}, fusionpbx
 * resources/templates/provision/yealink/w80/y000000000175.cfg; wazo-provd v87 common.py _LOCALE
 * uses the same numbers). The web UI lists are that template's {@code lang.wui} comment (English,
 * German, Italian and Turkish on the multi-cell DM) and the W70B/W60B/W52P templates' (English,
 * Chinese_S, German, Italian and Turkish).
 */
class YealinkDectLanguageTest {
    private static final PhonePlugin PLUGIN = VendorRegistry.builtIn().plugin("yealink").orElseThrow();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "W70B,  fr, 1, English",
            "W70B,  de, 2, German",
            "W70B,  it, 3, Italian",
            "W70B,  en, 0, English",
            "W70B,  es, 6, English",
            "W90DM, fr, 1, English",
            "W90DM, de, 2, German",
            "W90DM, it, 3, Italian",
            "W90DM, en, 0, English",
            "W90DM, tr, 7, Turkish",
    })
    void dectBaseGetsTheHandsetLanguageNumberAndAWebLanguageItOffers(String model, String language, String handsetNumber, String web) {
        Map<String, String> cfg = KeyValueConfig.parse(TestRender.render(PLUGIN, "mac.cfg.ftl",
                TestConfigModel.of("yealink", model, "80:5e:c0:d9:c7:44").language(language)
                        .line(1, "201", "Reception", Transport.UDP, Srtp.OFF).build(), "805ec0d9c744.cfg"));
        assertThat(cfg).containsEntry("custom.handset.language", handsetNumber).containsEntry("lang.wui", web);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"fr, French", "de, German", "it, Italian", "en, English"})
    void deskPhoneKeepsItsLanguageNames(String language, String name) {
        Map<String, String> cfg = KeyValueConfig.parse(TestRender.render(PLUGIN, "mac.cfg.ftl",
                TestConfigModel.of("yealink", "T46U", "80:5e:c0:aa:00:03").language(language)
                        .line(1, "201", "Reception", Transport.UDP, Srtp.OFF).build(), "805ec0aa0003.cfg"));
        assertThat(cfg).containsEntry("lang.gui", name).containsEntry("lang.wui", name).doesNotContainKey("custom.handset.language");
    }
}
