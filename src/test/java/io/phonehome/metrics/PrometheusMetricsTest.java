package io.phonehome.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Label values stay within fixed sets whatever a peer sends. */
class PrometheusMetricsTest {
    @Test
    void anUnknownSipMethodIsCountedAsOtherNotUnderItsOwnName() {
        try (PrometheusMetrics m = new PrometheusMetrics()) {
            m.sipResponse("register", 200);
            m.sipResponse("X-SCANNER-1", 501);
            m.sipResponse("X-SCANNER-2", 501);
            m.sipHandled("X-SCANNER-3", 1_000);
            String text = m.scrape();
            assertThat(text).contains("method=\"REGISTER\"").contains("method=\"OTHER\"").doesNotContain("SCANNER");
            assertThat(text).containsPattern("phonehome_sip_responses_total\\{method=\"OTHER\",status=\"501\"} 2\\.0");
        }
    }
}
