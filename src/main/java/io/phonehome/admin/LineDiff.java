package io.phonehome.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A line diff in unified format ({@code diff -u}), for "what will this change do to the phone's
 * file". Myers' O((N+M)D) algorithm: config changes are small (D a handful of lines) even when the
 * file is thousands of lines long (a W90 with 250 handsets); beyond {@link #MAX_EDITS} edits the
 * files are shown as replaced wholesale instead of spending memory on the shortest script.
 * Written here rather than pulled in as a library: some eighty lines, no dependency.
 */
final class LineDiff {
    static final int CONTEXT = 3;
    static final int MAX_EDITS = 2000;

    /** One line of the edit script: {@code ' '} kept, {@code '-'} only in the old, {@code '+'} only in the new. */
    record Op(char kind, String line) {
    }

    private LineDiff() {
    }

    static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(Arrays.asList(text.split("\r?\n", -1)));
        if (out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    static List<Op> ops(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int max = n + m;
        int o = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        for (int d = 0; d <= Math.min(max, MAX_EDITS); d++) {
            // What the backtrack needs of step d: v[k-1], v[k+1] for k in [-d, d].
            trace.add(Arrays.copyOfRange(v, o - d - 1, o + d + 2));
            for (int k = -d; k <= d; k += 2) {
                int x = (k == -d || (k != d && v[o + k - 1] < v[o + k + 1])) ? v[o + k + 1] : v[o + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[o + k] = x;
                if (x >= n && y >= m) {
                    return backtrack(a, b, trace);
                }
            }
        }
        List<Op> all = new ArrayList<>();
        a.forEach(l -> all.add(new Op('-', l)));
        b.forEach(l -> all.add(new Op('+', l)));
        return all;
    }

    private static List<Op> backtrack(List<String> a, List<String> b, List<int[]> trace) {
        List<Op> out = new ArrayList<>();
        int x = a.size();
        int y = b.size();
        for (int d = trace.size() - 1; d >= 0; d--) {
            int[] vd = trace.get(d);
            int k = x - y;
            int prevK = (k == -d || (k != d && vd[k - 1 + d + 1] < vd[k + 1 + d + 1])) ? k + 1 : k - 1;
            int prevX = vd[prevK + d + 1];
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                out.add(new Op(' ', a.get(x - 1)));
                x--;
                y--;
            }
            if (d > 0) {
                if (x == prevX) {
                    out.add(new Op('+', b.get(y - 1)));
                } else {
                    out.add(new Op('-', a.get(x - 1)));
                }
            }
            x = prevX;
            y = prevY;
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /** The unified diff of two texts; empty when they are equal. */
    static String unified(String oldName, String newName, String oldText, String newText) {
        List<Op> ops = ops(lines(oldText), lines(newText));
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int oldLine = 1;
        int newLine = 1;
        while (i < ops.size()) {
            if (ops.get(i).kind() == ' ') {
                i++;
                oldLine++;
                newLine++;
                continue;
            }
            // A hunk: back up CONTEXT lines, run until CONTEXT*2 unchanged lines in a row (or the end).
            int start = Math.max(0, i - CONTEXT);
            int hunkOld = oldLine - (i - start);
            int hunkNew = newLine - (i - start);
            int end = i;
            int quiet = 0;
            for (int j = i; j < ops.size(); j++) {
                if (ops.get(j).kind() == ' ') {
                    quiet++;
                    if (quiet > 2 * CONTEXT) {
                        break;
                    }
                } else {
                    quiet = 0;
                    end = j;
                }
            }
            int stop = Math.min(ops.size(), end + 1 + CONTEXT);
            int oldCount = 0;
            int newCount = 0;
            StringBuilder body = new StringBuilder();
            for (int j = start; j < stop; j++) {
                Op op = ops.get(j);
                body.append(op.kind()).append(op.line()).append('\n');
                if (op.kind() != '+') {
                    oldCount++;
                }
                if (op.kind() != '-') {
                    newCount++;
                }
            }
            if (sb.length() == 0) {
                sb.append("--- ").append(oldName).append('\n').append("+++ ").append(newName).append('\n');
            }
            sb.append("@@ -").append(range(hunkOld, oldCount)).append(" +").append(range(hunkNew, newCount)).append(" @@\n").append(body);
            for (int j = i; j < stop; j++) {
                char k = ops.get(j).kind();
                if (k != '+') {
                    oldLine++;
                }
                if (k != '-') {
                    newLine++;
                }
            }
            i = stop;
        }
        return sb.toString();
    }

    private static String range(int start, int count) {
        if (count == 0) {
            return (start - 1) + ",0";
        }
        return count == 1 ? Integer.toString(start) : start + "," + count;
    }
}
