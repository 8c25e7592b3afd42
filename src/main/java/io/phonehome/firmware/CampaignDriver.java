package io.phonehome.firmware;

import io.phonehome.actions.DeviceNotifier;
import io.phonehome.actions.NotifyResult;
import io.phonehome.events.Event;
import io.phonehome.events.EventLog;
import io.phonehome.events.EventTypes;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.Inventory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs campaigns: every tick it takes (or renews) the lease of each unfinished campaign, so one
 * node drives a campaign at a time and another takes over when that node dies; then, for each
 * campaign it holds,
 * <ol>
 * <li>moves started devices on by their signals, all read from the database so that it does not
 *     matter which node saw them: a download start and a complete download (recorded by the
 *     firmware listener), the device being seen again after that (its config fetch), and the
 *     version it reports (config fetch User-Agent or SIP REGISTER, in {@code devices});</li>
 * <li>fails or times out devices past their deadline, and puts their own firmware target back;</li>
 * <li>halts the campaign when more than the allowed share of its canary failed, and lets the rest
 *     start once the whole canary has finished within it;</li>
 * <li>starts pending devices at the campaign's pace, up to its cap on concurrent downloads: it
 *     sets the device's firmware target to the campaign's version and sends the NOTIFY through
 *     {@link DeviceNotifier}, the only way it reaches a phone.</li>
 * </ol>
 * NOTIFYs block until the phone answers, so they run on a small pool; the answer moves the device
 * to {@code notified} or {@code failed}. Everything a restart needs is in the database; the only
 * node-local state is the pace clock, which simply restarts.
 */
