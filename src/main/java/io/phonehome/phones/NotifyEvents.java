package io.phonehome.phones;

/**
 * The Event header values of a remote-action SIP NOTIFY, as a vendor's phones expect them.
 *
 * @param resync the event that makes the phone fetch its configuration again
 * @param reboot the event that makes it reboot
 */
public record NotifyEvents(String resync, String reboot) {
    /** The form most firmware understands: {@code check-sync}, with {@code reboot=true} to reboot. */
    public static final NotifyEvents CHECK_SYNC = new NotifyEvents("check-sync", "check-sync;reboot=true");

    public NotifyEvents {
        if (resync == null || resync.isBlank() || reboot == null || reboot.isBlank()) {
            throw new IllegalArgumentException("both NOTIFY events must be set");
        }
    }
}
