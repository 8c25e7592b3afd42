package io.phonehome.store;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Random secrets kept in the database, so every node on the same database holds the same one:
 * the first node that asks creates it, the others read it. Two nodes starting at once both try to
 * create it; the primary key lets one win and the other reads the winner's. A secret is never
 * changed or logged.
 */
public final class SharedSecrets {
    private final Jdbc jdbc;
    private final SecureRandom random = new SecureRandom();

    public SharedSecrets(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The secret named {@code name}, created with {@code bytes} random bytes if there is none yet. */
    public byte[] secret(String name, int bytes) {
        Optional<byte[]> held = read(name);
        if (held.isPresent()) {
            return held.get();
        }
        byte[] fresh = new byte[bytes];
        random.nextBytes(fresh);
        try {
            jdbc.update(Table.SHARED_SECRETS, "INSERT INTO shared_secrets (name, secret, created_at) VALUES (?, ?, ?)",
                    name, Base64.getEncoder().encodeToString(fresh), Instant.now());
            return fresh;
        } catch (UniqueViolationException another) {
            // another node created it between our read and our insert: its secret is the one
            return read(name).orElseThrow(() -> new StoreException("shared secret " + name + " vanished after a conflicting insert"));
        }
    }

    private Optional<byte[]> read(String name) {
        return jdbc.queryOne("SELECT secret FROM shared_secrets WHERE name = ?", rs -> Base64.getDecoder().decode(rs.getString(1)), name);
    }
}
