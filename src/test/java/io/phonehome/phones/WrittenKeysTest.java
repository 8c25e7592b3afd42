package io.phonehome.phones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How {@link WrittenKeys} names the keys of each syntax, and how a documented-keys row matches them. */
class WrittenKeysTest {
    @Test
    void aKeyValueFileGivesItsKeysAndDirectivesNotItsComments() {
        assertThat(WrittenKeys.of("#!version:1.0.0.1\n## comment\ninclude:config \"a.cfg\"\naccount.1.enable = 1\n\nlang.gui = English\n"))
                .containsExactly("include:config", "account.1.enable", "lang.gui");
    }

    @Test
    void anXmlFileGivesLeafPathsAttributesAndNamedItems() {
        String xml = "<?xml version=\"1.0\"?><settings><phone-settings e=\"2\"><user_name idx=\"1\" perm=\"R\">201</user_name>"
                + "</phone-settings><certificates><certificate url=\"https://x/ca.crt\"/></certificates>"
                + "<config version=\"1\"><item name=\"account.1.sip.server.1.address\">pbx</item></config></settings>";
        assertThat(WrittenKeys.of(xml)).containsExactlyInAnyOrder("settings/phone-settings@e", "settings/phone-settings/user_name@idx",
                "settings/phone-settings/user_name@perm", "settings/phone-settings/user_name", "settings/certificates/certificate@url",
                "settings/certificates/certificate", "settings/config@version", "settings/config/item[name=account.1.sip.server.1.address]");
    }

    @Test
    void aFileInNeitherSyntaxCannotBeChecked() {
        assertThatThrownBy(() -> WrittenKeys.of("user_name: 201")).isInstanceOf(AssertionError.class);
    }

    @Test
    void rowsMatchNumbersRangesAndElementNamesOnlyForTheirFormats() {
        DocumentedKeys yealink = DocumentedKeys.of("yealink").orElseThrow();
        assertThat(yealink.documenting("desk", "account.12.sip_server.2.address")).isPresent();
        assertThat(yealink.documenting("dect-multicell", "station.allowed.30.mac")).isPresent();
        assertThat(yealink.documenting("dect-multicell", "station.allowed.31.mac")).as("outside {1..30}").isEmpty();
        assertThat(yealink.documenting("dect", "station.allowed.1.mac")).as("not a dect row").isEmpty();
        assertThat(yealink.documenting("desk", "account.1.sip_server.1.addresses")).isEmpty();
        DocumentedKeys snom = DocumentedKeys.of("snom").orElseThrow();
        assertThat(snom.documenting("m-dect", "settings/phone-settings/user_host@perm")).isPresent();
        assertThat(snom.documenting("m-dect", "settings/phone-settings/a/b@perm")).as("{*} is one element name").isEmpty();
        DocumentedKeys grandstream = DocumentedKeys.of("grandstream").orElseThrow();
        assertThat(grandstream.documenting("desk", "gs_provision/config/P23959")).isPresent();
        assertThat(grandstream.documenting("desk", "gs_provision/config/P23960")).as("outside {23800..23959}").isEmpty();
        assertThat(grandstream.documenting("desk", "gs_provision/config/P23000")).as("the expansion module's keys: not written").isEmpty();
    }
}
