package io.phonehome.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A SIP message as the test side reads it: start line, headers in order (compact forms expanded),
 * body. Parsed here independently of jain-sip, so the tests do not trust the code they test.
 */
public record SipMessage(String startLine, List<Map.Entry<String, String>> headers, String body) {
    private static final Map<String, String> COMPACT = Map.of("v", "via", "f", "from", "t", "to", "i", "call-id", "m", "contact", "l",
            "content-length", "c", "content-type", "k", "supported", "e", "content-encoding", "s", "subject");

    public static SipMessage parse(byte[] bytes, int length) {
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        String[] lines = head.split("\r\n");
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i];
            if ((l.startsWith(" ") || l.startsWith("\t")) && !headers.isEmpty()) {
                Map.Entry<String, String> last = headers.remove(headers.size() - 1);
                headers.add(Map.entry(last.getKey(), last.getValue() + " " + l.trim()));
                continue;
            }
            int colon = l.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            name = COMPACT.getOrDefault(name, name);
            headers.add(Map.entry(name, l.substring(colon + 1).trim()));
        }
        return new SipMessage(lines[0], headers, body);
    }

    public boolean isResponse() {
        return startLine.startsWith("SIP/2.0 ");
    }

    public int status() {
        if (!isResponse()) {
            return 0;
        }
        return Integer.parseInt(startLine.split(" ")[1]);
    }

    public String method() {
        return isResponse() ? header("cseq").split("\\s+")[1] : startLine.split(" ")[0];
    }

    /** First value of a header (case-insensitive), or null. */
    public String header(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equals(n)) {
                return h.getValue();
            }
        }
        return null;
    }

    /** Every value of a header, comma-separated lists split (outside quotes and angle brackets). */
    public List<String> all(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equals(n)) {
                if (n.equals("www-authenticate") || n.equals("proxy-authenticate") || n.equals("authorization") || n.equals("date")) {
                    out.add(h.getValue());
                } else {
                    out.addAll(splitList(h.getValue()));
                }
            }
        }
        return out;
    }

    static List<String> splitList(String v) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder cur = new StringBuilder();
        for (char c : v.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                depth++;
            } else if (!quoted && c == '>') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                out.add(cur.toString().trim());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().trim());
        }
        return out;
    }

    /** A URI parameter or header parameter value from a header value ({@code expires} of a Contact...). */
    public static String param(String headerValue, String name) {
        String v = headerValue;
        int gt = v.lastIndexOf('>');
        String params = gt >= 0 ? v.substring(gt + 1) : v;
        for (String p : params.split(";")) {
            String[] kv = p.trim().split("=", 2);
            if (kv[0].equalsIgnoreCase(name)) {
                return kv.length > 1 ? kv[1] : "";
            }
        }
        return null;
    }

    public String toText() {
        StringBuilder sb = new StringBuilder(startLine).append("\r\n");
        for (Map.Entry<String, String> h : headers) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        return sb.append("\r\n").append(body).toString();
    }
}
