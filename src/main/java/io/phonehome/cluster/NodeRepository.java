package io.phonehome.cluster;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import io.phonehome.store.UniqueViolationException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** SQL for {@code nodes} and {@code cluster_secret}. */
public final class NodeRepository {
    /**
     * A node as the table says: its relay address, when it last wrote a heartbeat, and how long ago
     * that was by the database's clock (so the nodes' own clocks need not agree).
     */
    public record Node(String name, String sipAddress, Instant startedAt, Instant lastSeen, long silentMillis) {
    }

    private final Jdbc jdbc;

    public NodeRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** This node starts (again): its row with a fresh start time and heartbeat. */
    public void started(String name, String sipAddress) {
        jdbc.inTransaction(() -> {
            int n = jdbc.update(Table.NODES, "UPDATE nodes SET sip_address = ?, started_at = CURRENT_TIMESTAMP, last_seen = CURRENT_TIMESTAMP"
                    + " WHERE name = ?", sipAddress, name);
            if (n == 0) {
                jdbc.update(Table.NODES, "INSERT INTO nodes (name, sip_address, started_at, last_seen) VALUES (?, ?, CURRENT_TIMESTAMP,"
                        + " CURRENT_TIMESTAMP)", name, sipAddress);
            }
        });
    }

    /** A heartbeat, by the database's clock; false when the row is gone (deleted by hand), which {@link #started} then writes again. */
    public boolean heartbeat(String name) {
        return jdbc.update(Table.NODES, "UPDATE nodes SET last_seen = CURRENT_TIMESTAMP WHERE name = ?", name) == 1;
    }

    /** Every node that ever started on this database, with its silence measured by the database's clock. */
    public List<Node> all() {
        return jdbc.query("SELECT name, sip_address, started_at, last_seen, CURRENT_TIMESTAMP AS db_now FROM nodes ORDER BY name", rs -> {
            Instant seen = Jdbc.instant(rs, "last_seen");
            return new Node(rs.getString("name"), rs.getString("sip_address"), Jdbc.instant(rs, "started_at"), seen,
                    Math.max(0, Jdbc.instant(rs, "db_now").toEpochMilli() - seen.toEpochMilli()));
        });
    }

    /** The relay secret, made by the first node that asks. */
    public byte[] relaySecret() {
        for (int attempt = 0; attempt < 3; attempt++) {
            var kept = jdbc.queryOne("SELECT secret FROM cluster_secret WHERE id = 1", rs -> rs.getString(1));
            if (kept.isPresent()) {
                return HexFormat.of().parseHex(kept.get());
            }
            byte[] made = new byte[32];
            new SecureRandom().nextBytes(made);
            try {
                jdbc.update(Table.CLUSTER_SECRET, "INSERT INTO cluster_secret (id, secret) VALUES (1, ?)", HexFormat.of().formatHex(made));
                return made;
            } catch (UniqueViolationException e) {
                // another node made it at the same moment: read theirs
            }
        }
        throw new IllegalStateException("cannot read or make the cluster relay secret");
    }
}
