package io.phonehome.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting Phonehome knows. A setting has one name in three spellings:
 * {@code https_port} in the settings file, {@code PHONEHOME_HTTPS_PORT} in the environment and
 * {@code --https-port} on the command line. Precedence: flag, then environment, then file, then
 * the default here. Units are part of the name ({@code _seconds}, {@code _bytes}).
 */
public enum Setting {
    DATA_DIR("data_dir", Type.PATH, "data", "Directory for the database, the CA, logs and generated secrets"),
    CONFIG_FILE("config_file", Type.PATH, "", "Settings file; default <data_dir>/phonehome.properties"),
    BIND("bind", Type.STRING, "0.0.0.0", "Address the phone-facing listeners bind to"),
    HTTPS_PORT("https_port", Type.PORT, "8443", "HTTPS provisioning port for phones (0 = any free port)"),
    HTTP_ENABLED("http_enabled", Type.BOOLEAN, "false", "Also serve plain HTTP, for legacy phones that cannot do HTTPS at first boot"),
    HTTP_PORT("http_port", Type.PORT, "8080", "Plain HTTP provisioning port, used only when http_enabled=true"),
    PUBLIC_HOST("public_host", Type.STRING, "", "Host name phones use to reach this server; default: the Host header of each request"),
    TEMPLATES_DIR("templates_dir", Type.PATH, "templates", "Template root (templates/<vendor>/...); the copy inside the jar is the fallback"),
    TEMPLATE_CHECK_SECONDS("template_check_seconds", Type.INT, "2", "How often edited templates are noticed (0 = on every render)", 0, 3600),
    FIRMWARE_DIR("firmware_dir", Type.PATH, "firmware", "Firmware catalog directory (uploads go to <data_dir>/firmware)"),
    FIRMWARE_CHECK_SECONDS("firmware_check_seconds", Type.INT, "10", "How often images copied into the firmware directories are noticed", 0, 3600),
    FIRMWARE_MAX_UPLOAD_BYTES("firmware_max_upload_bytes", Type.INT, "1073741824", "Largest firmware image accepted by upload", 1024, Integer.MAX_VALUE),
    CAMPAIGN_TICK_MILLIS("campaign_tick_millis", Type.INT, "1000", "How often firmware campaigns start devices and follow their signals", 10, 60000),
    CAMPAIGN_LEASE_SECONDS("campaign_lease_seconds", Type.INT, "30",
            "How long a node drives a campaign without renewing before another node takes over", 1, 3600),
    DB_URL("db_url", Type.STRING, "", "JDBC URL; default an H2 file database in data_dir"),
    DB_USER("db_user", Type.STRING, "phonehome", "Database user"),
    DB_PASSWORD("db_password", Type.SECRET, "", "Database password"),
    DB_POOL_SIZE("db_pool_size", Type.INT, "8", "Connection pool size", 1, 200),
    TLS_KEY_TYPE("tls_key_type", Type.STRING, "ec", "Key type of the generated CA and server certificate: ec (P-256) or rsa (2048)"),
    TLS_HOSTNAMES("tls_hostnames", Type.LIST, "", "Extra DNS names / IP addresses for the server certificate"),
    TLS_PROTOCOLS("tls_protocols", Type.LIST, "TLSv1.3,TLSv1.2", "TLS protocol versions offered to phones"),
    TLS_CLIENT_AUTH("tls_client_auth", Type.STRING, "want", "Ask phones for a client certificate: want or off"),
    TLS_ENGINE("tls_engine", Type.STRING, "boringssl", "TLS engine of the phone listener: boringssl (Conscrypt, ~4x cheaper full handshakes) or jdk"),
    // ops-a (issue 17): the operator's own certificate, health and logs
    TLS_CERTIFICATE_FILE("tls_certificate_file", Type.PATH, "",
            "PEM chain (server certificate first) presented by the phone, admin and SIP-TLS listeners instead of Phonehome's own; default <data_dir>/tls/certificate.pem when present; never written by Phonehome"),
    TLS_KEY_FILE("tls_key_file", Type.PATH, "", "PEM private key of tls_certificate_file; default <data_dir>/tls/key.pem"),
    TLS_RELOAD_CHECK_SECONDS("tls_reload_check_seconds", Type.INT, "10",
            "How often at most the certificate files are looked at for a change, at a handshake or a readiness check (0 = at every handshake)", 0, 86400),
    ACME_DIRECTORY_URL("acme_directory_url", Type.STRING, "",
            "ACME (RFC 8555) directory to obtain and renew the certificate for public_host from, e.g. https://acme-v02.api.letsencrypt.org/directory; empty: off"),
    ACME_EMAIL("acme_email", Type.STRING, "", "Contact address given to the ACME server (expiry warnings)"),
    ACME_HTTP_PORT("acme_http_port", Type.PORT, "80", "Port the http-01 challenge is answered on during an order; the ACME server must reach it at public_host"),
    ACME_CHALLENGE("acme_challenge", Type.STRING, "http-01",
            "ACME challenge: http-01 (answered on acme_http_port) or tls-alpn-01 (answered by the phone HTTPS listener, which then uses the JDK's TLS)"),
    ACME_TRUST_FILE("acme_trust_file", Type.PATH, "", "PEM CA certificates the ACME server's own HTTPS is checked against (a private ACME CA); empty: Java's"),
    ACME_RENEW_DAYS("acme_renew_days", Type.INT, "30", "Renew the ACME certificate this many days before it expires", 1, 3650),
    ACME_CHECK_SECONDS("acme_check_seconds", Type.INT, "43200", "How often the ACME certificate's expiry is checked (and a failed order retried)", 1, 604800),
    HEALTH_CERTIFICATE_MIN_DAYS("health_certificate_min_days", Type.INT, "7",
            "/health/ready reports not ready when the presented certificate expires in fewer days than this", 0, 3650),
    LOG_MAX_HISTORY_DAYS("log_max_history_days", Type.INT, "30", "Days of rolled log files kept (phonehome.log, security.log)", 1, 3650),
    LOG_TOTAL_SIZE_MB("log_total_size_mb", Type.INT, "1024", "Upper bound of each log's rolled files together, in megabytes", 1, 1048576),
    LOG_FORMAT("log_format", Type.STRING, "text", "Log line format of the log files: text or json (one JSON object per line)"),
    DEVICE_CA_DIR("device_ca_dir", Type.PATH, "", "Extra trusted CAs (PEM) for vendor factory device certificates; default <data_dir>/pki/device-cas"),
    IO_THREADS("io_threads", Type.INT, "0", "Undertow I/O threads (0 = number of cores)", 0, 256),
    WORKER_THREADS("worker_threads", Type.INT, "16", "Threads for blocking work (database lookups, rendering); more only helps with a remote database", 1, 1024),
    MAX_HEADER_BYTES("max_header_bytes", Type.INT, "8192", "Largest request header block accepted from a phone", 1024, 1048576),
    MAX_BODY_BYTES("max_body_bytes", Type.INT, "1048576", "Largest request body accepted on the phone listener", 0, 1073741824),
    PROBE_LIMIT_MISSES("probe_limit_misses", Type.INT, "20", "Failed per-MAC fetches from one address before it is blocked", 1, 1000000),
    PROBE_LIMIT_WINDOW_SECONDS("probe_limit_window_seconds", Type.INT, "60", "Window over which failed fetches are counted", 1, 86400),
    PROBE_BLOCK_SECONDS("probe_block_seconds", Type.INT, "300", "How long a probing address stays blocked", 1, 604800),
    PHONE_BUDGET_BURST("phone_budget_burst", Type.INT, "300",
            "Answers other than an authorised per-MAC fetch (challenges, 404s, common files, unknown MACs) one source may have in a burst", 1, 1000000),
    PHONE_BUDGET_PER_MINUTE("phone_budget_per_minute", Type.INT, "60", "The rate at which that budget refills, per source", 1, 10000000),
    PHONE_BUDGET_REFUND("phone_budget_refund", Type.INT, "8",
            "Budget an authorised per-MAC fetch gives back to its source (phones behind one NAT address prove themselves)", 0, 10000),
    PHONE_BUDGET_BLOCK_SECONDS("phone_budget_block_seconds", Type.INT, "60", "How long a source that used up its budget is answered 429", 1, 86400),
    PHONE_BUDGET_SOURCES("phone_budget_sources", Type.INT, "100000",
            "Sources whose budget is remembered; beyond that new sources share one budget", 100, 10000000),
    UNKNOWN_MAC_SUMMARY_SECONDS("unknown_mac_summary_seconds", Type.INT, "60",
            "Requests for unknown MACs are written as one event per source per this interval, with a count", 1, 3600),
    DIGEST_NONCE_SECONDS("digest_nonce_seconds", Type.INT, "300", "Lifetime of an HTTP digest nonce", 10, 86400),
    DEVICE_DIRECTORY_ENTRIES("device_directory_entries", Type.INT, "200000",
            "Devices kept in memory for the phone handler's lookups (above it, lookups read through a bounded cache; 0: always read)", 0, 10000000),
    DEVICE_DIRECTORY_REFRESH_SECONDS("device_directory_refresh_seconds", Type.INT, "60",
            "The device directory reads every device again this often (changes made through this server apply at once)", 0, 86400),
    LAST_SEEN_RESOLUTION_SECONDS("last_seen_resolution_seconds", Type.INT, "60",
            "A device that keeps fetching with nothing new has its last-seen time written at most this often", 0, 3600),
    RENDER_CACHE_ENTRIES("render_cache_entries", Type.INT, "20000", "Rendered files kept in memory (0 disables the cache)", 0, 10000000),
    SIP_ENABLED("sip_enabled", Type.BOOLEAN, "true", "Run the SIP core (registrar, NOTIFY check-sync, call routing) on UDP, TCP and TLS"),
    SIP_PORT("sip_port", Type.PORT, "5060", "SIP port (UDP and TCP) of the registrar; written into phone configs (0 = any free port)"),
    SIP_TLS_PORT("sip_tls_port", Type.PORT, "5061", "SIP over TLS port of the registrar; written into phone configs (0 = any free port)"),
    SIP_REALM("sip_realm", Type.STRING, "phonehome", "Digest realm of SIP challenges (REGISTER 401, INVITE 407)"),
    SIP_DIGEST_ALGORITHMS("sip_digest_algorithms", Type.LIST, "MD5",
            "Digest algorithms offered in SIP challenges, one challenge each, in this order (MD5, SHA-256 of RFC 8760); "
                    + "credentials with either are always accepted. SHA-256 is opt-in: some clients fail on a challenge they do not know"),
    SIP_NONCE_SECONDS("sip_nonce_seconds", Type.INT, "60", "Lifetime of a SIP digest nonce; an older one gets a stale=true challenge", 5, 3600),
    SIP_REGISTER_EXPIRES_MIN_SECONDS("sip_register_expires_min_seconds", Type.INT, "60",
            "Shortest registration accepted; shorter gets 423 Interval Too Brief", 1, 86400),
    SIP_REGISTER_EXPIRES_MAX_SECONDS("sip_register_expires_max_seconds", Type.INT, "3600",
            "Longest registration granted; longer requests are shortened to this", 1, 604800),
    SIP_REGISTER_EXPIRES_DEFAULT_SECONDS("sip_register_expires_default_seconds", Type.INT, "3600",
            "Registration granted when a REGISTER names no expiry", 1, 604800),
    SIP_MAX_CONTACTS_PER_AOR("sip_max_contacts_per_aor", Type.INT, "10", "Contacts one line (address of record) may have registered at once", 1, 1000),
    SIP_BLOCK_AFTER_FAILURES("sip_block_after_failures", Type.INT, "10",
            "Failed SIP authentications from one address within the window before it is blocked", 1, 1000000),
    SIP_BLOCK_WINDOW_SECONDS("sip_block_window_seconds", Type.INT, "60", "Window over which failed SIP authentications are counted", 1, 86400),
    SIP_BLOCK_SECONDS("sip_block_seconds", Type.INT, "900", "How long a blocked address is ignored by the SIP core", 1, 604800),
    SIP_NOTIFY_TIMEOUT_SECONDS("sip_notify_timeout_seconds", Type.INT, "10",
            "How long a remote action waits for the phone to answer its NOTIFY", 1, 64),
    SIP_RING_TIMEOUT_SECONDS("sip_ring_timeout_seconds", Type.INT, "120", "How long a call may ring before it is cancelled (480)", 5, 3600),
    SIP_SUBSCRIBE_EXPIRES_MIN_SECONDS("sip_subscribe_expires_min_seconds", Type.INT, "60",
            "Shortest event subscription (busy lamps, message lamps) accepted; shorter gets 423 Interval Too Brief", 1, 86400),
    SIP_SUBSCRIBE_EXPIRES_MAX_SECONDS("sip_subscribe_expires_max_seconds", Type.INT, "3600",
            "Longest event subscription granted; longer requests are shortened to this", 1, 86400),
    SIP_SUBSCRIBE_EXPIRES_DEFAULT_SECONDS("sip_subscribe_expires_default_seconds", Type.INT, "3600",
            "Event subscription granted when a SUBSCRIBE names no expiry", 1, 86400),
    SIP_SUBSCRIPTIONS_PER_LINE("sip_subscriptions_per_line", Type.INT, "300",
            "Event subscriptions one line may hold at once (a phone with expansion modules watches one extension per busy-lamp key)", 1, 100000),
    SIP_SUBSCRIPTIONS_MAX("sip_subscriptions_max", Type.INT, "100000",
            "Event subscriptions the SIP core holds in total; beyond, a SUBSCRIBE gets 503 with Retry-After", 1, 10000000),
    SIP_BINDING_FLUSH_MILLIS("sip_binding_flush_millis", Type.INT, "250",
            "Changed registrations are written behind, in a batch started this often; a crash loses at most this plus the batch in progress (README, SIP)", 10, 60000),
    SIP_LINE_CACHE_SECONDS("sip_line_cache_seconds", Type.INT, "30",
            "The SIP core holds every line in memory and reads them all again this often (a failed check always re-reads one)", 1, 3600),
    SIP_ECHO_NUMBER("sip_echo_number", Type.STRING, "",
            "Number a line dials to reach Phonehome's echo test (it answers the call itself) where no scope sets services.echo_number; empty: none"),
    RTP_PORT_MIN("rtp_port_min", Type.INT, "20000", "Lowest UDP port of the calls Phonehome answers itself (even ports for RTP)", 1024, 65534),
    RTP_PORT_MAX("rtp_port_max", Type.INT, "20999", "Highest UDP port of the calls Phonehome answers itself", 1024, 65534),
    MEDIA_CALLS_MAX("media_calls_max", Type.INT, "200", "Calls Phonehome answers itself at once; beyond, 486 Busy Here", 1, 100000),
    VOICEMAIL_MAX_SECONDS("voicemail_max_seconds", Type.INT, "120",
            "Longest voice message: a call to a mailbox is ended with a BYE when it reaches this length", 5, 3600),
    VOICEMAIL_MAX_MESSAGES("voicemail_max_messages", Type.INT, "50",
            "Most messages a mailbox holds: a caller to a full mailbox hears that it is full, and nothing is recorded", 1, 10000),
    BACKUP_DIR("backup_dir", Type.PATH, "", "Where phonehome backup writes its encrypted files; default <data_dir>/backups"),
    BACKUP_COPY_DIR("backup_copy_dir", Type.PATH, "", "A second directory (a mounted remote disk) every backup is copied to; empty: none"),
    BACKUP_PASSPHRASE_FILE("backup_passphrase_file", Type.PATH, "",
            "File holding the passphrase backups are encrypted with (at least 12 characters); without it no backup is made"),
    BACKUP_KEEP("backup_keep", Type.INT, "14", "Backups kept in each backup directory (older ones are deleted after a new one)", 1, 10000),
    BACKUP_MAX_AGE_DAYS("backup_max_age_days", Type.INT, "90", "Backups older than this are deleted after a new one (the newest never)", 1, 36500),
    BACKUP_INTERVAL_HOURS("backup_interval_hours", Type.INT, "0", "Make a backup this often while the server runs; 0: only on request", 0, 8760),
    BACKUP_PG_BIN_DIR("backup_pg_bin_dir", Type.PATH, "",
            "Directory of pg_dump, pg_restore and psql for backups on PostgreSQL; empty: the PATH, then /usr/lib/postgresql/15/bin"),
    VOICEMAIL_MAX_WRONG_PINS("voicemail_max_wrong_pins", Type.INT, "5",
            "Wrong PINs for a mailbox within voicemail_lock_minutes before it is locked (an event says so)", 1, 100),
    VOICEMAIL_LOCK_MINUTES("voicemail_lock_minutes", Type.INT, "15", "Counting window for a mailbox's wrong PINs, and how long its lockout lasts",
            1, 1440),
    MEDIA_SILENCE_SECONDS("media_silence_seconds", Type.INT, "30",
            "A call Phonehome answered ends with a BYE when no RTP came from the caller for this long", 2, 3600),
    SIP_WORKER_THREADS("sip_worker_threads", Type.INT, "4", "Threads that process SIP messages received over UDP", 1, 256),
    SIP_UDP_READER_REGISTERS("sip_udp_reader_registers", Type.BOOLEAN, "true",
            "The thread reading the SIP UDP socket answers REGISTERs itself while that keeps it well under busy (one thread wake-up per datagram); false: every datagram goes to the workers"),
    SIP_MAX_MESSAGE_BYTES("sip_max_message_bytes", Type.INT, "8192", "Largest SIP message accepted (UDP datagram or TCP/TLS message)", 1024, 65535),
    SIP_MAX_CONNECTIONS("sip_max_connections", Type.INT, "10000", "Simultaneous SIP TCP/TLS connections", 10, 1000000),
    FETCH_QUEUE_SIZE("fetch_queue_size", Type.INT, "50000", "Fetch records waiting to be written before new ones are dropped", 100, 10000000),
    // Admin API. Loopback by default: the API can read every phone's SIP password, so
    // making it reachable from the network is a decision the operator takes (admin_bind=0.0.0.0).
    TRUSTED_PROXIES("trusted_proxies", Type.LIST, "",
            "Load balancers (addresses or CIDR blocks) in TCP mode whose PROXY protocol header (v1 or v2) names the phone's address on the phone "
                    + "and admin listeners; their connections must carry one, a header from any other address closes the connection (empty = no proxy)"),
    ADMIN_BIND("admin_bind", Type.STRING, "127.0.0.1", "Address the admin API binds to (loopback unless you choose otherwise)"),
    ADMIN_PORT("admin_port", Type.PORT, "9443", "HTTPS port of the admin API (0 = any free port)"),
    ADMIN_TOKEN("admin_token", Type.SECRET, "", "Admin token to install at start (at least 32 characters); empty: one is generated "
            + "on first start into <data_dir>/admin-token"),
    ADMIN_MAX_BODY_BYTES("admin_max_body_bytes", Type.INT, "16777216", "Largest request body the admin API accepts (CSV imports)",
            1024, 1073741824),
    // The web console (issue 18): a signed-in person's session ends after this long without a request, and at the latest after the second.
    CONSOLE_IDLE_SECONDS("console_idle_seconds", Type.INT, "1800", "Web console: a session ends after this many seconds without a request",
            1, 86400),
    CONSOLE_SESSION_MAX_SECONDS("console_session_max_seconds", Type.INT, "43200",
            "Web console: a session ends this many seconds after sign-in, however active", 1, 604800),
    EVENT_RETENTION_DAYS("event_retention_days", Type.INT, "90", "Events older than this many days are deleted (checked hourly)", 1, 36500),
    EVENT_MAX_ROWS("event_max_rows", Type.INT, "2000000",
            "Most events kept; above it the oldest low-value events are deleted first (checked every minute)", 1000, Integer.MAX_VALUE),
    ACTION_DEVICES_PER_SECOND("action_devices_per_second", Type.INT, "5",
            "Pace of mass remote actions (re-sync, reboot): devices notified per second", 1, 1000),
    // Commissioning calls (issue 14): Phonehome calls every line of a list and asks to press 1.
    COMMISSION_CALLS_AT_ONCE("commission_calls_at_once", Type.INT, "4",
            "Commissioning: calls placed and not yet ended at once, across all runs", 1, 200),
    COMMISSION_CALLS_PER_SECOND("commission_calls_per_second", Type.INT, "2",
            "Commissioning: calls started per second, across all runs", 1, 100),
    COMMISSION_RING_SECONDS("commission_ring_seconds", Type.INT, "30",
            "Commissioning: how long a line rings before the call is cancelled (no answer)", 1, 600),
    COMMISSION_CONFIRM_SECONDS("commission_confirm_seconds", Type.INT, "20",
            "Commissioning: how long an answered call waits for the 1 after the message was said twice", 1, 600),
    // Hot desking (free seating): dialled from a hot desk's phone.
    HOTDESK_LOGIN_CODE("hotdesk_login_code", Type.STRING, "*31",
            "Hot desking: dial <code>*<extension>*<pin> from a hot desk to log in there"),
    HOTDESK_LOGOUT_CODE("hotdesk_logout_code", Type.STRING, "*32", "Hot desking: dial this from a hot desk to log out"),
    HOTDESK_EMERGENCY_NUMBERS("hotdesk_emergency_numbers", Type.LIST, "112,117,118,144,145,1414,911",
            "Numbers a hot desk without a logged-in user may call besides the login code (Swiss emergency numbers, 112 and 911)"),
    HOTDESK_NIGHTLY_LOGOUT("hotdesk_nightly_logout", Type.STRING, "03:00",
            "Site-local time (HH:MM) at which every hot desk of a site is logged out each night"),
    HOTDESK_MAX_WRONG_PINS("hotdesk_max_wrong_pins", Type.INT, "5",
            "Wrong PINs per target extension, and per desk, within hotdesk_lock_minutes before both are locked", 1, 100),
    HOTDESK_LOCK_MINUTES("hotdesk_lock_minutes", Type.INT, "15", "Counting window for wrong PINs, and how long a lockout lasts", 1, 1440),
    // cluster-sip (issue 16): several nodes on one PostgreSQL
    NODE_NAME("node_name", Type.STRING, "",
            "This node's name among several on one database; default: host name plus a generated suffix kept in <data_dir>/node-name"),
    NODE_SIP_ADDRESS("node_sip_address", Type.STRING, "",
            "host:port where the other nodes reach this node's SIP listener (UDP) to relay requests for its phones; default: the advertised SIP host and port"),
    NODE_HEARTBEAT_SECONDS("node_heartbeat_seconds", Type.INT, "5", "How often a node writes that it is alive (nodes.last_seen)", 1, 300),
    NODE_DEAD_AFTER_HEARTBEATS("node_dead_after_heartbeats", Type.INT, "3",
            "Missed heartbeats after which the other nodes take a node for dead and stop routing to its phones' flows", 2, 100),
    ACTION_LEASE_SECONDS("action_lease_seconds", Type.INT, "60",
            "How long a device of a mass action stays claimed by a node that stopped renewing the claim (it died) before another node takes it", 1, 3600);

    /** How a value is parsed and checked. */
    public enum Type { STRING, SECRET, PATH, INT, PORT, BOOLEAN, LIST }

    private final String key;
    private final Type type;
    private final String defaultValue;
    private final String description;
    private final long min;
    private final long max;

    Setting(String key, Type type, String defaultValue, String description) {
        this(key, type, defaultValue, description, type == Type.PORT ? 0 : Long.MIN_VALUE, type == Type.PORT ? 65535 : Long.MAX_VALUE);
    }

    Setting(String key, Type type, String defaultValue, String description, long min, long max) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
        this.min = min;
        this.max = max;
    }

    public String key() {
        return key;
    }

    public Type type() {
        return type;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    /** {@code PHONEHOME_HTTPS_PORT}. */
    public String environmentName() {
        return "PHONEHOME_" + key.toUpperCase(Locale.ROOT);
    }

    /** {@code --https-port}. */
    public String flagName() {
        return "--" + key.replace('_', '-');
    }

    public static Optional<Setting> byKey(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(s -> s.key.equals(k)).findFirst();
    }

    public static List<Setting> all() {
        return List.of(values());
    }
}
