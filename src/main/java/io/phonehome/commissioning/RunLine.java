package io.phonehome.commissioning;

import java.time.Instant;

/**
 * One line of a run: what was called (copied from the inventory when the run began) and how it went.
 * Times are null until they happen.
 */
public record RunLine(int position, String extension, String note, String displayName, String mac, String model, LineResult result,
                      String detail, String contact, String userAgent, Instant placedAt, Instant answeredAt, Instant confirmedAt,
                      Instant endedAt) {
    RunLine finished(LineResult r, String why, String contactCalled, String agent, Instant placed, Instant answered, Instant confirmed,
                     Instant ended) {
        return new RunLine(position, extension, note, displayName, mac, model, r, why, contactCalled, agent, placed, answered, confirmed, ended);
    }
}
