package io.phonehome.cli;

import io.phonehome.config.Setting;
import io.phonehome.config.Settings;
import io.phonehome.inventory.Inventory;
import io.phonehome.inventory.SupportedModels;
import io.phonehome.store.Database;
import io.phonehome.store.StoreException;

/**
 * The inventory opened directly from the data directory, for commands that work on the database
 * itself. The embedded H2 file can be open in one process at a time: with the server running,
 * these commands say so instead of failing obscurely.
 */
final class OfflineInventory implements AutoCloseable {
    final Database database;
    final Inventory inventory;

    OfflineInventory(Settings s) {
        String url = s.string(Setting.DB_URL).isEmpty() ? Database.h2FileUrl(s.dataDir()) : s.string(Setting.DB_URL);
        try {
            this.database = Database.open(url, s.string(Setting.DB_USER), s.string(Setting.DB_PASSWORD), 2);
        } catch (StoreException e) {
            if (e.getMessage() != null && e.getMessage().contains("already in use")) {
                throw new StoreException("the database in " + s.dataDir() + " is in use by a running server; stop it first "
                        + "(or use the admin API)");
            }
            throw e;
        }
        this.inventory = new Inventory(database.jdbc(), SupportedModels.load(s.dataDir().resolve("models.csv")));
    }

    @Override
    public void close() {
        database.close();
    }
}
