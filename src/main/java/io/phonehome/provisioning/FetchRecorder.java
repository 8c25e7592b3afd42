package io.phonehome.provisioning;

import io.phonehome.events.Event;
import io.phonehome.events.EventLog;
import io.phonehome.inventory.DeviceRepository;
import io.phonehome.inventory.Mac;
import io.phonehome.store.Jdbc;
import io.phonehome.inventory.ServedFile;
import io.phonehome.inventory.ServedFileRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records fetches off the hot path: the handler queues a {@link Fetch} and returns; one thread
 * writes device updates (last seen, address, reported model and firmware; the newest per device
 * wins within a batch) and the matching events in batches. A full queue drops the record rather
 * than slow a phone down.
 */
public final class FetchRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FetchRecorder.class);
    private static final int BATCH = 1000;

    /**
     * One served (or refused) fetch of a known device.
     *
     * @param served the bytes served and the origin they were rendered for, or null when nothing
     *               was served (kept per device and file name for the admin preview's diff)
     */
    public record Fetch(Instant at, Mac mac, Long siteId, String address, String reportedModel, String reportedFirmware,
                        String file, String outcome, String detail, boolean updateDevice, Served served) {
        /** A fetch whose bytes are not kept. */
        public Fetch(Instant at, Mac mac, Long siteId, String address, String reportedModel, String reportedFirmware,
                     String file, String outcome, String detail, boolean updateDevice) {
            this(at, mac, siteId, address, reportedModel, reportedFirmware, file, outcome, detail, updateDevice, null);
        }
    }

    /** What was served: the exact bytes, their ETag, and the origin (base URL, host) they were rendered for. */
    public record Served(byte[] body, String etag, String baseUrl, String serverHost) {
        @Override
        public String toString() {
            return "Served[" + body.length + " bytes, etag=" + etag + "]";
        }
    }

    private final Jdbc jdbc;
    private final DeviceRepository devices;
    private final ServedFileRepository servedFiles;
    private final EventLog events;
    private final BlockingQueue<Fetch> queue;
    private final Thread writer;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private volatile boolean running = true;

    public FetchRecorder(Jdbc jdbc, DeviceRepository devices, EventLog events, int queueSize) {
        this(jdbc, devices, null, events, queueSize);
    }

    /** @param servedFiles where served bytes are kept (null: not kept) */
    public FetchRecorder(Jdbc jdbc, DeviceRepository devices, ServedFileRepository servedFiles, EventLog events, int queueSize) {
        this.jdbc = jdbc;
        this.devices = devices;
        this.servedFiles = servedFiles;
        this.events = events;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.writer = new Thread(this::loop, "fetch-recorder");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public void record(Fetch f) {
        if (queue.offer(f)) {
            enqueued.incrementAndGet();
        } else if (dropped.incrementAndGet() % 10_000 == 1) {
            log.warn("fetch recorder queue full: {} record(s) dropped so far", dropped.get());
        }
    }

    private void loop() {
        List<Fetch> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Fetch first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException e) {
                log.error("could not record {} fetch(es): {}", batch.size(), e.getMessage());
            } finally {
                processed.addAndGet(batch.size());
                batch.clear();
                synchronized (this) {
                    notifyAll();
                }
            }
        }
    }

    private void write(List<Fetch> batch) {
        Map<Mac, Fetch> newest = new LinkedHashMap<>();
        List<Event> evs = new ArrayList<>(batch.size());
        for (Fetch f : batch) {
            if (f.updateDevice()) {
                newest.merge(f.mac(), f, (a, b) -> b.at().isAfter(a.at()) ? b : a);
            }
            evs.add(new Event(0, f.at(), io.phonehome.events.EventTypes.CONFIG_FETCH, f.outcome(), f.mac() == null ? null : f.mac().hex(),
                    f.siteId(), f.address(), f.detail()));
        }
        List<Object[]> rows = new ArrayList<>(newest.size());
        for (Fetch f : newest.values()) {
            rows.add(new Object[] {f.at(), f.address(), f.reportedModel(), f.reportedFirmware(), f.mac().hex()});
        }
        // One transaction per batch: a commit per row would cost more than the rows themselves.
        jdbc.inTransaction(() -> {
            devices.recordFetches(rows);
            events.insertNow(evs);
        });
        recordServed(batch);
    }

    /** Keeps the newest bytes per device and file; its own failure (a device deleted meanwhile) loses only this. */
    private void recordServed(List<Fetch> batch) {
        if (servedFiles == null) {
            return;
        }
        Map<String, ServedFile> newest = new LinkedHashMap<>();
        for (Fetch f : batch) {
            if (f.served() != null && f.mac() != null) {
                newest.put(f.mac().hex() + "/" + f.file(), new ServedFile(f.mac(), f.file(), f.at(), f.served().etag(),
                        f.served().baseUrl(), f.served().serverHost(), f.served().body()));
            }
        }
        try {
            servedFiles.record(new ArrayList<>(newest.values()));
        } catch (RuntimeException e) {
            log.warn("could not keep the served bytes of {} file(s): {}", newest.size(), e.getMessage());
        }
    }

    /** Waits until everything queued so far is written (tests, shutdown). */
    public void flush(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long target = enqueued.get();
        synchronized (this) {
            while (processed.get() < target && System.currentTimeMillis() < deadline) {
                try {
                    wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        running = false;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
