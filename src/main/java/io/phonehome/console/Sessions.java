package io.phonehome.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in sessions, in memory: a random 256-bit id (the cookie), the person, a CSRF token of
 * its own (synchronizer pattern: every POST must carry it), and two ends: idle (no request for
 * {@code idle}) and absolute ({@code max} after sign-in, however active). A restart signs
 * everybody out, which a console can live with and which keeps session ids out of the database.
 */
final class Sessions {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One session; {@code lastUsed} moves with each request. */
    static final class Session {
        final String id;
        final Person person;
        final String csrf;
        final Instant created;
        volatile Instant lastUsed;
        /** What the next page shows once (the outcome of the POST that redirected to it). */
        private volatile Object flash;

        Session(String id, Person person, String csrf, Instant created) {
            this.id = id;
            this.person = person;
            this.csrf = csrf;
            this.created = created;
            this.lastUsed = created;
        }

        void flash(Object f) {
            flash = f;
        }

        Object takeFlash() {
            Object f = flash;
            flash = null;
            return f;
        }

        /** Constant-time comparison of a submitted CSRF token. */
        boolean csrfMatches(String submitted) {
            return submitted != null && MessageDigest.isEqual(csrf.getBytes(), submitted.getBytes());
        }
    }

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration idle;
    private final Duration max;

    Sessions(Clock clock, Duration idle, Duration max) {
        this.clock = clock;
        this.idle = idle;
        this.max = max;
    }

    static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    Session open(Person p) {
        sweep();
        Session s = new Session(random(), p, random(), clock.instant());
        byId.put(s.id, s);
        return s;
    }

    /** The live session with this id, touched; an expired one is removed and not returned. */
    Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = byId.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(s, now)) {
            byId.remove(id);
            return Optional.empty();
        }
        s.lastUsed = now;
        return Optional.of(s);
    }

    void close(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    /** Ends every session of this person's account (removed, or given a new password): not the sessions of a token of the same name. */
    void closeAccount(String name) {
        byId.values().removeIf(s -> s.person.tokenId() == null && s.person.name().equals(name));
    }

    long maxAgeSeconds() {
        return max.getSeconds();
    }

    private boolean expired(Session s, Instant now) {
        return !now.isBefore(s.lastUsed.plus(idle)) || !now.isBefore(s.created.plus(max));
    }

    private void sweep() {
        Instant now = clock.instant();
        byId.values().removeIf(s -> expired(s, now));
    }
}
