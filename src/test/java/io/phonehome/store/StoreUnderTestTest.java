package io.phonehome.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.TestDatabase;
import io.phonehome.testing.TestStore;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL run of the suite really runs on PostgreSQL (and the default one on H2): what
 * keeps a misspelt property or a harness change from running the "PostgreSQL" tests on H2.
 */
class StoreUnderTestTest {
    @Test
    void testDatabaseIsTheStoreTheRunAskedFor() throws Exception {
        try (TestDatabase db = new TestDatabase(); Connection c = db.database().dataSource().getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            if (TestStore.current() == TestStore.POSTGRESQL) {
                assertThat(product).isEqualTo("PostgreSQL");
                assertThat(c.getMetaData().getDatabaseMajorVersion()).isEqualTo(15);
            } else {
                assertThat(product).isEqualTo("H2");
            }
        }
    }
}
