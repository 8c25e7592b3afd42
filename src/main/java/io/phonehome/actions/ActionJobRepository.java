package io.phonehome.actions;

import io.phonehome.inventory.Mac;
import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SQL for {@code action_jobs} and {@code action_job_items}: mass actions as rows any node can
 * drive. A node claims one item at a time with {@code SELECT ... FOR UPDATE SKIP LOCKED} (two
 * nodes never wait for each other nor take the same item) under a lease; an item whose lease ran
 * out (its node died while the phone was being notified) is claimed again. The outcome of an item
 * is written only by the node that still holds its claim.
 */
public final class ActionJobRepository {
    /** A claimed item: what to notify, for which job. */
    public record Claim(long itemId, long jobId, NotifyKind kind, String requestedBy, ActionTarget target) {
    }

    /** A job's fixed facts (its progress is in {@link #snapshot}). */
    public record Header(long id, NotifyKind kind, String requestedBy) {
    }

    private final Jdbc jdbc;

    public ActionJobRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes a new job and its items (in the targets' order) in one transaction; returns its id. */
    public long create(NotifyKind kind, List<ActionTarget> targets, String requestedBy, String description, Instant now) {
        return jdbc.inTransaction(() -> {
            long id = jdbc.insert(Table.ACTION_JOBS, "INSERT INTO action_jobs (kind, requested_by, description, state, total, created_at, finished_at)"
                    + " VALUES (?,?,?,?,?,?,?)", kind.name(), cut(requestedBy, 200), cut(description, 1000),
                    targets.isEmpty() ? ActionJob.State.DONE.name() : ActionJob.State.RUNNING.name(), targets.size(), now,
                    targets.isEmpty() ? now : null);
            List<Object[]> rows = new ArrayList<>(targets.size());
            for (int i = 0; i < targets.size(); i++) {
                ActionTarget t = targets.get(i);
                rows.add(new Object[] {id, i, t.mac().hex(), t.siteId(), "PENDING"});
            }
            jdbc.batch(Table.ACTION_JOB_ITEMS, "INSERT INTO action_job_items (job_id, position, mac, site_id, state) VALUES (?,?,?,?,?)", rows);
            return id;
        });
    }

    /**
     * Claims the next item for {@code node} until {@code leaseUntil}: a pending one, or one whose
     * lease ran out before {@code now}; lowest position first, so running jobs take turns. Items of
     * a cancelled job met on the way are cancelled instead.
     */
    public Optional<Claim> claim(String node, Instant now, Instant leaseUntil) {
        for (int attempt = 0; attempt < 20; attempt++) {
            Optional<Optional<Claim>> step = jdbc.inTransaction(() -> {
                Optional<Object[]> row = jdbc.queryOne("SELECT id, job_id, mac, site_id FROM action_job_items"
                        + " WHERE state = 'PENDING' OR (state = 'CLAIMED' AND lease_until < ?)"
                        + " ORDER BY position, id FETCH FIRST 1 ROWS ONLY FOR UPDATE SKIP LOCKED",
                        rs -> new Object[] {rs.getLong("id"), rs.getLong("job_id"), rs.getString("mac"), (Long) rs.getObject("site_id", Long.class)},
                        now);
                if (row.isEmpty()) {
                    return Optional.of(Optional.<Claim>empty());
                }
                long itemId = (Long) row.get()[0];
                long jobId = (Long) row.get()[1];
                Optional<Object[]> job = jdbc.queryOne("SELECT kind, requested_by, state FROM action_jobs WHERE id = ?",
                        rs -> new Object[] {rs.getString("kind"), rs.getString("requested_by"), rs.getString("state")}, jobId);
                if (job.isEmpty() || !ActionJob.State.RUNNING.name().equals(job.get()[2])) {
                    jdbc.update(Table.ACTION_JOB_ITEMS, "UPDATE action_job_items SET state = 'CANCELLED', lease_owner = NULL, lease_until = NULL"
                            + " WHERE id = ?", itemId);
                    finishIfOver(jobId, now);
                    return Optional.<Optional<Claim>>empty(); // look again
                }
                jdbc.update(Table.ACTION_JOB_ITEMS, "UPDATE action_job_items SET state = 'CLAIMED', lease_owner = ?, lease_until = ? WHERE id = ?",
                        node, leaseUntil, itemId);
                return Optional.of(Optional.of(new Claim(itemId, jobId, NotifyKind.valueOf((String) job.get()[0]), (String) job.get()[1],
                        new ActionTarget(Mac.parse((String) row.get()[2]), (Long) row.get()[3]))));
            });
            if (step.isPresent()) {
                return step.get();
            }
        }
        return Optional.empty();
    }

    /** Renews the leases of every item {@code node} holds (it is alive and still waiting for those phones). */
    public int renew(String node, Instant leaseUntil) {
        return jdbc.update(Table.ACTION_JOB_ITEMS, "UPDATE action_job_items SET lease_until = ? WHERE lease_owner = ? AND state = 'CLAIMED'",
                leaseUntil, node);
    }

    /**
     * Writes an item's outcome if {@code node} still holds its claim (false otherwise: the lease
     * ran out and another node took it, or the job was cancelled meanwhile), and ends the job when
     * that was its last item.
     */
    public boolean finish(Claim claim, String node, NotifyResult r, Instant now) {
        return jdbc.inTransaction(() -> {
            int n = jdbc.update(Table.ACTION_JOB_ITEMS, "UPDATE action_job_items SET state = 'DONE', outcome = ?, status = ?, detail = ?,"
                    + " finished_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND state = 'CLAIMED' AND lease_owner = ?",
                    r.outcome().name(), r.status(), cut(r.detail(), 1000), now, claim.itemId(), node);
            finishIfOver(claim.jobId(), now);
            return n == 1;
        });
    }

    /**
     * Ends the job when no item is pending or under way. The job's row is locked first: two nodes
     * finishing its last two items at once would otherwise each still see the other's item under
     * way (neither committed yet) and neither would end the job; locked, the second one to get
     * here sees the first one's committed item.
     */
    private void finishIfOver(long jobId, Instant now) {
        jdbc.queryOne("SELECT id FROM action_jobs WHERE id = ? FOR UPDATE", rs -> rs.getLong(1), jobId);
        String none = " AND NOT EXISTS (SELECT 1 FROM action_job_items WHERE job_id = ? AND state IN ('PENDING', 'CLAIMED'))";
        jdbc.update(Table.ACTION_JOBS, "UPDATE action_jobs SET state = 'DONE', finished_at = ? WHERE id = ? AND state = 'RUNNING'" + none,
                now, jobId, jobId);
        jdbc.update(Table.ACTION_JOBS, "UPDATE action_jobs SET finished_at = ? WHERE id = ? AND finished_at IS NULL" + none, now, jobId, jobId);
    }

    /** Cancels a running job: its pending items are never notified. False when it had already ended (or does not exist). */
    public boolean cancel(long jobId, Instant now) {
        return jdbc.inTransaction(() -> {
            int n = jdbc.update(Table.ACTION_JOBS, "UPDATE action_jobs SET state = 'CANCELLED' WHERE id = ? AND state = 'RUNNING'", jobId);
            if (n == 0) {
                return false;
            }
            jdbc.update(Table.ACTION_JOB_ITEMS, "UPDATE action_job_items SET state = 'CANCELLED' WHERE job_id = ? AND state = 'PENDING'", jobId);
            finishIfOver(jobId, now);
            return true;
        });
    }

    public Optional<Header> header(long jobId) {
        return jdbc.queryOne("SELECT id, kind, requested_by FROM action_jobs WHERE id = ?",
                rs -> new Header(rs.getLong("id"), NotifyKind.valueOf(rs.getString("kind")), rs.getString("requested_by")), jobId);
    }

    /** The newest jobs first. */
    public List<Header> recent(int limit) {
        return jdbc.query("SELECT id, kind, requested_by FROM action_jobs ORDER BY id DESC OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY",
                rs -> new Header(rs.getLong("id"), NotifyKind.valueOf(rs.getString("kind")), rs.getString("requested_by")), limit);
    }

    /** A job's progress as the rows say now (which node drives which item does not matter to it). */
    public Optional<ActionJob.Snapshot> snapshot(long jobId, boolean withResults) {
        return jdbc.inTransaction(() -> {
            Optional<Object[]> job = jdbc.queryOne("SELECT kind, requested_by, description, state, total, created_at, finished_at FROM action_jobs"
                    + " WHERE id = ?", rs -> new Object[] {rs.getString("kind"), rs.getString("requested_by"), rs.getString("description"),
                    rs.getString("state"), rs.getInt("total"), Jdbc.instant(rs, "created_at"),
                    rs.getObject("finished_at") == null ? null : Jdbc.instant(rs, "finished_at")}, jobId);
            if (job.isEmpty()) {
                return Optional.<ActionJob.Snapshot>empty();
            }
            Map<String, Integer> byState = new java.util.HashMap<>();
            Map<NotifyResult.Outcome, Integer> outcomes = new EnumMap<>(NotifyResult.Outcome.class);
            jdbc.query("SELECT state, outcome, COUNT(*) AS n FROM action_job_items WHERE job_id = ? GROUP BY state, outcome", rs -> {
                int n = rs.getInt("n");
                byState.merge(rs.getString("state"), n, Integer::sum);
                if (rs.getString("outcome") != null && "DONE".equals(rs.getString("state"))) {
                    outcomes.merge(NotifyResult.Outcome.valueOf(rs.getString("outcome")), n, Integer::sum);
                }
                return null;
            }, jobId);
            List<ActionJob.Result> results = !withResults ? List.of() : jdbc.query("SELECT mac, outcome, status, detail, finished_at"
                    + " FROM action_job_items WHERE job_id = ? AND state = 'DONE' ORDER BY finished_at, id", rs -> new ActionJob.Result(
                    Mac.parse(rs.getString("mac")).colons(), NotifyResult.Outcome.valueOf(rs.getString("outcome")), rs.getInt("status"),
                    rs.getString("detail"), Jdbc.instant(rs, "finished_at")), jobId);
            Object[] j = job.get();
            return Optional.of(new ActionJob.Snapshot(jobId, NotifyKind.valueOf((String) j[0]), (String) j[1], (String) j[2],
                    ActionJob.State.valueOf((String) j[3]), (Integer) j[4], byState.getOrDefault("PENDING", 0), byState.getOrDefault("CLAIMED", 0),
                    outcomes, byState.getOrDefault("CANCELLED", 0), (Instant) j[5], (Instant) j[6], results));
        });
    }

    private static String cut(String s, int max) {
        String t = s == null ? "" : s;
        return t.length() > max ? t.substring(0, max) : t;
    }
}
