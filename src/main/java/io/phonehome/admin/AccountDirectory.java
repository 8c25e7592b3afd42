package io.phonehome.admin;

import java.time.Instant;
import java.util.List;

/**
 * People's console accounts as the API manages them ({@code /api/v1/accounts}): a port the
 * composition root implements with the console's accounts, since edges never import each other.
 * Passwords go in and are never given back; only their Argon2id hash is kept.
 */
public interface AccountDirectory {
    /** An account as listed: never its password hash or its TOTP secret. */
    record Account(long id, String name, String role, boolean totp, Instant createdAt, String createdBy, boolean active) {
    }

    /** A new account, and its TOTP secret (null without TOTP) to show once. */
    record Created(Account account, String totpSecret, String totpUri) {
    }

    List<Account> list();

    /** Throws {@code io.phonehome.inventory.ValidationException} naming each bad field (name taken, weak password, unknown role). */
    Created create(String name, String password, String role, boolean totp, String createdBy);

    /** Removes the account and ends its sessions; throws {@code io.phonehome.inventory.NotFoundException} when there is none. */
    Account remove(long id);

    /** Sets a new password and ends the account's sessions; a weak one throws {@code ValidationException}, an unknown id {@code NotFoundException}. */
    Account resetPassword(long id, String password);
}
