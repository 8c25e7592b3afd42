package io.phonehome.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whether a request's network proves a device is decided in one place, the phone listener's
 * {@code DeviceAuthorizer}: firmware downloads ask it through the provisioning resolver instead
 * of matching a site's networks their own way, so the two kinds of request cannot drift apart.
 */
class OneAuthorisationRuleTest {
    private static final Path MAIN = Path.of("src/main/java/io/phonehome");

    @Test
    void onlyTheDeviceAuthorizerMatchesASourceAgainstTrustedNetworks() throws Exception {
        List<Path> matching;
        try (var files = Files.walk(MAIN)) {
            matching = files.filter(p -> p.toString().endsWith(".java")).filter(p -> !p.startsWith(MAIN.resolve("inventory")))
                    .filter(p -> read(p).contains("Cidr::parse") || read(p).contains("Cidr.parse")).toList();
        }
        assertThat(matching).containsExactly(MAIN.resolve("provisioning/DeviceAuthorizer.java"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
