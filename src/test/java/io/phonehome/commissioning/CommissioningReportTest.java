package io.phonehome.commissioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report an installer attaches to the handover: cells that contain the separator, quotes or a
 * line break are quoted, cells a spreadsheet would run as a formula are defused, every result is
 * counted (zeros too), and a line not called yet has no times.
 */
class CommissioningReportTest {
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    static Run run() {
        RunLine called = new RunLine(1, "201", "reception; ground floor", "=HYPERLINK(\"x\")", "80:5e:c0:00:00:01", "T46U",
                LineResult.CONFIRMED, "hung up by Phonehome", "sip:201@10.0.0.5:5060", "Yealink SIP-T46U 108.86", T0, T0.plusSeconds(2),
                T0.plusSeconds(5), T0.plusSeconds(7));
        RunLine pending = new RunLine(2, "202", null, "Büro \"2\"", "80:5e:c0:00:00:02", "T46U", LineResult.PENDING, null, null, null, null,
                null, null, null);
        return new Run(7, 3L, "Basel", "site Basel", "installer", Run.State.RUNNING, T0, null, List.of(called, pending));
    }

    @Test
    void csvQuotesSeparatorsAndQuotesAndDefusesFormulas() {
        String csv = CommissioningReport.csv(run(), ';');
        List<String> rows = csv.lines().toList();
        assertThat(rows.get(0)).isEqualTo("\uFEFFsite;run;source;requested_by;state;started_at;finished_at");
        assertThat(rows.get(1)).isEqualTo("Basel;7;site Basel;installer;running;2026-12-04T10:00:00Z;");
        assertThat(rows).contains("201;\"'=HYPERLINK(\"\"x\"\")\";\"reception; ground floor\";80:5e:c0:00:00:01;T46U;confirmed;"
                + "hung up by Phonehome;sip:201@10.0.0.5:5060;Yealink SIP-T46U 108.86;2026-12-04T10:00:00Z;2026-12-04T10:00:02Z;"
                + "2026-12-04T10:00:05Z;2026-12-04T10:00:07Z");
        assertThat(rows).contains("202;\"Büro \"\"2\"\"\";;80:5e:c0:00:00:02;T46U;pending;;;;;;;");
        assertThat(rows).contains("confirmed;1", "pending;1", "busy;0", "cancelled;0");
        assertThat(csv).contains("\r\n");
        // with commas, the semicolon in the note needs no quotes
        assertThat(CommissioningReport.csv(run(), ',')).contains(",reception; ground floor,80:5e:c0:00:00:01,");
    }

    @Test
    void jsonCountsEveryResultAndProgress() {
        Map<String, Object> j = CommissioningReport.json(run(), true);
        assertThat(j).containsEntry("total", 2).containsEntry("pending", 1L).containsEntry("called", 1L).containsEntry("state", "running");
        @SuppressWarnings("unchecked")
        Map<String, Integer> summary = (Map<String, Integer>) j.get("summary");
        assertThat(summary).containsEntry("confirmed", 1).containsEntry("pending", 1).containsEntry("no_answer", 0).hasSize(LineResult.values().length);
        assertThat(CommissioningReport.json(run(), false)).doesNotContainKey("lines");
    }
}
