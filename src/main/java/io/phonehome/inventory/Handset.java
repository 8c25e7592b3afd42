package io.phonehome.inventory;

import java.util.List;

/**
 * A DECT handset of a base, with the positions (account indexes) of the lines it uses; the
 * first is its default outgoing line.
 */
public record Handset(long id, long deviceId, int index, String name, String ipui, List<Integer> linePositions) {
    public Handset {
        linePositions = List.copyOf(linePositions);
    }
}
