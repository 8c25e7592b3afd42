package io.phonehome.admin;

import io.phonehome.errors.PhonehomeException;
import io.phonehome.store.Jdbc;
import io.phonehome.store.Table;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API tokens: created random (32 bytes from {@link SecureRandom}, shown once), stored as their
 * SHA-256 (a token has 256 bits of entropy, so a fast hash is as good as a slow one here and keeps
 * every request cheap), revoked by id. Also installs the bootstrap admin token at start.
 */
final class TokenStore {
    private static final Logger log = LoggerFactory.getLogger(TokenStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Every token starts with this, so a leaked one is easy to recognise in a log or a repository. */
    static final String TOKEN_PREFIX = "phk_";
    static final String BOOTSTRAP_NAME = "bootstrap";
    static final String SETTING_NAME = "admin_token setting";
    /** last_used_at is written at most this often per token, so reads do not turn into writes. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final Jdbc jdbc;
    private final Map<Long, Instant> lastUsedWritten = new ConcurrentHashMap<>();

    TokenStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** A new token and its secret text (the only time the text exists outside the caller). */
    record Created(ApiToken token, String secret) {
        @Override
        public String toString() {
            return "Created[" + token + ", secret=****]";
        }
    }

    Created create(String name, Role role, String createdBy) {
        return create(name, role, createdBy, null);
    }

    /** @param customerId the customer the token is limited to, or null for the whole installation */
    Created create(String name, Role role, String createdBy, Long customerId) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        return new Created(insert(name, role, secret, createdBy, customerId), secret);
    }

    private ApiToken insert(String name, Role role, String secret, String createdBy, Long customerId) {
        Instant now = Instant.now();
        long id = jdbc.insert(Table.API_TOKENS, "INSERT INTO api_tokens (name, role, token_hash, token_prefix, created_at, created_by, customer_id) "
                        + "VALUES (?,?,?,?,?,?,?)",
                name, role.lower(), hash(secret), prefixOf(secret), now, createdBy, customerId);
        return find(id).orElseThrow();
    }

    /** The active token with this secret, if any; notes the use. */
    Optional<ApiToken> authenticate(String secret) {
        if (secret == null || secret.length() < 16 || secret.length() > 256) {
            return Optional.empty();
        }
        Optional<ApiToken> t = jdbc.queryOne("SELECT * FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL", TokenStore::map,
                hash(secret));
        t.ifPresent(this::noteUse);
        return t;
    }

    private void noteUse(ApiToken t) {
        Instant now = Instant.now();
        Instant last = lastUsedWritten.get(t.id());
        if (last != null && Duration.between(last, now).compareTo(LAST_USED_RESOLUTION) < 0) {
            return;
        }
        lastUsedWritten.put(t.id(), now);
        jdbc.update(Table.API_TOKENS, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", now, t.id());
    }

    Optional<ApiToken> find(long id) {
        return jdbc.queryOne("SELECT * FROM api_tokens WHERE id = ?", TokenStore::map, id);
    }

    List<ApiToken> list() {
        return jdbc.query("SELECT * FROM api_tokens ORDER BY id", TokenStore::map);
    }

    /** Revokes; false when it was already revoked. */
    boolean revoke(long id) {
        return jdbc.update(Table.API_TOKENS, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", Instant.now(), id) == 1;
    }

    long activeAdmins() {
        return jdbc.queryLong("SELECT COUNT(*) FROM api_tokens WHERE role = 'admin' AND revoked_at IS NULL AND customer_id IS NULL");
    }

    /**
     * Makes sure someone can administer this server.
     * <ul>
     * <li>With {@code admin_token} set, that token is an active admin token (replacing the one a
     *     previous value installed): the way to provision the token from a secret store, and the
     *     way back in when every admin token is lost. No file is written.</li>
     * <li>Otherwise, when no active admin token exists (first start), one is generated and written
     *     to {@code file}, readable by its owner only.</li>
     * </ul>
     */
    void bootstrap(String settingToken, Path file) {
        if (settingToken != null && !settingToken.isEmpty()) {
            String h = hash(settingToken);
            jdbc.inTransaction(() -> {
                boolean present = jdbc.queryLong("SELECT COUNT(*) FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL AND role = 'admin'", h) > 0;
                if (!present) {
                    jdbc.update(Table.API_TOKENS, "UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", Instant.now(), SETTING_NAME);
                    jdbc.update(Table.API_TOKENS, "DELETE FROM api_tokens WHERE token_hash = ?", h); // a revoked row with the same hash
                    insert(SETTING_NAME, Role.ADMIN, settingToken, "start-up", null);
                    log.info("admin token from the admin_token setting installed");
                }
            });
            return;
        }
        if (activeAdmins() > 0) {
            return;
        }
        Created c = create(BOOTSTRAP_NAME, Role.ADMIN, "start-up");
        writeOwnerOnly(file, c.secret() + "\n");
        log.info("no admin token existed: a new one was written to {} (readable by its owner only)", file);
    }

    static void writeOwnerOnly(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
                log.warn("{}: the file system has no POSIX permissions; restrict access to it by other means", file);
            }
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(text);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PhonehomeException("cannot write the admin token file " + file + ": " + e.getMessage(), e);
        }
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String prefixOf(String secret) {
        return secret.substring(0, Math.min(8, secret.length()));
    }

    private static ApiToken map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ApiToken(rs.getLong("id"), rs.getString("name"), Role.parse(rs.getString("role")), rs.getString("token_prefix"),
                Jdbc.instant(rs, "created_at"), rs.getString("created_by"), Jdbc.instant(rs, "last_used_at"), Jdbc.instant(rs, "revoked_at"),
                rs.getObject("customer_id") == null ? null : rs.getLong("customer_id"));
    }
}
