package io.phonehome.provisioning;

import io.phonehome.inventory.Redirect;
import io.phonehome.inventory.RedirectRepository;
import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The redirects of devices without a site, kept in memory so that a request for such a device
 * is answered from memory like any other: a database read on every request made a redirected
 * or unassigned MAC measurably slower to refuse than a known or unknown one. Forgotten whenever
 * a write to the devices table commits (redirects live there; only the rows a write names, when it
 * names them, as a first-use marker does); bounded by the inventory, since only devices that exist
 * are remembered.
 *
 * <p>Hand-written, not a cache library: it is bounded by the inventory and emptied on committed
 * writes to devices, so there is nothing to evict or expire.
 */
final class RedirectCache {
    private final RedirectRepository redirects;
    private final Map<Long, Optional<Redirect>> known = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    RedirectCache(Jdbc jdbc, RedirectRepository redirects) {
        this.redirects = redirects;
        jdbc.onCommittedRows((table, ids) -> {
            if (table == Table.DEVICES) {
                generation.incrementAndGet();
                if (ids == null) {
                    known.clear();
                } else {
                    ids.forEach(known::remove); // a write that named its rows (a first-use marker): only those
                }
            }
        });
    }

    /** The device's redirect from memory, or null when it must be read ({@link #load}). */
    Optional<Redirect> cached(long deviceId) {
        return known.get(deviceId);
    }

    /** Reads the redirect and remembers it, unless a write committed meanwhile (then it is read again next time). */
    Optional<Redirect> load(long deviceId) {
        long g = generation.get();
        Optional<Redirect> r = redirects.find(deviceId);
        if (generation.get() == g) {
            known.put(deviceId, r);
            if (generation.get() != g) {
                known.remove(deviceId);
            }
        }
        return r;
    }
}
