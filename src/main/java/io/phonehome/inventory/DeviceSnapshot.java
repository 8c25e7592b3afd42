package io.phonehome.inventory;

import java.util.List;

/**
 * A device with everything its configuration is made from, read in one go.
 *
 * @param bases the radio bases linked to it when it is a multi-cell DECT manager (else empty)
 */
public record DeviceSnapshot(Device device, Site site, List<Line> lines, List<Handset> handsets, List<DectBase> bases) {
    /** A device and its site (null when unassigned), without lines: what a request needs to be authorised. */
    public record Head(Device device, Site site) {
    }

    public DeviceSnapshot {
        lines = List.copyOf(lines);
        handsets = List.copyOf(handsets);
        bases = List.copyOf(bases);
    }

    /** A device that lists no radio bases (anything but a multi-cell DECT manager). */
    public DeviceSnapshot(Device device, Site site, List<Line> lines, List<Handset> handsets) {
        this(device, site, lines, handsets, List.of());
    }
}
