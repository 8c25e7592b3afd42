package io.phonehome.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The line diff from what a phone last fetched to what it gets now, as rows the page colours
 * ({@code +} added, {@code -} removed, {@code =} the same, {@code ...} unchanged lines skipped):
 * a longest-common-subsequence over lines, with three lines of context around each change.
 * Configuration files are a few thousand lines at most, so the quadratic table stays small; past
 * {@value #MAX_LINES} lines a file is shown as replaced whole.
 */
final class TextDiff {
    static final int MAX_LINES = 5000;
    private static final int CONTEXT = 3;

    private TextDiff() {
    }

    static List<Map<String, String>> lines(String before, String after) {
        String[] a = before.isEmpty() ? new String[0] : before.split("\r?\n");
        String[] b = after.isEmpty() ? new String[0] : after.split("\r?\n");
        List<String[]> ops = new ArrayList<>();
        if ((long) a.length * b.length > (long) MAX_LINES * MAX_LINES / 4) {
            for (String s : a) {
                ops.add(new String[] {"-", s});
            }
            for (String s : b) {
                ops.add(new String[] {"+", s});
            }
        } else {
            int[][] lcs = new int[a.length + 1][b.length + 1];
            for (int i = a.length - 1; i >= 0; i--) {
                for (int j = b.length - 1; j >= 0; j--) {
                    lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
                }
            }
            int i = 0;
            int j = 0;
            while (i < a.length || j < b.length) {
                if (i < a.length && j < b.length && a[i].equals(b[j])) {
                    ops.add(new String[] {"=", a[i]});
                    i++;
                    j++;
                } else if (j < b.length && (i == a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
                    ops.add(new String[] {"+", b[j++]});
                } else {
                    ops.add(new String[] {"-", a[i++]});
                }
            }
        }
        boolean[] keep = new boolean[ops.size()];
        for (int k = 0; k < ops.size(); k++) {
            if (!ops.get(k)[0].equals("=")) {
                for (int x = Math.max(0, k - CONTEXT); x <= Math.min(ops.size() - 1, k + CONTEXT); x++) {
                    keep[x] = true;
                }
            }
        }
        List<Map<String, String>> out = new ArrayList<>();
        boolean skipped = false;
        for (int k = 0; k < ops.size(); k++) {
            if (keep[k]) {
                out.add(Map.of("op", ops.get(k)[0], "text", ops.get(k)[1]));
                skipped = false;
            } else if (!skipped) {
                out.add(Map.of("op", "...", "text", ""));
                skipped = true;
            }
        }
        return out;
    }
}
