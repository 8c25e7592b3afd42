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
}
