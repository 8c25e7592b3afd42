package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.auth.NonceService;
import io.phonehome.inventory.AuthMethod;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.Mac;
import io.phonehome.inventory.Site;
import io.phonehome.testing.TestDigest;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The site credential's first-contact rule at the edges the ITs cannot reach in reasonable time. */
class DeviceAuthorizerTest {
    static final Mac MAC = Mac.parse("805ec0aa0003");
    static final String FILE = "/805ec0aa0003.cfg";
    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    static final Site SITE = new Site(1, "Shop", "Europe/Zurich", List.of(), "de", null, null, null, 0, "admin-pw", null,
            Set.of(AuthMethod.DIGEST), List.of(), "site-shop", "site-secret", 0, 1, 1);

    final List<Mac> retiredTries = new ArrayList<>();

    static Device device(Instant ownCredentialsSince, Instant rearmedUntil) {
        return new Device(1, MAC, "yealink", "T46U", null, 1L, "own-secret", ownCredentialsSince, ownCredentialsSince, rearmedUntil,
                null, null, null, null, NOW.minus(Duration.ofDays(3)), 1);
    }

    AuthOutcome withSiteCredential(NonceService nonces, Device device, String challenge) throws Exception {
        DeviceAuthorizer authorizer = new DeviceAuthorizer(nonces, (d, source) -> retiredTries.add(d.mac()));
        String auth = TestDigest.authorization(challenge, "GET", FILE, "site-shop", "site-secret", 1);
        return authorizer.authorize(MAC, device, SITE, new DeviceAuthorizer.Proof(InetAddress.getLoopbackAddress(), Set.of(), auth, "GET", FILE, true),
                NOW);
    }

    @Test
    void aRearmThatRanOutRetiresTheSiteCredentialAgainEvenIfThePhoneNeverCameBack() throws Exception {
        NonceService nonces = new NonceService(60_000);
        DeviceAuthorizer challenger = new DeviceAuthorizer(nonces, (d, s) -> { });
        assertThat(withSiteCredential(nonces, device(null, NOW.plusSeconds(60)), challenger.challenge(false)))
                .isEqualTo(AuthOutcome.GRANTED_SITE_CREDENTIALS);
        assertThat(withSiteCredential(nonces, device(null, NOW.minusSeconds(1)), challenger.challenge(false))).isEqualTo(AuthOutcome.DENIED);
        assertThat(retiredTries).containsExactly(MAC);
    }

    @Test
    void aRetiredSiteCredentialOnAnExpiredNonceIsAMissNotStaleWhichWouldSayThePasswordWasRight() throws Exception {
        NonceService nonces = new NonceService(1);
        String challenge = new DeviceAuthorizer(nonces, (d, s) -> { }).challenge(false);
        Thread.sleep(20);
        assertThat(withSiteCredential(nonces, device(null, null), challenge)).as("before: the usual stale answer").isEqualTo(AuthOutcome.STALE);
        assertThat(withSiteCredential(nonces, device(NOW.minusSeconds(60), null), challenge)).isEqualTo(AuthOutcome.DENIED);
        assertThat(retiredTries).as("a stale nonce proves nothing about this request").isEmpty();
    }

    @Test
    void theSiteCredentialOverBasicIsRetiredToo() throws Exception {
        DeviceAuthorizer authorizer = new DeviceAuthorizer(new NonceService(60_000), (d, source) -> retiredTries.add(d.mac()));
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("site-shop:site-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var proof = new DeviceAuthorizer.Proof(InetAddress.getLoopbackAddress(), Set.of(), basic, "GET", FILE, true);
        assertThat(authorizer.authorize(MAC, device(null, null), SITE, proof, NOW)).isEqualTo(AuthOutcome.GRANTED_SITE_CREDENTIALS);
        assertThat(authorizer.authorize(MAC, device(NOW.minusSeconds(60), null), SITE, proof, NOW)).isEqualTo(AuthOutcome.DENIED);
        assertThat(retiredTries).containsExactly(MAC);
    }
}
