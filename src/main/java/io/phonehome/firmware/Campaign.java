package io.phonehome.firmware;

import io.phonehome.actions.NotifyKind;
import java.time.Instant;

/**
 * A firmware upgrade campaign as stored.
 *
 * @param selection              how its devices were chosen, as given (for the record)
 * @param canaryCount            devices that go first; the rest waits until they finished
 * @param canaryMaxFailurePercent more failures than this share of the canary halt the campaign
 * @param canaryPassed           the canary finished within the share, or a person resumed after a halt
 * @param perMinute              devices started per minute at most
 * @param maxConcurrent          devices notified or downloading at once at most
 * @param deviceTimeoutSeconds   how long a device may take from the NOTIFY to reporting the version
 */
public record Campaign(long id, String name, String vendor, String version, CampaignState state, String stateReason, String selection,
                       int canaryCount, int canaryMaxFailurePercent, boolean canaryPassed, int perMinute, int maxConcurrent,
                       int deviceTimeoutSeconds, NotifyKind notifyKind, String createdBy, Instant createdAt, Instant startedAt,
                       Instant finishedAt) {
    public boolean finished() {
        return finishedAt != null;
    }
}
