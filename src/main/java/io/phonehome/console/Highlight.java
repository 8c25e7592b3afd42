package io.phonehome.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Syntax highlighting of a configuration file, server-side (no script, so the strict CSP holds):
 * each line cut into spans with a class the stylesheet colours: comments, {@code key = value}
 * lines (Yealink, Fanvil, Snom's text files) and XML tags, attributes and text (Snom, Grandstream,
 * phonebooks). The template escapes every span's text, so a value can never become markup.
 */
final class Highlight {
    private static final Pattern COMMENT = Pattern.compile("^\\s*(#|;|//|<!--).*");
    private static final Pattern KEY_VALUE = Pattern.compile("^(\\s*)([^=<>\\s][^=<>]*?)(\\s*=\\s*)(.*)$");
    private static final Pattern XML = Pattern.compile("(<[^>]*>)|([^<]+)");
    private static final Pattern ATTR = Pattern.compile("([\\w:.-]+)(=)(\"[^\"]*\"|'[^']*')");

    private Highlight() {
    }

    /** One list of spans per line; a span is {@code {"c": class, "t": text}}. */
    static List<List<Map<String, String>>> lines(String text) {
        List<List<Map<String, String>>> out = new ArrayList<>();
        for (String line : text.split("\r?\n", -1)) {
            out.add(line(line));
        }
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    static List<Map<String, String>> line(String line) {
        List<Map<String, String>> spans = new ArrayList<>();
        if (line.isEmpty()) {
            return spans;
        }
        if (COMMENT.matcher(line).matches()) {
            spans.add(span("c", line));
            return spans;
        }
        if (line.trim().startsWith("<")) {
            Matcher m = XML.matcher(line);
            while (m.find()) {
                if (m.group(1) != null) {
                    tag(m.group(1), spans);
                } else {
                    spans.add(span("v", m.group(2)));
                }
            }
            return spans;
        }
        Matcher kv = KEY_VALUE.matcher(line);
        if (kv.matches()) {
            spans.add(span("", kv.group(1)));
            spans.add(span("k", kv.group(2)));
            spans.add(span("p", kv.group(3)));
            spans.add(span("v", kv.group(4)));
            return spans;
        }
        spans.add(span("", line));
        return spans;
    }

    private static void tag(String tag, List<Map<String, String>> spans) {
        Matcher a = ATTR.matcher(tag);
        int at = 0;
        while (a.find()) {
            spans.add(span("t", tag.substring(at, a.start())));
            spans.add(span("k", a.group(1)));
            spans.add(span("p", a.group(2)));
            spans.add(span("v", a.group(3)));
            at = a.end();
        }
        spans.add(span("t", tag.substring(at)));
    }

    private static Map<String, String> span(String cls, String text) {
        return Map.of("c", cls, "t", text);
    }
}
