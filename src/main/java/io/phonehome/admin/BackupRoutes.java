package io.phonehome.admin;

import io.phonehome.backup.Backups;
import io.phonehome.http.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Backups ({@code /api/v1/backups}, admins only: a backup holds every secret of the
 * installation): make one now, and list those in the backup directory. Restoring is offline
 * ({@code phonehome restore}), never through the running server it would replace.
 */
final class BackupRoutes {
    private final AdminContext ctx;
    private final Backups backups;

    BackupRoutes(AdminContext ctx, Backups backups) {
        this.ctx = ctx;
        this.backups = backups;
    }

    void register(Router r) {
        r.post("/api/v1/backups", Role.ADMIN, Set.of(), this::create);
        r.get("/api/v1/backups", Role.ADMIN, Set.of(), this::list);
    }

    private Backups backups() {
        if (backups == null) {
            throw new ProblemException(409, "backups-unavailable", "this server was started without backups");
        }
        return backups;
    }

    private void create(Call c) {
        Backups.BackupFile made;
        try {
            made = backups().create();
        } catch (Backups.BackupException e) {
            throw new ProblemException(409, "backup-failed", e.getMessage());
        }
        ctx.audit().record(c.actor(), "backup.create", made.name(), null, Map.of("bytes", made.bytes()));
        c.json(201, made);
    }

    private void list(Call c) {
        List<Backups.BackupFile> all = backups().list();
        c.ok(Map.of("backups", all));
    }
}
