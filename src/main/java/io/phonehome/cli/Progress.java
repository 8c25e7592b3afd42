package io.phonehome.cli;

import java.io.PrintWriter;

/**
 * A progress line on stderr for long operations (uploads, downloads, paced actions). On a
 * terminal it redraws one line; otherwise (a script, a log) it prints a line only at each
 * tenth of the way, so logs stay short. Never written to stdout, so {@code --json} output stays clean.
 */
final class Progress {
    private final PrintWriter err;
    private final String label;
    private final boolean terminal;
    private int lastTenth = -1;
    private String lastLine = "";

    Progress(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
        this.terminal = System.console() != null;
    }

    /** @param total 0 when unknown */
    synchronized void update(long done, long total, String detail) {
        String line;
        int tenth;
        if (total > 0) {
            int pct = (int) Math.min(100, done * 100 / total);
            int filled = pct / 5;
            line = String.format("%s [%s%s] %3d%% %s", label, "=".repeat(filled), " ".repeat(20 - filled), pct, detail);
            tenth = pct / 10;
        } else {
            line = label + " " + detail;
            tenth = lastTenth;
        }
        if (terminal) {
            err.print("\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
            err.flush();
        } else if (tenth != lastTenth) {
            err.println(line);
            err.flush();
        }
        lastTenth = tenth;
        lastLine = line;
    }

    synchronized void done(String message) {
        if (terminal) {
            err.print("\r" + " ".repeat(lastLine.length()) + "\r");
        }
        if (message != null) {
            err.println(label + " " + message);
        }
        err.flush();
    }

    static String bytes(long n) {
        return n < 10_000 ? n + " B" : n < 10_000_000 ? n / 1024 + " KiB" : n / (1024 * 1024) + " MiB";
    }
}
