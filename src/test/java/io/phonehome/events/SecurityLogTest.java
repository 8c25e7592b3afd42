package io.phonehome.events;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.core.util.FileSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityLogTest {
    static final Pattern LINE = Pattern.compile(
            "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z phonehome-security event=\\S+ service=\\S+ src=\\S+( \\S+=\\S+)*$");

    @TempDir
    Path dir;

    @Test
    void writesEachEventAsOneFail2banLineWithNothingAddedAndReadableAtOnce() throws Exception {
        Path file = dir.resolve("logs").resolve("security.log");
        try (SecurityLog log = new SecurityLog(file)) {
            log.write("auth_failure", "provisioning", "192.0.2.7", "mac", "001565aabbcc", "reason", "bad credentials\nevent=blocked");
            log.banned("sip", "192.0.2.8", "scanner", 300);
            // read while the log is open: a fail2ban (or a test) sees each line as soon as it is written
            List<String> lines = Files.readAllLines(file);
            assertThat(lines).hasSize(2);
            assertThat(lines).allMatch(l -> LINE.matcher(l).matches());
            assertThat(lines.get(0)).endsWith(" phonehome-security event=auth_failure service=provisioning src=192.0.2.7 mac=001565aabbcc"
                    + " reason=bad_credentials_event_blocked");
            assertThat(lines.get(1)).endsWith(" phonehome-security event=blocked service=sip src=192.0.2.8 reason=scanner seconds=300");
        }
    }

    @Test
    void appendsToTheFileAnEarlierRunLeft() throws Exception {
        Path file = dir.resolve("security.log");
        try (SecurityLog log = new SecurityLog(file)) {
            log.write("malformed", "sip", "192.0.2.1");
        }
        try (SecurityLog log = new SecurityLog(file)) {
            log.write("malformed", "sip", "192.0.2.2");
        }
        assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void rollsOverAtItsSizeLimitSoAFloodCannotFillTheDisk() throws Exception {
        Path file = dir.resolve("security.log");
        long limit = 64 * 1024;
        int written = 0;
        try (SecurityLog log = new SecurityLog(file, new FileSize(limit))) {
            for (; written < 2_000; written++) {
                log.write("auth_failure", "sip", "192.0.2." + (written % 250), "method", "REGISTER", "user", "u" + written, "reason", "bad_password");
            }
        }
        List<Path> archives;
        try (Stream<Path> files = Files.list(dir)) {
            archives = files.filter(p -> p.getFileName().toString().matches("security\\.\\d{4}-\\d\\d-\\d\\d\\.\\d+\\.log\\.gz")).toList();
        }
        assertThat(archives).as("rolled-over files next to the active one").isNotEmpty();
        assertThat(Files.size(file)).as("the active file keeps its name and stays near the limit").isPositive().isLessThanOrEqualTo(limit + 512);
        assertThat(Files.readAllLines(file)).allMatch(l -> LINE.matcher(l).matches());
    }
}
