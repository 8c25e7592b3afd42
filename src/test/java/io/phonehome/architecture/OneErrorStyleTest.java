package io.phonehome.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One error style: the kind of a problem (does not exist, conflicts, breaks a rule) is the
 * exception's type ({@code errors.NotFound}, {@code errors.Conflict}, the area's family), never a
 * reason field carried beside it, so each listener maps errors in one place by type alone.
 */
class OneErrorStyleTest {
    private static final Path MAIN = Path.of("src/main/java/io/phonehome");

    @Test
    void noExceptionCarriesAReasonEnumBesideItsType() throws Exception {
        List<Path> offenders;
        try (var files = Files.walk(MAIN)) {
            offenders = files.filter(p -> p.toString().endsWith("Exception.java")).filter(p -> {
                try {
                    String s = Files.readString(p);
                    return s.matches("(?s).*\\benum\\s+\\w+.*") || s.contains("reason()");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(offenders).isEmpty();
    }
}
