package io.phonehome.events;

/** The event types Phonehome records (one place, so filters and docs agree). */
public final class EventTypes {
    public static final String CONFIG_FETCH = "config_fetch";
    public static final String UNKNOWN_MAC = "unknown_mac";
    public static final String AUTH_FAILURE = "auth_failure";
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

    private EventTypes() {
    }
}
