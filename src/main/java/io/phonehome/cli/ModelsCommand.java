package io.phonehome.cli;

import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.SupportedModels;
import io.phonehome.phones.VendorRegistry;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code phonehome models}: the supported models, every phone plug-in's plus
 * {@code <data_dir>/models.csv}. One line per model with what an installer plans with (family,
 * format, accounts, handsets, keys, expansion modules, other names); {@code --sources} adds the
 * document each row comes from, and the last line counts the models per vendor.
 */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List the supported device models.")
public final class ModelsCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions settings;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "JSON output")
    boolean json;

    @Option(names = "--vendor", description = "Only this vendor's models")
    String vendor;

    @Option(names = "--sources", description = "Show where each row comes from")
    boolean sources;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SupportedModels models = VendorRegistry.load(settings.load().dataDir().resolve("models.csv")).models();
        String only = vendor == null ? null : vendor.trim().toLowerCase(Locale.ROOT);
        List<ModelInfo> rows = models.all().stream().filter(m -> only == null || m.vendor().equals(only)).toList();
        if (rows.isEmpty() && only != null) {
            spec.commandLine().getErr().println("no models of vendor '" + vendor + "'; vendors: "
                    + String.join(", ", models.all().stream().map(ModelInfo::vendor).distinct().sorted().toList()));
            spec.commandLine().getErr().flush();
            return ExitCodes.USAGE;
        }
        if (json) {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(rows));
            out.flush();
            return ExitCodes.OK;
        }
        String format = "%-12s %-10s %-15s %-12s %8s %8s %5s %7s  %s%n";
        out.printf(format, "VENDOR", "MODEL", "FAMILY", "FORMAT", "ACCOUNTS", "HANDSETS", "KEYS", "EXP", "ALSO WRITTEN");
        Map<String, Integer> perVendor = new TreeMap<>();
        for (ModelInfo m : rows) {
            perVendor.merge(m.vendor(), 1, Integer::sum);
            String modules = m.attribute("expansion_modules").orElse("");
            String exp = modules.isEmpty() || modules.equals("0") ? modules
                    : modules + "x" + m.attribute("expansion_keys").orElse("?");
            out.printf(format, m.vendor(), m.model(), m.family(), m.attribute("format").orElse("-"), m.accounts(), m.handsets(),
                    m.attribute("line_keys").orElse(""), exp, m.attribute("aliases").orElse(""));
            if (sources) {
                out.println("    source: " + m.attribute("source").orElse("(operator's models.csv)"));
            }
        }
        StringBuilder total = new StringBuilder().append(rows.size()).append(" models");
        String sep = ": ";
        for (Map.Entry<String, Integer> e : perVendor.entrySet()) {
            total.append(sep).append(e.getKey()).append(' ').append(e.getValue());
            sep = ", ";
        }
        out.println(total);
        out.flush();
        return ExitCodes.OK;
    }
}
