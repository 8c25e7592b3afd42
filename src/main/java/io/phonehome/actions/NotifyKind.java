package io.phonehome.actions;

/** What a SIP NOTIFY asks a phone to do; each vendor plug-in of the SIP core maps it to its Event header. */
public enum NotifyKind {
    /** Fetch the configuration again ({@code Event: check-sync}), reboot only if a setting needs it. */
    RESYNC,
    /** Re-fetch and reboot ({@code Event: check-sync;reboot=true} and vendor equivalents). */
    REBOOT
}
