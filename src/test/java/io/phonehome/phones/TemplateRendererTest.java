package io.phonehome.phones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FreeMarker configuration is locked down and strict, and edits are seen without a restart. */
class TemplateRendererTest {
    @TempDir
    Path dir;

    private TemplateRenderer renderer(String template, String body) throws Exception {
        Path f = dir.resolve("acme").resolve(template);
        Files.createDirectories(f.getParent());
        Files.writeString(f, body);
        return new TemplateRenderer(dir, 0);
    }

    @Test
    void rendersPlainDataWithComputerNumbers() throws Exception {
        TemplateRenderer r = renderer("a.ftl", "${n} ${flag} ${name} <#list xs as x>${x};</#list>");
        assertThat(r.render("acme", "a.ftl", null, null, Map.of("n", 12345, "flag", true, "name", "A & B", "xs", List.of(1, 2))))
                .isEqualTo("12345 true A & B 1;2;");
    }

    @Test
    void aMissingValueFailsTheWholeRender() throws Exception {
        TemplateRenderer r = renderer("a.ftl", "line1\n${undefined_thing}\nline3");
        assertThatThrownBy(() -> r.render("acme", "a.ftl", null, null, Map.of()))
                .isInstanceOf(RenderException.class).hasMessageContaining("undefined_thing").hasMessageContaining("line 2");
    }

    @Test
    void newBuiltInCannotInstantiateAnything() throws Exception {
        TemplateRenderer r = renderer("a.ftl", "<#assign ex = \"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}");
        assertThatThrownBy(() -> r.render("acme", "a.ftl", null, null, Map.of())).isInstanceOf(RenderException.class);
    }

    @Test
    void apiBuiltInIsDisabled() throws Exception {
        TemplateRenderer r = renderer("a.ftl", "${m?api.getClass().getName()}");
        assertThatThrownBy(() -> r.render("acme", "a.ftl", null, null, Map.of("m", Map.of("k", "v"))))
                .isInstanceOf(RenderException.class);
    }

    @Test
    void templatesCannotReachOutsideTheTemplateDirectory() throws Exception {
        Files.writeString(dir.getParent().resolve("secret-" + dir.getFileName() + ".txt"), "top secret");
        TemplateRenderer r = renderer("a.ftl", "<#include \"../../secret-" + dir.getFileName() + ".txt\">");
        assertThatThrownBy(() -> r.render("acme", "a.ftl", null, null, Map.of())).isInstanceOf(RenderException.class);
    }

    @Test
    void xmlTemplatesEscapeValues() throws Exception {
        TemplateRenderer r = renderer("a.xml.ftlx", "<n>${name}</n>");
        assertThat(r.render("acme", "a.xml.ftlx", null, null, Map.of("name", "Zürich & Co <\"Empfang\">")))
                .isEqualTo("<n>Zürich &amp; Co &lt;&quot;Empfang&quot;&gt;</n>");
    }

    @Test
    void perDeviceThenPerModelOverridesWinOverTheVendorBaseIncludingIncludes() throws Exception {
        TemplateRenderer r = renderer("main.ftl", "[<#include \"part.ftl\">]");
        Files.writeString(dir.resolve("acme/part.ftl"), "base");
        Files.createDirectories(dir.resolve("acme/models/X1"));
        Files.writeString(dir.resolve("acme/models/X1/part.ftl"), "model");
        Files.createDirectories(dir.resolve("acme/devices/001565aabbcc"));
        Files.writeString(dir.resolve("acme/devices/001565aabbcc/part.ftl"), "device");
        assertThat(r.render("acme", "main.ftl", "001565aabbcd", "X2", Map.of())).isEqualTo("[base]");
        assertThat(r.render("acme", "main.ftl", "001565aabbcd", "X1", Map.of())).isEqualTo("[model]");
        assertThat(r.render("acme", "main.ftl", "001565aabbcc", "X1", Map.of())).isEqualTo("[device]");
    }

    @Test
    void withACheckIntervalAnEditIsNoticedWithinAFewIntervalsWithoutARestart() throws Exception {
        renderer("a.ftl", "version one").close();
        try (TemplateRenderer r = new TemplateRenderer(dir, 1).startWatching()) {
            long g1 = r.generation();
            assertThat(r.render("acme", "a.ftl", null, null, Map.of())).isEqualTo("version one");
            Path f = dir.resolve("acme/a.ftl");
            Files.writeString(f, "version two, longer");
            Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));
            long deadline = System.currentTimeMillis() + 5_000;
            while (r.generation() == g1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(r.generation()).isGreaterThan(g1);
            assertThat(r.render("acme", "a.ftl", null, null, Map.of())).isEqualTo("version two, longer");
        }
    }

    @Test
    void anEditedTemplateIsUsedWithoutARestartAndChangesTheGeneration() throws Exception {
        TemplateRenderer r = renderer("a.ftl", "version one");
        long g1 = r.generation();
        assertThat(r.render("acme", "a.ftl", null, null, Map.of())).isEqualTo("version one");
        Path f = dir.resolve("acme/a.ftl");
        Files.writeString(f, "version two, longer");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(r.render("acme", "a.ftl", null, null, Map.of())).isEqualTo("version two, longer");
        assertThat(r.generation()).isGreaterThan(g1);
    }

    @Test
    void theStockTemplatesInsideTheJarAreTheFallback() {
        TemplateRenderer r = new TemplateRenderer(dir.resolve("does-not-exist"), 0);
        String out = r.render("yealink", "redirect.boot.ftl", null, null,
                Map.of("device", Map.of("mac", "001565aabbcc", "mac_colons", "00:15:65:aa:bb:cc"), "redirect", Map.of("url", "https://x/")));
        assertThat(out).startsWith("#!version:1.0.0.1").contains("include:config \"001565aabbcc.cfg\"");
    }
}
