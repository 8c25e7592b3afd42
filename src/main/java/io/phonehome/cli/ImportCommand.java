package io.phonehome.cli;

import io.phonehome.Main;
import io.phonehome.inventory.DeviceImport;
import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.ImportReport;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code phonehome import FILE [--dry-run] [--update]}: bulk import of devices from a delivery-note CSV. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import devices from a CSV file (columns mac,model,serial,site,extension,display_name,handset;",
                "any order, comma or semicolon). All rows are checked first: one bad row and nothing is written.",
                "Exit status: 0 imported, 3 refused (see the report), 1 other failure."})
public final class ImportCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions settings;

    @Parameters(index = "0", paramLabel = "FILE", description = "CSV file to import")
    Path file;

    @Option(names = "--dry-run", description = "Check and report, change nothing")
    boolean dryRun;

    @Option(names = "--update", description = "Update devices already in the inventory instead of refusing them")
    boolean update;

    @Option(names = "--json", description = "Print the report as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ImportReport report;
        try (OfflineInventory inv = new OfflineInventory(settings.load());
             Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            report = inv.inventory.importer().run(r, update ? DeviceImport.Mode.UPDATE_EXISTING : DeviceImport.Mode.CREATE_ONLY, dryRun);
        }
        if (json) {
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            print(report);
        }
        return report.ok() ? Main.OK : Main.INVALID_INPUT;
    }

    private static void print(ImportReport r) {
        if (!r.ok()) {
            System.out.println("Import refused, nothing was changed. " + r.errors().size() + " problem(s):");
            for (FieldError e : r.errors()) {
                System.out.println("  row " + e.row() + (e.field().isEmpty() ? "" : ", " + e.field()) + ": " + e.message());
            }
            return;
        }
        System.out.printf("%s %d row(s): %d device(s) new, %d updated, %d line(s), %d handset(s).%n",
                r.dryRun() ? "Dry run, nothing written:" : "Imported", r.rows(), r.devicesCreated(), r.devicesUpdated(), r.lines(), r.handsets());
        for (ImportReport.Allocation a : r.allocated()) {
            System.out.println("  row " + a.row() + ": " + a.mac() + " gets extension " + a.extension());
        }
    }
}
