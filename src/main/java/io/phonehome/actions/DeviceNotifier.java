package io.phonehome.actions;

import io.phonehome.inventory.Mac;

/**
 * Sends a remote action to one device over the flow its SIP registration keeps open. Implemented
 * by the SIP core; used by the admin API's device actions, paced mass actions and firmware
 * campaigns, which must not depend on the SIP edge directly.
 *
 * <p>Contract: blocks until the device answers with a final response or the transaction times
 * out; never throws for device-side failures (they are outcomes); safe to call from many threads.
 */
@FunctionalInterface
public interface DeviceNotifier {
    NotifyResult notify(Mac mac, NotifyKind kind);
}
