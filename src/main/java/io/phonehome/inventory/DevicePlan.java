package io.phonehome.inventory;

import java.util.List;

/**
 * A validated device, its lines and handsets, ready to be written by {@link InventoryWriter}.
 * Built by the CSV import and by the admin API alike.
 *
 * @param existing the device this plan updates, or null for a new one
 * @param redirect where the device is sent instead of being provisioned here, or null; a plan
 *                 with a redirect has no site and no lines
 */
public record DevicePlan(Mac mac, ModelInfo model, String serial, Site site, List<LinePlan> lines,
                         List<HandsetPlan> handsets, Device existing, Redirect redirect) {
    public DevicePlan {
        lines = List.copyOf(lines);
        handsets = List.copyOf(handsets);
    }

    /**
     * One line. {@code extension} is always set by the time the plan is written (allocation
     * happens while planning); {@code authUser}/{@code password} null mean "keep the existing
     * line's, or generate".
     *
     * @param row the input row it came from (0 when not from a table)
     */
    public record LinePlan(int position, String extension, String displayName, String label, String authUser,
                           String password, Transport transport, Srtp srtp, int row) {
        @Override
        public String toString() {
            return "LinePlan[position=" + position + ", extension=" + extension + ", password=****]";
        }
    }

    /** One DECT handset and the positions of the lines it uses (first = default outgoing). */
    public record HandsetPlan(int index, String name, List<Integer> linePositions) {
        public HandsetPlan {
            linePositions = List.copyOf(linePositions);
        }
    }
}
