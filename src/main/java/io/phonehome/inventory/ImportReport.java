package io.phonehome.inventory;

import java.util.List;

/**
 * What an import did or would do. When {@link #errors()} is not empty nothing was written.
 *
 * @param allocated extensions chosen for rows that left the extension empty
 * @param devices   what each device of the file gets, in file order (of the rows that planned
 *                  without error), so a dry run shows a MAC that was meant once but got two lines
 */
public record ImportReport(boolean dryRun, boolean applied, int rows, int devicesCreated, int devicesUpdated,
                           int lines, int handsets, List<FieldError> errors, List<Allocation> allocated, List<DeviceOutcome> devices) {
    public ImportReport {
        errors = List.copyOf(errors);
        allocated = List.copyOf(allocated);
        devices = List.copyOf(devices);
    }

    /** One device of an import: created or updated, and how many lines and handsets it will have. */
    public record DeviceOutcome(String mac, String model, boolean created, int lines, int handsets) {
        static DeviceOutcome of(DevicePlan p) {
            return new DeviceOutcome(p.mac().colons(), p.model().model(), p.existing() == null, p.lines().size(), p.handsets().size());
        }
    }

    /** An extension given to a row that had none. */
    public record Allocation(int row, String mac, String extension) {
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
