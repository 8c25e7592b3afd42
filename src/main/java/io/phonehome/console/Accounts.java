package io.phonehome.console;

import io.phonehome.inventory.FieldError;
import io.phonehome.pki.PasswordHash;
import io.phonehome.store.Jdbc;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * People's accounts: created by an admin (on the console's Accounts page), a name, a role, a
 * password of at least {@value #MIN_PASSWORD} characters hashed with Argon2id, and optionally a
 * TOTP secret that the person then types codes from. Sign-in checks the password against a dummy
 * hash when the name is unknown, so the time taken does not tell which names exist.
 */
public final class Accounts {
    static final int MIN_PASSWORD = 12;
    private static final String NAME = "[A-Za-z0-9._@-]{2,64}";

    private final AccountRepository repo;
    private final Jdbc jdbc;
    private final Clock clock;
    private final int memoryKib;
    private final int iterations;
    /** Made on the first sign-in by name, not at start: every server start (and every test's) would pay for it. */
    private volatile String dummyHash;

    /** @param memoryKib Argon2id memory cost ({@link PasswordHash#MEMORY_KIB} in production; tests may take less) */
    public Accounts(Jdbc jdbc, Clock clock, int memoryKib, int iterations) {
        this.repo = new AccountRepository(jdbc);
        this.jdbc = jdbc;
        this.clock = clock;
        this.memoryKib = memoryKib;
        this.iterations = iterations;
    }

    public Accounts(Jdbc jdbc) {
        this(jdbc, Clock.systemUTC(), PasswordHash.MEMORY_KIB, PasswordHash.ITERATIONS);
    }

    /** A new account was made; {@code totpSecret} is shown once so the person can add it to an app. */
    public record Created(long id, String name, Access access, String totpSecret) {
    }

    /** Makes an account, or says which fields are wrong. */
    public Created create(String name, String password, Access access, boolean withTotp, Person by) {
        List<FieldError> errors = problems(name, password);
        if (!errors.isEmpty()) {
            throw new AccountException(errors);
        }
        String secret = withTotp ? Totp.newSecret() : null;
        String hash = PasswordHash.hash(password, memoryKib, iterations);
        long id = repo.insert(name, access, hash, secret, by.name());
        return new Created(id, name, access, secret);
    }

    /** What is wrong with a new account's name and password (empty: nothing). */
    public List<FieldError> problems(String name, String password) {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || !name.matches(NAME)) {
            errors.add(FieldError.of("name", "2 to 64 letters, digits or . _ @ -"));
        } else if (repo.findByName(name).isPresent()) {
            errors.add(FieldError.of("name", "'" + name + "' already exists"));
        }
        weakness(name, password).ifPresent(why -> errors.add(FieldError.of("password", why)));
        return errors;
    }

    /** The person this name, password and (when the account has one) TOTP code sign in as; empty for any mismatch. */
    public Optional<Person> signIn(String name, String password, String code, String source) {
        Optional<AccountRepository.Account> a = name == null ? Optional.empty() : repo.findByName(name.trim());
        if (a.isEmpty() || !a.get().active()) {
            if (dummyHash == null) {
                dummyHash = PasswordHash.hash("not a password of anyone", memoryKib, iterations);
            }
            PasswordHash.matches(password == null ? "" : password, dummyHash); // the same work as a real check
            return Optional.empty();
        }
        AccountRepository.Account acc = a.get();
        if (!PasswordHash.matches(password == null ? "" : password, acc.passwordHash())) {
            return Optional.empty();
        }
        if (acc.totpSecret() != null && !Totp.verify(acc.totpSecret(), code, clock.instant().getEpochSecond())) {
            return Optional.empty();
        }
        return Optional.of(new Person(acc.name(), null, acc.access(), source));
    }

    /** Every account, for the admins' page (never the hash or the TOTP secret). */
    public List<Row> list() {
        return repo.list().stream().map(Accounts::row).toList();
    }

    public record Row(long id, String name, String role, boolean totp, String createdAt, String createdBy, boolean active) {
    }

    /**
     * What is wrong with this password for this account, if anything: at least {@value #MIN_PASSWORD}
     * characters (at most 256), at least {@value #MIN_DISTINCT} different ones, not the account's
     * name in it, not one of the passwords every guessing list starts with. Length is what counts
     * against guessing (NIST SP 800-63B section 5.1.1.2: no composition rules, a blocklist instead).
     */
    static Optional<String> weakness(String name, String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > 256) {
            return Optional.of("at least " + MIN_PASSWORD + " characters (and at most 256)");
        }
        if (password.chars().distinct().count() < MIN_DISTINCT) {
            return Optional.of("at least " + MIN_DISTINCT + " different characters");
        }
        String lower = password.toLowerCase(java.util.Locale.ROOT);
        if (name != null && name.length() >= 3 && lower.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            return Optional.of("must not contain the account's name");
        }
        for (String common : COMMON) {
            if (lower.contains(common) && lower.length() - common.length() < 6) {
                return Optional.of("too close to a common password ('" + common + "')");
            }
        }
        return Optional.empty();
    }

    static final int MIN_DISTINCT = 5;
    /** The starts of every guessing list: a password that is one of these with a few characters added is refused. */
    private static final List<String> COMMON = List.of("password", "passwort", "motdepasse", "123456", "qwerty", "azerty", "qwertz", "letmein",
            "welcome", "phonehome", "admin", "iloveyou", "abc123", "111111", "000000");

    /** Called with an account's name when it is removed or given a new password (the console ends its sessions). */
    private volatile java.util.function.Consumer<String> onRevoked = n -> { };

    void onRevoked(java.util.function.Consumer<String> listener) {
        this.onRevoked = listener;
    }

    /** The otpauth URI of a TOTP secret, for an authenticator app's QR code or link. */
    public static String totpUri(String name, String secret) {
        return Totp.uri(name, secret);
    }

    /** One account by id as listed, if any. */
    public Optional<Row> find(long id) {
        return repo.findById(id).map(Accounts::row);
    }

    /** Removes the account (its name may then be used again) and ends its sessions; empty when there is none. */
    public Optional<Row> remove(long id) {
        Optional<AccountRepository.Account> a = repo.findById(id);
        if (a.isEmpty() || !repo.delete(id)) {
            return Optional.empty();
        }
        onRevoked.accept(a.get().name());
        return a.map(Accounts::row);
    }

    /** Sets a new password (checked as a new account's) and ends the account's sessions; empty when there is no such account. */
    public Optional<Row> resetPassword(long id, String password) {
        Optional<AccountRepository.Account> a = repo.findById(id);
        if (a.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> weak = weakness(a.get().name(), password);
        if (weak.isPresent()) {
            throw new AccountException(List.of(FieldError.of("password", weak.get())));
        }
        repo.setPassword(id, PasswordHash.hash(password, memoryKib, iterations));
        onRevoked.accept(a.get().name());
        return a.map(Accounts::row);
    }

    private static Row row(AccountRepository.Account a) {
        return new Row(a.id(), a.name(), a.access().lower(), a.totpSecret() != null, a.createdAt().toString(), a.createdBy(), a.active());
    }

    public boolean disable(long id) {
        return repo.disable(id);
    }

    Jdbc jdbc() {
        return jdbc;
    }

    /** Field problems of an account form. */
    public static final class AccountException extends RuntimeException {
        private final transient List<FieldError> errors;

        AccountException(List<FieldError> errors) {
            super(errors.toString());
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }
}
