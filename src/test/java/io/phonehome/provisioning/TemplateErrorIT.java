package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.events.EventQuery;
import io.phonehome.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken template gives the phone a 5xx, never half a config; a fixed one works without a restart. */
class TemplateErrorIT {
    static final String UA = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:03";
    @TempDir
    Path templates;
    TestServer server;

    @BeforeEach
    void start() throws IOException {
        try (Stream<Path> files = Files.walk(TestServer.REPO_TEMPLATES)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = templates.resolve(TestServer.REPO_TEMPLATES.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        server = new TestServer(Map.of(Setting.TEMPLATES_DIR, templates.toString()));
        server.createTrustingSite("Shop", "Europe/Zurich");
        assertThat(server.importCsv("mac,model,site\n805ec0aa0003,T46U,Shop\n805ec0aa0004,T46U,Shop\n").errors()).isEmpty();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anUndefinedVariableInAPerDeviceOverrideIsA500AndALoggedEventAndOtherPhonesAreUnaffected() throws Exception {
        Path override = templates.resolve("yealink/devices/805ec0aa0003/parts/time.ftl");
        Files.createDirectories(override.getParent());
        Files.writeString(override, "local_time.time_zone = ${site.no_such_value}\n");
        HttpResponse<String> r = server.get("805ec0aa0003.cfg", UA);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("account.").doesNotContain("password");
        assertThat(server.get("805ec0aa0004.cfg", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:aa:00:04").statusCode()).isEqualTo(200);
        server.flushRecords();
        assertThat(server.server().events().query(EventQuery.ofType("render_error")))
                .anySatisfy(e -> assertThat(e.detail()).contains("no_such_value"));

        Files.writeString(override, "local_time.time_zone = +1\n");
        Files.setLastModifiedTime(override, FileTime.from(Instant.now().plusSeconds(5)));
        HttpResponse<String> fixed = server.get("805ec0aa0003.cfg", UA);
        assertThat(fixed.statusCode()).isEqualTo(200);
        assertThat(fixed.body()).contains("local_time.time_zone = +1").doesNotContain("local_time.summer_time");
    }

    @Test
    void aPerModelOverrideChangesOnlyThatModel() throws Exception {
        Path override = templates.resolve("yealink/models/T46U/parts/security.ftl");
        Files.createDirectories(override.getParent());
        Files.writeString(override, "## model override\nfeatures.custom = 1\n");
        HttpResponse<String> r = server.get("805ec0aa0003.cfg", UA);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("features.custom = 1").doesNotContain("sip.trust_ctrl");
    }
}
