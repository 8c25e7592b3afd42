package io.phonehome.ivr;

import java.time.Instant;

/** An IVR menu as kept: the site and number it answers, its plan, and who set it when. */
public record StoredMenu(long siteId, String number, MenuPlan plan, String updatedBy, Instant updatedAt) {
}
