package io.phonehome.sip;

import io.phonehome.events.Event;
import io.phonehome.events.EventLog;
import io.phonehome.events.EventTypes;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.DeviceRepository;
import io.phonehome.sip.location.ContactBinding;
import io.phonehome.phones.VendorRegistry;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
    private final BlockingQueue<Item> queue;
    private final Thread worker;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private volatile boolean running = true;

    SipReports(DeviceRepository devices, EventLog events, int queueSize, VendorRegistry phones) {
        this.devices = devices;
        this.phones = phones;
        this.events = events;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.worker = new Thread(this::run, "sip-reports");
        worker.setDaemon(true);
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
        if (queue.offer(i)) {
            enqueued.incrementAndGet();
            return;
        }
        long n = dropped.incrementAndGet();
        if (n == 1 || n % 10_000 == 0) {
            log.warn("SIP report queue full: {} registration report(s) dropped so far", n);
        }
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            Item i;
            try {
                i = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (i == null) {
                continue;
            }
            try {
                handle(i);
            } catch (RuntimeException e) {
                log.warn("SIP report for line {} failed: {}", i.binding.extension(), e.getMessage());
            } finally {
                done.incrementAndGet();
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
        long target = enqueued.get();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (done.get() < target && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
