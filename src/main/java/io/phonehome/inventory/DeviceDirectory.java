package io.phonehome.inventory;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every device with its site, in memory: the lookup the phone handler makes on each request, so
 * a boot storm reads no database and an unknown MAC costs no query either.
 *
 * <p>Correctness does not depend on callers remembering to invalidate: the directory watches
 * {@link Jdbc#onCommittedWrite committed writes} to {@code devices} and {@code sites}. Any such
 * write moves the generation on, which makes every entry stale (a stale entry is re-read from
 * the database on its next lookup), and schedules one background re-read of all devices, so
 * the directory is complete again shortly after a change. Columns no lookup depends on (last
 * seen, last address) are written {@linkplain Jdbc#untracked() untracked} and never stale it.
 *
 * <p>A write that names the few device rows it changed ({@link Jdbc#updateRow}: a first-use
 * marker, an assignment, a revision bump) makes only those entries stale, each re-read on its
 * next lookup, and schedules no re-read of everything (issue 16: on PostgreSQL every node heard
 * each phone's first-use marker of a boot storm and re-read all devices). Row staleness is a
 * sequence number per device id, compared with the one an entry was read at, so a lookup or
 * load that raced the write is stale too. Writes of sites, inserts, deletes and writes naming no
 * rows still make everything stale and re-read all.
 *
 * <p>Writes of other nodes on a shared PostgreSQL reach the directory the same way
 * ({@code store.ClusterWrites}). Writes made by some other process, or whose notification was
 * lost, are caught by the listener's re-read of everything when its connection comes back, and
 * at the latest every {@code refresh}, when the directory reads everything again anyway (as the
 * SIP core's line cache does).
 *
 * <p>Above {@code capacity} devices it stops loading everything and works as a bounded
 * read-through cache (then the periodic refresh just makes every entry stale).
 *
 * <p>Hand-written, not a cache library: the map is a complete snapshot replaced whole, where a
 * missing MAC means "no such device" (answered on the I/O thread), which no eviction may fake.
 */
public final class DeviceDirectory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeviceDirectory.class);
    /** Re-reads wait this long after a change, so a burst of admin writes costs one re-read. */
    private static final long MIN_RELOAD_DELAY_MILLIS = 200;
    /** Row marks kept between full re-reads at most; beyond, everything is made stale and re-read once. */
    private static final int MAX_STALE_ROWS = 10_000;

    /** {@code readAt}: the row sequence when the entry's data was read (see {@link #staleRows}). */
    private record Entry(DeviceSnapshot.Head head, long generation, long readAt) {
    }

    private final DeviceRepository devices;
    private final SiteRepository sites;
    private final int capacity;
    private final AtomicLong generation = new AtomicLong(1);
    /** The generation at which the last full load began, when it holds every device; else 0. */
    private volatile long completeAt;
    private volatile Map<Mac, Entry> entries = new ConcurrentHashMap<>();
    /** The entries of the last complete load, for {@link #standInFor}. */
    private volatile Entry[] loadedEntries = new Entry[0];
    private final AtomicBoolean reloadPending = new AtomicBoolean();
    private volatile long lastLoadMillis;
    private final ScheduledExecutorService reloader;
    /** Moves on with every device row made stale. */
    private final AtomicLong rowSequence = new AtomicLong();
    /**
     * Device id -> the row sequence at which a write named it: an entry read before that is
     * stale. Emptied (up to a point) when everything is made stale anyway; at most one per device.
     */
    private final Map<Long, Long> staleRows = new ConcurrentHashMap<>();
    private final AtomicLong fullLoads = new AtomicLong();
    private final AtomicLong rowsMadeStale = new AtomicLong();

    /**
     * Loads every device now (when there are at most {@code capacity}) and keeps watching.
     *
     * @param jdbc    the database the repositories write through
     * @param refresh how often everything is read again regardless (zero: never)
     */
    public DeviceDirectory(Jdbc jdbc, DeviceRepository devices, SiteRepository sites, int capacity, java.time.Duration refresh) {
        this.devices = devices;
        this.sites = sites;
        this.capacity = capacity;
        this.reloader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "device-directory");
            t.setDaemon(true);
            return t;
        });
        jdbc.onCommittedRows((table, ids) -> {
            if (table == Table.DEVICES && ids != null) {
                rowsChanged(ids);
            } else if (table == Table.DEVICES || table == Table.SITES) {
                changed();
            }
        });
        if (capacity > 0) {
            loadAll();
        }
        if (!refresh.isZero()) {
            reloader.scheduleWithFixedDelay(() -> {
                if (capacity > 0 && completeAt != 0) {
                    loadAll();
                } else {
                    generation.incrementAndGet();
                }
            }, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The device with this MAC and its site; from memory when current, else read (and kept). */
    public Optional<DeviceSnapshot.Head> find(Mac mac) {
        Optional<DeviceSnapshot.Head> known = findInMemory(mac);
        if (known != null) {
            return known;
        }
        long g = generation.get();
        long readAt = rowSequence.get();
        Map<Mac, Entry> map = entries;
        // Stamped with the generation and row sequence read before the query: a write committed
        // meanwhile has moved one of them on, so this entry is already stale and will be read again.
        Optional<DeviceSnapshot.Head> read = devices.findWithSite(mac);
        if (capacity == 0) {
            return read;
        }
        if (read.isPresent()) {
            if (map.size() >= capacity && !map.containsKey(mac)) {
                map.clear();   // bounded read-through mode: start over rather than track recency
            }
            map.put(mac, new Entry(read.get(), g, readAt));
        } else {
            map.remove(mac);
        }
        return read;
    }

    /**
     * The answer {@link #find} would give when it needs no database: present when the entry is
     * current, empty-and-known-absent when the directory is complete; null when only a query can
     * tell (the caller must then use {@link #find} where it may block).
     */
    public Optional<DeviceSnapshot.Head> findInMemory(Mac mac) {
        long g = generation.get();
        Entry e = entries.get(mac);
        if (e != null && e.generation() == g) {
            if (staleRows.isEmpty() || staleRows.getOrDefault(e.head().device().id(), 0L) <= e.readAt()) {
                return Optional.of(e.head());
            }
            return null;
        }
        if (e == null && completeAt == g) {
            return Optional.empty();
        }
        return null;
    }

    /**
     * A real device and its site, the same one for the same MAC, as the last complete load read
     * them: what an unknown MAC's challenge checks, and throws away, so that it reads as much
     * memory as a known MAC's and takes as long ({@code provisioning.PhoneFiles}). The entry is
     * taken from an array rather than looked up: the unknown MAC's own lookup has already searched
     * the map once, and a second search made it measurably slower than a known MAC. The device may have
     * changed since; only the memory it occupies matters. Null when the directory holds no
     * complete load (then an unknown MAC is read from the database like a known one).
     */
    public DeviceSnapshot.Head standInFor(Mac mac) {
        Entry[] loaded = loadedEntries;
        if (loaded.length == 0 || completeAt != generation.get()) {
            return null;
        }
        return loaded[Math.floorMod(mac.hashCode(), loaded.length)].head();
    }

    /**
     * A device reported a model or firmware (written {@linkplain Jdbc#untracked() untracked} by
     * the fetch recorder, so a first boot storm of new phones does not invalidate everything):
     * the entry in memory is brought up to date in place.
     */
    public void reported(Mac mac, String model, String firmware) {
        entries.computeIfPresent(mac, (m, e) -> new Entry(new DeviceSnapshot.Head(e.head().device().withReported(model, firmware),
                e.head().site()), e.generation(), e.readAt()));
    }

    /**
     * A device first proved itself on its own ({@code DeviceRepository.markOwnCredentialsUsed} or
     * {@code markClientCertificateUsed}, written untracked on one node): the entry in memory
     * gets the same change in place, so its next request is decided on it.
     */
    public void credentialsUsed(Mac mac, java.util.function.UnaryOperator<Device> change) {
        entries.computeIfPresent(mac, (m, e) -> new Entry(new DeviceSnapshot.Head(change.apply(e.head().device()), e.head().site()),
                e.generation(), e.readAt()));
    }

    /** How many times every device was read (at start, after table-wide changes, every refresh). */
    public long fullLoads() {
        return fullLoads.get();
    }

    /** How many device entries were made stale alone by writes that named their rows. */
    public long rowsMadeStale() {
        return rowsMadeStale.get();
    }

    /**
     * Writes named these device rows (existing before and after, same MAC): only their entries are
     * stale, re-read one by one on their next lookup; nothing else is read again.
     */
    private void rowsChanged(java.util.Set<Long> ids) {
        if (capacity == 0) {
            return; // nothing in memory to make stale
        }
        if (staleRows.size() + ids.size() > MAX_STALE_ROWS) {
            changed(); // a long run of row writes without a full re-read: one now, and the marks go
            return;
        }
        for (Long id : ids) {
            staleRows.put(id, rowSequence.incrementAndGet());
        }
        rowsMadeStale.addAndGet(ids.size());
    }

    /** How many devices are in memory (current or not). */
    public int size() {
        return entries.size();
    }

    /** Whether every device is in memory and current (tests, diagnostics). */
    public boolean complete() {
        return completeAt == generation.get();
    }

    private void changed() {
        // Every entry read before is stale by its generation now, so the row marks up to here are
        // no longer needed (later ones may concern a lookup that already has the new generation).
        long cut = rowSequence.get();
        generation.incrementAndGet();
        staleRows.values().removeIf(s -> s <= cut);
        if (capacity > 0 && reloadPending.compareAndSet(false, true)) {
            // A re-read of 10,000 devices takes tens of ms; never spend more than a tenth of the time on it.
            long delay = Math.max(MIN_RELOAD_DELAY_MILLIS, 10 * lastLoadMillis);
            try {
                reloader.schedule(() -> {
                    reloadPending.set(false);
                    loadAll();
                }, delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                reloadPending.set(false);
            }
        }
    }

    private void loadAll() {
        long started = System.nanoTime();
        long g = generation.get();
        long readAt = rowSequence.get();
        fullLoads.incrementAndGet();
        try {
            long count = devices.count();
            if (count > capacity) {
                completeAt = 0;
                loadedEntries = new Entry[0];   // not kept alive for a stand-in that is never taken
                log.info("{} devices exceed device_directory_entries={}: the directory reads through instead", count, capacity);
                return;
            }
            // Sites and devices apart, joined here: one Site object per site, and no site columns
            // parsed 10,000 times. Two statements may see two states; a write in between has moved
            // the generation on, so such a load is stale at once and read again.
            Map<Long, Site> byId = new HashMap<>();
            for (Site site : sites.list()) {
                byId.put(site.id(), site);
            }
            List<Device> all = devices.list();
            Map<Mac, Entry> fresh = new ConcurrentHashMap<>(Math.max(16, all.size() * 2));
            for (Device d : all) {
                fresh.put(d.mac(), new Entry(new DeviceSnapshot.Head(d, d.siteId() == null ? null : byId.get(d.siteId())), g, readAt));
            }
            entries = fresh;
            loadedEntries = fresh.values().toArray(Entry[]::new);
            completeAt = g;
        } catch (RuntimeException e) {
            completeAt = 0;
            log.warn("could not load the device directory (lookups read the database meanwhile): {}", e.getMessage());
        } finally {
            lastLoadMillis = (System.nanoTime() - started) / 1_000_000;
            log.debug("device directory loaded: {} devices in {} ms", entries.size(), lastLoadMillis);
        }
    }

    @Override
    public void close() {
        reloader.shutdownNow();
    }
}
