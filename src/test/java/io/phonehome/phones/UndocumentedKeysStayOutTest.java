package io.phonehome.phones;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.ModelInfo;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Keys the templates used to write where no source documents them for the model's family, and
 * which are now left out there, each while the family that documents it still gets it. Rendered
 * with everything turned on ({@link EveryWrittenKeyIsDocumentedTest#everythingOn}).
 */
class UndocumentedKeysStayOutTest {
    private static final VendorRegistry REGISTRY = VendorRegistry.builtIn();

    private static Set<String> keysOf(String vendor, String model, String template) {
        PhonePlugin plugin = REGISTRY.plugin(vendor).orElseThrow();
        ModelInfo m = REGISTRY.models().find(vendor, model).orElseThrow();
        List<EveryWrittenKeyIsDocumentedTest.Rendered> files = EveryWrittenKeyIsDocumentedTest.filesOf(plugin, m);
        return files.stream().filter(f -> f.template().equals(template)).findFirst()
                .map(f -> WrittenKeys.of(f.text())).orElseThrow(() -> new AssertionError(model + " has no " + template));
    }

    @Test
    void aSingleCellYealinkDectBaseGetsNoKeyOnlyTheDeskPhonesDocument() {
        Set<String> w70b = keysOf("yealink", "W70B", "mac.cfg.ftl");
        assertThat(w70b).contains("account.1.codec.g722.enable", "lang.wui", "static.syslog.server", "remote_phonebook.data.1.url")
                .doesNotContain("account.1.codec.g722.priority", "account.1.codec.ilbc_13_33kbps.enable", "lang.gui",
                        "static.auto_provision.power_on", "static.syslog.server_port", "static.syslog.transport_type", "static.syslog.level",
                        "static.network.lldp.enable", "static.network.cdp.enable", "static.network.qos.signaltos",
                        "static.network.qos.audiotos", "local_time.manual_ntp_srv_prior", "features.remote_phonebook.flash_time",
                        "remote_phonebook.data.1.username", "remote_phonebook.data.1.password");
        assertThat(keysOf("yealink", "W70B", "common.cfg.ftl")).doesNotContain("static.auto_provision.power_on",
                "static.auto_provision.dhcp_option.enable");
        Set<String> t46u = keysOf("yealink", "T46U", "mac.cfg.ftl");
        assertThat(t46u).contains("account.1.codec.g722.priority", "lang.gui", "static.auto_provision.power_on", "static.syslog.level",
                "static.network.qos.audiotos", "remote_phonebook.data.1.username", "features.remote_phonebook.flash_time");
    }

    @Test
    void aYealinkMulticellManagerGetsNoHandsetNameNorPhonebookCredentials() {
        Set<String> w90 = keysOf("yealink", "W90DM", "mac.cfg.ftl");
        assertThat(w90).contains("handset.1.ipui", "remote_phonebook.data.1.url", "account.1.codec.g722.priority")
                .doesNotContain("handset.1.name", "handset.2.name", "remote_phonebook.data.1.username", "remote_phonebook.data.1.password");
    }

    @Test
    void aSnomMSeriesBaseGetsNeitherTheDeskPasswordNameNorTheDeskDisplayFormats() {
        Set<String> m700 = keysOf("snom", "M700", "m-dect/mac.xml.ftlx");
        assertThat(m700).contains("settings/phone-settings/http_client_password")
                .doesNotContain("settings/phone-settings/http_client_pass", "settings/phone-settings/time_24_format",
                        "settings/phone-settings/date_us_format");
        assertThat(keysOf("snom", "M700", "m-dect/redirect.xml.ftlx")).doesNotContain("settings/phone-settings/http_client_pass");
        assertThat(keysOf("snom", "D785", "mac.xml.ftlx")).contains("settings/phone-settings/http_client_pass",
                "settings/phone-settings/time_24_format", "settings/phone-settings/date_us_format");
    }

    @Test
    void aGrandstreamDectBasesPhonebookHasNoAccountIndex() {
        assertThat(keysOf("grandstream", "DP750", "phonebook.xml.ftlx")).contains("AddressBook/Contact/Phone/phonenumber")
                .doesNotContain("AddressBook/Contact/Phone/accountindex");
        assertThat(keysOf("grandstream", "GXP2170", "phonebook.xml.ftlx")).contains("AddressBook/Contact/Phone/accountindex");
    }
}
