package io.phonehome.firmware;

import io.phonehome.inventory.Mac;
import java.time.Instant;

/**
 * One device of a campaign and the signals seen for it.
 *
 * @param deviceId          null once the device was deleted from the inventory
 * @param fromVersion       what it reported when it was started
 * @param hadPreviousTarget whether it had a device target of its own before the campaign set one
 * @param deadlineAt        when it times out (set once the NOTIFY was accepted)
 */
public record CampaignDevice(long id, long campaignId, Long deviceId, Mac mac, String model, Long siteId, int position, boolean canary,
                             DeviceState state, String detail, String fromVersion, boolean hadPreviousTarget, String previousTarget,
                             String previousTargetBy, Instant notifiedAt, Instant downloadStartedAt, Instant downloadCompletedAt,
                             long bytesSent, Instant rebootedAt, Instant deadlineAt, Instant finishedAt, Instant updatedAt) {
}
