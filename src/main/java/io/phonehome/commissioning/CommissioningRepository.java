package io.phonehome.commissioning;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The rows of {@code commissioning_runs} and their {@code commissioning_lines}. */
public final class CommissioningRepository {
    private static final String RUN_COLUMNS = "id, site_id, site_name, source, requested_by, state, created_at, finished_at";
    private final Jdbc jdbc;

    public CommissioningRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** A new running run with all its lines pending; returns the run id. */
    long insert(Long siteId, String siteName, String source, String requestedBy, Instant createdAt, List<RunLine> lines) {
        return jdbc.inTransaction(() -> {
            long id = jdbc.insert(Table.COMMISSIONING_RUNS, "INSERT INTO commissioning_runs (site_id, site_name, source, requested_by, state, "
                    + "created_at) VALUES (?,?,?,?,'running',?)", siteId, siteName, source, requestedBy, createdAt);
            List<Object[]> rows = new ArrayList<>();
            for (RunLine l : lines) {
                rows.add(new Object[] {id, l.position(), l.extension(), l.note(), l.displayName(), l.mac(), l.model(), l.result().label()});
            }
            jdbc.batch(Table.COMMISSIONING_LINES, "INSERT INTO commissioning_lines (run_id, position, extension, note, display_name, mac, model, "
                    + "result) VALUES (?,?,?,?,?,?,?,?)", rows);
            return id;
        });
    }

    void updateLine(long runId, RunLine l) {
        jdbc.update(Table.COMMISSIONING_LINES, "UPDATE commissioning_lines SET result = ?, detail = ?, contact = ?, user_agent = ?, placed_at = ?, "
                        + "answered_at = ?, confirmed_at = ?, ended_at = ? WHERE run_id = ? AND position = ?", l.result().label(),
                clip(l.detail(), 300), clip(l.contact(), 300), clip(l.userAgent(), 200), l.placedAt(), l.answeredAt(), l.confirmedAt(),
                l.endedAt(), runId, l.position());
    }

    void finish(long runId, Run.State state, Instant at) {
        jdbc.update(Table.COMMISSIONING_RUNS, "UPDATE commissioning_runs SET state = ?, finished_at = ? WHERE id = ?", state.label(), at, runId);
    }

    /** Runs left running by a server that stopped: they will not go on. */
    int interruptRunning(Instant at) {
        return jdbc.update(Table.COMMISSIONING_RUNS, "UPDATE commissioning_runs SET state = 'interrupted', finished_at = ? WHERE state = 'running'", at);
    }

    Optional<Run> find(long id) {
        return jdbc.queryOne("SELECT " + RUN_COLUMNS + " FROM commissioning_runs WHERE id = ?", rs -> new Run(rs.getLong("id"),
                (Long) rs.getObject("site_id", Long.class), rs.getString("site_name"), rs.getString("source"), rs.getString("requested_by"),
                Run.State.valueOf(rs.getString("state").toUpperCase(java.util.Locale.ROOT)), Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "finished_at"), List.of()), id).map(r -> new Run(r.id(), r.siteId(), r.siteName(), r.source(), r.requestedBy(),
                r.state(), r.createdAt(), r.finishedAt(), lines(r.id())));
    }

    /** Runs, newest first, without their lines. */
    List<Run> list(int max) {
        return jdbc.query("SELECT " + RUN_COLUMNS + " FROM commissioning_runs ORDER BY id DESC OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY",
                rs -> new Run(rs.getLong("id"), (Long) rs.getObject("site_id", Long.class), rs.getString("site_name"), rs.getString("source"),
                        rs.getString("requested_by"), Run.State.valueOf(rs.getString("state").toUpperCase(java.util.Locale.ROOT)),
                        Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "finished_at"), List.of()), max);
    }

    private List<RunLine> lines(long runId) {
        return jdbc.query("SELECT position, extension, note, display_name, mac, model, result, detail, contact, user_agent, placed_at, "
                        + "answered_at, confirmed_at, ended_at FROM commissioning_lines WHERE run_id = ? ORDER BY position",
                rs -> new RunLine(rs.getInt("position"), rs.getString("extension"), rs.getString("note"), rs.getString("display_name"),
                        rs.getString("mac"), rs.getString("model"), LineResult.ofLabel(rs.getString("result")), rs.getString("detail"),
                        rs.getString("contact"), rs.getString("user_agent"), Jdbc.instant(rs, "placed_at"), Jdbc.instant(rs, "answered_at"),
                        Jdbc.instant(rs, "confirmed_at"), Jdbc.instant(rs, "ended_at")), runId);
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
