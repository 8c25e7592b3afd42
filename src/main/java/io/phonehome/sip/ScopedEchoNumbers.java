package io.phonehome.sip;

import io.phonehome.inventory.Device;
import io.phonehome.inventory.Inventory;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Site;
import io.phonehome.settings.EffectiveSetting;
import io.phonehome.settings.LayeredSettings;
import io.phonehome.settings.SettingRegistry;
import java.util.Optional;

/**
 * The echo numbers set as the typed setting {@code services.echo_number} at a scope (a site, a
 * device...): the layered settings answer which one applies to a caller's device, the way they
 * answer for every value a phone's file carries.
 */
final class ScopedEchoNumbers implements ServiceCalls.EchoNumbers {
    private final LayeredSettings settings;
    private final Inventory inventory;

    ScopedEchoNumbers(LayeredSettings settings, Inventory inventory) {
        this.settings = settings;
        this.inventory = inventory;
    }

    /** From the values in memory: no database read for the INVITEs to ordinary extensions. */
    @Override
    public boolean anywhere(String dialled) {
        return settings.all().stream().anyMatch(v -> v.name().equals(SettingRegistry.ECHO_NUMBER) && v.value().equals(dialled));
    }

    @Override
    public Optional<String> forLine(Line caller) {
        return effective(caller, SettingRegistry.ECHO_NUMBER);
    }

    @Override
    public Place placeOf(Line caller) {
        Optional<Device> device = inventory.devices().findById(caller.deviceId());
        Site site = device.isEmpty() || device.get().siteId() == null ? null : inventory.sites().findById(device.get().siteId()).orElse(null);
        return site == null ? new Place(0, "en") : new Place(site.id(), site.language() == null || site.language().isBlank() ? "en" : site.language());
    }

    private Optional<String> effective(Line caller, String name) {
        Optional<Device> device = inventory.devices().findById(caller.deviceId());
        if (device.isEmpty()) {
            return Optional.empty();
        }
        Site site = device.get().siteId() == null ? null : inventory.sites().findById(device.get().siteId()).orElse(null);
        return settings.effective(device.get(), site).stream().filter(e -> e.name().equals(name))
                .map(EffectiveSetting::value).findFirst();
    }
}
