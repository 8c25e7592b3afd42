package io.phonehome.inventory;

import java.util.List;

/** A device with everything its configuration is made from, read in one go. */
public record DeviceSnapshot(Device device, Site site, List<Line> lines, List<Handset> handsets) {
    public DeviceSnapshot {
        lines = List.copyOf(lines);
        handsets = List.copyOf(handsets);
    }
}
