package io.phonehome.firmware;

import java.time.Instant;

/**
 * The firmware version a model, a model at one site, or one device should run.
 *
 * @param siteId     set for {@link TargetScope#SITE}
 * @param deviceId   set for {@link TargetScope#DEVICE}
 * @param campaignId the campaign that set this device target, or null when a person did
 */
public record FirmwareTarget(long id, TargetScope scope, String vendor, String model, Long siteId, Long deviceId, String version,
                             Long campaignId, String setBy, Instant setAt) {

    static String key(TargetScope scope, String vendor, String model, Long siteId, Long deviceId) {
        return switch (scope) {
            case MODEL -> "model:" + vendor + "/" + model;
            case SITE -> "site:" + siteId + ":" + vendor + "/" + model;
            case DEVICE -> "device:" + deviceId;
        };
    }
}
