package io.phonehome.inventory;

import java.time.Instant;

/**
 * A phone or DECT base in the inventory.
 *
 * @param provPassword        the device's own HTTP digest password for provisioning (user = MAC)
 * @param provPasswordUsedAt  when the device first proved itself with it, or null (closes the first-provisioning window)
 * @param ownCredentialsSince when the device first proved itself with something only it holds (its own
 *                            password or a client certificate naming its MAC) since import or its last
 *                            re-arm; from then on the site credential no longer opens this MAC
 * @param rearmedUntil        end of a re-arm with an expiry (null: none)
 * @param revision            bumped whenever the device or its lines/handsets change (render cache key)
 */
public record Device(long id, Mac mac, String vendor, String model, String serial, Long siteId,
                     String provPassword, Instant provPasswordUsedAt, Instant ownCredentialsSince, Instant rearmedUntil,
                     String reportedModel, String reportedFirmware, Instant lastSeen, String lastAddress, Instant importedAt, long revision) {
    /** This device with what it reported (a null keeps what was known, as the database does). */
    public Device withReported(String model, String firmware) {
        return new Device(id, mac, vendor, this.model, serial, siteId, provPassword, provPasswordUsedAt, ownCredentialsSince, rearmedUntil,
                model != null ? model : reportedModel, firmware != null ? firmware : reportedFirmware, lastSeen, lastAddress, importedAt, revision);
    }

    /** This device after it first proved itself with its own password, as {@code DeviceRepository.markOwnCredentialsUsed} writes it. */
    public Device withOwnCredentialsUsed(Instant at) {
        return new Device(id, mac, vendor, model, serial, siteId, provPassword, provPasswordUsedAt != null ? provPasswordUsedAt : at,
                ownCredentialsSince != null ? ownCredentialsSince : at, null, reportedModel, reportedFirmware, lastSeen, lastAddress, importedAt,
                revision);
    }

    /** This device after it first proved itself with a client certificate, as {@code DeviceRepository.markClientCertificateUsed} writes it. */
    public Device withClientCertificateUsed(Instant at) {
        return ownCredentialsSince != null ? this : new Device(id, mac, vendor, model, serial, siteId, provPassword, provPasswordUsedAt, at, null,
                reportedModel, reportedFirmware, lastSeen, lastAddress, importedAt, revision);
    }

    /**
     * Whether the site credential is retired for this device: it has proved itself on its own (so
     * a requester holding only the site credential is not this device, or is this device after a
     * factory reset, which a technician re-arms), or a re-arm with an expiry ran out.
     */
    public boolean siteCredentialRetired(Instant now) {
        return ownCredentialsSince != null || (rearmedUntil != null && !now.isBefore(rearmedUntil));
    }

    @Override
    public String toString() {
        return "Device[id=" + id + ", mac=" + mac + ", " + vendor + " " + model + ", site=" + siteId + ", revision=" + revision + ", provPassword=****]";
    }
}
