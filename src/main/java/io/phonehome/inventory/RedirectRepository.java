package io.phonehome.inventory;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.time.Instant;
import java.util.Optional;

/** SQL for the redirect columns of devices (see {@link Redirect}). */
public final class RedirectRepository {
    private final Jdbc jdbc;

    public RedirectRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The device's redirect, or empty when it is provisioned here (or unassigned). */
    public Optional<Redirect> find(long deviceId) {
        return jdbc.queryOne("SELECT redirect_url, redirect_username, redirect_password FROM devices WHERE id = ? AND redirect_url IS NOT NULL",
                rs -> new Redirect(rs.getString(1), rs.getString(2), rs.getString(3)), deviceId);
    }

    /**
     * Sets (or, with null, clears) the redirect. A redirected device has no site: the caller has
     * cleared it in the same transaction (the database refuses both at once). Bumps the revision
     * only when something changed, so the render cache stays valid otherwise.
     */
    public void set(long deviceId, Redirect r) {
        jdbc.update(Table.DEVICES, "UPDATE devices SET redirect_url = ?, redirect_username = ?, redirect_password = ?, revision = revision + 1, updated_at = ? "
                        + "WHERE id = ? AND (COALESCE(redirect_url, '') <> COALESCE(?, '') OR COALESCE(redirect_username, '') <> COALESCE(?, '') "
                        + "OR COALESCE(redirect_password, '') <> COALESCE(?, ''))",
                r == null ? null : r.url(), r == null ? null : r.username(), r == null ? null : r.password(), Instant.now(), deviceId,
                r == null ? null : r.url(), r == null ? null : r.username(), r == null ? null : r.password());
    }
}
