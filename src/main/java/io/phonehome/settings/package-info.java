/**
 * Layered settings: values set for the fleet, a vendor, a vendor's model, a site, a model at a
 * site or one device, each either a typed Phonehome setting ({@link SettingRegistry}) or a raw
 * vendor key checked by that vendor's plug-in; a device's effective value is the one of its most
 * specific scope ({@link LayeredSettings}). A capability: uses {@code inventory} (sites, devices,
 * the model catalog) and {@code phones} (the plug-ins' raw-key rules, and the
 * {@code DeviceSettings} port through which the values reach the templates).
 */
package io.phonehome.settings;
