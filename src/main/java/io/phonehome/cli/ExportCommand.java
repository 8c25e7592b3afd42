package io.phonehome.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phonehome export [--format csv|json] [--separator semicolon] [--output FILE]}: the inventory for the customer's documentation. */
@Command(name = "export", mixinStandardHelpOptions = true, description = {"Export the inventory (devices, lines, serials, firmware, last seen)",
        "as CSV (safe to open in a spreadsheet, no secrets) or JSON. Filters as in 'devices list'."})
public final class ExportCommand extends ClientCommand {
    @Option(names = "--format", defaultValue = "csv", description = "csv or json (default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--separator", paramLabel = "comma|semicolon", description = {"CSV field separator (default comma); semicolon opens as",
            "columns in Excel in French, German, Italian and other decimal-comma locales"})
    String separator;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE (default: standard output)")
    Path output;

    @ArgGroup(exclusive = false, heading = "Filters:%n")
    DevicesCommand.Filters filters = new DevicesCommand.Filters();

    @Override
    int run(ApiClient api) throws Exception {
        Map<String, Object> p = filters == null ? new java.util.LinkedHashMap<>() : filters.params();
        p.put("format", json ? "json" : format);
        if (separator != null) {
            p.put("separator", separator);
        }
        HttpResponse<InputStream> r = api.stream("api/v1/export" + ApiClient.query(p));
        Progress progress = new Progress(err(), "exporting");
        long n = 0;
        Path tmp = output == null ? null : output.resolveSibling(output.getFileName() + ".part");
        java.io.ByteArrayOutputStream toStdout = new java.io.ByteArrayOutputStream();
        try (InputStream in = r.body(); OutputStream out = output == null ? toStdout : Files.newOutputStream(tmp)) {
            byte[] buf = new byte[65536];
            int k;
            while ((k = in.read(buf)) > 0) {
                out.write(buf, 0, k);
                n += k;
                progress.update(n, 0, Progress.bytes(n));
            }
        }
        if (output != null) {
            Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING);
            progress.done("wrote " + Progress.bytes(n) + " to " + output);
        } else {
            progress.done(null);
            out().print(toStdout.toString(java.nio.charset.StandardCharsets.UTF_8));
            out().flush();
        }
        return ExitCodes.OK;
    }
}
