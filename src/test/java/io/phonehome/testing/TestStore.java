package io.phonehome.testing;

import java.util.Locale;

/**
 * Which database the tests' servers and databases use: the system property
 * {@code phonehome.test.store} ({@code h2}, the default, or {@code postgresql}). The build runs the
 * store and SQL-touching tests once per value (two surefire executions in pom.xml), so every query
 * runs on both. With {@code postgresql}, {@link TestPostgres} starts a real server or the tests fail.
 */
public enum TestStore {
    H2,
    POSTGRESQL;

    public static final String PROPERTY = "phonehome.test.store";

    public static TestStore current() {
        String v = System.getProperty(PROPERTY, "h2").trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "h2", "" -> H2;
            case "postgresql" -> POSTGRESQL;
            default -> throw new IllegalStateException("-D" + PROPERTY + "=" + v + ": expected h2 or postgresql");
        };
    }
}
