package io.phonehome.inventory;

import java.util.List;

/** A device with everything its configuration is made from, read in one go. */
public record DeviceSnapshot(Device device, Site site, List<Line> lines, List<Handset> handsets) {
    /** A device and its site (null when unassigned), without lines: what a request needs to be authorised. */
    public record Head(Device device, Site site) {
    }

    public DeviceSnapshot {
        lines = List.copyOf(lines);
        handsets = List.copyOf(handsets);
    }
}
