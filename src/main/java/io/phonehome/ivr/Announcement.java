package io.phonehome.ivr;

import java.time.Instant;

/**
 * One uploaded announcement: its name, the site it belongs to (null: every site's), its length,
 * its file under {@code <data_dir>/announcements/}, and who uploaded it when.
 */
public record Announcement(long id, String name, Long siteId, long durationMillis, String fileName, String uploadedBy, Instant uploadedAt) {
}
