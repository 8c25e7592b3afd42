package io.phonehome.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProbeLimiterTest {
    final AtomicLong now = new AtomicLong(1_000_000);
    final ProbeLimiter limiter = new ProbeLimiter(3, 60_000, 300_000, now::get);

    @Test
    void blocksOnTheMissThatReachesTheLimitWithinTheWindowUntilTheBlockEnds() {
        assertThat(limiter.recordMiss("192.0.2.7")).isFalse();
        assertThat(limiter.recordMiss("192.0.2.7")).isFalse();
        assertThat(limiter.isBlocked("192.0.2.7")).isFalse();
        assertThat(limiter.recordMiss("192.0.2.7")).as("the third miss blocks").isTrue();
        assertThat(limiter.isBlocked("192.0.2.7")).isTrue();
        assertThat(limiter.retryAfterSeconds("192.0.2.7")).isEqualTo(300);
        assertThat(limiter.recordMiss("192.0.2.7")).as("a block starts once").isFalse();
        assertThat(limiter.isBlocked("192.0.2.8")).isFalse();
        now.addAndGet(300_000);
        assertThat(limiter.isBlocked("192.0.2.7")).isFalse();
        assertThat(limiter.recordMiss("192.0.2.7")).as("after the block, counting starts again").isFalse();
    }

    @Test
    void missesOutsideTheWindowDoNotAddUp() {
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.recordMiss("192.0.2.7")).isFalse();
            assertThat(limiter.recordMiss("192.0.2.7")).isFalse();
            now.addAndGet(60_001);
        }
        assertThat(limiter.isBlocked("192.0.2.7")).isFalse();
    }

    @Test
    void aScannerIsBlockedAtOnceAndOnlyOnce() {
        assertThat(limiter.block("192.0.2.9")).isTrue();
        assertThat(limiter.block("192.0.2.9")).isFalse();
        assertThat(limiter.isBlocked("192.0.2.9")).isTrue();
        now.addAndGet(300_001);
        assertThat(limiter.isBlocked("192.0.2.9")).isFalse();
        assertThat(limiter.block("192.0.2.9")).isTrue();
    }

    @Test
    void forgetsASourceOnceItIsNeitherBlockedNorCountingWithoutWaitingForTheTableToFill() {
        for (int i = 0; i < 1000; i++) {
            limiter.recordMiss("10.0." + (i / 250) + "." + (i % 250));
        }
        limiter.block("192.0.2.9");
        assertThat(limiter.sources()).isEqualTo(1001);
        now.addAndGet(60_001);
        assertThat(limiter.sources()).as("only the blocked source is still remembered").isEqualTo(1);
        assertThat(limiter.isBlocked("192.0.2.9")).isTrue();
        now.addAndGet(240_000);
        assertThat(limiter.sources()).isZero();
    }

    @Test
    void aSprayOfNewSourcesNeverUnblocksABlockedOne() {
        limiter.block("192.0.2.9");
        for (int i = 0; i < 200_000; i++) {
            limiter.recordMiss("10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff));
        }
        assertThat(limiter.isBlocked("192.0.2.9")).isTrue();
    }
}
