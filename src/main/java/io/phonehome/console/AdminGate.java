package io.phonehome.console;

import java.util.Optional;

/**
 * The two things of the admin API the console uses, as a port the composition root implements
 * with {@code AdminApi} (edges never import each other): the API's tokens, so a token signs in
 * here with the role it has there, and the API's audit log, so a change made on a page is written
 * under the person's name exactly as the API writes its own.
 */
public interface AdminGate {
    /** The active token with this secret as a person (its name and role), if any. */
    Optional<Person> token(String secret, String source);

    /** One audit entry; the caller wraps it with the change in one transaction where the change is in the database. */
    void audit(Person who, String action, String target, Object before, Object after);
}
