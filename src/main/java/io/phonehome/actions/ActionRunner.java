package io.phonehome.actions;

import io.phonehome.events.Event;
import io.phonehome.events.EventTypes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs remote actions (re-sync, reboot) over many devices at a pace: one ticker for the whole
 * process starts at most {@code action_devices_per_second} NOTIFYs per second, shared round-robin
 * between running jobs, so "reboot the whole site" (or two sites at once) can never turn into a
 * boot storm that flattens the provisioning listener. A NOTIFY blocks until the phone answers or
 * the transaction times out, so the notifications themselves run on a small bounded pool; when
 * that pool is full, ticks are skipped rather than queued (the pace only slows).
 *
 * <p>Each outcome is recorded as an {@code action} event. Built with an {@link ActionJobRepository}
 * (what the server does), jobs and their items are rows that every node's runner claims one item
 * at a time under a lease ({@link Claimer}): any node can drive a job started on another, and the
 * items a dead node had claimed are taken again once their lease ran out; the pace is per node.
 * Without one (unit tests), jobs and their progress live in memory (the last {@link #KEEP_JOBS}).
 */
public final class ActionRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ActionRunner.class);
    /** NOTIFYs awaiting their answer at once, across all jobs. */
    public static final int MAX_IN_FLIGHT = 16;
    /** Finished jobs kept for the API before the oldest is forgotten. */
    public static final int KEEP_JOBS = 100;

    private final DeviceNotifier notifier;
    private final Consumer<Event> events;
    private final Clock clock;
    private final ExecutorService workers;
    /** The pace: {@code action_devices_per_second}, at most {@link #MAX_IN_FLIGHT} NOTIFYs awaiting their answer. */
    private final Pacer pacer;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, ActionJob> jobs = new LinkedHashMap<>();
    /** Where jobs are kept when several nodes share them; null: in memory only. */
    private final ActionJobRepository repository;
    private final String node;
    private final java.time.Duration lease;
    private volatile boolean closed;
    private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(daemon("action-leases"));

    /** A runner with its own ticker at {@code devicesPerSecond} and its own worker threads. */
    public ActionRunner(DeviceNotifier notifier, Consumer<Event> events, int devicesPerSecond) {
        this(notifier, events, Clock.systemUTC(), Executors.newFixedThreadPool(MAX_IN_FLIGHT, daemon("action-notify")),
                Executors.newSingleThreadScheduledExecutor(daemon("action-ticker")), devicesPerSecond);
    }

    /**
     * For tests: {@code ticker} null means nobody ticks except the test ({@link #tick()}), and a
     * direct {@code workers} executor makes every notification finish inside the tick.
     */
    ActionRunner(DeviceNotifier notifier, Consumer<Event> events, Clock clock, ExecutorService workers, ScheduledExecutorService ticker,
                 int devicesPerSecond) {
        this(notifier, events, clock, workers, ticker, devicesPerSecond, null, "", java.time.Duration.ZERO);
    }

    /**
     * A runner whose jobs are rows of {@code repository}, driven by every node: this one claims
     * items as {@code node}, each for {@code lease} (longer than a NOTIFY can wait for its answer).
     */
    public ActionRunner(DeviceNotifier notifier, Consumer<Event> events, int devicesPerSecond, ActionJobRepository repository, String node,
                        java.time.Duration lease) {
        this(notifier, events, Clock.systemUTC(), Executors.newFixedThreadPool(MAX_IN_FLIGHT, daemon("action-notify")),
                Executors.newSingleThreadScheduledExecutor(daemon("action-ticker")), devicesPerSecond, repository, node, lease);
    }

    ActionRunner(DeviceNotifier notifier, Consumer<Event> events, Clock clock, ExecutorService workers, ScheduledExecutorService ticker,
                 int devicesPerSecond, ActionJobRepository repository, String node, java.time.Duration lease) {
        if (devicesPerSecond < 1) {
            throw new IllegalArgumentException("devicesPerSecond must be at least 1");
        }
        this.notifier = notifier;
        this.events = events;
        this.clock = clock;
        this.workers = workers;
        this.pacer = new Pacer(ticker, devicesPerSecond, MAX_IN_FLIGHT);
        this.repository = repository;
        this.node = node;
        this.lease = lease;
        if (repository != null) {
            pacer.add(new Claimer());
        }
    }

    /**
     * Starts the ticker thread (building a runner starts none: the composition root decides when
     * threads run). Without a ticker (tests) nothing ticks but {@link #tick()}.
     */
    public ActionRunner startTicking() {
        pacer.startTicking();
        if (repository != null) {
            // a claim lasts while this node lives: renewed three times per lease, so a NOTIFY may wait
            // longer than the lease; only a node that stopped renewing (it died) loses its devices
            long every = Math.max(200, lease.toMillis() / 3);
            leases.scheduleWithFixedDelay(this::renewLeases, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void renewLeases() {
        try {
            if (!closed) {
                repository.renew(node, clock.instant().plus(lease));
            }
        } catch (RuntimeException e) {
            log.warn("cannot renew the leases of claimed action items: {}", e.getMessage());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Queues an action over {@code targets}; it starts at the next tick. */
    public ActionJob start(NotifyKind kind, List<ActionTarget> targets, String requestedBy, String description) {
        if (repository != null) {
            long id = repository.create(kind, targets, requestedBy, description, clock.instant());
            log.info("action {} ({}) over {} device(s) queued by {}", id, kind.name().toLowerCase(Locale.ROOT), targets.size(), requestedBy);
            idleUntil = 0; // claim at the next tick, not after the idle pause
            return stored(id, kind, requestedBy);
        }
        ActionJob job = new ActionJob(ids.incrementAndGet(), kind, targets, requestedBy, description, clock.instant());
        synchronized (jobs) {
            jobs.put(job.id(), job);
            forgetOldJobs();
        }
        pacer.add(new Paced(job));
        log.info("action {} ({}) over {} device(s) queued by {}", job.id(), kind.name().toLowerCase(Locale.ROOT), targets.size(), requestedBy);
        return job;
    }

    /**
     * One device, now, on the caller's thread (the API's single-device action): not paced, since it
     * is one NOTIFY; still recorded as an event like every other.
     */
    public NotifyResult runOne(ActionTarget target, NotifyKind kind, String requestedBy) {
        NotifyResult r = notifySafely(target, kind);
        record(target, kind, r, requestedBy, null);
        return r;
    }

    public Optional<ActionJob> find(long id) {
        if (repository != null) {
            return repository.header(id).map(h -> stored(h.id(), h.kind(), h.requestedBy()));
        }
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    /** Jobs, newest first. */
    public List<ActionJob> list() {
        if (repository != null) {
            return repository.recent(KEEP_JOBS).stream().map(h -> stored(h.id(), h.kind(), h.requestedBy())).toList();
        }
        synchronized (jobs) {
            List<ActionJob> out = new ArrayList<>(jobs.values());
            java.util.Collections.reverse(out);
            return out;
        }
    }

    public boolean cancel(long id) {
        if (repository != null) {
            boolean stopped = repository.cancel(id, clock.instant());
            if (stopped) {
                log.info("action {} cancelled", id);
            }
            return stopped;
        }
        return find(id).map(j -> {
            boolean stopped = j.cancel(clock.instant());
            if (stopped) {
                log.info("action {} cancelled", id);
            }
            return stopped;
        }).orElse(false);
    }

    /** Starts the next device of the next job that has one (round-robin); package-private for tests. */
    void tick() {
        pacer.tick();
    }

    private ActionJob stored(long id, NotifyKind kind, String requestedBy) {
        return new ActionJob(id, kind, requestedBy, withResults -> repository.snapshot(id, withResults)
                .orElseThrow(() -> new IllegalStateException("action " + id + " is gone")));
    }

    /** When an empty claim may look again ({@link System#nanoTime}); 0: at once. */
    private volatile long idleUntil;
    /** How long a claimer that found nothing waits before it asks the database again. */
    static final long IDLE_POLL_NANOS = 1_000_000_000L;

    /**
     * The jobs of every node as the pacer sees them: each tick claims one item from the database
     * (whichever job it belongs to), notifies it on the worker pool and writes its outcome while
     * the claim is still this node's. Never finished: it is how this node takes part in all jobs.
     */
    private final class Claimer implements Pacer.Work {
        @Override
        public boolean startNext(Runnable over) {
            if (closed || System.nanoTime() - idleUntil < 0) {
                return false;
            }
            Optional<ActionJobRepository.Claim> claim;
            try {
                java.time.Instant now = clock.instant();
                claim = repository.claim(node, now, now.plus(lease));
            } catch (RuntimeException e) {
                log.warn("cannot claim action items: {}", e.getMessage());
                idleUntil = System.nanoTime() + IDLE_POLL_NANOS;
                return false;
            }
            if (claim.isEmpty()) {
                idleUntil = System.nanoTime() + IDLE_POLL_NANOS;
                return false;
            }
            ActionJobRepository.Claim c = claim.get();
            try {
                workers.execute(() -> {
                    try {
                        NotifyResult r = notifySafely(c.target(), c.kind());
                        if (closed) {
                            return; // this node is going away: the claim's lease hands the item to another
                        }
                        repository.finish(c, node, r, clock.instant());
                        record(c.target(), c.kind(), r, c.requestedBy(), c.jobId());
                    } catch (RuntimeException e) {
                        log.warn("action {}: cannot write the outcome for {}: {}", c.jobId(), c.target().mac(), e.getMessage());
                    } finally {
                        over.run();
                    }
                });
            } catch (RuntimeException e) {
                over.run(); // the claim's lease runs out and the item is taken again
            }
            return true;
        }

        @Override
        public boolean finished() {
            return closed;
        }
    }

    /** A job as the pacer sees it: each device a NOTIFY on the worker pool, over when the phone answered or timed out. */
    private final class Paced implements Pacer.Work {
        private final ActionJob job;

        Paced(ActionJob job) {
            this.job = job;
        }

        @Override
        public boolean startNext(Runnable over) {
            ActionTarget target = job.next();
            if (target == null) {
                return false;
            }
            try {
                workers.execute(() -> {
                    try {
                        NotifyResult r = notifySafely(target, job.kind());
                        job.finished(target, r, clock.instant());
                        record(target, job.kind(), r, job.requestedBy(), job.id());
                    } finally {
                        over.run();
                    }
                });
            } catch (RuntimeException e) {
                over.run();
                job.finished(target, new NotifyResult(NotifyResult.Outcome.ERROR, 0, "could not start: " + e.getMessage()), clock.instant());
            }
            return true;
        }

        @Override
        public boolean finished() {
            return !job.hasPending();
        }
    }

    /** The notifier's contract says it never throws for device-side failures; a bug still must not kill a job. */
    private NotifyResult notifySafely(ActionTarget target, NotifyKind kind) {
        try {
            NotifyResult r = notifier.notify(target.mac(), kind);
            return r != null ? r : new NotifyResult(NotifyResult.Outcome.ERROR, 0, "the notifier returned nothing");
        } catch (RuntimeException e) {
            log.warn("notifying {} failed: {}", target.mac(), e.getMessage());
            return new NotifyResult(NotifyResult.Outcome.ERROR, 0, "notifier failed: " + e.getClass().getSimpleName());
        }
    }

    private void record(ActionTarget target, NotifyKind kind, NotifyResult r, String requestedBy, Long jobId) {
        String detail = kind.name().toLowerCase(Locale.ROOT) + (r.status() > 0 ? " " + r.status() : "")
                + (r.detail() == null || r.detail().isEmpty() ? "" : ": " + r.detail()) + (jobId == null ? "" : " (action " + jobId + ")");
        events.accept(Event.of(EventTypes.ACTION, r.outcome().name().toLowerCase(Locale.ROOT), target.mac().hex(), target.siteId(),
                requestedBy, detail));
    }

    private void forgetOldJobs() {
        if (jobs.size() <= KEEP_JOBS) {
            return;
        }
        Iterator<ActionJob> it = jobs.values().iterator();
        while (jobs.size() > KEEP_JOBS && it.hasNext()) {
            if (it.next().isFinished()) {
                it.remove();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        leases.shutdownNow();
        pacer.close();
        workers.shutdownNow();
    }
}
