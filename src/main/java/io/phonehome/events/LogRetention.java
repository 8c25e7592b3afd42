package io.phonehome.events;

/**
 * How the log files are kept and written: rolled daily and at {@value RollingLogFile#MAX_FILE_MB}
 * MB, rolled files kept {@code keepDays} and at most {@code totalCapMb} together (per log), and the
 * main log's lines as text or as one JSON object each.
 */
public record LogRetention(int keepDays, int totalCapMb, boolean json) {
    /** 30 days, 1 GB, text: the defaults of {@code log_max_history_days}, {@code log_total_size_mb}, {@code log_format}. */
    public static final LogRetention DEFAULT = new LogRetention(30, 1024, false);

    public LogRetention {
        if (keepDays < 1 || totalCapMb < 1) {
            throw new IllegalArgumentException("log retention needs at least a day and a megabyte");
        }
    }
}
