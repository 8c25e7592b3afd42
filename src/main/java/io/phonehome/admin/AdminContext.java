package io.phonehome.admin;

import io.phonehome.actions.ActionRunner;
import io.phonehome.config.Settings;
import io.phonehome.events.EventLog;
import io.phonehome.events.EventRetention;
import io.phonehome.firmware.Firmware;
import io.phonehome.inventory.Inventory;
import io.phonehome.settings.LayeredSettings;
import io.phonehome.sip.location.Registrations;
import io.phonehome.phones.ConfigFiles;
import io.phonehome.phones.DeviceFilePreview;
import io.phonehome.phones.FirmwareResolver;

/** What the routes work with; built once by {@link AdminApi}. */
record AdminContext(Settings settings, Inventory inventory, EventLog events, EventRetention retention, ConfigFiles configFiles,
                    FirmwareResolver firmware, ActionRunner actions, Registrations registrations, TokenStore tokens, AuditLog audit,
                    Firmware firmwareService, DeviceFilePreview previews, LayeredSettings layeredSettings, io.phonehome.metrics.Metrics metrics) {
    /** Without metrics (the route-table test). */
    AdminContext(Settings settings, Inventory inventory, EventLog events, EventRetention retention, ConfigFiles configFiles,
                 FirmwareResolver firmware, ActionRunner actions, Registrations registrations, TokenStore tokens, AuditLog audit,
                 Firmware firmwareService, DeviceFilePreview previews, LayeredSettings layeredSettings) {
        this(settings, inventory, events, retention, configFiles, firmware, actions, registrations, tokens, audit, firmwareService, previews,
                layeredSettings, io.phonehome.metrics.Metrics.NONE);
    }
}
