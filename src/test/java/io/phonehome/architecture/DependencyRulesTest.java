package io.phonehome.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of DESIGN.md, checked by reading the import lines of every main source file:
 * edges never import each other, capabilities never import edges, leaves import neither, vendor
 * plug-ins never import each other, and each third-party library stays in its package.
 */
class DependencyRulesTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)(?:\\.\\*)?;", Pattern.MULTILINE);

    private static final Set<String> EDGES = Set.of("provisioning", "admin", "sip", "cli");
    private static final Set<String> CAPABILITIES = Set.of("phones", "inventory", "firmware", "media", "sip.location", "events", "actions");
    private static final Set<String> LEAVES = Set.of("store", "pki", "http", "config", "auth");

    record Source(Path file, String pkg, String className, List<String> imports) {
        /** "provisioning", "phones", "sip.location", ... or "" for the root package. */
        String area() {
            return areaOf(pkg + "." + className);
        }
    }

    static List<Source> sources = new ArrayList<>();

    @BeforeAll
    static void read() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String text = Files.readString(f);
                Matcher pm = PACKAGE.matcher(text);
                String pkg = pm.find() ? pm.group(1) : "";
                List<String> imports = new ArrayList<>();
                Matcher im = IMPORT.matcher(text);
                while (im.find()) {
                    imports.add(im.group(1));
                }
                String name = f.getFileName().toString().replace(".java", "");
                sources.add(new Source(f, pkg, name, imports));
            }
        }
        assertThat(sources).hasSizeGreaterThan(30);
    }

    /** The area of a fully qualified Phonehome name; sip.location is its own area. */
    static String areaOf(String qualified) {
        if (!qualified.startsWith("io.phonehome.")) {
            return "(external)";
        }
        String rest = qualified.substring("io.phonehome.".length());
        if (rest.startsWith("sip.location.")) {
            return "sip.location";
        }
        int dot = rest.indexOf('.');
        String first = dot < 0 ? "" : rest.substring(0, dot);
        // classes directly in io.phonehome (Main, PhonehomeServer, PhonehomeException) are the root
        return Character.isUpperCase(rest.charAt(0)) ? "" : first;
    }

    private static List<String> violations(java.util.function.BiPredicate<Source, String> bad) {
        List<String> out = new ArrayList<>();
        for (Source s : sources) {
            for (String i : s.imports()) {
                if (bad.test(s, i)) {
                    out.add(s.file() + " imports " + i);
                }
            }
        }
        return out;
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
        assertThat(violations((s, i) -> {
            if (!s.pkg().startsWith("io.phonehome.phones.") || !i.startsWith("io.phonehome.phones.")) {
                return false;
            }
            String fromPlugin = s.pkg().substring("io.phonehome.phones.".length()).split("\\.")[0];
            String rest = i.substring("io.phonehome.phones.".length());
            return rest.contains(".") && !rest.split("\\.")[0].equals(fromPlugin);
        })).isEmpty();
    }

    @Test
    void eachLibraryStaysInItsPackage() {
        assertThat(violations((s, i) -> (i.startsWith("org.bouncycastle") || i.startsWith("org.conscrypt"))
                && !s.pkg().startsWith("io.phonehome.pki"))).isEmpty();
        assertThat(violations((s, i) -> (i.startsWith("javax.sip") || i.startsWith("gov.nist"))
                && !(s.pkg().equals("io.phonehome.sip") || s.pkg().startsWith("io.phonehome.sip.") && !s.pkg().startsWith("io.phonehome.sip.location"))))
                .isEmpty();
        assertThat(violations((s, i) -> i.startsWith("freemarker") && !s.pkg().equals("io.phonehome.phones"))).isEmpty();
        assertThat(violations((s, i) -> i.startsWith("java.sql") && !s.pkg().startsWith("io.phonehome.store")
                && !s.className().endsWith("Repository") && !s.className().endsWith("Store"))).isEmpty();
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
