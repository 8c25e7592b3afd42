package io.phonehome.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NonceServiceTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final NonceService nonces = new NonceService(60_000, now::get);

    @Test
    void freshNonceIsValidAndExpiresAsStale() {
        String n = nonces.issue();
        assertThat(nonces.check(n)).isEqualTo(NonceService.Verdict.VALID);
        now.addAndGet(61_000);
        assertThat(nonces.check(n)).isEqualTo(NonceService.Verdict.STALE);
    }

    @Test
    void tamperedOrForeignNoncesAreInvalid() {
        String n = nonces.issue();
        char[] c = n.toCharArray();
        c[3] = c[3] == 'A' ? 'B' : 'A';
        assertThat(nonces.check(new String(c))).isEqualTo(NonceService.Verdict.INVALID);
        assertThat(nonces.check(new NonceService(60_000, now::get).issue())).isEqualTo(NonceService.Verdict.INVALID);
        assertThat(nonces.check("not base64 !")).isEqualTo(NonceService.Verdict.INVALID);
    }

    @Test
    void nodesSharingAKeyAcceptEachOthersNoncesAndOthersDoNot() {
        byte[] key = new byte[32];
        key[0] = 7;
        NonceService nodeA = new NonceService(60_000, now::get, 1 << 10, key);
        NonceService nodeB = new NonceService(60_000, now::get, 1 << 10, key.clone());
        String fromA = nodeA.issue();
        assertThat(nodeB.checkAndCount(fromA, "00000001")).isEqualTo(NonceService.Verdict.VALID);
        assertThat(nodeB.checkAndCount(fromA, "00000001")).isEqualTo(NonceService.Verdict.REPLAYED);
        key[0] = 8;
        assertThat(new NonceService(60_000, now::get, 1 << 10, key).check(fromA)).isEqualTo(NonceService.Verdict.INVALID);
    }

    @Test
    void aNonceCountCanBeUsedOnceAndOnlyGoesUp() {
        String n = nonces.issue();
        assertThat(nonces.checkAndCount(n, "00000001")).isEqualTo(NonceService.Verdict.VALID);
        assertThat(nonces.checkAndCount(n, "00000001")).isEqualTo(NonceService.Verdict.REPLAYED);
        assertThat(nonces.checkAndCount(n, "00000002")).isEqualTo(NonceService.Verdict.VALID);
        assertThat(nonces.checkAndCount(n, "00000001")).isEqualTo(NonceService.Verdict.REPLAYED);
    }

    @Test
    void withoutQopANonceIsSingleUse() {
        String n = nonces.issue();
        assertThat(nonces.checkAndCount(n, null)).isEqualTo(NonceService.Verdict.VALID);
        assertThat(nonces.checkAndCount(n, null)).isEqualTo(NonceService.Verdict.REPLAYED);
    }

    @Test
    void countsAreTrackedForEachNonceSeparately() {
        String a = nonces.issue();
        String b = nonces.issue();
        assertThat(nonces.checkAndCount(a, "00000005")).isEqualTo(NonceService.Verdict.VALID);
        assertThat(nonces.checkAndCount(b, "00000001")).isEqualTo(NonceService.Verdict.VALID);
        assertThat(nonces.checkAndCount(a, "00000005")).isEqualTo(NonceService.Verdict.REPLAYED);
        assertThat(nonces.checkAndCount(b, "00000002")).isEqualTo(NonceService.Verdict.VALID);
    }

    @Test
    void aNonceThatCanNoLongerBeTrackedIsStaleNeverAcceptedTwice() {
        NonceService small = new NonceService(60_000, now::get, 16);
        String first = small.issue();
        assertThat(small.checkAndCount(first, "00000001")).isEqualTo(NonceService.Verdict.VALID);
        String sameSlot = null;
        for (int i = 0; i < 16; i++) {
            sameSlot = small.issue();
        }
        // the 17th nonce lands in the first one's slot of the 16-entry ring
        assertThat(small.checkAndCount(sameSlot, "00000001")).isEqualTo(NonceService.Verdict.VALID);
        assertThat(small.checkAndCount(first, "00000001")).isEqualTo(NonceService.Verdict.STALE);
        assertThat(small.checkAndCount(first, "00000002")).isEqualTo(NonceService.Verdict.STALE);
    }

    @Test
    void malformedNonceCountsAreInvalid() {
        String n = nonces.issue();
        assertThat(nonces.checkAndCount(n, "")).isEqualTo(NonceService.Verdict.INVALID);
        assertThat(nonces.checkAndCount(n, "zz")).isEqualTo(NonceService.Verdict.INVALID);
        assertThat(nonces.checkAndCount(n, "00000000")).isEqualTo(NonceService.Verdict.INVALID);
        assertThat(nonces.checkAndCount(n, "1000000000")).isEqualTo(NonceService.Verdict.INVALID);
        assertThat(nonces.checkAndCount(n, "00000001")).isEqualTo(NonceService.Verdict.VALID);
    }

    @Test
    void aStaleNonceIsStaleEvenWithAFreshCount() {
        String n = nonces.issue();
        now.addAndGet(61_000);
        assertThat(nonces.checkAndCount(n, "00000001")).isEqualTo(NonceService.Verdict.STALE);
    }
}
