package io.phonehome.phones;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.Mac;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A phone's request for its phonebook is recognised as that device's per-device file, and nothing else is. */
class PhonebookRequestsTest {
    static final VendorRegistry VENDORS = VendorRegistry.builtIn();

    static Optional<Identification> identify(String directory, String file, String ua) {
        return VENDORS.identify(new FetchRequest(file, directory, ua));
    }

    @Test
    void thePhonebookPathIsADeviceFileOfTheMacInItRenderedFromThePhonebookTemplate() {
        Identification id = identify("", "phonebook-805ec0aa0003.xml", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:03").orElseThrow();
        assertThat(id.kind()).isEqualTo(FileKind.DEVICE);
        assertThat(id.mac()).isEqualTo(Mac.parse("805ec0aa0003"));
        assertThat(id.template()).isEqualTo("phonebook.xml.ftlx");
        assertThat(id.model()).isEqualTo("T46U");
        assertThat(id.macsDisagree()).isFalse();
    }

    @Test
    void underAPrefixDirectoryAndAfterAPrefixEndingInAHexLetterTheMacIsStillFound() {
        assertThat(identify("fleet-a", "phonebook-805ec0aa0003.xml", "").map(Identification::mac)).contains(Mac.parse("805ec0aa0003"));
        Identification gs = identify("fleet-a/pbc074ad2b3c4d", "phonebook.xml", "Grandstream Model HW GXP2170 SW 1.0.11.79 DevId c074ad2b3c4d")
                .orElseThrow();
        assertThat(gs.mac()).isEqualTo(Mac.parse("c074ad2b3c4d"));
        assertThat(gs.template()).isEqualTo("phonebook.xml.ftlx");
    }

    @Test
    void anotherDevicesPhonebookAskedWithThisDevicesUserAgentIsAMacMismatch() {
        Identification id = identify("", "phonebook-805ec0aa0009.xml", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:03").orElseThrow();
        assertThat(id.macsDisagree()).isTrue();
    }

    @Test
    void namesThatOnlyLookLikeAPhonebookAreNoFile() {
        assertThat(identify("", "phonebook-805ec0aa0003.xml.bak", "")).isEmpty();
        assertThat(identify("", "phonebook-805ec0aa00.xml", "")).isEmpty();
        assertThat(identify("", "phonebook.xml", "")).as("no MAC in the directory").isEmpty();
        assertThat(identify("pb805ec0aa0003x", "phonebook.xml", "")).isEmpty();
        assertThat(identify("", "contacts-805ec0aa0003.xml", "")).isEmpty();
    }
}
