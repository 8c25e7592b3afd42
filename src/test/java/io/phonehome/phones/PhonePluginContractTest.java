package io.phonehome.phones;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the edges rely on from every registered plug-in, the fictitious test vendor included: the
 * file names it says a device has are recognised as that device's, its NOTIFY events tell re-sync
 * from reboot, and the names it serves images under are plain URL segments.
 */
class PhonePluginContractTest {
    static final VendorRegistry PHONES = VendorRegistry.builtIn();
    static final Mac MAC = Mac.parse("02:00:5e:10:20:30");

    static Stream<PhonePlugin> plugins() {
        return PHONES.plugins().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plugins")
    void everyFileADeviceHasIsRecognisedAsThatDevicesOwn(PhonePlugin plugin) {
        List<ModelInfo> models = PHONES.models().forVendor(plugin.id());
        assertThat(models).as("models of " + plugin.id()).isNotEmpty();
        for (ModelInfo model : models) {
            List<String> files = plugin.deviceFiles(MAC, model.model());
            assertThat(files).as(plugin.id() + " " + model.model()).isNotEmpty();
            for (String name : files) {
                Identification id = plugin.identify(new FetchRequest(name, "", "")).orElseThrow(() -> new AssertionError(name));
                assertThat(id.kind()).as(name).isEqualTo(FileKind.DEVICE);
                assertThat(id.mac()).as(name).isEqualTo(MAC);
                assertThat(id.vendor()).isEqualTo(plugin.id());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plugins")
    void itsNotifyEventsTellResyncFromReboot(PhonePlugin plugin) {
        NotifyEvents events = plugin.notifyEvents();
        assertThat(events.resync()).isNotEqualTo(events.reboot());
        assertThat(PHONES.notifyEvents(plugin.id())).isEqualTo(events);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plugins")
    void imagesAreServedUnderPlainUrlSegments(PhonePlugin plugin) {
        for (ModelInfo model : PHONES.models().forVendor(plugin.id())) {
            String served = plugin.servedImageName(model.model(), "1.2.3.4", "any-name.bin");
            assertThat(served).as(plugin.id() + " " + model.model()).matches("[A-Za-z0-9._-]+");
        }
    }
}
