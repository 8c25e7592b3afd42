package io.phonehome.keys;

import io.phonehome.inventory.CsvTable;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.InventoryException;
import io.phonehome.inventory.Mac;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A key CSV read into one group of keys per named profile or device, each key remembering its
 * spreadsheet row. Only the table's shape is checked here (columns, one of profile/mac per row,
 * numbers); what the keys mean is checked by {@link KeyPlans} as for the API.
 */
public final class KeyImport {
    static final Set<String> COLUMNS = Set.of("profile", "mac", "module", "position", "type", "value", "label", "line");
    static final int MAX_ROWS = 20_000;

    /** The keys of one profile or one device (exactly one of {@code profile}, {@code mac} is set), with their rows. */
    record Group(String profile, Mac mac, List<KeyInput> keys, List<Integer> rows) {
    }

    /**
     * What an import did or would do.
     *
     * @param applied whether anything was written (false on a dry run and when any row was refused)
     */
    public record Report(boolean dryRun, boolean applied, int rows, List<String> profiles, List<String> devices, List<FieldError> errors) {
    }

    private final List<Group> groups;
    private final List<FieldError> errors;
    private final int rowCount;

    private KeyImport(List<Group> groups, List<FieldError> errors, int rowCount) {
        this.groups = groups;
        this.errors = errors;
        this.rowCount = rowCount;
    }

    List<Group> groups() {
        return groups;
    }

    List<FieldError> errors() {
        return errors;
    }

    int rowCount() {
        return rowCount;
    }

    static KeyImport read(Reader csv) throws IOException {
        List<FieldError> errors = new ArrayList<>();
        CsvTable table = CsvTable.parse(csv, COLUMNS, Set.of("position", "type"), MAX_ROWS, errors);
        Map<String, Group> groups = new LinkedHashMap<>();
        for (CsvTable.Row row : table.rows()) {
            String profile = row.get("profile");
            String macText = row.get("mac");
            if (profile.isEmpty() == macText.isEmpty()) {
                errors.add(new FieldError(row.number(), "profile", "each row names either a profile or a device's mac (not both)"));
                continue;
            }
            Mac mac = null;
            if (!macText.isEmpty()) {
                try {
                    mac = Mac.parse(macText);
                } catch (InventoryException e) {
                    errors.add(new FieldError(row.number(), "mac", e.getMessage()));
                    continue;
                }
            }
            Integer module = number(row, "module", errors);
            Integer position = number(row, "position", errors);
            Integer line = number(row, "line", errors);
            if (errors.stream().anyMatch(e -> e.row() == row.number())) {
                continue;
            }
            KeyInput key = new KeyInput(module, position, row.get("type"), row.get("value"), row.values().getOrDefault("label", ""), line);
            String target = mac != null ? "mac:" + mac.hex() : "profile:" + profile;
            Mac m = mac;
            Group g = groups.computeIfAbsent(target, t -> new Group(m == null ? profile : null, m, new ArrayList<>(), new ArrayList<>()));
            g.keys().add(key);
            g.rows().add(row.number());
        }
        return new KeyImport(List.copyOf(groups.values()), errors, table.rows().size());
    }

    private static Integer number(CsvTable.Row row, String column, List<FieldError> errors) {
        String v = row.get(column);
        if (v.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            errors.add(new FieldError(row.number(), column, "'" + v + "' is not a whole number"));
            return null;
        }
    }
}
