package io.phonehome.actions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pace of a mass action, the one of {@link ActionRunner}'s NOTIFYs and of commissioning calls,
 * whose items end later than they start (a NOTIFY waits for its answer, a call placed rings and
 * is answered seconds later): one ticker starts at most
 * {@code perSecond} items per second, shared round-robin between the running works, and at most
 * {@code atOnce} items are under way at once; when that many are, ticks are skipped rather than
 * queued (the pace only slows). A work hands its items out itself and says when each is over.
 */
public final class Pacer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pacer.class);

    /** Something paced: a run over many targets. Called on the ticker thread. */
    public interface Work {
        /**
         * Starts the next item, or returns false when there is none (now). {@code over} must be
         * run once when the started item is over (it frees its place among the {@code atOnce}).
         */
        boolean startNext(Runnable over);

        /** No item will come any more: the pacer forgets it. */
        boolean finished();
    }

    private final ScheduledExecutorService ticker;
    private final long periodMicros;
    private final Semaphore underWay;
    private final List<Work> works = new ArrayList<>();
    private int next;

    /** A pacer with its own ticker thread named {@code name}, started by {@link #startTicking()}. */
    public Pacer(String name, int perSecond, int atOnce) {
        this(Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }), perSecond, atOnce);
    }

    /** For tests: {@code ticker} null means only {@link #tick()} starts items. */
    Pacer(ScheduledExecutorService ticker, int perSecond, int atOnce) {
        if (perSecond < 1 || atOnce < 1) {
            throw new IllegalArgumentException("perSecond and atOnce must be at least 1");
        }
        this.ticker = ticker;
        this.periodMicros = 1_000_000L / perSecond;
        this.underWay = new Semaphore(atOnce);
    }

    public Pacer startTicking() {
        if (ticker != null) {
            ticker.scheduleAtFixedRate(this::tickSafely, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
        }
        return this;
    }

    public void add(Work work) {
        synchronized (works) {
            works.add(work);
        }
    }

    /** Starts one item of the next work that has one (round-robin). */
    void tick() {
        if (!underWay.tryAcquire()) {
            return;
        }
        List<Work> snapshot;
        synchronized (works) {
            works.removeIf(Work::finished);
            snapshot = List.copyOf(works);
        }
        for (int i = 0; i < snapshot.size(); i++) {
            Work w = snapshot.get(Math.floorMod(next++, snapshot.size()));
            AtomicBoolean released = new AtomicBoolean();
            Runnable over = () -> {
                if (released.compareAndSet(false, true)) {
                    underWay.release();
                }
            };
            boolean started;
            try {
                started = w.startNext(over);
            } catch (RuntimeException e) {
                log.warn("a paced item failed to start: {}", e.toString(), e);
                started = false;
            }
            if (started) {
                return;
            }
            over.run();
            if (!underWay.tryAcquire()) {
                return;
            }
        }
        underWay.release();
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.error("pacer tick failed", e);
        }
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }
}
