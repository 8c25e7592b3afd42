package io.phonehome.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of ARCHITECTURE.md ("Package rules"), checked on every main source file. A
 * dependency is an import line or a qualified name written in code ({@code io.phonehome.x.Y},
 * {@code io.undertow.util.HttpString}): comments and string literals are blanked first, so a
 * {@code {@link}} or a jain-sip property name in a string is not one. Package names below are
 * relative to {@code io.phonehome}; {@code ""} is the root package.
 */
class DependencyRulesTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^[ \\t]*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^[ \\t]*import\\s+(?:static\\s+)?([\\w.]+?)(?:\\.\\*)?\\s*;", Pattern.MULTILINE);
    /** A qualified type name: lower-case segments, then a capitalised one; not preceded by a dot (x.io.phonehome...). */
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])((?:[a-z_][\\w]*\\.)+[A-Z]\\w*)");

    /** The plug-in package: {@code phones}, or {@code vendor} in the sources that predate that name. */
    static final String PLUGINS = Files.isDirectory(SOURCES.resolve("io/phonehome/phones")) ? "phones" : "vendor";
    /** The one class of the plug-in package that may name a plug-in's own classes. */
    static final Set<String> PLUGIN_REGISTRY = Set.of("PhonePlugins", "VendorRegistry");
    /**
     * Files that still construct plug-ins by name instead of asking the registry. This list only
     * shrinks: {@link #onlyThePluginRegistryImportsAPlugin()} fails when an entry no longer offends.
     */
    static final Set<String> KNOWN_VENDOR_IMPORT_OFFENDERS = Set.of();

    // The layers of ARCHITECTURE.md, "Package rules", top to bottom. Each package is in exactly one;
    // a package may use its own layer's packages only where the rules below allow it, and any
    // package of a lower layer.
    /** The composition root ({@code Main}, {@code ServeCommand}, {@code PhonehomeServer}): builds everything, imported by nothing. */
    static final String ROOT = "";
    private static final Set<String> EDGES = Set.of("provisioning", "admin", "sip", "cli", "console");
    private static final Set<String> CAPABILITIES = Set.of(PLUGINS, "inventory", "firmware", "sip.location", "events", "actions", "keys", "phonebook", "settings", "media", "hotdesk", "voicemail", "prompts", "backup", "commissioning", "ivr", "cluster");
    private static final Set<String> LEAVES = Set.of("store", "pki", "http", "config", "auth", "errors", "metrics");

    /**
     * Each third-party library and the packages that are its edge (exact packages, not their
     * sub-packages). HikariCP and Flyway are checked in {@link #eachLibraryStaysInItsPackage()}.
     */
    private static final Map<String, Library> LIBRARIES = libraries(
            new Library("Undertow", List.of("io.undertow.", "org.xnio."), Set.of(ROOT, "http", "provisioning", "admin", "firmware", "console")),
            new Library("Jackson", List.of("com.fasterxml."), Set.of("http", "admin", "cli")),
            new Library("jain-sip", List.of("javax.sip.", "gov.nist."), Set.of("sip")),
            new Library("picocli", List.of("picocli."), Set.of(ROOT, "cli")),
            new Library("BouncyCastle/Conscrypt", List.of("org.bouncycastle.", "org.conscrypt."), Set.of("pki")),
            // the console renders its pages with FreeMarker too (HTML auto-escaping), a library the project already has
            new Library("FreeMarker", List.of("freemarker."), Set.of(PLUGINS, "console")),
            new Library("Commons CSV", List.of("org.apache.commons.csv."), Set.of("inventory")),
            new Library("H2", List.of("org.h2."), Set.of("store")),
            new Library("Caffeine", List.of("com.github.benmanes.caffeine."), Set.of(PLUGINS, "provisioning", "sip", "auth")),
            new Library("logback", List.of("ch.qos.logback."), Set.of("events")),
            new Library("Micrometer", List.of("io.micrometer."), Set.of("metrics")),
            new Library("acme4j", List.of("org.shredzone.acme4j."), Set.of("pki")));
    /** JDBC: the store package, and the classes that own a table's rows (named for it). */
    private static final List<String> JDBC = List.of("java.sql.", "javax.sql.");

    record Library(String name, List<String> prefixes, Set<String> packages) {
        boolean covers(String qualified) {
            return prefixes.stream().anyMatch(qualified::startsWith);
        }
    }

    /** One dependency of a source file: an import, or a qualified name in code, with its line. */
    record Dep(String name, int line, boolean imported) {
        String describe() {
            return (imported ? "imports " : "names ") + name;
        }
    }

    record Source(Path file, String pkg, String className, List<Dep> deps) {
        /** "provisioning", "vendor", "sip.location", ... or "" for the root package; plug-ins count as their package. */
        String area() {
            return areaOf(pkg + "." + className);
        }

        /** The package relative to io.phonehome ("" for the root, "vendor.snom", "sip.location"). */
        String relativePackage() {
            return relative(pkg);
        }

        /** Every name this file depends on: imports and qualified names in code. */
        List<String> imports() {
            return deps.stream().map(Dep::name).toList();
        }

        String path() {
            return SOURCES.relativize(file).toString().replace('\\', '/');
        }
    }

    static List<Source> sources = new ArrayList<>();

    @BeforeAll
    static void read() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java")).sorted()::iterator) {
                if (f.getFileName().toString().equals("package-info.java")) {
                    continue;
                }
                sources.add(parse(f, Files.readString(f)));
            }
        }
        assertThat(sources).hasSizeGreaterThan(30);
    }

    static Source parse(Path file, String text) {
        String code = blankCommentsAndStrings(text);
        Matcher pm = PACKAGE.matcher(code);
        String pkg = pm.find() ? pm.group(1) : "";
        List<Dep> deps = new ArrayList<>();
        Matcher im = IMPORT.matcher(code);
        while (im.find()) {
            deps.add(new Dep(im.group(1), lineOf(code, im.start()), true));
        }
        // the package and import lines blanked, so the names in code keep their line numbers
        Matcher declarations = Pattern.compile("(?m)^[ \\t]*(?:package|import)\\s[^;]*;").matcher(code);
        String body = declarations.replaceAll(m -> m.group().replaceAll("[^\\n]", " "));
        Matcher qm = QUALIFIED.matcher(body);
        while (qm.find()) {
            String name = qm.group(1);
            if (name.startsWith("io.phonehome.") || LIBRARIES.values().stream().anyMatch(l -> l.covers(name))
                    || JDBC.stream().anyMatch(name::startsWith)) {
                deps.add(new Dep(name, lineOf(body, qm.start()), false));
            }
        }
        String name = file.getFileName().toString().replace(".java", "");
        return new Source(file, pkg, name, deps);
    }

    /**
     * The source with comments, string, character and text-block literals replaced by spaces;
     * line breaks are kept so line numbers still match.
     */
    static String blankCommentsAndStrings(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int end;
            if (s.startsWith("//", i)) {
                end = s.indexOf('\n', i);
                end = end < 0 ? s.length() : end;
            } else if (s.startsWith("/*", i)) {
                end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                end = s.indexOf("\"\"\"", i + 3);
                end = end < 0 ? s.length() : end + 3;
            } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                char quote = s.charAt(i);
                end = i + 1;
                while (end < s.length() && s.charAt(end) != quote && s.charAt(end) != '\n') {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, s.length());
            } else {
                out.append(s.charAt(i++));
                continue;
            }
            for (int k = i; k < end; k++) {
                out.append(s.charAt(k) == '\n' ? '\n' : ' ');
            }
            i = end;
        }
        return out.toString();
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int k = 0; k < offset; k++) {
            if (text.charAt(k) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** A Phonehome name relative to io.phonehome: "inventory" for io.phonehome.inventory.Mac. */
    static String relative(String qualifiedPackage) {
        return qualifiedPackage.equals("io.phonehome") ? "" : qualifiedPackage.substring("io.phonehome.".length());
    }

    /** The package of a qualified name (up to its first capitalised segment), relative to io.phonehome. */
    static String packageOf(String qualified) {
        List<String> parts = new ArrayList<>();
        for (String part : qualified.split("\\.")) {
            if (Character.isUpperCase(part.charAt(0))) {
                break;
            }
            parts.add(part);
        }
        return relative(String.join(".", parts));
    }

    /** The area of a fully qualified Phonehome name; sip.location is its own area, plug-ins belong to the plug-in package. */
    static String areaOf(String qualified) {
        if (!qualified.startsWith("io.phonehome.")) {
            return "(external)";
        }
        String pkg = packageOf(qualified);
        if (pkg.equals("sip.location") || pkg.startsWith("sip.location.")) {
            return "sip.location";
        }
        int dot = pkg.indexOf('.');
        return dot < 0 ? pkg : pkg.substring(0, dot);
    }

    static List<String> violations(BiPredicate<Source, String> bad) {
        List<String> out = new ArrayList<>();
        for (Source s : sources) {
            for (Dep d : s.deps()) {
                if (bad.test(s, d.name())) {
                    out.add(s.path() + ":" + d.line() + " " + d.describe());
                }
            }
        }
        return out;
    }

    private static boolean isPhonehome(String name) {
        return name.startsWith("io.phonehome.");
    }

    @Test
    void everyPackageIsInExactlyOneLayerAndEveryLayerNamesARealPackage() {
        Set<String> areas = new TreeSet<>();
        sources.forEach(s -> areas.add(s.area()));
        List<String> unplaced = new ArrayList<>();
        for (String area : areas) {
            int layers = (area.equals(ROOT) ? 1 : 0) + (EDGES.contains(area) ? 1 : 0) + (CAPABILITIES.contains(area) ? 1 : 0)
                    + (LEAVES.contains(area) ? 1 : 0);
            if (layers != 1) {
                unplaced.add("io.phonehome." + area + " is in " + layers + " layers; place it in ARCHITECTURE.md and here");
            }
        }
        assertThat(unplaced).isEmpty();
        Set<String> named = new TreeSet<>(EDGES);
        named.addAll(CAPABILITIES);
        named.addAll(LEAVES);
        LIBRARIES.values().forEach(l -> named.addAll(l.packages()));
        named.removeAll(areas);
        named.remove(ROOT);
        assertThat(named).as("packages the rules name that do not exist").isEmpty();
    }

    @Test
    void nothingImportsTheCompositionRoot() {
        assertThat(violations((s, i) -> !s.area().equals(ROOT) && isPhonehome(i) && areaOf(i).equals(ROOT))).isEmpty();
    }

    @Test
    void noPackageCycles() {
        Map<String, Map<String, String>> graph = packageGraph();
        List<String> cycles = new ArrayList<>();
        for (Set<String> component : stronglyConnected(graph)) {
            if (component.size() > 1) {
                cycles.add(describeCycle(graph, component));
            }
        }
        assertThat(cycles).isEmpty();
    }

    /** Package → (package it uses → the first file and line that makes it so). */
    private static Map<String, Map<String, String>> packageGraph() {
        Map<String, Map<String, String>> graph = new TreeMap<>();
        for (Source s : sources) {
            Map<String, String> out = graph.computeIfAbsent(s.relativePackage(), k -> new TreeMap<>());
            for (Dep d : s.deps()) {
                String to = isPhonehome(d.name()) ? packageOf(d.name()) : null;
                if (to != null && !to.equals(s.relativePackage())) {
                    out.putIfAbsent(to, s.path() + ":" + d.line() + " " + d.describe());
                }
            }
        }
        graph.values().forEach(out -> out.keySet().forEach(to -> graph.computeIfAbsent(to, k -> new TreeMap<>())));
        return graph;
    }

    /** Tarjan's strongly connected components. */
    private static List<Set<String>> stronglyConnected(Map<String, Map<String, String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> components = new ArrayList<>();
        for (String start : graph.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, graph, index, low, stack, onStack, components);
            }
        }
        return components;
    }

    private static void connect(String v, Map<String, Map<String, String>> graph, Map<String, Integer> index, Map<String, Integer> low,
            Deque<String> stack, Set<String> onStack, List<Set<String>> components) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : graph.get(v).keySet()) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, components);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            components.add(component);
        }
    }

    /** One shortest cycle through the component's first package, each step with the line that makes it. */
    private static String describeCycle(Map<String, Map<String, String>> graph, Set<String> component) {
        String start = component.iterator().next();
        Map<String, String> previous = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty() && !previous.containsKey(start)) {
            String v = queue.poll();
            for (String w : graph.get(v).keySet()) {
                if (component.contains(w) && !previous.containsKey(w)) {
                    previous.put(w, v);
                    queue.add(w);
                }
            }
        }
        List<String> steps = new ArrayList<>();
        String w = start;
        do {
            String v = previous.get(w);
            steps.add(0, qualified(v) + " -> " + qualified(w) + " (" + graph.get(v).get(w) + ")");
            w = v;
        } while (!w.equals(start));
        return "cycle between " + component.stream().map(DependencyRulesTest::qualified).toList() + ":\n    " + String.join("\n    ", steps);
    }

    private static String qualified(String relativePackage) {
        return relativePackage.isEmpty() ? "io.phonehome" : "io.phonehome." + relativePackage;
    }

    @Test
    void onlyThePluginRegistryImportsAPlugin() {
        String plugins = "io.phonehome." + PLUGINS + ".";
        Map<String, List<String>> byFile = new TreeMap<>();
        for (Source s : sources) {
            boolean registry = s.pkg().equals("io.phonehome." + PLUGINS) && PLUGIN_REGISTRY.contains(s.className());
            for (Dep d : s.deps()) {
                String to = d.name();
                boolean intoAPlugin = to.startsWith(plugins) && packageOf(to).contains(".");
                if (intoAPlugin && !registry && !("io.phonehome." + packageOf(to)).equals(s.pkg())) {
                    byFile.computeIfAbsent(s.path(), k -> new ArrayList<>()).add(s.path() + ":" + d.line() + " " + d.describe());
                }
            }
        }
        List<String> offences = new ArrayList<>();
        byFile.forEach((file, lines) -> {
            if (!KNOWN_VENDOR_IMPORT_OFFENDERS.contains(file)) {
                offences.addAll(lines);
            }
        });
        assertThat(offences).as("only the plug-in registry may name a plug-in's classes").isEmpty();
        assertThat(new TreeSet<>(KNOWN_VENDOR_IMPORT_OFFENDERS)).as("files in KNOWN_VENDOR_IMPORT_OFFENDERS that no longer "
                + "import a plug-in: remove them from the list").isSubsetOf(byFile.keySet());
    }

    @Test
    void readsQualifiedNamesInCodeButNotInCommentsOrStrings() {
        Source s = parse(Path.of("X.java"), """
                package io.phonehome.admin;

                import io.phonehome.inventory.Mac;
                import static io.phonehome.config.Setting.BIND;

                /** See {@link io.phonehome.phones.RenderCache}. */
                class X {
                    // io.phonehome.store.Jdbc is not used here
                    String property = "gov.nist.javax.sip.STACK_NAME io.phonehome.pki.Pem";
                    char c = '"';
                    io.phonehome.http.Problem problem() {
                        return new io.phonehome.http.Problem(io.undertow.util.StatusCodes.OK);
                    }
                    String text = \"""
                        io.phonehome.sip.SipServer
                        \""";
                    Object later = io.phonehome.PhonehomeServer.class;
                }
                """);
        assertThat(s.pkg()).isEqualTo("io.phonehome.admin");
        assertThat(s.deps()).containsExactly(
                new Dep("io.phonehome.inventory.Mac", 3, true),
                new Dep("io.phonehome.config.Setting.BIND", 4, true),
                new Dep("io.phonehome.http.Problem", 11, false),
                new Dep("io.phonehome.http.Problem", 12, false),
                new Dep("io.undertow.util.StatusCodes", 12, false),
                new Dep("io.phonehome.PhonehomeServer", 17, false));
        assertThat(areaOf("io.phonehome.PhonehomeServer")).isEqualTo(ROOT);
        assertThat(areaOf("io.phonehome.config.Setting.BIND")).isEqualTo("config");
        assertThat(areaOf("io.phonehome.sip.location.Flow")).isEqualTo("sip.location");
        assertThat(areaOf("io.phonehome." + PLUGINS + ".snom.SnomPlugin")).isEqualTo(PLUGINS);
    }

    @Test
    void everyPackageSaysWhatLivesThereInItsPackageInfo() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path dir : new TreeSet<>(sources.stream().map(s -> s.file().getParent()).toList())) {
            String pkg = SOURCES.relativize(dir).toString().replace('\\', '/').replace('/', '.');
            Path info = dir.resolve("package-info.java");
            if (!Files.exists(info)) {
                missing.add(pkg + ": no package-info.java");
                continue;
            }
            Matcher declared = PACKAGE.matcher(blankCommentsAndStrings(Files.readString(info)));
            if (!declared.find() || !declared.group(1).equals(pkg)) {
                missing.add(SOURCES.relativize(info) + " does not declare package " + pkg);
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void edgesNeverImportEachOther() {
        assertThat(violations((s, i) -> {
            String from = s.area();
            String to = areaOf(i);
            return EDGES.contains(from) && EDGES.contains(to) && !from.equals(to);
        })).isEmpty();
    }

    @Test
    void capabilitiesNeverImportEdges() {
        assertThat(violations((s, i) -> CAPABILITIES.contains(s.area()) && EDGES.contains(areaOf(i)))).isEmpty();
    }

    @Test
    void leavesImportNoCapabilityOrEdge() {
        assertThat(violations((s, i) -> {
            String to = areaOf(i);
            return LEAVES.contains(s.area()) && (EDGES.contains(to) || CAPABILITIES.contains(to));
        })).isEmpty();
    }

    @Test
    void vendorPluginsNeverImportEachOther() {
        String plugins = "io.phonehome." + PLUGINS + ".";
        assertThat(violations((s, i) -> {
            if (!s.pkg().startsWith(plugins) || !i.startsWith(plugins)) {
                return false;
            }
            String fromPlugin = s.pkg().substring(plugins.length()).split("\\.")[0];
            String rest = i.substring(plugins.length());
            return rest.contains(".") && !rest.split("\\.")[0].equals(fromPlugin);
        })).isEmpty();
    }

    @Test
    void jdbcStaysInTheStoreAndTheClassesThatOwnATable() {
        assertThat(violations((s, i) -> JDBC.stream().anyMatch(i::startsWith) && !s.relativePackage().equals("store")
                && !s.className().endsWith("Repository") && !s.className().endsWith("Store"))).isEmpty();
    }

    private static Map<String, Library> libraries(Library... libraries) {
        Map<String, Library> byName = new LinkedHashMap<>();
        for (Library l : libraries) {
            byName.put(l.name(), l);
        }
        return byName;
    }

    @Test
    void eachLibraryStaysInItsPackage() {
        for (Library library : LIBRARIES.values()) {
            assertThat(violations((s, i) -> library.covers(i) && !library.packages().contains(s.relativePackage())))
                    .as(library.name() + " belongs in " + library.packages()).isEmpty();
        }
        assertThat(violations((s, i) -> i.startsWith("org.flywaydb") || i.startsWith("com.zaxxer") ? !s.pkg().equals("io.phonehome.store") : false))
                .isEmpty();
    }

    // ---------------------------------------------------------------- every fact about a vendor lives in its plug-in

    private static final String PLUGIN_PACKAGE = "io.phonehome.phones";
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");

    private static boolean inPluginPackage(Source s) {
        return s.pkg().equals(PLUGIN_PACKAGE) || s.pkg().startsWith(PLUGIN_PACKAGE + ".");
    }

    /** Only the plug-in packages know a vendor's package: the registry finds plug-ins through the service loader. */
    @Test
    void nothingOutsideThePluginPackagesImportsAVendorsPackage() {
        assertThat(violations((s, i) -> !inPluginPackage(s) && i.startsWith(PLUGIN_PACKAGE + ".")
                && Character.isLowerCase(i.substring(PLUGIN_PACKAGE.length() + 1).charAt(0)))).isEmpty();
    }

    /** No branch on a vendor's id outside the plug-in packages: no string literal equal to a registered plug-in's id. */
    @Test
    void noVendorIdIsSpelledOutsideThePluginPackages() throws IOException {
        List<String> ids = io.phonehome.phones.VendorRegistry.ids();
        assertThat(ids).contains("acme"); // the fictitious vendor of the test sources is registered too
        List<String> found = new ArrayList<>();
        for (Source s : sources) {
            if (inPluginPackage(s)) {
                continue;
            }
            String text = Files.readString(s.file());
            Matcher m = STRING_LITERAL.matcher(text);
            while (m.find()) {
                if (ids.stream().anyMatch(id -> id.equalsIgnoreCase(m.group(1)))) {
                    found.add(s.file() + ": \"" + m.group(1) + "\"");
                }
            }
        }
        assertThat(found).isEmpty();
    }
}
