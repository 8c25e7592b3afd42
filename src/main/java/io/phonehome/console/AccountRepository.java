package io.phonehome.console;

import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The rows of {@code console_accounts}: people who sign in to the console with a name and a password. */
final class AccountRepository {
    /** One account as stored: never the password, only its Argon2id PHC string. */
    record Account(long id, String name, Access access, String passwordHash, String totpSecret, Instant createdAt, String createdBy,
                   Instant disabledAt) {
        boolean active() {
            return disabledAt == null;
        }

        @Override
        public String toString() {
            return "Account[" + id + ", " + name + ", " + access.lower() + "]";
        }
    }

    private final Jdbc jdbc;

    AccountRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    long insert(String name, Access access, String passwordHash, String totpSecret, String createdBy) {
        return jdbc.insert(Table.CONSOLE_ACCOUNTS, "INSERT INTO console_accounts (name, role, password_hash, totp_secret, created_at, created_by) "
                + "VALUES (?,?,?,?,?,?)", name, access.lower(), passwordHash, totpSecret, Instant.now(), createdBy);
    }

    Optional<Account> findByName(String name) {
        return jdbc.queryOne("SELECT * FROM console_accounts WHERE name = ?", AccountRepository::map, name);
    }

    List<Account> list() {
        return jdbc.query("SELECT * FROM console_accounts ORDER BY name", AccountRepository::map);
    }

    boolean disable(long id) {
        return jdbc.update(Table.CONSOLE_ACCOUNTS, "UPDATE console_accounts SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL", Instant.now(),
                id) == 1;
    }

    Optional<Account> findById(long id) {
        return jdbc.queryOne("SELECT * FROM console_accounts WHERE id = ?", AccountRepository::map, id);
    }

    boolean delete(long id) {
        return jdbc.update(Table.CONSOLE_ACCOUNTS, "DELETE FROM console_accounts WHERE id = ?", id) == 1;
    }

    boolean setPassword(long id, String passwordHash) {
        return jdbc.update(Table.CONSOLE_ACCOUNTS, "UPDATE console_accounts SET password_hash = ? WHERE id = ?", passwordHash, id) == 1;
    }

    private static Account map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Account(rs.getLong("id"), rs.getString("name"), Access.parse(rs.getString("role")), rs.getString("password_hash"),
                rs.getString("totp_secret"), Jdbc.instant(rs, "created_at"), rs.getString("created_by"), Jdbc.instant(rs, "disabled_at"));
    }
}
