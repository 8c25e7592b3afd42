package io.phonehome.testing;

import io.phonehome.phones.VendorRegistry;
import io.phonehome.inventory.Inventory;
import io.phonehome.inventory.SupportedModels;
import io.phonehome.store.Database;
import java.util.UUID;

/**
 * A fresh database with the real migrations, for repository and import tests: an in-memory H2
 * database that vanishes with its pool, or under {@code -Dphonehome.test.store=postgresql} a new
 * database on the JVM's {@link TestPostgres} server.
 */
public final class TestDatabase implements AutoCloseable {
    private final Database database;
    private final Inventory inventory;

    public TestDatabase() {
        if (TestStore.current() == TestStore.POSTGRESQL) {
            this.database = Database.open(TestPostgres.get().createDatabase(), TestPostgres.USER, TestPostgres.PASSWORD, 2);
        } else {
            String url = "jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
            this.database = Database.open(url, "sa", "", 2);
        }
        this.inventory = new Inventory(database.jdbc(), VendorRegistry.builtIn().models());
    }

    public Database database() {
        return database;
    }

    public Inventory inventory() {
        return inventory;
    }

    @Override
    public void close() {
        database.close();
    }
}
