package io.phonehome.cli;

import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.SupportedModels;
import io.phonehome.phones.VendorRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code phonehome models}: the supported models, every phone plug-in's plus {@code <data_dir>/models.csv}. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List the supported device models.")
public final class ModelsCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions settings;

    @Option(names = "--json", description = "JSON output")
    boolean json;

    @Override
    public Integer call() throws Exception {
        SupportedModels models = VendorRegistry.load(settings.load().dataDir().resolve("models.csv")).models();
        if (json) {
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(models.all()));
            return ExitCodes.OK;
        }
        System.out.printf("%-12s %-8s %-15s %8s %8s  %s%n", "VENDOR", "MODEL", "FAMILY", "ACCOUNTS", "HANDSETS", "ATTRIBUTES");
        for (ModelInfo m : models.all()) {
            System.out.printf("%-12s %-8s %-15s %8d %8d  %s%n", m.vendor(), m.model(), m.family(), m.accounts(), m.handsets(), m.attributes());
        }
        return ExitCodes.OK;
    }
}
