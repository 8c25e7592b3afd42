package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestBudgetTest {
    final AtomicLong now = new AtomicLong(1_000_000);

    RequestBudget budget(int burst, int perMinute, int refund, int maxSources) {
        return new RequestBudget(new RequestBudget.Limits(burst, perMinute, refund, 60, maxSources), now::get);
    }

    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void aSourceThatUsesUpItsBurstIsBlockedOnceUntilTheBlockEnds() throws Exception {
        RequestBudget b = budget(10, 60, 0, 100);
        InetAddress a = ip("192.0.2.7");
        int blocks = 0;
        for (int i = 0; i < 9; i++) {
            assertThat(b.retryAfterSeconds(a)).isZero();
            blocks += b.charge(a) ? 1 : 0;
        }
        assertThat(blocks).isZero();
        assertThat(b.charge(a)).as("the 10th charge empties the bucket").isTrue();
        assertThat(b.retryAfterSeconds(a)).isEqualTo(60);
        assertThat(b.charge(a)).as("a block starts once").isFalse();
        assertThat(b.retryAfterSeconds(ip("192.0.2.8"))).as("other sources are not touched").isZero();
        now.addAndGet(60_001);
        assertThat(b.retryAfterSeconds(a)).isZero();
        // after the block the source starts from an empty bucket refilling at 1/s, not a new burst
        assertThat(b.charge(a)).isTrue();
    }

    @Test
    void authorisedFetchesGiveBudgetBackSoAFleetBehindOneAddressIsNeverBlocked() throws Exception {
        RequestBudget b = budget(20, 1, 2, 100);
        InetAddress nat = ip("198.51.100.1");
        // each phone: a common file and a challenge (two charges), then its authorised fetch
        for (int phone = 0; phone < 10_000; phone++) {
            assertThat(b.charge(nat)).isFalse();
            assertThat(b.charge(nat)).isFalse();
            b.credit(nat);
        }
        assertThat(b.retryAfterSeconds(nat)).isZero();
    }

    @Test
    void creditsOfASourceThatNeverFailedCostNoEntry() throws Exception {
        RequestBudget b = budget(20, 60, 8, 100);
        for (int i = 0; i < 1000; i++) {
            b.credit(ip("127.0.0.1"));
        }
        assertThat(b.sources()).isZero();
    }

    @Test
    void theTableOfSourcesIsBoundedAndSourcesBeyondItShareOneBudget() throws Exception {
        RequestBudget b = budget(5, 60, 0, 100);
        for (int i = 0; i < 1000; i++) {
            b.charge(ip("10.0." + (i / 250) + "." + (i % 250)));
        }
        assertThat(b.sources()).isLessThanOrEqualTo(100);
        // the sources beyond the cap used one shared bucket, which ran dry
        assertThat(b.retryAfterSeconds(ip("10.9.9.9"))).isPositive();
        // once the remembered sources have refilled they are forgotten and new ones get their own budget
        now.addAndGet(120_000);
        assertThat(b.charge(ip("10.9.9.9"))).isFalse();
        assertThat(b.sources()).isLessThanOrEqualTo(100);
    }

    @Test
    void aSourceIsForgottenOnceItsBucketIsFullAgainWithoutWaitingForTheTableToFill() throws Exception {
        RequestBudget b = budget(5, 60, 0, 100_000);
        for (int i = 0; i < 1000; i++) {
            b.charge(ip("10.0." + (i / 250) + "." + (i % 250)));
        }
        assertThat(b.charge(ip("192.0.2.9"))).isFalse();
        for (int i = 0; i < 4; i++) {
            b.charge(ip("192.0.2.9"));
        }
        assertThat(b.retryAfterSeconds(ip("192.0.2.9"))).as("blocked").isEqualTo(60);
        assertThat(b.sources()).isEqualTo(1001);
        now.addAndGet(1_001);
        assertThat(b.sources()).as("one token refilled: only the blocked source carries anything").isEqualTo(1);
        now.addAndGet(60_000 + 5_000);
        assertThat(b.sources()).isZero();
    }

    @Test
    void aSprayOfNewSourcesNeverUnblocksABlockedOne() throws Exception {
        RequestBudget b = budget(2, 60, 0, 1000);
        InetAddress blocked = ip("192.0.2.9");
        b.charge(blocked);
        assertThat(b.charge(blocked)).isTrue();
        for (int i = 0; i < 20_000; i++) {
            b.charge(ip("10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff)));
        }
        assertThat(b.sources()).isLessThanOrEqualTo(1000);
        assertThat(b.retryAfterSeconds(blocked)).isEqualTo(60);
    }

    @Test
    void ipv6SourcesCountPerSlash64() throws Exception {
        RequestBudget b = budget(3, 60, 0, 100);
        b.charge(ip("2001:db8:1:2::1"));
        b.charge(ip("2001:db8:1:2::ffff"));
        assertThat(b.charge(ip("2001:db8:1:2:aaaa::9"))).isTrue();
        assertThat(b.retryAfterSeconds(ip("2001:db8:1:2::77"))).isPositive();
        assertThat(b.retryAfterSeconds(ip("2001:db8:1:3::1"))).isZero();
    }
}