public final class CampaignDriver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CampaignDriver.class);
    /** NOTIFYs awaiting an answer at once, across campaigns on this node. */
    public static final int NOTIFY_THREADS = 8;

    private final CampaignRepository repository;
    private final FirmwareTargets targets;
    private final Inventory inventory;
    private final DeviceNotifier notifier;
    private final EventLog events;
    private final Clock clock;
    private final long tickMillis;
    private final Duration lease;
    private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
    private final ScheduledExecutorService ticker;
    private final ExecutorService notifies;
    /** When each campaign may start its next device (the pace); restarts with the process. */
    private final Map<Long, Instant> nextStart = new ConcurrentHashMap<>();
    private final AtomicLong ticks = new AtomicLong();

    public CampaignDriver(CampaignRepository repository, FirmwareTargets targets, Inventory inventory, DeviceNotifier notifier, EventLog events,
                          Clock clock, long tickMillis, Duration lease) {
        this.repository = repository;
        this.targets = targets;
        this.inventory = inventory;
        this.notifier = notifier;
        this.events = events;
        this.clock = clock;
        this.tickMillis = tickMillis;
        this.lease = lease;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "campaign-driver"));
        this.notifies = Executors.newFixedThreadPool(NOTIFY_THREADS, r -> daemon(r, "campaign-notify"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public void start() {
        ticker.scheduleWithFixedDelay(this::tickSafely, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    public String node() {
        return node;
    }

    /** Ticks done so far (tests wait for a few). */
    public long ticks() {
        return ticks.get();
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.error("campaign tick failed: {}", e.getMessage(), e);
        } finally {
            ticks.incrementAndGet();
        }
    }

    /** One round over every unfinished campaign. */
    void tick() {
        Instant now = clock.instant();
        for (long id : repository.unfinished()) {
            String previous = repository.lease(id, node, now.plus(lease), now);
            if (previous == null) {
                nextStart.remove(id);
                continue; // another node drives it
            }
            if (!previous.isEmpty()) {
                int requeued = repository.requeueNotifying(id, now);
                if (requeued > 0) {
                    log.info("campaign {}: took over from {}; {} device(s) whose NOTIFY outcome was lost are pending again", id, previous, requeued);
                }
            }
            try {
                drive(id, now);
            } catch (RuntimeException e) {
                log.error("campaign {}: {}", id, e.getMessage(), e);
            }
        }
    }

    private void drive(long id, Instant now) {
        Campaign c = repository.find(id).orElse(null);
        if (c == null || c.finished()) {
            return;
        }
        followSignals(c, now);
        if (!c.canaryPassed() && c.canaryCount() > 0 && c.state() != CampaignState.CANCELLED && judgeCanary(c, now)) {
            return; // halted (or still over its share): nothing starts until a person resumes it
        }
        c = repository.find(id).orElseThrow();
        if (c.state() == CampaignState.RUNNING) {
            startDevices(c, now);
        } else {
            nextStart.remove(id);
        }
        finishIfDone(c, now);
    }

    // ---------------------------------------------------------------- signals

    private void followSignals(Campaign c, Instant now) {
        for (CampaignRepository.Tracked t : repository.inFlight(c.id())) {
            CampaignDevice r = t.row();
            if (r.state() == DeviceState.NOTIFYING) {
                continue; // the NOTIFY answer moves it
            }
            String reported = t.reportedFirmware();
            boolean onTarget = reported != null && Versions.same(reported, c.version());
            DeviceState state = r.state();
            if (state == DeviceState.NOTIFIED && r.downloadStartedAt() != null && move(c, r, state, DeviceState.DOWNLOADING,
                    "download started", now)) {
                state = DeviceState.DOWNLOADING;
            }
            // back after the whole image went out: seen again (config fetch), or already reporting the target (REGISTER)
            if (state == DeviceState.DOWNLOADING && r.downloadCompletedAt() != null && (onTarget || seenAfter(t, r.downloadCompletedAt()))
                    && move(c, r, state, DeviceState.REBOOTED, "downloaded " + r.bytesSent() + " bytes and came back reporting "
                    + (reported == null ? "nothing" : reported), now)) {
                state = DeviceState.REBOOTED;
            }
            if (onTarget) {
                move(c, r, state, DeviceState.CONFIRMED, "reports " + reported
                        + (r.downloadCompletedAt() == null ? " (no complete download from this server seen)" : ""), now);
                continue;
            }
            if (state == DeviceState.REBOOTED && reported != null && r.fromVersion() != null && !Versions.same(reported, r.fromVersion())) {
                fail(c, r, state, DeviceState.FAILED, "came back on " + reported + ", not " + c.version(), now);
                continue;
            }
            if (r.deadlineAt() != null && now.isAfter(r.deadlineAt())) {
                if (state == DeviceState.REBOOTED) {
                    fail(c, r, state, DeviceState.FAILED, "came back but still reports " + (reported == null ? "nothing" : reported) + " "
                            + c.deviceTimeoutSeconds() + " s after the NOTIFY", now);
                } else {
                    fail(c, r, state, DeviceState.TIMED_OUT, switch (state) {
                        case NOTIFIED -> "no download started within " + c.deviceTimeoutSeconds() + " s of the NOTIFY";
                        case DOWNLOADING -> r.downloadCompletedAt() == null ? "download not finished within " + c.deviceTimeoutSeconds() + " s"
                                : "not seen again within " + c.deviceTimeoutSeconds() + " s of the NOTIFY";
                        default -> "no signal within " + c.deviceTimeoutSeconds() + " s";
                    }, now);
                }
            }
        }
    }

    /** The device fetched its config after {@code after} (it came back), as the fetch recorder wrote it. */
    private static boolean seenAfter(CampaignRepository.Tracked t, Instant after) {
        return t.lastSeen() != null && t.lastSeen().isAfter(after);
    }

    private boolean move(Campaign c, CampaignDevice r, DeviceState from, DeviceState to, String detail, Instant now) {
        boolean moved = repository.move(r.id(), EnumSet.of(from), to, detail, now);
        if (moved) {
            deviceEvent(c, r, to, detail);
        }
        return moved;
    }

    private void fail(Campaign c, CampaignDevice r, DeviceState from, DeviceState to, String detail, Instant now) {
        // the failure and the restored target in one transaction: a phone asking between two
        // commits was offered the campaign's image again although its device already showed as
        // failed (seen on PostgreSQL, where the window between the commits is wider)
        boolean moved = repository.jdbc().inTransaction(() -> {
            if (!repository.move(r.id(), EnumSet.of(from), to, detail, now)) {
                return false;
            }
            restoreTarget(c, r, now);
            return true;
        });
        if (moved) {
            deviceEvent(c, r, to, detail);
        }
    }

    private void restoreTarget(Campaign c, CampaignDevice r, Instant now) {
        if (r.deviceId() == null) {
            return;
        }
        CampaignDevice fresh = repository.device(r.id()).orElse(r);
        inventory.devices().findById(r.deviceId()).ifPresent(d -> targets.restoreAfterCampaign(d.id(), d.vendor(), d.model(), c.id(),
                fresh.hadPreviousTarget() ? fresh.previousTarget() : null, fresh.previousTargetBy(), now));
    }

    // ---------------------------------------------------------------- canary

    /** Halts the campaign when the canary failed beyond its share; returns true when it did. */
    private boolean judgeCanary(Campaign c, Instant now) {
        int failures = 0;
        int finished = 0;
        for (CampaignRepository.Count n : repository.counts(c.id())) {
            if (!n.canary()) {
                continue;
            }
            if (DeviceState.FAILURES.contains(n.state())) {
                failures += n.count();
            }
            if (n.state().terminal()) {
                finished += n.count();
            }
        }
        if ((long) failures * 100 > (long) c.canaryMaxFailurePercent() * c.canaryCount()) {
            if (c.state() == CampaignState.RUNNING || c.state() == CampaignState.PAUSED) {
                String reason = "canary failed: " + failures + " of " + c.canaryCount() + " device(s) failed, more than "
                        + c.canaryMaxFailurePercent() + "%";
                if (repository.changeState(c.id(), EnumSet.of(CampaignState.RUNNING, CampaignState.PAUSED), CampaignState.HALTED, reason, now)) {
                    log.warn("campaign {} halted: {}", c.id(), reason);
                    campaignEvent(c, "halted", reason);
                }
            }
            return true;
        }
        if (finished == c.canaryCount()) {
            repository.markCanaryPassed(c.id());
            campaignEvent(c, "canary_passed", "all " + c.canaryCount() + " canary device(s) finished, " + failures + " failed");
        }
        return false;
    }

    // ---------------------------------------------------------------- starting devices

    private void startDevices(Campaign c, Instant now) {
        List<CampaignDevice> all = repository.devices(c.id());
        long busy = all.stream().filter(d -> DeviceState.DOWNLOAD_SLOTS.contains(d.state())).count();
        int capacity = (int) Math.max(0, c.maxConcurrent() - busy);
        if (capacity == 0) {
            return;
        }
        boolean canaryPhase = c.canaryCount() > 0 && !c.canaryPassed();
        Duration interval = Duration.ofMillis(Math.max(1, 60_000L / c.perMinute()));
        Instant next = nextStart.getOrDefault(c.id(), now);
        List<CampaignDevice> pending = repository.pending(c.id(), canaryPhase, capacity);
        for (CampaignDevice r : pending) {
            if (next.isAfter(now)) {
                break;
            }
            if (startOne(c, r, now)) {
                next = next.plus(interval);
            }
        }
        nextStart.put(c.id(), next.isBefore(now) ? now : next);
    }

    private boolean startOne(Campaign c, CampaignDevice r, Instant now) {
        Device d = r.deviceId() == null ? null : inventory.devices().findById(r.deviceId()).orElse(null);
        if (d == null) {
            if (repository.move(r.id(), EnumSet.of(DeviceState.PENDING), DeviceState.FAILED, "deleted from the inventory", now)) {
                deviceEvent(c, r, DeviceState.FAILED, "deleted from the inventory");
            }
            return false;
        }
        if (Versions.same(d.reportedFirmware(), c.version())) {
            if (repository.move(r.id(), EnumSet.of(DeviceState.PENDING), DeviceState.CONFIRMED, "already reports " + c.version(), now)) {
                deviceEvent(c, r, DeviceState.CONFIRMED, "already reports " + c.version());
            }
            return false;
        }
        if (!d.model().equals(r.model())) {
            if (repository.move(r.id(), EnumSet.of(DeviceState.PENDING), DeviceState.FAILED, "its model changed to " + d.model(), now)) {
                deviceEvent(c, r, DeviceState.FAILED, "its model changed to " + d.model());
            }
            return false;
        }
        boolean claimed = repository.jdbc().inTransaction(() -> {
            Optional<FirmwareTarget> before = targets.deviceTarget(d);
            boolean ok = repository.claim(r.id(), d.reportedFirmware(), before.isPresent(), before.map(FirmwareTarget::version).orElse(null),
                    before.map(FirmwareTarget::setBy).orElse(null), now);
            if (ok) {
                targets.setForCampaign(d, c.version(), c.id(), now);
            }
            return ok;
        });
        if (!claimed) {
            return false;
        }
        deviceEvent(c, r, DeviceState.NOTIFYING, "target set to " + c.version() + ", sending " + c.notifyKind().name().toLowerCase(java.util.Locale.ROOT));
        try {
            notifies.execute(() -> notifyDevice(c, r, d));
        } catch (RejectedExecutionException e) {
            fail(c, r, DeviceState.NOTIFYING, DeviceState.FAILED, "could not send the NOTIFY: shutting down", clock.instant());
        }
        return true;
    }

    private void notifyDevice(Campaign c, CampaignDevice r, Device d) {
        NotifyResult result;
        try {
            result = notifier.notify(d.mac(), c.notifyKind());
            if (result == null) {
                result = new NotifyResult(NotifyResult.Outcome.ERROR, 0, "the notifier returned nothing");
            }
        } catch (RuntimeException e) {
            log.warn("notifying {} failed: {}", d.mac(), e.getMessage());
            result = new NotifyResult(NotifyResult.Outcome.ERROR, 0, "notifier failed: " + e.getClass().getSimpleName());
        }
        Instant at = clock.instant();
        String detail = "NOTIFY " + result.outcome().name().toLowerCase(java.util.Locale.ROOT) + (result.status() > 0 ? " " + result.status() : "")
                + (result.detail() == null || result.detail().isEmpty() ? "" : ": " + result.detail());
        try {
            if (result.accepted()) {
                if (repository.notified(r.id(), detail, at, at.plusSeconds(c.deviceTimeoutSeconds()))) {
                    deviceEvent(c, r, DeviceState.NOTIFIED, detail);
                }
            } else {
                fail(c, r, DeviceState.NOTIFYING, DeviceState.FAILED, detail, at);
            }
        } catch (RuntimeException e) {
            log.error("campaign {}: cannot record the NOTIFY answer of {}: {}", c.id(), d.mac(), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- end

    private void finishIfDone(Campaign c, Instant now) {
        boolean open = repository.devices(c.id()).stream().anyMatch(d -> d.state() == DeviceState.PENDING || DeviceState.IN_FLIGHT.contains(d.state()));
        if (open) {
            return;
        }
        if (c.state() == CampaignState.RUNNING) {
            if (repository.changeState(c.id(), EnumSet.of(CampaignState.RUNNING), CampaignState.COMPLETED, "every device finished", now)) {
                campaignEvent(c, "completed", "every device finished");
            }
            nextStart.remove(c.id());
        } else if (c.state() == CampaignState.CANCELLED) {
            repository.markFinished(c.id(), now);
            nextStart.remove(c.id());
        }
    }

    private void deviceEvent(Campaign c, CampaignDevice r, DeviceState state, String detail) {
        events.record(Event.of(EventTypes.FIRMWARE_CAMPAIGN, state.lower(), r.mac().hex(), r.siteId(), "campaign " + c.id(),
                "campaign " + c.id() + " (" + c.vendor() + " " + c.version() + (r.canary() ? ", canary" : "") + "): " + detail));
    }

    private void campaignEvent(Campaign c, String outcome, String detail) {
        events.record(Event.of(EventTypes.FIRMWARE_CAMPAIGN, outcome, null, null, "campaign " + c.id(), "campaign " + c.id() + " " + c.name()
                + ": " + detail));
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        notifies.shutdown();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
            // NOTIFYs under way get a moment to record their answer; the rest is requeued by whoever drives next
            notifies.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        notifies.shutdownNow();
        try {
            repository.releaseLeases(node);
        } catch (RuntimeException e) {
            log.warn("could not release campaign leases: {}", e.getMessage());
        }
    }
}
