package io.phonehome.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One background writer: what a request or a SIP thread hands over waits in memory and is
 * written later, in batches, by one named daemon thread, so no request waits for the database.
 * Every background writer of the server (events, fetches, bindings, download signals, SIP
 * reports, tallies) is one of these, so they share one threading style: built without a thread,
 * {@link #start() started} by the composition root, {@link #close() closed} in reverse order,
 * and a {@link #flush flush} that tests and shutdown wait on.
 *
 * <p><b>Lanes.</b> Items are queued in lanes, emptied in the order they were declared: a
 * {@linkplain Builder#lane bounded lane} never blocks its caller and drops (and counts) what does
 * not fit, so a storm costs a failed {@code offer}, never a wait; a
 * {@linkplain Builder#coalescingLane coalescing lane} holds keys (equal keys merge, so its size
 * is bounded by how many distinct keys exist) and is never dropped: a batch that fails puts its
 * keys back for the next one.
 *
 * <p><b>When batches start.</b> Either {@linkplain Builder#asSoonAsQueued as soon as something is
 * queued} (a batch takes what has arrived meanwhile, up to the maximum batch size), or
 * {@linkplain Builder#atFixedRate at a fixed rate}: a batch starts every period, and right
 * after the previous one when that took longer, so a slow batch does not add the period on top
 * of itself. {@link #flush} starts a batch at once in both modes.
 *
 * <p><b>Failures.</b> A batch writer that throws is logged and the thread goes on with the next
 * batch; items of a bounded lane in that batch are lost (and counted as written, so a flush does
 * not wait for them forever), keys of a coalescing lane are retried. A batch that failed because the
 * database does not answer ({@link io.phonehome.errors.Unavailable}: restart, failover) is kept
 * whole, in order, and written again before anything newer, every {@value #RETRY_MILLIS} ms until the
 * database answers: the writer's transaction was rolled back, so nothing of it is written twice
 * (unless the connection broke during the commit itself, whose outcome no client can know). Meanwhile
 * the lanes fill and a full bounded lane drops, as always.
 *
 * <p>Periodic chores that must run on the same thread as the writes ({@link Builder#alsoEvery})
 * run between batches, with a fixed delay.
 *
 * @param <T> what is queued
 */
public final class WriteBehind<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WriteBehind.class);
    /** How long an idle writer sleeps before it looks again by itself (a missed wake-up costs at most this). */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How long a writer waits before it tries a batch again that failed because the database does not answer. */
    static final long RETRY_MILLIS = 500;

    /** Writes one batch; runs on the writer thread only. May throw: the batch is then logged as failed. */
    @FunctionalInterface
    public interface BatchWriter<T> {
        void write(List<T> batch);
    }

    /** One lane of a {@link WriteBehind}, handed out by the builder so that queuing into it costs no lookup. */
    public abstract static class Lane<T> {
        final String label;
        final AtomicLong dropped = new AtomicLong();
        WriteBehind<T> owner;

        Lane(String label) {
            this.label = label;
        }

        /**
         * Queues {@code item}; never blocks. False (and counted) when a bounded lane is full or
         * the writer is closed.
         */
        public boolean offer(T item) {
            return owner.offer(this, item);
        }

        /** Items this lane refused since the start. */
        public long dropped() {
            return dropped.get();
        }

        abstract boolean add(T item);

        abstract int drainTo(List<T> batch, int max);

        abstract boolean isEmpty();

        abstract boolean retries();
    }

    private static final class BoundedLane<T> extends Lane<T> {
        private final ArrayBlockingQueue<T> queue;

        BoundedLane(String label, int capacity) {
            super(label);
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        @Override
        boolean add(T item) {
            return queue.offer(item);
        }

        @Override
        int drainTo(List<T> batch, int max) {
            return queue.drainTo(batch, max);
        }

        @Override
        boolean isEmpty() {
            return queue.isEmpty();
        }

        @Override
        boolean retries() {
            return false;
        }
    }

    private static final class CoalescingLane<T> extends Lane<T> {
        private final Set<T> keys = ConcurrentHashMap.newKeySet();

        CoalescingLane(String label) {
            super(label);
        }

        @Override
        boolean add(T item) {
            return keys.add(item);
        }

        @Override
        int drainTo(List<T> batch, int max) {
            int n = 0;
            for (var it = keys.iterator(); it.hasNext() && n < max; ) {
                T k = it.next();
                it.remove();
                batch.add(k);
                n++;
            }
            return n;
        }

        @Override
        boolean isEmpty() {
            return keys.isEmpty();
        }

        @Override
        boolean retries() {
            return true;
        }
    }

    private record Chore(long periodNanos, Runnable task) {
    }

    /** Builds a writer; nothing runs until {@link WriteBehind#start()}. */
    public static final class Builder<T> {
        private final String threadName;
        private final String what;
        private final List<Lane<T>> lanes = new ArrayList<>();
        private final List<Chore> chores = new ArrayList<>();
        private int maxBatch = Integer.MAX_VALUE;
        private long periodNanos;

        private Builder(String threadName, String what) {
            this.threadName = threadName;
            this.what = what;
        }

        /** A bounded lane; lanes are emptied in the order they are declared. */
        public Lane<T> lane(String label, int capacity) {
            Lane<T> lane = new BoundedLane<>(label, capacity);
            lanes.add(lane);
            return lane;
        }

        /** A lane of keys that merge and are never dropped; a failed batch puts them back. */
        public Lane<T> coalescingLane(String label) {
            Lane<T> lane = new CoalescingLane<>(label);
            lanes.add(lane);
            return lane;
        }

        /** At most this many items per batch (default: no limit). */
        public Builder<T> maxBatch(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("a batch holds at least one item");
            }
            this.maxBatch = max;
            return this;
        }

        /** A batch starts as soon as something is queued (the default). */
        public Builder<T> asSoonAsQueued() {
            this.periodNanos = 0;
            return this;
        }

        /** A batch starts every {@code period}, and right after the previous one when that took longer. */
        public Builder<T> atFixedRate(Duration period) {
            if (period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("the period must be positive");
            }
            this.periodNanos = period.toNanos();
            return this;
        }

        /** Runs {@code task} on the writer thread every {@code period} (fixed delay), between batches. */
        public Builder<T> alsoEvery(Duration period, Runnable task) {
            chores.add(new Chore(period.toNanos(), task));
            return this;
        }

        public WriteBehind<T> build(BatchWriter<T> writer) {
            return new WriteBehind<>(this, writer);
        }
    }

    /**
     * @param threadName the writer thread's name (what a thread dump and the logs show)
     * @param what       what the items are, for the log (e.g. "event(s)")
     */
    public static <T> Builder<T> named(String threadName, String what) {
        return new Builder<>(threadName, what);
    }

    private final String threadName;
    private final String what;
    private final List<Lane<T>> lanes;
    private final Chore[] chores;
    private final long[] choreDue;
    private final int maxBatch;
    private final long periodNanos;
    private final BatchWriter<T> writer;
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Object progress = new Object();
    private volatile Thread thread;
    /** Set while the writer sleeps with nothing to do; the first offer to clear it wakes the writer, the others need not. */
    private final AtomicBoolean waiting = new AtomicBoolean();
    private volatile boolean flushRequested;
    private volatile boolean closing;
    /** A batch the database did not take because it did not answer, with its lane ends: written again first. Writer thread only. */
    private volatile List<T> held;
    private int[] heldEnds;

    private WriteBehind(Builder<T> b, BatchWriter<T> writer) {
        this.threadName = b.threadName;
        this.what = b.what;
        this.lanes = List.copyOf(b.lanes);
        this.chores = b.chores.toArray(new Chore[0]);
        this.choreDue = new long[chores.length];
        this.maxBatch = b.maxBatch;
        this.periodNanos = b.periodNanos;
        this.writer = writer;
        for (Lane<T> lane : lanes) {
            lane.owner = this;
        }
    }

    /** Starts the writer thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(threadName + " is already started");
        }
        Thread t = new Thread(this::run, threadName);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private boolean offer(Lane<T> lane, T item) {
        if (!closing && lane.add(item)) {
            enqueued.incrementAndGet();
            // a fixed-rate writer wakes at its own time; only an idle as-soon-as-queued one is woken
            if (periodNanos == 0 && waiting.get() && waiting.getAndSet(false)) {
                LockSupport.unpark(thread);
            }
            return true;
        }
        if (lane.retries() && !closing) {
            return true; // merged with the same key, still pending
        }
        long n = lane.dropped.incrementAndGet();
        if (n == 1 || n % 10_000 == 0) {
            log.warn("{} queue full: {} {} dropped so far", lane.label, n, what);
        }
        return false;
    }

    /** Items refused by every lane since the start. */
    public long dropped() {
        long n = 0;
        for (Lane<T> lane : lanes) {
            n += lane.dropped();
        }
        return n;
    }

    /** Batches that failed since the start. */
    public long failures() {
        return failures.get();
    }

    private boolean allEmpty() {
        if (held != null) {
            return false;
        }
        for (Lane<T> lane : lanes) {
            if (!lane.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private void run() {
        long now = System.nanoTime();
        long nextBatch = now + periodNanos;
        for (int i = 0; i < chores.length; i++) {
            choreDue[i] = now + chores[i].periodNanos();
        }
        List<T> batch = new ArrayList<>(Math.min(maxBatch, 4096));
        while (true) {
            boolean stopping = closing;
            now = System.nanoTime();
            for (int i = 0; i < chores.length; i++) {
                if (now - choreDue[i] >= 0 && !stopping) {
                    runChore(chores[i]);
                    choreDue[i] = System.nanoTime() + chores[i].periodNanos();
                }
            }
            boolean due = periodNanos == 0 || now - nextBatch >= 0 || flushRequested || stopping;
            int outcome = NOTHING;
            if (due) {
                if (periodNanos != 0 && now - nextBatch >= 0) {
                    nextBatch += periodNanos;
                    if (nextBatch - now < 0) {
                        nextBatch = now; // behind: the next batch starts right after this one, no burst to catch up
                    }
                }
                flushRequested = false;
                outcome = writeOneBatch(batch);
            }
            if (stopping && (allEmpty() || outcome == FAILED)) {
                if (outcome == FAILED) {
                    log.error("{}: stopped with {} still unwritten", threadName, what);
                }
                return;
            }
            if (outcome == WRITTEN && periodNanos == 0) {
                continue;
            }
            // after a failure an as-soon-as-queued writer waits too, rather than retry in a tight loop
            park(periodNanos == 0 ? now + (held != null ? TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS) : IDLE_NANOS) : nextBatch,
                    periodNanos == 0 && outcome == NOTHING);
        }
    }

    private void park(long until, boolean unlessQueued) {
        for (long due : choreDue) {
            if (due - until < 0) {
                until = due;
            }
        }
        waiting.set(true);
        try {
            // looked at again after announcing the wait: an offer in between sees waiting and unparks
            if (!flushRequested && !closing && !(unlessQueued && !allEmpty())) {
                long nanos = until - System.nanoTime();   // not the loop's now: a batch has run since
                if (nanos > 0) {
                    LockSupport.parkNanos(this, nanos);
                }
            }
        } finally {
            waiting.set(false);
        }
    }

    private static final int NOTHING = 0;
    private static final int WRITTEN = 1;
    private static final int FAILED = 2;

    /** Drains up to one batch from the lanes in order and writes it. */
    private int writeOneBatch(List<T> batch) {
        int[] ends;
        if (held != null) {
            batch.addAll(held);
            ends = heldEnds;
            held = null;
            heldEnds = null;
        } else {
            ends = new int[lanes.size()];
            for (int l = 0; l < lanes.size(); l++) {
                int room = maxBatch - batch.size();
                if (room > 0) {
                    lanes.get(l).drainTo(batch, room);
                }
                ends[l] = batch.size();
            }
        }
        if (batch.isEmpty()) {
            return NOTHING;
        }
        int size = batch.size();
        int finished = size;
        try {
            writer.write(batch);
            return WRITTEN;
        } catch (RuntimeException e) {
            long n = failures.incrementAndGet();
            if (e instanceof io.phonehome.errors.Unavailable) {
                held = new ArrayList<>(batch);
                heldEnds = ends;
                finished = 0;
                if (n == 1 || n % 100 == 0) {
                    log.warn("{}: the database does not answer; keeping {} {} to write again ({} failed batch(es) so far): {}",
                            threadName, size, what, n, e.getMessage());
                }
                return FAILED;
            }
            finished = putBack(batch, ends);
            if (finished == size) {
                log.error("{}: could not write {} {}: {}", threadName, size, what, e.toString());
            } else if (n == 1 || n % 100 == 0) {
                log.warn("{}: could not write {} {} ({} failed batch(es) so far), retrying: {}", threadName, size, what, n, e.toString());
            }
            return FAILED;
        } finally {
            processed.addAndGet(finished);
            batch.clear();
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    /** Puts the keys of coalescing lanes back; returns how many items of the batch are finished with. */
    private int putBack(List<T> batch, int[] ends) {
        int finished = 0;
        int from = 0;
        for (int l = 0; l < lanes.size(); l++) {
            Lane<T> lane = lanes.get(l);
            for (int k = from; k < ends[l]; k++) {
                // lost (a bounded lane), or queued again meanwhile: that newer offer stands for it
                if (!lane.retries() || !lane.add(batch.get(k))) {
                    finished++;
                }
            }
            from = ends[l];
        }
        return finished;
    }

    private void runChore(Chore chore) {
        try {
            chore.task().run();
        } catch (RuntimeException e) {
            log.warn("{}: periodic task failed: {}", threadName, e.toString());
        }
    }

    /**
     * Starts a batch now and waits until everything queued before the call is written (or has
     * failed), at most {@code timeoutMillis}; false on timeout.
     */
    public boolean flush(long timeoutMillis) {
        long target = enqueued.get();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        flushRequested = true;
        LockSupport.unpark(thread);
        synchronized (progress) {
            while (processed.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    progress.wait(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(left))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                if (processed.get() < target) {
                    flushRequested = true;
                    LockSupport.unpark(thread);
                }
            }
        }
        return true;
    }

    /**
     * Refuses new items, writes what is queued and stops the thread (waiting at most five
     * seconds). A writer that was never started writes what is queued on the caller's thread.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closing = true;
            t = thread;
        }
        if (t == null) {
            List<T> batch = new ArrayList<>();
            while (!allEmpty() && writeOneBatch(batch) == WRITTEN) {
                // until empty or a batch fails
            }
            return;
        }
        LockSupport.unpark(t);
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
