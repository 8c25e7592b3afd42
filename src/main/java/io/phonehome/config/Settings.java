package io.phonehome.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The resolved, validated and frozen settings of one Phonehome process. Built by
 * {@link SettingsLoader}; validation happens once, in the constructor, so the rest of the code
 * can trust every value.
 */
public final class Settings {
    private final Map<Setting, String> values;

    Settings(Map<Setting, String> raw) {
        EnumMap<Setting, String> all = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String v = raw.get(s);
            all.put(s, v == null ? s.defaultValue() : v.trim());
        }
        validate(all);
        this.values = Collections.unmodifiableMap(all);
    }

    /** Settings with only the given overrides on top of the defaults; for tests and tools. */
    public static Settings of(Map<Setting, String> overrides) {
        return new Settings(overrides);
    }

    private static void validate(Map<Setting, String> all) {
        for (Map.Entry<Setting, String> e : all.entrySet()) {
            Setting s = e.getKey();
            String v = e.getValue();
            switch (s.type()) {
                case INT, PORT -> {
                    long n;
                    try {
                        n = Long.parseLong(v);
                    } catch (NumberFormatException ex) {
                        throw new SettingsException(s.key() + ": '" + v + "' is not a whole number");
                    }
                    if (n < s.min() || n > s.max()) {
                        throw new SettingsException(s.key() + ": " + n + " is outside " + s.min() + ".." + s.max());
                    }
                }
                case BOOLEAN -> {
                    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                        throw new SettingsException(s.key() + ": '" + v + "' must be true or false");
                    }
                }
                default -> {
                    // strings, paths and lists are checked by the component that uses them
                }
            }
        }
        if (all.get(Setting.DATA_DIR).isEmpty()) {
            throw new SettingsException("data_dir must not be empty");
        }
        String keyType = all.get(Setting.TLS_KEY_TYPE);
        if (!keyType.equals("ec") && !keyType.equals("rsa")) {
            throw new SettingsException("tls_key_type: '" + keyType + "' must be ec or rsa");
        }
        String engine = all.get(Setting.TLS_ENGINE);
        if (!engine.equals("boringssl") && !engine.equals("jdk")) {
            throw new SettingsException("tls_engine: '" + engine + "' must be boringssl or jdk");
        }
        if (all.get(Setting.TLS_CERTIFICATE_FILE).isEmpty() != all.get(Setting.TLS_KEY_FILE).isEmpty()) {
            throw new SettingsException("tls_certificate_file and tls_key_file go together: give both, or neither");
        }
        String challenge = all.get(Setting.ACME_CHALLENGE);
        if (!challenge.equals("http-01") && !challenge.equals("tls-alpn-01")) {
            throw new SettingsException("acme_challenge: '" + challenge + "' must be http-01 or tls-alpn-01");
        }
        if (!all.get(Setting.ACME_DIRECTORY_URL).isEmpty()) {
            if (!all.get(Setting.TLS_CERTIFICATE_FILE).isEmpty()) {
                throw new SettingsException("acme_directory_url and tls_certificate_file exclude each other: the certificate comes from ACME or from your files");
            }
            if (all.get(Setting.PUBLIC_HOST).isEmpty()) {
                throw new SettingsException("acme_directory_url needs public_host: the name the certificate is ordered for");
            }
        }
        String logFormat = all.get(Setting.LOG_FORMAT);
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw new SettingsException("log_format: '" + logFormat + "' must be text or json");
        }
        String adminToken = all.get(Setting.ADMIN_TOKEN);
        if (!adminToken.isEmpty() && (adminToken.length() < 32 || !adminToken.matches("[\\x21-\\x7e]+"))) {
            throw new SettingsException("admin_token: must be at least 32 printable characters without spaces");
        }
        if (all.get(Setting.ADMIN_BIND).isEmpty()) {
            throw new SettingsException("admin_bind must not be empty (127.0.0.1 keeps the admin API on this machine)");
        }
        long minExpires = Long.parseLong(all.get(Setting.SIP_REGISTER_EXPIRES_MIN_SECONDS));
        long maxExpires = Long.parseLong(all.get(Setting.SIP_REGISTER_EXPIRES_MAX_SECONDS));
        long defaultExpires = Long.parseLong(all.get(Setting.SIP_REGISTER_EXPIRES_DEFAULT_SECONDS));
        if (minExpires > maxExpires || defaultExpires < minExpires || defaultExpires > maxExpires) {
            throw new SettingsException("sip_register_expires_min_seconds (" + minExpires + ") <= sip_register_expires_default_seconds ("
                    + defaultExpires + ") <= sip_register_expires_max_seconds (" + maxExpires + ") must hold");
        }
        for (String alg : all.get(Setting.SIP_DIGEST_ALGORITHMS).split(",")) {
            String a = alg.trim();
            if (!a.equalsIgnoreCase("MD5") && !a.equalsIgnoreCase("SHA-256")) {
                throw new SettingsException("sip_digest_algorithms: '" + a + "' must be MD5 or SHA-256");
            }
        }
        if (all.get(Setting.SIP_REALM).isEmpty() || !all.get(Setting.SIP_REALM).matches("[\\x21-\\x7e&&[^\"\\\\]]+")) {
            throw new SettingsException("sip_realm: '" + all.get(Setting.SIP_REALM) + "' must be printable ASCII without spaces, quotes or backslashes");
        }
        String clientAuth = all.get(Setting.TLS_CLIENT_AUTH);
        if (!clientAuth.equals("want") && !clientAuth.equals("off")) {
            throw new SettingsException("tls_client_auth: '" + clientAuth + "' must be want or off");
        }
    }

    public String string(Setting s) {
        return values.get(s);
    }

    public int integer(Setting s) {
        return Integer.parseInt(values.get(s));
    }

    public boolean bool(Setting s) {
        return Boolean.parseBoolean(values.get(s));
    }

    public List<String> list(Setting s) {
        String v = values.get(s);
        if (v.isBlank()) {
            return List.of();
        }
        return Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    /** A path setting, resolved against the working directory. */
    public Path path(Setting s) {
        return Path.of(values.get(s)).toAbsolutePath().normalize();
    }

    public Path dataDir() {
        return path(Setting.DATA_DIR);
    }

    /** A path setting whose empty default means "this file/dir inside data_dir". */
    public Path pathOrInDataDir(Setting s, String relative) {
        String v = values.get(s);
        return v.isEmpty() ? dataDir().resolve(relative) : path(s);
    }

    /** The raw values with secrets masked, for the start-up log. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Setting, String> e : values.entrySet()) {
            String v = e.getKey().type() == Setting.Type.SECRET && !e.getValue().isEmpty() ? "****" : e.getValue();
            if (e.getKey() == Setting.DB_URL) {
                // a JDBC URL may carry the password itself (PostgreSQL's ?password=, H2's ;PASSWORD=)
                v = v.replaceAll("(?i)(password=)[^;&]*", "$1****");
            }
            sb.append(e.getKey().key()).append('=').append(v).append(' ');
        }
        return sb.toString().trim();
    }

    @Override
    public String toString() {
        return "Settings[" + describe() + "]";
    }
}
