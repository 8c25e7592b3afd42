package io.phonehome.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The catalog of supported models: every phone plug-in's own rows (a class-path resource per
 * vendor, see {@code PhonePlugin.modelsResource()}), extended or overridden by
 * {@code <data_dir>/models.csv} when present. Columns:
 * {@code vendor,model,family,accounts,handsets,attributes} where attributes are
 * {@code key=value} pairs separated by {@code ;}. A built-in row must carry a {@code source}
 * attribute naming the vendor document or public template its values come from, so that a wrong
 * common file or account count can be traced and corrected; rows an installer adds in
 * {@code <data_dir>/models.csv} need none.
 */
public final class SupportedModels {
    private final Map<String, ModelInfo> byKey; // "vendor/MODEL"

    private SupportedModels(Map<String, ModelInfo> byKey) {
        this.byKey = Map.copyOf(byKey);
    }

    /** One vendor's built-in rows: where they are and whose they must be. */
    public record Source(String vendor, String name, URL url) {
    }

    /**
     * The built-in rows of {@code sources} plus {@code extra} (may be null or missing); rows in
     * {@code extra} win. A built-in row of another vendor than its source's is refused: a plug-in
     * describes its own phones only.
     */
    public static SupportedModels load(List<Source> sources, Path extra) {
        Map<String, ModelInfo> all = new LinkedHashMap<>();
        for (Source source : sources) {
            if (source.url() == null) {
                throw new InventoryException(source.name() + " (the models of " + source.vendor() + ") is missing from the build");
            }
            Map<String, ModelInfo> rows = new LinkedHashMap<>();
            try (InputStream in = source.url().openStream()) {
                read(new InputStreamReader(in, StandardCharsets.UTF_8), source.name() + " (built in)", rows, true);
            } catch (IOException e) {
                throw new InventoryException("cannot read built-in " + source.name() + ": " + e.getMessage());
            }
            for (ModelInfo m : rows.values()) {
                if (!m.vendor().equals(source.vendor())) {
                    throw new InventoryException(source.name() + " lists " + m.vendor() + " " + m.model() + ", but it holds the models of "
                            + source.vendor() + " only");
                }
            }
            all.putAll(rows);
        }
        if (extra != null && Files.exists(extra)) {
            try (Reader r = Files.newBufferedReader(extra, StandardCharsets.UTF_8)) {
                read(r, extra.toString(), all, false);
            } catch (IOException e) {
                throw new InventoryException("cannot read " + extra + ": " + e.getMessage());
            }
        }
        return new SupportedModels(all);
    }

    /** The attribute naming where a built-in row comes from. */
    public static final String SOURCE_ATTRIBUTE = "source";

    private static void read(Reader r, String source, Map<String, ModelInfo> into, boolean sourceRequired) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setCommentMarker('#').setIgnoreEmptyLines(true).setTrim(true).get();
        try (CSVParser p = CSVParser.parse(r, format)) {
            for (CSVRecord rec : p) {
                String where = source + " line " + rec.getParser().getCurrentLineNumber();
                try {
                    String vendor = rec.get("vendor").toLowerCase(Locale.ROOT);
                    String model = rec.get("model").toUpperCase(Locale.ROOT);
                    String family = rec.get("family");
                    int accounts = Integer.parseInt(rec.get("accounts"));
                    int handsets = Integer.parseInt(rec.get("handsets"));
                    Map<String, String> attrs = new LinkedHashMap<>();
                    String raw = rec.isMapped("attributes") && rec.isSet("attributes") ? rec.get("attributes") : "";
                    for (String kv : raw.split(";")) {
                        if (kv.isBlank()) {
                            continue;
                        }
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new InventoryException(where + ": attribute '" + kv + "' is not key=value");
                        }
                        attrs.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
                    }
                    if (vendor.isEmpty() || model.isEmpty() || family.isEmpty() || accounts < 0 || handsets < 0) {
                        throw new InventoryException(where + ": vendor, model, family must be set and counts >= 0");
                    }
                    if (sourceRequired && attrs.getOrDefault(SOURCE_ATTRIBUTE, "").isEmpty()) {
                        throw new InventoryException(where + ": " + vendor + " " + model + " has no " + SOURCE_ATTRIBUTE
                                + "= attribute: a built-in model names the document its values come from");
                    }
                    if (into.containsKey(vendor + "/" + model) && sourceRequired) {
                        throw new InventoryException(where + ": " + vendor + " " + model + " is listed twice");
                    }
                    into.put(vendor + "/" + model, new ModelInfo(vendor, model, family, accounts, handsets, attrs));
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new InventoryException(where + ": " + e.getMessage());
                }
            }
        }
    }

    public Optional<ModelInfo> find(String vendor, String model) {
        if (vendor == null || model == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byKey.get(vendor.toLowerCase(Locale.ROOT) + "/" + model.toUpperCase(Locale.ROOT)));
    }

    /** Finds a model by name alone; model names are unique across vendors in the catalog. */
    public List<ModelInfo> findByName(String model) {
        String m = model.trim().toUpperCase(Locale.ROOT);
        List<ModelInfo> out = new ArrayList<>();
        for (ModelInfo i : byKey.values()) {
            if (i.model().equals(m)) {
                out.add(i);
            }
        }
        return out;
    }

    public List<ModelInfo> forVendor(String vendor) {
        return all().stream().filter(m -> m.vendor().equalsIgnoreCase(vendor)).toList();
    }

    public Collection<ModelInfo> all() {
        return byKey.values().stream().sorted(Comparator.comparing(ModelInfo::vendor).thenComparing(ModelInfo::model)).toList();
    }
}
