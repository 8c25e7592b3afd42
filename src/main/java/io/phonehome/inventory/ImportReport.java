package io.phonehome.inventory;

import java.util.List;

/**
 * What an import did or would do. When {@link #errors()} is not empty nothing was written.
 *
 * @param allocated extensions chosen for rows that left the extension empty
 */
public record ImportReport(boolean dryRun, boolean applied, int rows, int devicesCreated, int devicesUpdated,
                           int lines, int handsets, List<FieldError> errors, List<Allocation> allocated) {
    public ImportReport {
        errors = List.copyOf(errors);
        allocated = List.copyOf(allocated);
    }

    /** An extension given to a row that had none. */
    public record Allocation(int row, String mac, String extension) {
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
