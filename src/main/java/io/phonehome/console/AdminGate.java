package io.phonehome.console;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The things of the admin API the console uses, as a port the composition root implements with
 * {@code AdminApi} (edges never import each other): the API's tokens, so a token signs in here
 * with the role it has there (and the admins' Tokens page lists, creates and revokes them by the
 * API's own rules), and the API's audit log, so a change made on a page is written under the
 * person's name exactly as the API writes its own, and the admins' Audit page reads it.
 */
public interface AdminGate {
    /** The active token with this secret as a person (its name and role), if any. */
    Optional<Person> token(String secret, String source);

    /** One audit entry; the caller wraps it with the change in one transaction where the change is in the database. */
    void audit(Person who, String action, String target, Object before, Object after);

    /** A token as the Tokens page shows it: never its secret (only its first characters are kept besides the hash). */
    record TokenRow(long id, String name, String role, String customer, String prefix, Instant createdAt, String createdBy, Instant lastUsedAt,
                    Instant revokedAt) {
    }

    /** A token just made, with its secret to show once. */
    record NewToken(TokenRow token, String secret) {
    }

    /** One audit entry; before and after are the stored (masked) JSON. */
    record AuditRow(long id, Instant at, String actor, String role, String source, String action, String target, String before, String after) {
    }

    List<TokenRow> tokens();

    /**
     * Makes a token by the API's rules, audited under {@code by}; a bad name, role or customer slug
     * throws {@code io.phonehome.inventory.ValidationException} naming each field.
     */
    NewToken createToken(Person by, String name, String role, String customerSlug);

    /** Revokes by the API's rules (not the last admin token); throws the inventory's not-found or conflict exceptions. */
    void revokeToken(Person by, long id);

    /** Audit entries, newest first; null filters match everything; an {@code action} ending in '.' is a prefix. */
    List<AuditRow> auditLog(String actor, String action, Instant since, Instant until, Long beforeId, int limit);
}
