package io.phonehome.sip;

import io.phonehome.events.Event;
import io.phonehome.events.EventLog;
import io.phonehome.events.EventTypes;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.DeviceRepository;
import io.phonehome.sip.location.ContactBinding;
import io.phonehome.phones.VendorRegistry;
import io.phonehome.store.WriteBehind;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the inventory learns from registrations, off the SIP threads: registration events (a
 * binding appeared, was removed, expired) and the firmware a device reports in its User-Agent.
 * Both need the device row (MAC, site, vendor), which a REGISTER must not wait for; one thread
 * works through a bounded queue and drops (and counts) when a storm overfills it.
 */
final class SipReports implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SipReports.class);

    private record Item(String outcome, ContactBinding binding, boolean userAgent) {
    }

    private final DeviceRepository devices;
    private final EventLog events;
    /** Reads the firmware out of a REGISTER's User-Agent, for the device's own vendor only. */
    private final VendorRegistry phones;
    private final WriteBehind<Item> worker;
    private final WriteBehind.Lane<Item> queue;

    SipReports(DeviceRepository devices, EventLog events, int queueSize, VendorRegistry phones) {
        this.devices = devices;
        this.phones = phones;
        this.events = events;
        WriteBehind.Builder<Item> b = WriteBehind.named("sip-reports", "registration report(s)");
        this.queue = b.lane("SIP report", queueSize);
        this.worker = b.build(this::handleInOrder);
    }

    /** Starts the {@code sip-reports} thread. */
    void start() {
        worker.start();
    }

    void registered(ContactBinding b) {
        offer(new Item("registered", b, false));
    }

    void unregistered(ContactBinding b) {
        offer(new Item("unregistered", b, false));
    }

    void expired(ContactBinding b) {
        offer(new Item("expired", b, false));
    }

    /** The line's phone registered with a User-Agent it had not used before: maybe new firmware. */
    void userAgent(ContactBinding b) {
        offer(new Item(null, b, true));
    }

    private void offer(Item i) {
        queue.offer(i);
    }

    /** Each report on its own: one that fails loses only itself. */
    private void handleInOrder(List<Item> items) {
        for (Item i : items) {
            try {
                handle(i);
            } catch (RuntimeException e) {
                log.warn("SIP report for line {} failed: {}", i.binding.extension(), e.getMessage());
            }
        }
    }

    private void handle(Item i) {
        ContactBinding b = i.binding;
        Optional<Device> device = devices.findById(b.deviceId());
        String mac = device.map(d -> d.mac().hex()).orElse(null);
        Long site = device.map(Device::siteId).orElse(null);
        if (!i.userAgent) {
            String detail = switch (i.outcome) {
                case "registered" -> "line " + b.extension() + " registered " + b.contact() + " from " + b.flow() + " for "
                        + b.remainingSeconds(System.currentTimeMillis()) + " s (" + b.userAgent() + ")";
                case "expired" -> "line " + b.extension() + ": " + b.contact() + " expired";
                default -> "line " + b.extension() + " unregistered " + b.contact();
            };
            events.record(Event.of(EventTypes.SIP_REGISTRATION, i.outcome, mac, site, b.flow().hostPort(), detail));
            return;
        }
        if (device.isEmpty()) {
            return;
        }
        Optional<String> fw = phones.firmwareInSipUserAgent(device.get().vendor(), b.userAgent());
        if (fw.isPresent() && !fw.get().equals(device.get().reportedFirmware())
                && devices.recordReportedFirmware(device.get().id(), fw.get())) {
            events.record(Event.of(EventTypes.FIRMWARE_REPORTED, "ok", mac, site, b.flow().hostPort(),
                    "firmware " + fw.get() + " reported in the SIP User-Agent of line " + b.extension()
                            + (device.get().reportedFirmware() == null ? "" : " (was " + device.get().reportedFirmware() + ")")));
        }
    }

    /** Waits until everything queued so far is handled (tests). */
    void flush(long timeoutMillis) {
        worker.flush(timeoutMillis);
    }

    @Override
    public void close() {
        worker.close();
    }
}
