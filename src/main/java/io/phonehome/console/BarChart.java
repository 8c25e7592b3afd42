package io.phonehome.console;

import java.util.ArrayList;
import java.util.List;

/**
 * A horizontal bar chart laid out on the server, for a template to draw as inline SVG: every bar
 * is stacked from segments whose classes the stylesheet colours (the strict CSP allows no inline
 * style, and SVG geometry attributes are not style), a label on the left, the total on the right.
 * No client-side chart library: the page is complete as it arrives, and prints.
 */
public final class BarChart {
    static final int WIDTH = 470;
    static final int LABEL = 180;
    static final int BAR = 230;
    static final int ROW = 26;
    static final int LABEL_CHARS = 24;

    /** One stacked bar's part: its stylesheet class ({@code seg-ok}...), its count, its text for the tooltip. */
    public record Part(String css, long value, String text) {
    }

    public record Seg(String css, int x, int width, String title) {
    }

    public record Bar(String label, String fullLabel, long total, int y, int textY, int totalX, List<Seg> segs, String href) {
    }

    public record Chart(String title, int height, int width, int labelWidth, List<Bar> bars) {
    }

    private BarChart() {
    }

    /** Input rows: label, link (or null), parts. Bars scale to the longest total. */
    public record Row(String label, String href, List<Part> parts) {
        long total() {
            return parts.stream().mapToLong(Part::value).sum();
        }
    }

    static Chart of(String title, List<Row> rows) {
        long max = Math.max(1, rows.stream().mapToLong(Row::total).max().orElse(1));
        List<Bar> bars = new ArrayList<>();
        int y = 4;
        for (Row r : rows) {
            List<Seg> segs = new ArrayList<>();
            int x = LABEL;
            long total = r.total();
            long sum = 0;
            for (Part p : r.parts()) {
                if (p.value() <= 0) {
                    continue;
                }
                // ends rounded from cumulative sums, so the parts of one bar never add up to more than the bar
                sum += p.value();
                int end = LABEL + (int) Math.round((double) sum * BAR / max);
                int w = Math.max(1, end - x);
                segs.add(new Seg(p.css(), x, w, p.text() + ": " + p.value()));
                x += w;
            }
            String label = r.label().length() > LABEL_CHARS ? r.label().substring(0, LABEL_CHARS - 1) + "…" : r.label();
            bars.add(new Bar(label, r.label(), total, y, y + 15, Math.max(x, LABEL) + 6, segs, r.href()));
            y += ROW;
        }
        return new Chart(title, Math.max(y + 4, 30), WIDTH, LABEL - 8, bars);
    }
}
