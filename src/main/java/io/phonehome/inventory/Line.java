package io.phonehome.inventory;

/**
 * A SIP account on a device.
 *
 * @param position account index on the device, 1-based ({@code account.N} on Yealink)
 * @param customerId the customer whose extension space the line is in (its device's site's customer,
 *                   the default customer for a device without a site): extension and auth user are
 *                   unique per customer, not per installation
 */
public record Line(long id, long deviceId, int position, String extension, String displayName, String label,
                   String authUser, String password, Transport transport, Srtp srtp, long customerId) {
    @Override
    public String toString() {
        return "Line[id=" + id + ", device=" + deviceId + ", position=" + position + ", extension=" + extension
                + ", authUser=" + authUser + ", customer=" + customerId + ", password=****]";
    }
}
