package io.phonehome.firmware;

import java.util.List;
import java.util.Map;

/**
 * A campaign and where its devices are: counts per state, per model and for the canary.
 *
 * @param devices every device with its state and detail (empty when not asked for)
 */
public record CampaignProgress(Campaign campaign, int total, Map<DeviceState, Integer> states, Map<String, Map<DeviceState, Integer>> models,
                               Map<DeviceState, Integer> canary, List<CampaignDevice> devices) {
    public int count(DeviceState s) {
        return states.getOrDefault(s, 0);
    }

    /** Devices that have finished, one way or the other (skipped ones count: they will never run). */
    public int finished() {
        return states.entrySet().stream().filter(e -> e.getKey().terminal()).mapToInt(Map.Entry::getValue).sum();
    }
}
