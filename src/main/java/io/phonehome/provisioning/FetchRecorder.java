package io.phonehome.provisioning;

import io.phonehome.events.Event;
import io.phonehome.events.EventLog;
import io.phonehome.events.EventTypes;
import io.phonehome.inventory.DeviceRepository;
import io.phonehome.inventory.Mac;
import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import io.phonehome.store.WriteBehind;
import io.phonehome.inventory.ServedFile;
import io.phonehome.inventory.ServedFileRepository;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.DeviceDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Objects;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records fetches off the hot path: the handler queues a {@link Fetch} and returns; one thread
 * ({@code fetch-recorder}, a {@link WriteBehind}) writes the matching events and device updates
 * in batches. A full queue drops the record rather
 * than slow a phone down.
 *
 * <p>What a storm costs the database is kept small, because it competes with the handshakes
 * for the same cores: every fetch gets its event, but a device's row is written only when it
 * reports a new model or firmware, comes from a new address, or was last written longer than
 * the last-seen resolution ago (so a phone polling every few seconds costs one row update a
 * minute, and "last seen" is exact to that resolution); served bytes are compared with what is
 * known to be stored before anything is read.
 */
public final class FetchRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FetchRecorder.class);
    private static final int BATCH = 2000;
    /**
     * How often a batch starts. Not as soon as a fetch is queued: in a boot storm that woke the
     * writer for nearly every fetch (a futex call on the I/O thread that answered it) and wrote
     * batches of a few rows, each with its own transaction and commit; a quarter of a second
     * gathers a few hundred fetches of a storm into one. Nothing reads these rows that soon.
     */
    private static final Duration BATCH_PERIOD = Duration.ofMillis(250);
    /** Stored ETags remembered per device and file; beyond that the memory starts over (it only saves reads). */
    private static final int MAX_REMEMBERED_ETAGS = 200_000;

    /**
     * One served fetch of a known device.
     *
     * @param device the device as the handler found it (its reported model and firmware tell
     *               whether this fetch reports anything new)
     * @param served the bytes served and the origin they were rendered for, or null when nothing
     *               was served (kept per device and file name for the admin preview's diff)
     */
    public record Fetch(Instant at, Device device, String address, String reportedModel, String reportedFirmware,
                        String file, String outcome, String detail, Served served) {
        Mac mac() {
            return device.mac();
        }
    }

    /** What was served: the exact bytes, their ETag, and the origin (base URL, host) they were rendered for. */
    public record Served(byte[] body, String etag, String baseUrl, String serverHost) {
        @Override
        public String toString() {
            return "Served[" + body.length + " bytes, etag=" + etag + "]";
        }
    }

    /** What was last written for a device (writer thread only). */
    private record Written(Instant at, String address, String model, String firmware) {
    }

    private final Jdbc jdbc;
    private final DeviceRepository devices;
    private final DeviceDirectory directory;
    private final ServedFileRepository servedFiles;
    private final EventLog events;
    private final WriteBehind<Fetch> writer;
    private final WriteBehind.Lane<Fetch> queue;
    private final Duration lastSeenResolution;
    /**
     * Keyed by device id, not MAC: a MAC deleted and imported again is a new device whose row
     * starts without a reported model or firmware, so what was written for the old one must not
     * make its first fetch look like it reports nothing new.
     */
    private final Map<Long, Written> written = new HashMap<>();
    private final Map<String, String> storedEtags = new HashMap<>();
    /** Set when devices change (a deletion drops their stored files by cascade): forget the ETags. */
    private volatile boolean forgetEtags;

    /**
     * @param servedFiles        where served bytes are kept (null: not kept)
     * @param lastSeenResolution how stale a device's last-seen time may get while it keeps
     *                           fetching with nothing else new (zero: written on every fetch)
     */
    public FetchRecorder(Jdbc jdbc, DeviceRepository devices, DeviceDirectory directory, ServedFileRepository servedFiles, EventLog events,
                         int queueSize, Duration lastSeenResolution) {
        this.jdbc = jdbc;
        this.devices = devices;
        this.directory = directory;
        this.servedFiles = servedFiles;
        this.events = events;
        this.lastSeenResolution = lastSeenResolution;
        WriteBehind.Builder<Fetch> b = WriteBehind.<Fetch>named("fetch-recorder", "fetch record(s)").maxBatch(BATCH)
                .atFixedRate(BATCH_PERIOD);
        this.queue = b.lane("fetch recorder", queueSize);
        this.writer = b.build(this::write);
        // a write naming its device rows neither inserts nor deletes (Jdbc.updateRow): no stored file went
        jdbc.onCommittedRows((table, ids) -> {
            if (table == Table.DEVICES && ids == null) {
                forgetEtags = true;
            }
        });
    }

    /** Starts the {@code fetch-recorder} thread; fetches queue up until then. */
    public void start() {
        writer.start();
    }

    /** Queues a fetch; never blocks (a full queue drops and counts it). Called on the I/O threads. */
    public void record(Fetch f) {
        queue.offer(f);
    }

    private void write(List<Fetch> batch) {
        Map<Mac, Fetch> newest = new LinkedHashMap<>();
        List<Event> evs = new ArrayList<>(batch.size());
        for (Fetch f : batch) {
            newest.merge(f.mac(), f, (a, b) -> b.at().isAfter(a.at()) ? b : a);
            evs.add(new Event(0, f.at(), EventTypes.CONFIG_FETCH, f.outcome(), f.mac().hex(),
                    f.device().siteId(), f.address(), f.detail()));
        }
        List<Object[]> facts = new ArrayList<>();
        List<Fetch> reporting = new ArrayList<>();
        List<Object[]> sightings = new ArrayList<>();
        Map<Long, Written> nowWritten = new HashMap<>();
        for (Fetch f : newest.values()) {
            // What is known: what this thread last wrote, else what the handler found in the inventory.
            Written last = written.get(f.device().id());
            String knownModel = last != null ? last.model() : f.device().reportedModel();
            String knownFirmware = last != null ? last.firmware() : f.device().reportedFirmware();
            // A fetch that reports nothing keeps what is known (the UPDATE's COALESCE does the same).
            String model = f.reportedModel() != null ? f.reportedModel() : knownModel;
            String firmware = f.reportedFirmware() != null ? f.reportedFirmware() : knownFirmware;
            if (!Objects.equals(model, knownModel) || !Objects.equals(firmware, knownFirmware)) {
                facts.add(new Object[] {f.at(), f.address(), f.reportedModel(), f.reportedFirmware(), f.mac().hex()});
                reporting.add(f);
            } else if (last == null || !Objects.equals(f.address(), last.address())
                    || Duration.between(last.at(), f.at()).compareTo(lastSeenResolution) >= 0) {
                sightings.add(new Object[] {f.at(), f.address(), f.mac().hex()});
            } else {
                continue;
            }
            nowWritten.put(f.device().id(), new Written(f.at(), f.address(), model, firmware));
        }
        // One transaction per batch: a commit per row would cost more than the rows themselves.
        jdbc.inTransaction(() -> {
            devices.recordFetches(facts);
            devices.recordSightings(sightings);
            events.insertNow(evs);
        });
        written.putAll(nowWritten);
        for (Fetch f : reporting) {
            directory.reported(f.mac(), f.reportedModel(), f.reportedFirmware());
        }
        recordServed(batch);
    }

    /** Keeps the newest bytes per device and file; its own failure (a device deleted meanwhile) loses only this. */
    private void recordServed(List<Fetch> batch) {
        if (servedFiles == null) {
            return;
        }
        if (forgetEtags || storedEtags.size() > MAX_REMEMBERED_ETAGS) {
            forgetEtags = false;
            storedEtags.clear();
        }
        Map<String, ServedFile> newest = new LinkedHashMap<>();
        for (Fetch f : batch) {
            if (f.served() != null) {
                String key = f.mac().hex() + "/" + f.file();
                if (f.served().etag().equals(storedEtags.get(key))) {
                    newest.remove(key);   // an older different file in this batch must not win
                    continue;
                }
                newest.put(key, new ServedFile(f.mac(), f.file(), f.at(), f.served().etag(),
                        f.served().baseUrl(), f.served().serverHost(), f.served().body()));
            }
        }
        if (newest.isEmpty()) {
            return;
        }
        try {
            servedFiles.record(new ArrayList<>(newest.values()));
            newest.forEach((key, file) -> storedEtags.put(key, file.etag()));
        } catch (RuntimeException e) {
            log.warn("could not keep the served bytes of {} file(s): {}", newest.size(), e.getMessage());
        }
    }

    /** Waits until everything queued so far is written (tests, shutdown). */
    public void flush(long timeoutMillis) {
        writer.flush(timeoutMillis);
    }

    public long dropped() {
        return writer.dropped();
    }

    @Override
    public void close() {
        writer.close();
    }
}
