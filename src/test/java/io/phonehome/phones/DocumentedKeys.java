package io.phonehome.phones;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One vendor's documented-keys list: the keys (or key patterns) the vendor documents, each for the
 * model formats it applies to and with the source it was read in. Read from the plug-in's
 * resource {@code io/phonehome/phones/<vendor>/documented-keys.tsv}: tab-separated
 * {@code key}, {@code applies to}, {@code source}; {@code #} starts a comment line.
 *
 * <p>A key is what the file's syntax names: a {@code key = value} key, or for XML the element
 * path from the root ({@code settings/phone-settings/user_active}), an attribute as
 * {@code path@attribute} and an element named by a {@code name} attribute as
 * {@code item[name=account.{n}.sip.server.1.address]}. In a key, {@code {n}} stands for any decimal number and {@code {a..b}} for
 * one from a to b, {@code {*}} for any one element name (for attributes every element of a
 * section carries, such as Snom's {@code perm}). {@code applies to} is a comma-separated list of formats (the catalog's
 * {@code format} attribute, or the model's family when it has none) or {@code *} for every one.
 */
final class DocumentedKeys {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(n|\\*|(\\d+)\\.\\.(\\d+))}");

    record Row(String key, Set<String> formats, String source, Pattern pattern, List<long[]> ranges, int line) {
        boolean matches(String format, String written) {
            if (!formats.contains("*") && !formats.contains(format)) {
                return false;
            }
            Matcher m = pattern.matcher(written);
            if (!m.matches()) {
                return false;
            }
            for (int i = 0; i < ranges.size(); i++) {
                long[] r = ranges.get(i);
                if (r != null) {
                    long v = Long.parseLong(m.group(i + 1));
                    if (v < r[0] || v > r[1]) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    private final String resource;
    private final List<Row> rows;

    private DocumentedKeys(String resource, List<Row> rows) {
        this.resource = resource;
        this.rows = List.copyOf(rows);
    }

    static String resourceOf(String vendor) {
        return "io/phonehome/phones/" + vendor + "/documented-keys.tsv";
    }

    /** The vendor's list, or empty when its plug-in ships none. Fails on a malformed row. */
    static Optional<DocumentedKeys> of(String vendor) {
        String resource = resourceOf(vendor);
        InputStream in = DocumentedKeys.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            return Optional.empty();
        }
        List<Row> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                rows.add(parse(resource, n, line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(new DocumentedKeys(resource, rows));
    }

    private static Row parse(String resource, int n, String line) {
        String[] cols = line.split("\t", -1);
        if (cols.length != 3 || cols[0].isBlank() || cols[1].isBlank() || cols[2].isBlank()) {
            throw new AssertionError(resource + ":" + n + ": a row is key<TAB>applies to<TAB>source, each non-empty: '" + line + "'");
        }
        StringBuilder regex = new StringBuilder();
        List<long[]> ranges = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(cols[0]);
        int at = 0;
        while (m.find()) {
            regex.append(Pattern.quote(cols[0].substring(at, m.start())));
            if (m.group(1).equals("*")) {
                regex.append("[^/@]+");
            } else {
                regex.append("(\\d+)");
                ranges.add(m.group(2) == null ? null : new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
            }
            at = m.end();
        }
        regex.append(Pattern.quote(cols[0].substring(at)));
        Set<String> formats = Set.of(cols[1].replace(" ", "").split(","));
        return new Row(cols[0], formats, cols[2].strip(), Pattern.compile(regex.toString()), ranges, n);
    }

    /** The row that documents this key for this format, if any. */
    Optional<Row> documenting(String format, String key) {
        return rows.stream().filter(r -> r.matches(format, key)).findFirst();
    }

    /** This list less the rows {@code drop} selects (to show that a missing row is noticed). */
    DocumentedKeys without(java.util.function.Predicate<Row> drop) {
        return new DocumentedKeys(resource, rows.stream().filter(drop.negate()).toList());
    }

    List<Row> rows() {
        return rows;
    }

    String resource() {
        return resource;
    }
}
