package io.phonehome.phones;

import io.phonehome.inventory.Device;
import io.phonehome.inventory.Line;
import java.util.List;

/**
 * Which lines a device's configuration carries: its own inventory lines, or others in their place
 * (a shared desk phone that a user has logged in on carries the user's line). A port, so that the
 * capability that seats users can depend on this package and not the other way round.
 */
public interface DeviceLines {
    /** Every device carries its own lines (a server built without hot desking, tests). */
    DeviceLines OWN = new DeviceLines() {
        @Override
        public List<Line> linesOf(Device device, List<Line> own) {
            return own;
        }

        @Override
        public long generation() {
            return 0;
        }
    };

    /** @param own the device's inventory lines, by position */
    List<Line> linesOf(Device device, List<Line> own);

    /**
     * The device whose programmable keys {@code device}'s configuration carries: its own, or the
     * home phone of the user seated there (the keys follow the user as the line does).
     */
    default long keysOwner(Device device) {
        return device.id();
    }

    /** Rises with every change of what {@link #linesOf} answers for any device: part of a per-device file's cache key. */
    long generation();
}
