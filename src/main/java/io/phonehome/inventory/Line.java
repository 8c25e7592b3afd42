package io.phonehome.inventory;

/**
 * A SIP account on a device.
 *
 * @param position account index on the device, 1-based ({@code account.N} on Yealink)
 */
public record Line(long id, long deviceId, int position, String extension, String displayName, String label,
                   String authUser, String password, Transport transport, Srtp srtp) {
    @Override
    public String toString() {
        return "Line[id=" + id + ", device=" + deviceId + ", position=" + position + ", extension=" + extension
                + ", authUser=" + authUser + ", password=****]";
    }
}
