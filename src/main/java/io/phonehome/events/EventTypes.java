package io.phonehome.events;

/** The event types Phonehome records (one place, so filters and docs agree). */
public final class EventTypes {
    public static final String CONFIG_FETCH = "config_fetch";
    /** The operator's certificate files changed; outcome {@code reloaded} or {@code refused} (the old certificate stays), detail says which and why. */
    public static final String TLS_CERTIFICATE = "tls_certificate";
    /** An ACME order for the server certificate; outcome {@code issued} or {@code failed} (the current certificate stays), detail says which and why. */
    public static final String ACME_CERTIFICATE = "acme_certificate";
    /** Requests for a MAC that cannot be served here: one event per source and interval, detail {@code count=...} (see {@link SourceTally}). */
    public static final String UNKNOWN_MAC = "unknown_mac";
    public static final String AUTH_FAILURE = "auth_failure";
    /**
     * Requests for a known device's per-MAC file without credentials, answered with a challenge
     * (as phones ask before every authenticated fetch): one event per source and interval, detail
     * {@code count=...}, like {@link #UNKNOWN_MAC}. Counted so that a known and an unknown MAC
     * cost a challenge the same work, and so take the same time.
     */
    public static final String CHALLENGED = "challenged";
    public static final String RENDER_ERROR = "render_error";
    public static final String BAD_REQUEST = "bad_request";
    public static final String IMPORT = "import";
    /** A remote action (re-sync, reboot) sent to a device; the outcome is the NOTIFY's. */
    public static final String ACTION = "action";
    /** An inventory change through the admin API (the audit log has who and before/after). */
    public static final String ADMIN_CHANGE = "admin_change";
    /** A firmware image requested from the firmware listener; outcome {@code ok}, {@code incomplete}, {@code denied}, ...; detail has the bytes sent. */
    public static final String FIRMWARE_DOWNLOAD = "firmware_download";
    /** A firmware campaign or one of its devices changed state; the outcome is the new state. */
    public static final String FIRMWARE_CAMPAIGN = "firmware_campaign";
    /** A firmware image added to or deleted from the catalog. */
    public static final String FIRMWARE_CATALOG = "firmware_catalog";
    /** A line's SIP registration appeared or went away; outcome {@code registered}, {@code unregistered} or {@code expired}. */
    public static final String SIP_REGISTRATION = "sip_registration";
    /** A remote action sent as SIP NOTIFY; outcome {@code accepted}, {@code rejected}, {@code timed_out}, {@code not_registered} or {@code error}. */
    public static final String SIP_NOTIFY = "sip_notify";
    /** A device reported a new firmware version in its SIP User-Agent. */
    public static final String FIRMWARE_REPORTED = "firmware_reported";
    /**
     * The right site credential for a device that has proved itself with its own credentials or a
     * client certificate: refused (outcome {@code refused}); the device was reset, or someone
     * holding the site credential is probing.
     */
    public static final String SITE_CREDENTIAL_RETIRED = "site_credential_retired";

    /**
     * A phone's User-Agent names another model than the inventory holds (a swapped phone); outcome
     * {@code served} (same kind of phone with enough accounts, or a model the catalog does not know)
     * or {@code refused}; detail {@code inventory=... reported=...} and why. One per change of
     * either model, not per fetch.
     */
    public static final String MODEL_MISMATCH = "model_mismatch";

    /** The event store went over {@code event_max_rows} and its oldest, least valuable events were deleted; detail has how many. */
    public static final String EVENT_STORE = "event_store";

    /**
     * What an event is worth keeping, in the order the size cap deletes them: the oldest
     * {@code LOW} events first (what anyone on the network can cause: unknown MACs, bad
     * requests), then the oldest {@code ROUTINE} ones (what phones do all day: fetches,
     * registrations), and only when those are gone the oldest of the rest. The same classes
     * decide which queue lane an event waits in, so a flood of low-value events never pushes
     * out a failed login or a firmware download.
     */
    public enum Value {
        LOW, ROUTINE, HIGH;

        public static Value of(String type) {
            return switch (type) {
                case UNKNOWN_MAC, CHALLENGED, BAD_REQUEST -> LOW;
                case CONFIG_FETCH, SIP_REGISTRATION, FIRMWARE_REPORTED -> ROUTINE;
                default -> HIGH;
            };
        }

        /** The event types of this class, for SQL. */
        public java.util.List<String> types() {
            return switch (this) {
                case LOW -> java.util.List.of(UNKNOWN_MAC, CHALLENGED, BAD_REQUEST);
                case ROUTINE -> java.util.List.of(CONFIG_FETCH, SIP_REGISTRATION, FIRMWARE_REPORTED);
                case HIGH -> java.util.List.of();
            };
        }
    }

    /**
     * Hot desking, recorded against the desk: outcome {@code login}, {@code logout} (the detail says
     * why: by code, by an administrator, nightly, logged in elsewhere), {@code wrong_pin},
     * {@code lockout} (the wrong PIN that locked an extension or a desk) or {@code locked} (a login
     * refused while locked). Never carries a PIN.
     */
    public static final String HOTDESK = "hotdesk";

    /**
     * A commissioning run (issue 14): outcome {@code started}, {@code done} or {@code cancelled} for
     * the run, and per line called its result ({@code not_registered}, {@code no_answer}, {@code busy},
     * {@code answered}, {@code confirmed}, {@code failed}), recorded against the line's device.
     */
    public static final String COMMISSIONING = "commissioning";

    /**
     * A mailbox opened by PIN, recorded against the calling phone: outcome {@code wrong_pin},
     * {@code lockout} (the wrong PIN that locked the box) or {@code locked} (a PIN refused while
     * locked); the detail names the mailbox. Never carries a PIN.
     */
    public static final String VOICEMAIL = "voicemail";

    private EventTypes() {
    }
}
