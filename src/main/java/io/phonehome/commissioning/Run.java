package io.phonehome.commissioning;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A commissioning run as stored: where, from what list, who asked, its state and its lines. */
public record Run(long id, Long siteId, String siteName, String source, String requestedBy, State state, Instant createdAt,
                  Instant finishedAt, List<RunLine> lines) {
    /** {@code interrupted}: the server stopped while the run was going; its lines not called stay pending. */
    public enum State {
        RUNNING, DONE, CANCELLED, INTERRUPTED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Run {
        lines = List.copyOf(lines);
    }
}
