package io.phonehome.sip;

import io.phonehome.actions.NotifyKind;
import java.util.Locale;
import java.util.Map;

/**
 * The Event header each vendor expects in a remote-action NOTIFY (vendor-formats.md sections 0,
 * 1.4, 3.4, 4.4, 5.4, 6.3). Data, not code: a correction is a one-line change here.
 */
final class NotifyEvents {
    private record Events(String resync, String reboot) {
    }

    private static final Events CHECK_SYNC = new Events("check-sync", "check-sync;reboot=true");
    private static final Map<String, Events> BY_VENDOR = Map.of(
            // Yealink 1.4: check-sync runs auto provisioning; with sip.notify_reboot_enable = 0 (our template)
            // the phone reboots only for reboot=true. [doc]
            "yealink", CHECK_SYNC,
            // Snom 3.4: Wazo sends check-sync;reboot=false to re-read the settings; reboot=true reboots. [code]
            "snom", new Events("check-sync;reboot=false", "check-sync;reboot=true"),
            // Grandstream 4.4: check-sync provisions (needs P26015 "Allow SIP Reset"; with P4428 the phone
            // challenges the NOTIFY, which the notifier answers with the line's credentials). The reboot event
            // is Grandstream's own sys-control (Asterisk's sample sip_notify.conf). UNVERIFIED on a device.
            "grandstream", new Events("check-sync", "sys-control"),
            // Fanvil 5.4: check-sync; Notify_Reboot = 1 lets it reboot. Exact strings UNVERIFIED.
            "fanvil", CHECK_SYNC);

    private NotifyEvents() {
    }

    /** The Event header value for a vendor (unknown vendors get the common check-sync form). */
    static String event(String vendor, NotifyKind kind) {
        Events e = BY_VENDOR.getOrDefault(vendor == null ? "" : vendor.toLowerCase(Locale.ROOT), CHECK_SYNC);
        return kind == NotifyKind.REBOOT ? e.reboot() : e.resync();
    }
}
