package io.phonehome.settings;

import io.phonehome.inventory.CsvTable;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.ValidationException;
import io.phonehome.errors.NotFound;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Settings from a CSV file (comma or semicolon separated, like the device import): columns
 * {@code scope}, {@code target}, {@code name}, {@code value}. The scope is either spelled whole
 * ({@code site_model:Zurich Office:yealink:T54W}, no target) or as its kind with the target
 * ({@code site}, {@code Zurich Office}). All or nothing: every row is checked first and any
 * problem, reported with its row, leaves the store as it was; a dry run only checks.
 */
public final class SettingsImport {
    public static final int MAX_ROWS = 20_000;

    /** What an import did or would do. */
    public record Report(int rows, boolean dryRun, boolean applied, List<FieldError> errors, List<StoredValue> values) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final LayeredSettings settings;

    public SettingsImport(LayeredSettings settings) {
        this.settings = settings;
    }

    public Report run(Reader csv, boolean dryRun) throws IOException {
        List<FieldError> errors = new ArrayList<>();
        CsvTable table = CsvTable.parse(csv, Set.of("scope", "target", "name", "value"), Set.of("scope", "name", "value"), MAX_ROWS, errors);
        List<StoredValue> values = new ArrayList<>();
        if (errors.isEmpty()) {
            for (CsvTable.Row row : table.rows()) {
                String target = row.get("target");
                String scopeText = target.isEmpty() ? row.get("scope") : row.get("scope") + ":" + target;
                try {
                    Scope scope = settings.parseScope(scopeText);
                    values.add(settings.check(scope, row.get("name"), row.values().getOrDefault("value", ""), row.number()));
                } catch (ValidationException e) {
                    e.errors().forEach(err -> errors.add(new FieldError(row.number(), err.field(), err.message())));
                } catch (RuntimeException e) {
                    if (!(e instanceof NotFound)) {
                        throw e;
                    }
                    errors.add(new FieldError(row.number(), "scope", e.getMessage()));
                }
            }
        }
        boolean apply = errors.isEmpty() && !dryRun;
        if (apply) {
            settings.setAll(values);
        }
        return new Report(table == null ? 0 : table.rows().size(), dryRun, apply, errors, values);
    }
}
