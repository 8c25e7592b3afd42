package io.phonehome.inventory;

import java.time.Instant;

/**
 * A phone or DECT base in the inventory.
 *
 * @param provPassword      the device's own HTTP digest password for provisioning (user = MAC)
 * @param provPasswordUsedAt when the device first proved itself with it, or null
 * @param revision          bumped whenever the device or its lines/handsets change (render cache key)
 */
public record Device(long id, Mac mac, String vendor, String model, String serial, Long siteId,
                     String provPassword, Instant provPasswordUsedAt, String reportedModel, String reportedFirmware,
                     Instant lastSeen, String lastAddress, Instant importedAt, long revision) {
    /** This device with what it reported (a null keeps what was known, as the database does). */
    public Device withReported(String model, String firmware) {
        return new Device(id, mac, vendor, this.model, serial, siteId, provPassword, provPasswordUsedAt,
                model != null ? model : reportedModel, firmware != null ? firmware : reportedFirmware, lastSeen, lastAddress, importedAt, revision);
    }

    @Override
    public String toString() {
        return "Device[id=" + id + ", mac=" + mac + ", " + vendor + " " + model + ", site=" + siteId + ", revision=" + revision + ", provPassword=****]";
    }
}
