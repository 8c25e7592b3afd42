package io.phonehome.inventory;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The inventory as CSV for the customer's documentation: the import's columns (so the file
 * imports back) plus what the phones reported. No secret is exported. Safe to open in a
 * spreadsheet: UTF-8 with a BOM (Excel otherwise guesses the encoding), and every cell that a
 * spreadsheet would read as a formula ({@code = + - @}, tab, carriage return first) is defused
 * with a leading apostrophe, which the import removes again (OWASP "CSV injection").
 */
public final class DeviceExport {
    public static final List<String> CSV_COLUMNS = List.of("mac", "vendor", "model", "serial", "site", "line", "extension", "display_name", "label",
            "handset", "handset_name", "auth_user", "transport", "srtp", "redirect_url", "redirect_username", DectBaseLinkPlanner.COLUMN, "reported_model",
            "reported_firmware", "last_seen", "last_address");

    private final DeviceSearch search;
    private final DectBaseLinkRepository dectBaseLinks;

    /** @param dectBaseLinks where a radio base's DECT manager is read from (its {@code dect_manager} column) */
    public DeviceExport(DeviceSearch search, DectBaseLinkRepository dectBaseLinks) {
        this.search = search;
        this.dectBaseLinks = dectBaseLinks;
    }

    /** Writes every device matching {@code filter} with commas; returns the number of devices. */
    public int csv(DeviceFilter filter, Writer out) throws IOException {
        return csv(filter, out, ',');
    }

    /**
     * Writes every device matching {@code filter}; returns the number of devices.
     *
     * @param delimiter ',' or ';': Excel in locales whose decimal separator is a comma (French,
     *                  German, Italian, ...) splits a double-clicked CSV file on ';' only and
     *                  shows a comma file as one column; the import reads both
     */
    public int csv(DeviceFilter filter, Writer out, char delimiter) throws IOException {
        if (delimiter != ',' && delimiter != ';') {
            throw new IllegalArgumentException("delimiter must be ',' or ';'");
        }
        out.write('\uFEFF');
        CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setRecordSeparator("\r\n").get());
        p.printRecord(CSV_COLUMNS);
        int[] devices = {0};
        IOException[] failed = {null};
        search.forEach(filter, chunk -> {
            if (failed[0] != null) {
                return;
            }
            List<Long> ids = chunk.stream().map(r -> r.device().id()).toList();
            Map<Long, List<Line>> lines = search.lines(ids);
            Map<Long, List<Handset>> handsets = search.handsets(ids);
            Map<Long, Mac> managers = dectBaseLinks.managersOf(ids);
            try {
                for (DeviceSearch.Row r : chunk) {
                    for (List<String> row : rows(r, lines.getOrDefault(r.device().id(), List.of()), handsets.getOrDefault(r.device().id(), List.of()),
                            managers.get(r.device().id()))) {
                        p.printRecord(row.stream().map(DeviceExport::defuse).toList());
                    }
                    devices[0]++;
                }
            } catch (IOException e) {
                failed[0] = e;
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
        p.flush();
        return devices[0];
    }

    /** One row per line (per handset and line on DECT bases), one row for a device without lines. */
    static List<List<String>> rows(DeviceSearch.Row r, List<Line> lines, List<Handset> handsets) {
        return rows(r, lines, handsets, null);
    }

    /** @param manager the DECT manager of a linked radio base, else null */
    static List<List<String>> rows(DeviceSearch.Row r, List<Line> lines, List<Handset> handsets, Mac manager) {
        List<List<String>> out = new ArrayList<>();
        if (lines.isEmpty()) {
            out.add(row(r, null, null, manager));
            return out;
        }
        for (Line l : lines) {
            List<Handset> users = handsets.stream().filter(h -> h.linePositions().contains(l.position())).toList();
            if (users.isEmpty()) {
                out.add(row(r, l, null, manager));
            } else {
                for (Handset h : users) {
                    out.add(row(r, l, h, manager));
                }
            }
        }
        return out;
    }

    private static List<String> row(DeviceSearch.Row r, Line l, Handset h, Mac manager) {
        Device d = r.device();
        return List.of(d.mac().colons(), d.vendor(), d.model(), nz(d.serial()), nz(r.siteName()),
                l == null ? "" : Integer.toString(l.position()), l == null ? "" : l.extension(),
                l == null ? "" : l.displayName(), l == null ? "" : l.label(), h == null ? "" : Integer.toString(h.index()),
                h == null ? "" : nz(h.name()), l == null ? "" : l.authUser(), l == null ? "" : l.transport().lower(),
                l == null ? "" : l.srtp().lower(), nz(r.redirectUrl()), nz(r.redirectUsername()),
                manager == null ? "" : manager.colons(), nz(d.reportedModel()),
                nz(d.reportedFirmware()), d.lastSeen() == null ? "" : d.lastSeen().toString(), nz(d.lastAddress()));
    }

    /** A cell a spreadsheet will not evaluate: an apostrophe before a leading = + - @ tab or CR. */
    public static String defuse(String v) {
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            return "'" + v;
        }
        return v;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
