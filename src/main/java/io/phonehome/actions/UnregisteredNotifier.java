package io.phonehome.actions;

import io.phonehome.inventory.Mac;

/**
 * The notifier used until the SIP core is wired in: without a registrar no phone is registered,
 * so no NOTIFY can reach one, and that is what it answers. Never pretends an action was accepted.
 */
public final class UnregisteredNotifier implements DeviceNotifier {
    @Override
    public NotifyResult notify(Mac mac, NotifyKind kind) {
        return new NotifyResult(NotifyResult.Outcome.NOT_REGISTERED, 0, "no SIP registration known for this device");
    }
}
