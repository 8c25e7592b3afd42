package io.phonehome.testing;

import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * A new database of the store under test ({@link TestStore}) migrated only up to an older schema
 * version, as a previous build left it: an upgrade test writes that build's rows into it, then
 * opens it with this build, whose migrations run from there. On H2 the in-memory database stays
 * alive between the connections and pools that use it.
 *
 * @param url      JDBC URL of the database
 * @param user     its user
 * @param password its password
 */
public record OlderSchema(String url, String user, String password) {
    /** A database at schema {@code version} (a Flyway version such as "8.13"). */
    public static OlderSchema at(String version) {
        OlderSchema db;
        String vendor;
        if (TestStore.current() == TestStore.POSTGRESQL) {
            db = new OlderSchema(TestPostgres.get().createEmptyDatabase(), TestPostgres.USER, TestPostgres.PASSWORD);
            vendor = "postgresql";
        } else {
            db = new OlderSchema("jdbc:h2:mem:up" + UUID.randomUUID().toString().replace("-", "")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
            vendor = "h2";
        }
        Flyway.configure().dataSource(db.url, db.user, db.password).locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
                .target(version).load().migrate();
        return db;
    }
}
