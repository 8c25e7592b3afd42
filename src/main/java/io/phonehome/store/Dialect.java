package io.phonehome.store;

/**
 * Which database a {@link Jdbc} talks to, for the few places whose SQL must differ (event
 * partitions on PostgreSQL, H2's CHECKPOINT); everything else is written once for both.
 */
public enum Dialect {
    H2,
    POSTGRESQL;

    static Dialect ofProductName(String product) {
        if (product.equalsIgnoreCase("PostgreSQL")) {
            return POSTGRESQL;
        }
        if (product.equalsIgnoreCase("H2")) {
            return H2;
        }
        throw new StoreException("unsupported database " + product + ": Phonehome runs on H2 or PostgreSQL");
    }
}
