package io.phonehome.sip.location;

import io.phonehome.store.WriteBehind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar's location service: which contacts each line (address of record) has registered,
 * with the RFC 3261 section 10.3 rules for adding, refreshing and removing them.
 *
 * <p><b>Storage and guarantees.</b> The working copy is an in-memory index, so a REGISTER costs no
 * database round trip. Every change is written behind, in batches, by one writer thread
 * ({@code sip-location-writer}, a {@link WriteBehind} at a fixed rate, which also runs the expiry
 * sweep):
 * <ul>
 *   <li>a binding that is created, removed, or changes its flow, Path or User-Agent is written
 *       by the first batch that starts after its 200 OK; batches start every {@code flushMillis}
 *       (right after the previous one when that took longer), and a batch is in the database file
 *       when it ends ({@link BindingStore}). The window a crash can lose is therefore
 *       max(flushMillis, the batch in progress) + its own batch; a batch slower than a quarter
 *       of {@code flushMillis} is logged, and at DEBUG every batch logs its start and end, so
 *       what a crash lost can be read off the log;</li>
 *   <li>a refresh that only moves the expiry forward (even with a new Call-ID and CSeq) is written
 *       when the stored expiry lags by more than min(60 s, interval/4)
 *       ({@link RegistrarPolicy#refreshWriteSlackSeconds}); after a crash a binding can therefore
 *       expire up to that much earlier than the phone expects (it re-registers well before its own
 *       expiry anyway), and carries the Call-ID/CSeq of its last written REGISTER;</li>
 *   <li>at {@link #start()} the unexpired bindings are loaded back and expired rows deleted;</li>
 *   <li>a failed write is retried on the next cycle; nothing is dropped while the process lives.</li>
 * </ul>
 * With several nodes on one PostgreSQL each node holds, loads and writes the bindings of the flows
 * that reached its own SIP listener (rows carry the node's name, {@link BindingStore}); a binding
 * another node holds is read from the database when asked for ({@link #elsewhereForDevice},
 * {@link #elsewhereForExtension}), and only for nodes the caller says are alive.
 *
 * <p>Thread-safe: changes to one address of record are serialised on it; reads never block.
 */
public final class LocationService implements Registrations, AutoCloseable {
    /** The other nodes taken for alive: only their bindings are shown beside this node's own. */
    private volatile Predicate<String> liveNodes = n -> false;
    private static final Logger log = LoggerFactory.getLogger(LocationService.class);
    private static final Comparator<ContactBinding> NEWEST_FIRST = Comparator.comparingLong(ContactBinding::updatedAt).reversed()
            .thenComparing(ContactBinding::contact);

    /** The bindings of one address of record; replaced as a whole under its own lock. */
    private static final class Aor {
        volatile List<ContactBinding> bindings = List.of();
        boolean detached;
    }

    private final BindingStore store;
    private final RegistrarPolicy policy;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Aor> aors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Set<String>> byDevice = new ConcurrentHashMap<>();
    /** The lines whose bindings changed since they were last written; a failed batch puts its lines back. */
    private final WriteBehind.Lane<String> dirty;
    private final WriteBehind<String> writer;
    private final long flushMillis;
    private volatile Consumer<List<ContactBinding>> expiryListener = b -> { };

    /**
     * Builds the service; nothing is read or written until {@link #start()}.
     *
     * @param flushMillis how often a batch of changes starts (the longest a change waits before it is written)
     */
    public LocationService(BindingStore store, RegistrarPolicy policy, LongSupplier clock, long flushMillis) {
        this.store = store;
        this.policy = policy;
        this.clock = clock;
        this.flushMillis = flushMillis;
        // at a fixed rate, not with a fixed delay: a slow batch must not add the interval on top of itself
        WriteBehind.Builder<String> b = WriteBehind.<String>named("sip-location-writer", "line(s) of SIP bindings")
                .atFixedRate(Duration.ofMillis(flushMillis))
                .alsoEvery(Duration.ofSeconds(1), this::sweepQuietly);
        this.dirty = b.coalescingLane("SIP binding");
        this.writer = b.build(this::write);
    }

    /** Loads the stored bindings (deleting expired rows) and starts the writer and the expiry sweep. */
    public void start() {
        long now = clock.getAsLong();
        store.deleteExpired(now);
        List<ContactBinding> loaded = store.loadUnexpired(now);
        Map<String, List<ContactBinding>> grouped = new LinkedHashMap<>();
        for (ContactBinding b : loaded) {
            grouped.computeIfAbsent(b.extension(), k -> new ArrayList<>()).add(b);
        }
        for (Map.Entry<String, List<ContactBinding>> e : grouped.entrySet()) {
            Aor aor = new Aor();
            List<ContactBinding> list = new ArrayList<>(e.getValue());
            list.sort(NEWEST_FIRST);
            aor.bindings = List.copyOf(list);
            aors.put(e.getKey(), aor);
            indexDevices(e.getKey(), List.of(), aor.bindings);
        }
        if (!loaded.isEmpty()) {
            log.info("location service: {} binding(s) of {} line(s) loaded from the database", loaded.size(), grouped.size());
        }
        writer.start();
    }

    /** Called (on the writer thread) with the bindings that expired in each sweep. */
    public void onExpiry(Consumer<List<ContactBinding>> listener) {
        this.expiryListener = listener;
    }

    /** The node whose flows this service holds ({@code sip_bindings.node}). */
    /** The SIP digest nonce key every node of the database shares; null on H2 (see {@link BindingStore#sharedNonceKey}). */
    public byte[] sharedNonceKey() {
        return store.sharedNonceKey();
    }

    public String node() {
        return store.node();
    }

    public RegistrarPolicy policy() {
        return policy;
    }

    /** Applies a REGISTER (RFC 3261 10.3 steps 6 to 8). */
    public RegisterResult register(RegisterRequest req) {
        while (true) {
            Aor aor = aors.computeIfAbsent(req.extension(), k -> new Aor());
            synchronized (aor) {
                if (aor.detached) {
                    continue;
                }
                return apply(aor, req);
            }
        }
    }

    private RegisterResult apply(Aor aor, RegisterRequest req) {
        long now = clock.getAsLong();
        List<ContactBinding> before = aor.bindings;
        String userAgent = req.userAgent() == null ? "" : req.userAgent();
        boolean newUserAgent = true;
        for (ContactBinding b : before) {
            if (b.userAgent().equals(userAgent)) {
                newUserAgent = false;
                break;
            }
        }
        Map<String, ContactBinding> next = new LinkedHashMap<>();
        List<ContactBinding> removed = new ArrayList<>();
        for (ContactBinding b : before) {
            if (b.expired(now)) {
                removed.add(b);
            } else {
                next.put(b.contact(), b);
            }
        }
        List<ContactBinding> added = new ArrayList<>();
        boolean material = !removed.isEmpty();
        boolean changed = false;

        if (req.wildcard()) {
            for (ContactBinding b : List.copyOf(next.values())) {
                if (!outOfOrder(b, req)) {
                    next.remove(b.contact());
                    removed.add(b);
                    material = true;
                    changed = true;
                }
            }
        } else {
            for (RegisterRequest.ContactUpdate c : req.contacts()) {
                if (policy.grant(c.requestedExpires()) < 0) {
                    return new RegisterResult(RegisterResult.Status.INTERVAL_TOO_BRIEF, live(before, now), List.of(), List.of(),
                            policy.minExpiresSeconds(), false);
                }
            }
            for (RegisterRequest.ContactUpdate c : req.contacts()) {
                long granted = policy.grant(c.requestedExpires());
                ContactBinding existing = next.get(c.uri());
                if (existing != null && outOfOrder(existing, req)) {
                    continue; // a retransmission or an older REGISTER: never undoes a newer one
                }
                if (granted == 0) {
                    if (existing != null) {
                        next.remove(c.uri());
                        removed.add(existing);
                        material = true;
                        changed = true;
                    }
                    continue;
                }
                long expiresAt = now + granted * 1000;
                ContactBinding fresh;
                if (existing == null) {
                    fresh = new ContactBinding(req.extension(), req.lineId(), req.deviceId(), c.uri(), req.flow(), req.path(), req.userAgent(),
                            c.q(), expiresAt, req.callId(), req.cseq(), now, now, expiresAt);
                    added.add(fresh);
                    material = true;
                } else {
                    // what a restart needs to reach the phone: contact (the key), flow, Path; the
                    // User-Agent for diagnostics. A new Call-ID or CSeq alone is not worth a write:
                    // after a restart the stored older pair still orders later REGISTERs correctly,
                    // and an old REGISTER could not be replayed (its nonce died with the process)
                    boolean same = existing.flow().equals(req.flow()) && existing.path().equals(req.path())
                            && existing.userAgent().equals(userAgent)
                            && existing.lineId() == req.lineId() && existing.q() == c.q();
                    long stored = existing.storedExpiresAt();
                    if (!same || expiresAt - stored > policy.refreshSlackMillis(granted) || expiresAt < stored) {
                        material = true;
                        stored = expiresAt;
                    }
                    fresh = new ContactBinding(req.extension(), req.lineId(), req.deviceId(), c.uri(), req.flow(), req.path(), req.userAgent(),
                            c.q(), expiresAt, req.callId(), req.cseq(), existing.registeredAt(), now, stored);
                }
                next.put(c.uri(), fresh);
                changed = true;
            }
            if (next.size() > policy.maxContacts() && !added.isEmpty()) {
                return new RegisterResult(RegisterResult.Status.TOO_MANY_CONTACTS, live(before, now), List.of(), List.of(),
                        policy.minExpiresSeconds(), false);
            }
        }

        List<ContactBinding> after = new ArrayList<>(next.values());
        after.sort(NEWEST_FIRST);
        List<ContactBinding> result = List.copyOf(after);
        aor.bindings = result;
        indexDevices(req.extension(), before, result);
        if (result.isEmpty()) {
            aor.detached = true;
            aors.remove(req.extension(), aor);
        }
        if (material) {
            dirty.offer(req.extension());
        }
        RegisterResult.Status status = changed ? RegisterResult.Status.UPDATED : RegisterResult.Status.UNCHANGED;
        return new RegisterResult(status, result, added.isEmpty() ? List.of() : List.copyOf(added), removed.isEmpty() ? List.of() : List.copyOf(removed),
                policy.minExpiresSeconds(),
                newUserAgent && changed && !result.isEmpty());
    }

    /** Same Call-ID and a CSeq that is not higher: RFC 3261 10.3 step 7 says do not touch the binding. */
    private static boolean outOfOrder(ContactBinding b, RegisterRequest req) {
        return b.callId().equals(req.callId()) && req.cseq() <= b.cseq();
    }

    private static List<ContactBinding> live(List<ContactBinding> list, long now) {
        List<ContactBinding> out = new ArrayList<>(list.size());
        for (ContactBinding b : list) {
            if (!b.expired(now)) {
                out.add(b);
            }
        }
        return out;
    }

    private void indexDevices(String extension, List<ContactBinding> before, List<ContactBinding> after) {
        for (ContactBinding b : after) {
            // a refresh finds its line indexed already: a read, not a locked write into the map, per REGISTER
            Set<String> indexed = byDevice.get(b.deviceId());
            if (indexed == null || !indexed.contains(extension)) {
                byDevice.computeIfAbsent(b.deviceId(), k -> ConcurrentHashMap.newKeySet()).add(extension);
            }
        }
        for (ContactBinding b : before) {
            if (!hasDevice(after, b.deviceId())) {
                byDevice.computeIfPresent(b.deviceId(), (k, set) -> {
                    set.remove(extension);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }

    private static boolean hasDevice(List<ContactBinding> bindings, long deviceId) {
        for (ContactBinding a : bindings) {
            if (a.deviceId() == deviceId) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the line has a binding created or refreshed by this Call-ID with a CSeq at least
     * this high: a REGISTER carrying it again is a retransmission of one already applied.
     */
    public boolean alreadyApplied(String extension, String callId, long cseq) {
        Aor aor = aors.get(extension);
        if (aor == null) {
            return false;
        }
        for (ContactBinding b : aor.bindings) {
            if (b.callId().equals(callId) && b.cseq() >= cseq) {
                return true;
            }
        }
        return false;
    }

    /**
     * Unexpired bindings of a device's lines that other nodes hold, newest first, of the nodes
     * {@code live} accepts; read from the database (a failed read is an empty answer, logged).
     */
    public List<RemoteBinding> elsewhereForDevice(long deviceId, Predicate<String> live) {
        try {
            return newestLive(store.elsewhereForDevice(deviceId, clock.getAsLong()), live);
        } catch (RuntimeException e) {
            log.warn("cannot read the bindings other nodes hold for device {}: {}", deviceId, e.getMessage());
            return List.of();
        }
    }

    /** Unexpired bindings of a line that other nodes hold, newest first, of the nodes {@code live} accepts. */
    public List<RemoteBinding> elsewhereForExtension(String extension, Predicate<String> live) {
        try {
            return newestLive(store.elsewhereForExtension(extension, clock.getAsLong()), live);
        } catch (RuntimeException e) {
            log.warn("cannot read the bindings other nodes hold for line {}: {}", extension, e.getMessage());
            return List.of();
        }
    }

    private List<RemoteBinding> newestLive(List<RemoteBinding> read, Predicate<String> live) {
        List<RemoteBinding> out = new ArrayList<>();
        for (RemoteBinding r : read) {
            // a contact this node holds itself is answered from memory, whatever an older row says
            if (live.test(r.node()) && lookup(r.binding().extension()).stream().noneMatch(b -> b.contact().equals(r.binding().contact()))) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparing(RemoteBinding::binding, NEWEST_FIRST));
        return out;
    }

    /** Unexpired bindings of a line, newest first: the targets of a call to it. */
    public List<ContactBinding> lookup(String extension) {
        Aor aor = aors.get(extension);
        return aor == null ? List.of() : live(aor.bindings, clock.getAsLong());
    }

    @Override
    public List<Binding> forExtension(String extension) {
        String node = node();
        return lookup(extension).stream().map(b -> b.toBinding(node)).toList();
    }

    /** Which other nodes count as alive (set when the node joins its cluster; none before). */
    public void liveNodes(Predicate<String> live) {
        this.liveNodes = live;
    }

    @Override
    public List<Binding> everywhereForExtension(String extension) {
        List<Binding> out = new ArrayList<>(forExtension(extension));
        for (RemoteBinding r : elsewhereForExtension(extension, liveNodes)) {
            out.add(r.binding().toBinding(r.node()));
        }
        return out;
    }

    @Override
    public List<Binding> everywhereForDevice(long deviceId) {
        List<Binding> out = new ArrayList<>(forDevice(deviceId));
        for (RemoteBinding r : elsewhereForDevice(deviceId, liveNodes)) {
            out.add(r.binding().toBinding(r.node()));
        }
        return out;
    }

    @Override
    public List<Binding> forDevice(long deviceId) {
        Set<String> extensions = byDevice.get(deviceId);
        if (extensions == null) {
            return List.of();
        }
        List<ContactBinding> all = new ArrayList<>();
        for (String ext : extensions.stream().sorted().toList()) {
            for (ContactBinding b : lookup(ext)) {
                if (b.deviceId() == deviceId) {
                    all.add(b);
                }
            }
        }
        String node = node();
        return all.stream().map(b -> b.toBinding(node)).toList();
    }

    /** The device's bindings with their flows, for remote actions; newest first. */
    public List<ContactBinding> lookupDevice(long deviceId) {
        Set<String> extensions = byDevice.get(deviceId);
        if (extensions == null) {
            return List.of();
        }
        List<ContactBinding> all = new ArrayList<>();
        for (String ext : extensions) {
            for (ContactBinding b : lookup(ext)) {
                if (b.deviceId() == deviceId) {
                    all.add(b);
                }
            }
        }
        all.sort(NEWEST_FIRST);
        return all;
    }

    /** How many bindings are held (all lines). */
    public int size() {
        int n = 0;
        for (Aor a : aors.values()) {
            n += a.bindings.size();
        }
        return n;
    }

    /** Removes expired bindings; returns them. Runs every second on the writer thread. */
    public List<ContactBinding> sweep() {
        long now = clock.getAsLong();
        List<ContactBinding> expired = new ArrayList<>();
        for (Map.Entry<String, Aor> e : aors.entrySet()) {
            Aor aor = e.getValue();
            List<ContactBinding> current = aor.bindings;
            boolean any = false;
            for (ContactBinding b : current) {
                if (b.expired(now)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                continue;
            }
            synchronized (aor) {
                if (aor.detached) {
                    continue;
                }
                List<ContactBinding> before = aor.bindings;
                List<ContactBinding> after = live(before, now);
                for (ContactBinding b : before) {
                    if (b.expired(now)) {
                        expired.add(b);
                    }
                }
                aor.bindings = List.copyOf(after);
                indexDevices(e.getKey(), before, aor.bindings);
                if (after.isEmpty()) {
                    aor.detached = true;
                    aors.remove(e.getKey(), aor);
                }
                dirty.offer(e.getKey());
            }
        }
        return expired;
    }

    private void sweepQuietly() {
        try {
            List<ContactBinding> expired = sweep();
            if (!expired.isEmpty()) {
                expiryListener.accept(expired);
            }
        } catch (RuntimeException e) {
            log.warn("location sweep failed: {}", e.getMessage());
        }
    }

    /** Starts a batch now and waits until every change made so far is written (tests). */
    public void flush() {
        writer.flush(30_000);
    }

    /** One batch on the writer thread: the current bindings of each changed line, in one transaction. */
    private void write(List<String> extensions) {
        // at DEBUG every batch says when it started and ended: after a crash the log then shows
        // exactly which acknowledgements were written (those before the start of the last batch
        // that ended), which is what BindingsSurviveACrashIT checks
        log.debug("writing the SIP bindings of {} line(s) started", extensions.size());
        Map<String, List<ContactBinding>> batch = new LinkedHashMap<>();
        for (String ext : extensions) {
            Aor aor = aors.get(ext);
            batch.put(ext, aor == null ? List.of() : aor.bindings);
        }
        long start = System.nanoTime();
        store.replace(batch);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        // the crash window is the interval plus the batches around a change: at INFO say when it grew
        log.atLevel(tookMillis > flushMillis / 4 ? org.slf4j.event.Level.INFO : org.slf4j.event.Level.DEBUG)
                .log("writing the SIP bindings of {} line(s) took {} ms (sip_binding_flush_millis is {} ms)", batch.size(), tookMillis,
                        flushMillis);
    }

    /** Stops the sweep and the writer after a last batch. */
    @Override
    public void close() {
        writer.close();
    }
}
