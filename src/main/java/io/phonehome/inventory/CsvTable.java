package io.phonehome.inventory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file as spreadsheets export it: UTF-8 with or without BOM, comma or semicolon delimiter
 * (French and German locales use ';'), a header row whose names are matched case-insensitively
 * and in any order. Rows of nothing but separators and empty fields right of the last column
 * (both what a spreadsheet saves after rows or a column were cleared) are ignored; a value right
 * of the last column is an error. Row numbers are spreadsheet rows: the header is row 1. A value that starts
 * with an apostrophe before {@code = + - @} loses the apostrophe (see {@link #unescapeFormula}).
 */
public final class CsvTable {
    /** One data row: its spreadsheet row number and its values by lower-case column name. */
    public record Row(int number, Map<String, String> values) {
        public String get(String column) {
            String v = values.get(column);
            return v == null ? "" : v.trim();
        }
    }

    private final List<String> columns;
    private final List<Row> rows;

    private CsvTable(List<String> columns, List<Row> rows) {
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
    }

    public List<String> columns() {
        return columns;
    }

    public List<Row> rows() {
        return rows;
    }

    /**
     * Parses the text; structural problems (no header, unknown or repeated columns, missing
     * required ones, ragged rows) are reported as field errors rather than thrown one at a time.
     *
     * @param maxRows the largest number of data rows accepted
     */
    public static CsvTable parse(Reader in, Set<String> known, Set<String> required, int maxRows, List<FieldError> errors) throws IOException {
        String text = readAll(in);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        char delimiter = detectDelimiter(text);
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(true).get();
        List<String> columns = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            int index = 0;
            for (CSVRecord rec : parser) {
                index++;
                if (index == 1) {
                    for (String h : rec) {
                        String name = h.trim().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
                        if (!known.contains(name)) {
                            errors.add(new FieldError(1, h.trim(), "unknown column; expected some of " + String.join(", ", known.stream().sorted().toList())));
                        } else if (columns.contains(name)) {
                            errors.add(new FieldError(1, name, "column appears twice"));
                        }
                        columns.add(name);
                    }
                    for (String r : required) {
                        if (!columns.contains(r)) {
                            errors.add(new FieldError(1, r, "required column is missing"));
                        }
                    }
                    continue;
                }
                if (allBlank(rec, 0)) {
                    // A spreadsheet saves rows it once formatted as nothing but separators (";;;;").
                    continue;
                }
                if (rows.size() >= maxRows) {
                    errors.add(new FieldError(index, "", "too many rows: at most " + maxRows + " per import"));
                    break;
                }
                if (rec.size() > columns.size() && !allBlank(rec, columns.size())) {
                    errors.add(new FieldError(index, "", "has " + lastNonBlank(rec) + " fields but the header has " + columns.size()
                            + "; remove the values right of the last column or name their column in row 1"));
                    continue;
                }
                Map<String, String> values = new LinkedHashMap<>();
                // Empty fields right of the last column are what a spreadsheet leaves after a deleted column.
                for (int i = 0; i < Math.min(rec.size(), columns.size()); i++) {
                    values.put(columns.get(i), unescapeFormula(rec.get(i)));
                }
                rows.add(new Row(index, values));
            }
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            errors.add(new FieldError(rows.size() + 2, "", "the file is not valid CSV: " + e.getMessage()));
        }
        if (columns.isEmpty()) {
            errors.add(new FieldError(1, "", "the file is empty; the first row must name the columns"));
        }
        return new CsvTable(columns, rows);
    }

    /** Whether every field of the record from {@code from} on is empty or blank. */
    private static boolean allBlank(CSVRecord rec, int from) {
        for (int i = from; i < rec.size(); i++) {
            if (!rec.get(i).isBlank()) {
                return false;
            }
        }
        return true;
    }

    /** The number of fields up to the last one that holds something. */
    private static int lastNonBlank(CSVRecord rec) {
        for (int i = rec.size() - 1; i >= 0; i--) {
            if (!rec.get(i).isBlank()) {
                return i + 1;
            }
        }
        return 0;
    }

    /**
     * Undoes the defusing of spreadsheet formulas that exports apply (a leading apostrophe before
     * {@code = + - @}, OWASP "CSV injection"), so an exported file imports back unchanged.
     */
    static String unescapeFormula(String v) {
        if (v.length() >= 2 && v.charAt(0) == '\'' && "=+-@\t\r".indexOf(v.charAt(1)) >= 0) {
            return v.substring(1);
        }
        return v;
    }

    /** ';' when the header row has more semicolons than commas, else ','. */
    static char detectDelimiter(String text) {
        int nl = text.indexOf('\n');
        String header = nl < 0 ? text : text.substring(0, nl);
        long semis = header.chars().filter(c -> c == ';').count();
        long commas = header.chars().filter(c -> c == ',').count();
        return semis > commas ? ';' : ',';
    }

    private static String readAll(Reader in) throws IOException {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        BufferedReader r = new BufferedReader(in);
        int n;
        while ((n = r.read(buf)) > 0) {
            sb.append(buf, 0, n);
        }
        return sb.toString();
    }
}
