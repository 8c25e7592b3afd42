package io.phonehome.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.events.Event;
import io.phonehome.events.EventQuery;
import io.phonehome.events.EventTypes;
import io.phonehome.testing.Pebble;
import io.phonehome.testing.TestServer;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACME (RFC 8555) against Let's Encrypt's test server Pebble, started here: Phonehome orders a
 * certificate for public_host with the http-01 challenge, every listener presents it (its chain
 * verifies against Pebble's root), it is stored in the data directory, renewed before expiry, and
 * an unreachable ACME server leaves Phonehome serving its own certificate with a failed event.
 */
class AcmeIT {
    @TempDir
    Path dir;

    private Map<Setting, String> acme(Pebble pebble, int challengePort, String renewDays, String checkSeconds) throws Exception {
        Path trust = dir.resolve("pebble-https-ca.pem");
        Pem.writeCertificates(trust, List.of(pebble.httpsCa()));
        Map<Setting, String> s = new EnumMap<>(Setting.class);
        s.put(Setting.ACME_DIRECTORY_URL, pebble.directory());
        s.put(Setting.ACME_TRUST_FILE, trust.toString());
        s.put(Setting.ACME_HTTP_PORT, Integer.toString(challengePort));
        s.put(Setting.PUBLIC_HOST, "localhost");
        s.put(Setting.ACME_EMAIL, "ops@example.net");
        s.put(Setting.ACME_RENEW_DAYS, renewDays);
        s.put(Setting.ACME_CHECK_SECONDS, checkSeconds);
        return s;
    }

    @Test
    void everyListenerPresentsTheCertificateObtainedWithHttp01() throws Exception {
        int challengePort = Pebble.freePort();
        try (Pebble pebble = new Pebble(dir, challengePort)) {
            Map<Setting, String> s = acme(pebble, challengePort, "30", "3600");
            SSLContext trustsPebble = TlsContexts.clientTrusting(pebble.issuingRoot());
            TestServer server = TestServer.withSip(s);
            X509Certificate obtained;
            try {
                obtained = presented(trustsPebble, server.server().httpsPort());
                for (int port : new int[] {server.server().httpsPort(), server.server().adminPort(), server.server().sipTlsPort()}) {
                    X509Certificate presented = presented(trustsPebble, port);
                    assertThat(presented.getSubjectAlternativeNames()).anySatisfy(san -> assertThat(san.get(1)).isEqualTo("localhost"));
                    assertThat(presented.getSerialNumber()).isEqualTo(obtained.getSerialNumber());
                }
                assertThat(server.dataDir().resolve("pki/acme/certificate.pem")).exists();
                assertThat(server.dataDir().resolve("pki/acme/key.pem")).exists();
                assertThat(events(server, "issued")).hasSize(1);
            } finally {
                server.stopKeepingData();
            }
            // a restart serves the stored certificate: nothing is ordered while it is far from expiry
            try (TestServer again = TestServer.reopenWithSip(server.dataDir(), s)) {
                assertThat(presented(trustsPebble, again.server().httpsPort()).getSerialNumber()).isEqualTo(obtained.getSerialNumber());
                assertThat(events(again, "issued")).as("the event of the first start only").hasSize(1);
            }
        }
    }

    @Test
    void aCertificateDueForRenewalIsReplacedWithoutRestart() throws Exception {
        int challengePort = Pebble.freePort();
        try (Pebble pebble = new Pebble(dir, challengePort)) {
            // every certificate is due: a renewal at every check (2 s)
            try (TestServer server = new TestServer(acme(pebble, challengePort, "3650", "2"))) {
                SSLContext trustsPebble = TlsContexts.clientTrusting(pebble.issuingRoot());
                X509Certificate first = presented(trustsPebble, server.server().httpsPort());
                long deadline = System.currentTimeMillis() + 90_000;
                X509Certificate now = first;
                while (now.getSerialNumber().equals(first.getSerialNumber()) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(500);
                    now = presented(trustsPebble, server.server().httpsPort());
                }
                assertThat(now.getSerialNumber()).as(pebble.logText()).isNotEqualTo(first.getSerialNumber());
                assertThat(events(server, "issued").size()).isGreaterThanOrEqualTo(2);
            }
        }
    }

    @Test
    void anUnreachableAcmeServerLeavesPhonehomesOwnCertificateAndAFailedEvent() throws Exception {
        Map<Setting, String> s = new EnumMap<>(Setting.class);
        s.put(Setting.ACME_DIRECTORY_URL, "https://127.0.0.1:" + Pebble.freePort() + "/dir");
        s.put(Setting.ACME_HTTP_PORT, Integer.toString(Pebble.freePort()));
        s.put(Setting.PUBLIC_HOST, "localhost");
        try (TestServer server = new TestServer(s)) {
            assertThat(server.get("phonehome-ca.pem", null).statusCode()).as("the client trusts only Phonehome's CA").isEqualTo(200);
            List<Event> failed = events(server, "failed");
            assertThat(failed).hasSize(1);
            assertThat(failed.get(0).detail()).contains("127.0.0.1").contains("still serving");
            assertThat(Files.exists(server.dataDir().resolve("pki/acme/certificate.pem"))).isFalse();
        }
    }

    private static List<Event> events(TestServer server, String outcome) {
        server.server().events().flush(10_000);
        return server.server().events().query(EventQuery.ofType(EventTypes.ACME_CERTIFICATE)).stream()
                .filter(e -> e.outcome().equals(outcome)).toList();
    }

    /** The certificate a new TLS connection is shown, its chain verified against {@code trust}. */
    private static X509Certificate presented(SSLContext trust, int port) throws Exception {
        try (Socket plain = new Socket("127.0.0.1", port);
             SSLSocket s = (SSLSocket) trust.getSocketFactory().createSocket(plain, "127.0.0.1", port, true)) {
            s.setSoTimeout(20_000);
            s.startHandshake();
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }
}
