package io.phonehome.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Who changed what, when, with the state before and after, secrets masked. Written with the
 * change, in its transaction (callers wrap both in {@link Jdbc#inTransaction}), so there is no
 * change without its entry and no entry for a change that did not happen.
 */
final class AuditLog {
    /** One entry; {@code before}/{@code after} are null for a creation/deletion. */
    record Entry(long id, Instant at, String actor, Long actorTokenId, String actorRole, String source, String action, String target,
                 JsonNode before, JsonNode after) {
    }

    /** Filters; null means any. {@code beforeId} pages backwards. */
    record Query(String actor, String action, String target, Instant since, Instant until, Long beforeId, int limit) {
    }

    private final Jdbc jdbc;

    AuditLog(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param action e.g. {@code device.update}
     * @param target what it was done to, e.g. a MAC or {@code site 3}
     * @param before any JSON-able value (masked here), or null
     * @param after  any JSON-able value (masked here), or null
     */
    void record(Actor actor, String action, String target, Object before, Object after) {
        record(actor.name(), actor.tokenId(), actor.role(), actor.source(), action, target, before, after);
    }

    /** The same, for an actor that is not an API call (a console page; {@code tokenId} null for a person's account). */
    void record(String actor, Long tokenId, Role role, String source, String action, String target, Object before, Object after) {
        jdbc.update(Table.AUDIT_LOG, "INSERT INTO audit_log (at, actor, actor_token_id, actor_role, source, action, target, before_json, after_json) "
                        + "VALUES (?,?,?,?,?,?,?,?,?)", Instant.now(), actor, tokenId, role.lower(), source, action,
                target.length() > 200 ? target.substring(0, 197) + "..." : target, text(before), text(after));
    }

    private static String text(Object value) {
        JsonNode masked = Secrets.masked(value);
        if (masked == null) {
            return null;
        }
        try {
            return AdminJson.MAPPER.writeValueAsString(masked);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit value does not serialise", e);
        }
    }

    /** Entries, newest first. */
    List<Entry> query(Query q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_log WHERE 1=1");
        List<Object> args = new ArrayList<>();
        if (q.actor() != null) {
            sql.append(" AND actor = ?");
            args.add(q.actor());
        }
        if (q.action() != null) {
            sql.append(q.action().endsWith(".") ? " AND action LIKE ?" : " AND action = ?");
            args.add(q.action().endsWith(".") ? q.action() + "%" : q.action());
        }
        if (q.target() != null) {
            sql.append(" AND target = ?");
            args.add(q.target());
        }
        if (q.since() != null) {
            sql.append(" AND at >= ?");
            args.add(q.since());
        }
        if (q.until() != null) {
            sql.append(" AND at < ?");
            args.add(q.until());
        }
        if (q.beforeId() != null) {
            sql.append(" AND id < ?");
            args.add(q.beforeId());
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(q.limit());
        return jdbc.query(sql.toString(), rs -> new Entry(rs.getLong("id"), Jdbc.instant(rs, "at"), rs.getString("actor"),
                rs.getObject("actor_token_id", Long.class), rs.getString("actor_role"), rs.getString("source"), rs.getString("action"),
                rs.getString("target"), tree(rs.getString("before_json")), tree(rs.getString("after_json"))), args.toArray());
    }

    private static JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return AdminJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored audit JSON is corrupt", e);
        }
    }
}
