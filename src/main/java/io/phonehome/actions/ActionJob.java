package io.phonehome.actions;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One remote action over a set of devices (a device, a site, a selection), run by
 * {@link ActionRunner} at the configured pace. Thread-safe: the runner's threads update it while
 * the admin API reads {@link #snapshot()}s of it.
 */
public final class ActionJob {
    /** Where a job is in its life. */
    public enum State { RUNNING, DONE, CANCELLED }

    /** How one device fared. */
    public record Result(String mac, NotifyResult.Outcome outcome, int status, String detail, Instant at) {
    }

    /**
     * What a job looks like right now.
     *
     * @param pending   devices not yet notified
     * @param inFlight  devices notified and awaiting an answer
     * @param outcomes  devices finished, per outcome
     * @param cancelled devices never notified because the job was cancelled
     */
    public record Snapshot(long id, NotifyKind kind, String requestedBy, String description, State state, int total, int pending,
                           int inFlight, Map<NotifyResult.Outcome, Integer> outcomes, int cancelled, Instant createdAt,
                           Instant finishedAt, List<Result> results) {
    }

    private final long id;
    private final NotifyKind kind;
    private final String requestedBy;
    private final String description;
    private final Instant createdAt;
    private final int total;
    private final Deque<ActionTarget> pending;
    private final Map<NotifyResult.Outcome, Integer> outcomes = new EnumMap<>(NotifyResult.Outcome.class);
    private final List<Result> results = new ArrayList<>();
    private int inFlight;
    private int cancelled;
    private State state = State.RUNNING;
    private Instant finishedAt;
    /** A job whose rows any node drives: its progress is read from the database, nothing is held here. */
    private final java.util.function.Function<Boolean, Snapshot> stored;

    ActionJob(long id, NotifyKind kind, List<ActionTarget> targets, String requestedBy, String description, Instant createdAt) {
        this.id = id;
        this.kind = kind;
        this.requestedBy = requestedBy;
        this.description = description;
        this.createdAt = createdAt;
        this.total = targets.size();
        this.pending = new ArrayDeque<>(targets);
        this.stored = null;
        if (targets.isEmpty()) {
            state = State.DONE;
            finishedAt = createdAt;
        }
    }

    /** A job kept in {@code action_jobs}: {@link #snapshot} reads its rows. */
    ActionJob(long id, NotifyKind kind, String requestedBy, java.util.function.Function<Boolean, Snapshot> stored) {
        this.id = id;
        this.kind = kind;
        this.requestedBy = requestedBy;
        this.description = "";
        this.createdAt = null;
        this.total = 0;
        this.pending = new ArrayDeque<>();
        this.stored = stored;
    }

    public long id() {
        return id;
    }

    public NotifyKind kind() {
        return kind;
    }

    public String requestedBy() {
        return requestedBy;
    }

    synchronized ActionTarget next() {
        if (state != State.RUNNING) {
            return null;
        }
        ActionTarget t = pending.poll();
        if (t != null) {
            inFlight++;
        }
        return t;
    }

    synchronized boolean hasPending() {
        return state == State.RUNNING && !pending.isEmpty();
    }

    synchronized void finished(ActionTarget t, NotifyResult r, Instant at) {
        inFlight--;
        outcomes.merge(r.outcome(), 1, Integer::sum);
        results.add(new Result(t.mac().colons(), r.outcome(), r.status(), r.detail(), at));
        maybeDone(at);
    }

    /** Stops the job: devices not yet notified are never notified. Returns false when it had already ended. */
    synchronized boolean cancel(Instant at) {
        if (state != State.RUNNING) {
            return false;
        }
        cancelled += pending.size();
        pending.clear();
        state = State.CANCELLED;
        if (inFlight == 0) {
            finishedAt = at;
        }
        return true;
    }

    private void maybeDone(Instant at) {
        if (inFlight == 0 && pending.isEmpty()) {
            if (state == State.RUNNING) {
                state = State.DONE;
            }
            if (finishedAt == null) {
                finishedAt = at;
            }
        }
    }

    public synchronized boolean isFinished() {
        if (stored != null) {
            return stored.apply(false).finishedAt() != null;
        }
        return finishedAt != null;
    }

    /** @param withResults include every device's result (can be long for a large site) */
    public synchronized Snapshot snapshot(boolean withResults) {
        if (stored != null) {
            return stored.apply(withResults);
        }
        return new Snapshot(id, kind, requestedBy, description, state, total, pending.size(), inFlight, new EnumMap<>(outcomes), cancelled,
                createdAt, finishedAt, withResults ? List.copyOf(results) : List.of());
    }
}
