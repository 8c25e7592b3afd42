package io.phonehome.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The main log file writes one line per event, as text or as JSON: a message with line breaks
 * (a peer's text quoted in it) and an exception's stack trace stay on their event's line.
 */
class MainLogFileTest {
    private static final org.slf4j.Logger log = LoggerFactory.getLogger("io.phonehome.test.MainLogFileTest");

    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    @AfterEach
    void detach() {
        MainLogFile.stopWriting();
    }

    private void writeThreeEvents() {
        log.info("first event");
        log.warn("a peer sent\nINFO forged line\r\nand more");
        log.error("it failed", new IllegalStateException("outer", new RuntimeException("inner cause")));
    }

    @Test
    void textLinesAreOnePerEventWithLineBreaksAndStackTracesFolded() throws Exception {
        Path file = dir.resolve("phonehome.log");
        assertThat(MainLogFile.writeTo(file, new LogRetention(7, 100, false))).isTrue();
        writeThreeEvents();
        MainLogFile.stopWriting();

        // other threads of the test JVM may log meanwhile: every line must begin an event, and ours are three
        List<String> all = Files.readAllLines(file);
        assertThat(all).allMatch(l -> l.matches("^\\d{4}-\\d{2}-\\d{2}T\\S+ [A-Z]+ .*"), "each line is one whole event");
        List<String> lines = all.stream().filter(l -> l.contains(" i.p.test.MainLogFileTest - ")).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("INFO ").endsWith("- first event");
        assertThat(lines.get(1)).contains("WARN ").contains("a peer sent | INFO forged line | and more");
        assertThat(lines.get(2)).contains("ERROR").contains("it failed | java.lang.IllegalStateException: outer")
                .contains("Caused by: java.lang.RuntimeException: inner cause").contains("MainLogFileTest").doesNotEndWith("|").doesNotEndWith(" ");
    }

    @Test
    void jsonLinesAreOneObjectPerEventWithTheMessageAndTheException() throws Exception {
        Path file = dir.resolve("phonehome.log");
        assertThat(MainLogFile.writeTo(file, new LogRetention(7, 100, true))).isTrue();
        writeThreeEvents();
        MainLogFile.stopWriting();

        ObjectMapper json = new ObjectMapper();
        List<String> lines = new java.util.ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            // every line is one whole JSON object; ours are the three of this logger
            if (json.readTree(l).get("loggerName").asText().equals("io.phonehome.test.MainLogFileTest")) {
                lines.add(l);
            }
        }
        assertThat(lines).hasSize(3);
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.get("level").asText()).isEqualTo("INFO");
        assertThat(first.get("message").asText()).isEqualTo("first event");
        assertThat(json.readTree(lines.get(1)).get("message").asText()).isEqualTo("a peer sent\nINFO forged line\r\nand more");
        JsonNode third = json.readTree(lines.get(2));
        assertThat(third.get("throwable").toString()).contains("outer").contains("inner cause");
    }
}
