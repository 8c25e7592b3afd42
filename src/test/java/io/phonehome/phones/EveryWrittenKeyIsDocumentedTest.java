package io.phonehome.phones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.phonehome.inventory.Mac;
import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.Srtp;
import io.phonehome.inventory.Transport;
import io.phonehome.settings.SettingRegistry;
import io.phonehome.settings.TypedSetting;
import io.phonehome.testing.TestConfigModel;
import io.phonehome.testing.TestRender;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every key a plug-in writes is one its vendor documents for the model's format: for every model
 * of the catalog, every file Phonehome serves it (common, per-device, firmware, redirect and
 * phonebook files) is rendered with everything turned on (every account in use, over UDP, TCP
 * and TLS with and without SRTP, a backup registrar, every typed setting in each of its values,
 * keys of every type the plug-in accepts for the model on the phone and its expansion modules,
 * the company phonebook, the CA, a firmware target, syslog), read in its own syntax, and each key
 * looked up in the plug-in's documented-keys list ({@link DocumentedKeys}), which names where the
 * vendor documents it. A key no row documents fails the test, listed with vendor, format, file
 * and the models that write it, so the list says exactly what is missing.
 *
 * <p>Raw keys ({@code settings.raw}, the installer's escape hatch) are left out on purpose: the
 * installer chooses and owns them, and the plug-in only checks their syntax. No raw key is set
 * here, so every key checked is one a template writes by itself.
 */
class EveryWrittenKeyIsDocumentedTest {
    private static final VendorRegistry REGISTRY = VendorRegistry.builtIn();
    private static final Mac MAC = Mac.parse("00:04:13:ab:cd:ef");
    private static final String HOST = TestConfigModel.HOST;
    private static final String BASE_URL = "https://" + HOST + ":8443/";
    /** Enough accounts for every key shape (a Grandstream DP75x has ten account blocks of its own). */
    private static final int MAX_LINES = 16;
    /** A version every vendor's firmware naming accepts (the M-series DECT bases want NN.NN.NNNN). */
    private static final String FIRMWARE = "10.20.3040";
    private static final String CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ0E=\n-----END CERTIFICATE-----\n";

    /** The plug-ins Phonehome ships (its own service file), not the test-only fifth vendor. */
    static Stream<String> vendors() {
        Set<String> shipped;
        try {
            shipped = Set.copyOf(java.nio.file.Files.readAllLines(java.nio.file.Path.of("src/main/resources/META-INF/services/"
                    + PhonePlugin.class.getName())).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(shipped).isNotEmpty();
        return REGISTRY.plugins().stream().filter(p -> shipped.contains(p.getClass().getName())).map(PhonePlugin::id);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vendors")
    void everyKeyWrittenWithEverythingTurnedOnIsDocumentedForItsModelsFormat(String vendor) {
        DocumentedKeys documented = DocumentedKeys.of(vendor)
                .orElseThrow(() -> new AssertionError("the " + vendor + " plug-in has no " + DocumentedKeys.resourceOf(vendor)));
        Map<String, Set<String>> missing = undocumented(vendor, documented);
        if (!missing.isEmpty()) {
            fail("%d keys written but not documented in %s (vendor | format | file | key: models):%n%s", missing.size(),
                    documented.resource(), describe(missing));
        }
    }

    /** The check itself must be able to fail: a list without the account-enable row misses exactly that key. */
    @Test
    void aKeyWhoseRowIsMissingIsListedWithItsFormatAndFile() {
        DocumentedKeys full = DocumentedKeys.of("yealink").orElseThrow();
        DocumentedKeys without = full.without(r -> r.key().equals("account.{n}.enable"));
        Map<String, Set<String>> missing = undocumented("yealink", without);
        assertThat(missing).containsKey("yealink | desk | mac.cfg.ftl | account.1.enable").isNotEmpty();
        assertThat(missing.get("yealink | desk | mac.cfg.ftl | account.1.enable")).contains("T46U");
        assertThat(missing.keySet()).allMatch(k -> k.matches("yealink \\| [a-z-]+ \\| [a-z.]+ \\| account\\.\\d+\\.enable"));
    }

    @Test
    void everyRowNamesItsSource() {
        for (String vendor : vendors().toList()) {
            DocumentedKeys.of(vendor).orElseThrow().rows()
                    .forEach(r -> assertThat(r.source()).as("%s line %d", vendor, r.line()).hasSizeGreaterThan(10));
        }
    }

    /** Undocumented keys as "vendor | format | file | key" to the models that write them. */
    static Map<String, Set<String>> undocumented(String vendor, DocumentedKeys documented) {
        Map<String, Set<String>> missing = new TreeMap<>();
        written(vendor).forEach((w, models) -> {
            if (documented.documenting(w.format(), w.key()).isEmpty()) {
                missing.computeIfAbsent(vendor + " | " + w.format() + " | " + w.template() + " | " + w.key(), k -> new TreeSet<>())
                        .addAll(models);
            }
        });
        return missing;
    }

    /** A key as a file of one format writes it. */
    record WrittenKey(String format, String template, String key) {
    }

    /**
     * Every key the vendor's files write, to the models that write it: rendered once per vendor
     * and shared by the tests that check it against a list (the full one, or one with a row
     * taken out), since rendering every model in every variant is this class's whole cost.
     */
    private static final Map<String, Map<WrittenKey, Set<String>>> WRITTEN = new java.util.concurrent.ConcurrentHashMap<>();

    static Map<WrittenKey, Set<String>> written(String vendor) {
        return WRITTEN.computeIfAbsent(vendor, v -> {
            PhonePlugin plugin = REGISTRY.plugin(v).orElseThrow();
            Map<WrittenKey, Set<String>> out = new LinkedHashMap<>();
            for (ModelInfo m : REGISTRY.models().forVendor(v)) {
                String format = format(m);
                for (Rendered f : filesOf(plugin, m)) {
                    for (String key : WrittenKeys.of(f.text())) {
                        out.computeIfAbsent(new WrittenKey(format, f.template(), key), k -> new TreeSet<>()).add(m.model());
                    }
                }
            }
            return out;
        });
    }

    static String format(ModelInfo m) {
        return m.attribute("format").map(String::strip).filter(s -> !s.isEmpty()).orElse(m.family());
    }

    private static String describe(Map<String, Set<String>> missing) {
        return missing.entrySet().stream().map(e -> "  " + e.getKey() + ": " + e.getValue().stream().limit(6).collect(Collectors.joining(" "))
                + (e.getValue().size() > 6 ? " ... (" + e.getValue().size() + " models)" : "")).collect(Collectors.joining("\n"));
    }

    record Rendered(String template, String text) {
    }

    /** Every file of this model, rendered with everything on (typed settings in each of their values). */
    static List<Rendered> filesOf(PhonePlugin plugin, ModelInfo m) {
        List<Rendered> out = new ArrayList<>();
        List<Map<String, String>> variants = settingVariants();
        List<LinePlan> plans = linePlans(plugin, m);
        for (int v = 0; v < variants.size() * plans.size(); v++) {
            ConfigModel cm = everythingOn(plugin, m, variants.get(v % variants.size()), plans.get(v / variants.size()));
            for (String file : deviceFiles(plugin, m)) {
                Identification id = plugin.identify(new FetchRequest(file, "", "")).orElseThrow(
                        () -> new AssertionError(plugin.id() + " does not recognise its own file " + file));
                out.add(new Rendered(id.template(), TestRender.render(plugin, id.template(), cm, file)));
                if (v % variants.size() == 0) {
                    Optional<String> redirect = plugin.redirectTemplate(id);
                    if (redirect.isPresent()) {
                        Map<String, Object> target = Map.of("url", "https://other.example.com/prov/", "username", "u", "password", "p");
                        out.add(new Rendered(redirect.get(), TestRender.render(plugin, redirect.get(), redirectModel(cm), file,
                                Map.of("redirect", target))));
                    }
                }
            }
        }
        Optional<String> phonebook = plugin.phonebookPath(MAC);
        ConfigModel pointed = everythingOn(plugin, m, variants.get(0), plans.get(0));
        if (phonebook.isPresent() && pointsAtPhonebook(out, pointed.phonebook().url())) {
            ConfigModel cm = pointed;
            ConfigModel withEntries = cm.withPhonebook(new ConfigModel.PhonebookInfo(cm.phonebook().url(), 60, "Zurich HQ", List.of(
                    new ConfigModel.PhonebookEntry("Anna Muster", "", "201", "", "", true),
                    new ConfigModel.PhonebookEntry("Bruno Kunde", "Kunde AG", "0441234567", "0791234567", "0449876543", false))));
            out.add(new Rendered(plugin.phonebookTemplate(), TestRender.render(plugin, plugin.phonebookTemplate(), withEntries, phonebook.get())));
        }
        for (String[] common : commonFiles(plugin.id(), m)) {
            Identification id = plugin.identify(new FetchRequest(common[0], "", common[1])).orElseThrow(
                    () -> new AssertionError(plugin.id() + " does not recognise its own common file " + common[0]));
            out.add(new Rendered(id.template(), TestRender.render(plugin, id.template(), commonModel(m), common[0])));
        }
        return out;
    }

    /**
     * Whether a device file tells the phone where its phonebook is (the whole URL, or the directory
     * some firmware appends the file name to): a format whose configuration never does (an analog
     * adapter, a DECT base without a directory key) is never served one.
     */
    private static boolean pointsAtPhonebook(List<Rendered> files, String url) {
        String directory = url.substring(0, url.lastIndexOf('/')).replaceFirst("^https?://", "");
        boolean ownDirectory = directory.contains(MAC.hex());
        return files.stream().anyMatch(f -> f.text().contains(url) || ownDirectory && f.text().contains(directory + "<"));
    }

    /** The per-device files the phone asks for, and the ones those name (Snom's firmware file). */
    private static List<String> deviceFiles(PhonePlugin plugin, ModelInfo m) {
        List<String> files = new ArrayList<>(plugin.deviceFiles(MAC, m.model()));
        if (plugin.id().equals("snom")) {
            files.add("snom" + m.model() + "-" + MAC.upper() + "-firmware.xml");
        }
        return files;
    }

    /** Each common file a phone of the model asks for, with the User-Agent that names the model: {name, user agent}. */
    private static List<String[]> commonFiles(String vendor, ModelInfo m) {
        return switch (vendor) {
            case "yealink" -> {
                String ua = "Yealink " + m.model() + " 1.2.0.3 " + MAC.colons();
                yield List.of(new String[] {"y000000000000.boot", ua}, new String[] {"y000000000000.cfg", ua});
            }
            case "snom" -> List.<String[]>of(new String[] {"snom" + m.model() + ".htm", ""});
            case "grandstream" -> List.of(new String[] {"cfg" + m.model().toLowerCase(java.util.Locale.ROOT) + ".xml", ""},
                    new String[] {"cfg.xml", "Grandstream Model HW " + m.model() + " SW 1.0.1.2 DevId " + MAC.hex()});
            case "fanvil" -> m.attribute("common_file").filter(f -> !f.isBlank()).map(f -> List.<String[]>of(new String[] {f, ""}))
                    .orElse(List.of());
            default -> throw new AssertionError("no common files known for " + vendor + ": name them here");
        };
    }

    /** Each typed setting in each of its values, one map per value index (a setting with fewer values repeats). */
    static List<Map<String, String>> settingVariants() {
        List<TypedSetting> all = List.copyOf(new SettingRegistry().all());
        int n = all.stream().mapToInt(t -> t.type() == TypedSetting.Type.CHOICE ? t.allowed().size() : 1).max().orElse(1);
        List<Map<String, String>> out = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            Map<String, String> typed = new LinkedHashMap<>();
            for (TypedSetting t : all) {
                typed.put(t.name(), switch (t.type()) {
                    case CHOICE -> t.allowed().get(v % t.allowed().size());
                    case INTEGER -> Integer.toString(t.min() + (t.max() - t.min()) / 2);
                    case HOST -> "ntp9.example.ch";
                    case SECRET -> "AuditSecret42";
                    case DIAL -> "*97";
                    case SERVER -> "node2.example.ch:5070";
                    case LIST -> {
                        List<String> rotated = new ArrayList<>(t.allowed());
                        Collections.rotate(rotated, -v);
                        yield String.join(",", rotated);
                    }
                });
            }
            out.add(typed);
        }
        return out;
    }

    /**
     * How the lines of a device are set up: mixed (UDP, TCP and TLS, SRTP off, optional and
     * mandatory, every other one with a backup registrar) where the model takes that, else (a
     * format whose accounts all register through one profile) each transport in turn for all lines.
     */
    record LinePlan(Transport only, Srtp srtp, boolean backup) {
        static final LinePlan MIXED = new LinePlan(null, null, true);
    }

    private static List<LinePlan> linePlans(PhonePlugin plugin, ModelInfo m) {
        try {
            ConfigModel cm = everythingOn(plugin, m, settingVariants().get(0), LinePlan.MIXED);
            for (String file : deviceFiles(plugin, m)) {
                TestRender.render(plugin, plugin.identify(new FetchRequest(file, "", "")).orElseThrow().template(), cm, file);
            }
            return List.of(LinePlan.MIXED);
        } catch (RenderException e) {
            return List.of(new LinePlan(Transport.TLS, Srtp.MANDATORY, true), new LinePlan(Transport.TCP, Srtp.OPTIONAL, true),
                    new LinePlan(Transport.UDP, Srtp.OFF, false));
        }
    }

    /** A device of this model with everything Phonehome can write turned on. */
    static ConfigModel everythingOn(PhonePlugin plugin, ModelInfo m, Map<String, String> typed, LinePlan plan) {
        int accounts = Math.min(m.accounts(), MAX_LINES);
        List<ConfigModel.LineInfo> lines = new ArrayList<>();
        for (int i = 1; i <= accounts; i++) {
            Transport t = plan.only() != null ? plan.only() : switch (i % 4) {
                case 1 -> Transport.UDP;
                case 2 -> Transport.TLS;
                case 3 -> Transport.TCP;
                default -> Transport.TLS;
            };
            Srtp srtp = plan.srtp() != null ? plan.srtp() : switch (i % 3) {
                case 1 -> Srtp.OFF;
                case 2 -> Srtp.MANDATORY;
                default -> Srtp.OPTIONAL;
            };
            int port = t == Transport.TLS ? 5061 : 5060;
            boolean withBackup = plan.only() != null ? plan.backup() : i % 2 == 0;
            ConfigModel.ServerAddress backup = withBackup ? new ConfigModel.ServerAddress("backup.example.com", port, t) : null;
            lines.add(new ConfigModel.LineInfo(i, "2" + String.format("%02d", i), "Line " + i, "Desk " + i, "u2" + i, "pw-" + i, t, srtp,
                    new ConfigModel.ServerAddress(HOST, port, t), backup, 600));
        }
        List<ConfigModel.HandsetInfo> handsets = new ArrayList<>();
        int handsetCount = Math.min(m.handsets(), MAX_LINES);
        for (int h = 1; h <= handsetCount && accounts > 0; h++) {
            int line = (h - 1) % accounts + 1;
            List<Integer> hl = m.family().equals("dect-multicell") ? List.of(line) : List.of(line, line % accounts + 1);
            handsets.add(new ConfigModel.HandsetInfo(h, "Handset " + h, h % 2 == 1 ? "0123456789" : null, hl.stream().distinct().toList()));
        }
        List<ConfigModel.BaseInfo> bases = new ArrayList<>();
        if (m.family().equals("dect-multicell")) {
            bases.add(new ConfigModel.BaseInfo(Mac.parse("00:04:13:00:00:01"), m.model(), "SN-B1"));
            bases.add(new ConfigModel.BaseInfo(Mac.parse("00:04:13:00:00:02"), m.model(), null));
        }
        ConfigModel.ModelData md = new ConfigModel.ModelData(m.vendor(), m.model(), m.family(), m.accounts(), m.handsets(), m.attributes(), null);
        ConfigModel cm = new ConfigModel(new ConfigModel.DeviceInfo(MAC, "SN-1"), md,
                new ConfigModel.SiteInfo("Zurich HQ", "de", List.of("ntp1.example.ch", "ntp2.example.ch"), "admin-Secret-42", "syslog.example.ch",
                        1514),
                TimeZoneRule.of("Europe/Zurich", TestConfigModel.MID_2026), lines, handsets,
                new ConfigModel.ProvisioningInfo(BASE_URL, MAC.hex(), "own-device-password", 1440),
                new ConfigModel.FirmwareInfo(FIRMWARE, BASE_URL + "firmware/" + m.vendor() + "/image.bin"), server(), bases,
                keys(plugin, m, accounts), new ConfigModel.SettingsInfo(typed, List.of()));
        return plugin.phonebookPath(MAC)
                .map(p -> cm.withPhonebook(new ConfigModel.PhonebookInfo(BASE_URL + p, 60, "Zurich HQ", List.of())))
                .orElse(cm);
    }

    /** Keys of every type the plug-in accepts for the model, on every key of the phone and of each expansion module. */
    private static List<ConfigModel.KeyInfo> keys(PhonePlugin plugin, ModelInfo m, int accounts) {
        List<String> types = new ArrayList<>(new TreeSet<>(plugin.keyTypes(m)));
        List<ConfigModel.KeyInfo> out = new ArrayList<>();
        if (types.isEmpty() || accounts == 0) {
            return out;
        }
        int lineKeys = intAttribute(m, "line_keys");
        int modules = intAttribute(m, "expansion_modules");
        int moduleKeys = intAttribute(m, "expansion_keys");
        int n = 0;
        for (int module = 0; module <= modules; module++) {
            int count = module == 0 ? lineKeys : moduleKeys;
            for (int p = 1; p <= count; p++, n++) {
                String type = types.get(n % types.size());
                String value = switch (type) {
                    case "line", "dnd" -> "";
                    case "speed_dial" -> "0791234567";
                    case "park" -> "700";
                    case "voicemail" -> "*97";
                    default -> "2" + String.format("%02d", p % 100);
                };
                out.add(new ConfigModel.KeyInfo(module, p, type, value, "Key " + p, n % accounts + 1));
            }
        }
        return out;
    }

    private static int intAttribute(ModelInfo m, String name) {
        return m.attribute(name).map(String::strip).filter(s -> s.matches("\\d+")).map(Integer::parseInt).orElse(0);
    }

    private static ConfigModel.ServerInfo server() {
        return new ConfigModel.ServerInfo(HOST, BASE_URL + "phonehome-ca.pem", 5060, 5061, BASE_URL + "phonehome-ca.crt", CA_PEM);
    }

    /** As {@link ConfigModelBuilder#forRedirect}: the device and its model, nothing of a site. */
    private static ConfigModel redirectModel(ConfigModel cm) {
        return new ConfigModel(cm.device(), cm.model(), null, null, List.of(), List.of(),
                new ConfigModel.ProvisioningInfo(BASE_URL, null, null, 0), null, server());
    }

    /** As {@link ConfigModelBuilder#forCommon}: no device, no site, no secret; a firmware target. */
    private static ConfigModel commonModel(ModelInfo m) {
        ConfigModel.ModelData md = new ConfigModel.ModelData(m.vendor(), m.model(), m.family(), m.accounts(), m.handsets(), m.attributes(), null);
        return new ConfigModel(null, md, null, null, List.of(), List.of(), new ConfigModel.ProvisioningInfo(BASE_URL, null, null, 0),
                new ConfigModel.FirmwareInfo(FIRMWARE, BASE_URL + "firmware/" + m.vendor() + "/image.bin"), server());
    }
}
