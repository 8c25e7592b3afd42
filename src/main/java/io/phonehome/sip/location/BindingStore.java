package io.phonehome.sip.location;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * SQL for {@code sip_bindings}. The unit of writing is a whole address of record.
 *
 * <p>On the embedded H2 a committed transaction is only in memory until H2's background writer
 * stores it (its WRITE_DELAY, half a second by default): a process killed meanwhile loses it. So
 * each batch of bindings ends with a {@code CHECKPOINT}, which writes it to the database file
 * before {@link #replace} returns; a crash of the process can no longer undo it. PostgreSQL
 * commits durably anyway.
 */
public final class BindingStore {
    private static final String COLUMNS = "extension, contact, line_id, device_id, flow, path, user_agent, q, expires_at, call_id, cseq, "
            + "registered_at, updated_at";

    // The statements run per line, on the registrar's path: each must find its rows through an
    // index on what it names (BindingStorePlansTest checks the plans H2 makes on an empty table,
    // which is when the location writer first prepares them and what its cached plans keep).
    /** A line's rows this node wrote (or no node did). */
    static final String DELETE_LINE = "DELETE FROM sip_bindings WHERE extension = ? AND (node = ? OR node = '')";
    /** A contact's row, whichever node wrote it: the phone registered here since. */
    static final String DELETE_CONTACT = "DELETE FROM sip_bindings WHERE extension = ? AND contact = ?";
    static final String ELSEWHERE_FOR_DEVICE = "SELECT node, " + COLUMNS
            + " FROM sip_bindings WHERE device_id = ? AND expires_at > ? AND node <> ? AND node <> ''";
    static final String ELSEWHERE_FOR_EXTENSION = "SELECT node, " + COLUMNS
            + " FROM sip_bindings WHERE extension = ? AND expires_at > ? AND node <> ? AND node <> ''";

    private final Jdbc jdbc;
    /** The node whose bindings this store writes and loads ({@code sip_bindings.node}). */
    private final String node;
    /** Whether a batch ends with a CHECKPOINT: asked of the database by the first batch (null until then). */
    private volatile Boolean checkpoint;

    /** The store of a node alone on its database (its rows carry the empty node name). */
    public BindingStore(Jdbc jdbc) {
        this(jdbc, "");
    }

    /** The store of one node of several: it writes and loads only the rows of the flows it holds. */
    public BindingStore(Jdbc jdbc, String node) {
        this.jdbc = jdbc;
        this.node = node;
    }

    /**
     * The key of the SIP digest nonces: on PostgreSQL, where several nodes may serve the same
     * phones, one kept in the database ({@code shared_secrets}, name {@code sip_digest_nonce}), so
     * a 401 from one node is answered on another (issue 16); on H2, one node alone, null (a key of
     * this process).
     */
    public byte[] sharedNonceKey() {
        return jdbc.dialect() == io.phonehome.store.Dialect.POSTGRESQL
                ? new io.phonehome.store.SharedSecrets(jdbc).secret("sip_digest_nonce", 32) : null;
    }

    public String node() {
        return node;
    }

    private static boolean isH2(Jdbc jdbc) {
        try {
            return jdbc.queryOne("SELECT H2VERSION()", rs -> rs.getString(1)).isPresent();
        } catch (RuntimeException e) {
            return false; // not H2: no such function
        }
    }

    /**
     * This node's bindings that have not expired at {@code nowMillis}, and those written before
     * nodes had names (the empty name), which the first node to start adopts.
     */
    public List<ContactBinding> loadUnexpired(long nowMillis) {
        return jdbc.query("SELECT " + COLUMNS + " FROM sip_bindings WHERE expires_at > ? AND (node = ? OR node = '')", BindingStore::map,
                Instant.ofEpochMilli(nowMillis), node);
    }

    /** Unexpired bindings of a device's lines whose flows other nodes hold. */
    public List<RemoteBinding> elsewhereForDevice(long deviceId, long nowMillis) {
        return jdbc.query(ELSEWHERE_FOR_DEVICE,
                rs -> new RemoteBinding(rs.getString("node"), map(rs)), deviceId, Instant.ofEpochMilli(nowMillis), node);
    }

    /** Unexpired bindings of a line whose flows other nodes hold. */
    public List<RemoteBinding> elsewhereForExtension(String extension, long nowMillis) {
        return jdbc.query(ELSEWHERE_FOR_EXTENSION,
                rs -> new RemoteBinding(rs.getString("node"), map(rs)), extension, Instant.ofEpochMilli(nowMillis), node);
    }

    public int deleteExpired(long nowMillis) {
        return jdbc.update(Table.SIP_BINDINGS, "DELETE FROM sip_bindings WHERE expires_at <= ?", Instant.ofEpochMilli(nowMillis));
    }

    /**
     * Makes this node's stored bindings of each given address of record equal to the given list
     * (empty: all removed), in one transaction. A contact this node now holds replaces another
     * node's row for it: the phone registered here since (its node died, or it moved).
     */
    public void replace(Map<String, List<ContactBinding>> aors) {
        if (aors.isEmpty()) {
            return;
        }
        List<Object[]> deletes = new ArrayList<>(aors.size());
        List<Object[]> inserts = new ArrayList<>(aors.size());
        List<Object[]> moved = new ArrayList<>(aors.size());
        for (Map.Entry<String, List<ContactBinding>> e : aors.entrySet()) {
            deletes.add(new Object[] {e.getKey(), node});
            for (ContactBinding b : e.getValue()) {
                inserts.add(row(b));
                moved.add(new Object[] {b.extension(), b.contact()});
            }
        }
        jdbc.inTransaction(() -> {
            jdbc.batch(Table.SIP_BINDINGS, DELETE_LINE, deletes);
            jdbc.batch(Table.SIP_BINDINGS, DELETE_CONTACT, moved);
            jdbc.batch(Table.SIP_BINDINGS, "INSERT INTO sip_bindings (" + COLUMNS + ", node) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", inserts);
        });
        if (checkpoint == null) {
            checkpoint = isH2(jdbc);
        }
        if (checkpoint) {
            try {
                jdbc.execute("CHECKPOINT");
            } catch (RuntimeException e) {
                // an H2 user without admin rights may not: the batch is committed, only less durable
                checkpoint = false;
                LoggerFactory.getLogger(BindingStore.class).warn("cannot CHECKPOINT after writing SIP bindings ({}): H2 stores them"
                        + " with its own write delay, and a crash can lose that much more", e.getMessage());
            }
        }
    }

    private Object[] row(ContactBinding b) {
        return new Object[] {b.extension(), b.contact(), b.lineId(), b.deviceId(), b.flow().toString(), String.join("\n", b.path()),
                b.userAgent(), b.q(), Instant.ofEpochMilli(b.expiresAt()), b.callId(), b.cseq(), Instant.ofEpochMilli(b.registeredAt()),
                Instant.ofEpochMilli(b.updatedAt()), node};
    }

    private static ContactBinding map(ResultSet rs) throws SQLException {
        String path = rs.getString("path");
        Collection<String> paths = path == null || path.isEmpty() ? List.of() : Arrays.asList(path.split("\n"));
        long expires = Jdbc.instant(rs, "expires_at").toEpochMilli();
        return new ContactBinding(rs.getString("extension"), rs.getLong("line_id"), rs.getLong("device_id"), rs.getString("contact"),
                Flow.parse(rs.getString("flow")), List.copyOf(paths), rs.getString("user_agent"), rs.getFloat("q"), expires,
                rs.getString("call_id"), rs.getLong("cseq"), Jdbc.instant(rs, "registered_at").toEpochMilli(),
                Jdbc.instant(rs, "updated_at").toEpochMilli(), expires);
    }
}
