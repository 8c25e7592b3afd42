package io.phonehome.firmware;

import java.util.Locale;

/**
 * Where a campaign is. {@code draft} until started; {@code running} starts devices at its pace;
 * {@code paused} (by a person) and {@code halted} (by itself, when too much of its canary
 * failed) start no new device but keep tracking the ones under way; {@code cancelled} never
 * starts another; {@code completed} once every device has finished.
 */
public enum CampaignState {
    DRAFT, RUNNING, PAUSED, HALTED, CANCELLED, COMPLETED;

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CampaignState parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
