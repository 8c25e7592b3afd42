package io.phonehome.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phonehome.Main;
import io.phonehome.config.Setting;
import io.phonehome.events.EventQuery;
import io.phonehome.events.EventTypes;
import io.phonehome.testing.TestCertificates;
import io.phonehome.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator's own certificate ("bring your own"): presented by the phone listener, the admin
 * listener and SIP-TLS, swapped for new handshakes when the files change, never overwritten, and a
 * bad pair stops the start with the file and the reason, or is refused at reload.
 */
class OperatorCertificateIT {
    private final TestCertificates outside = new TestCertificates();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void everyListenerPresentsTheOperatorsCertificateAndTheNextHandshakeGetsAReplacedOne(String engine) throws Exception {
        Path cert = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        outside.issue("first.example.net", 90).writeTo(cert, key);
        String before = Files.readString(cert);
        try (TestServer server = TestServer.withSip(Map.of(Setting.TLS_CERTIFICATE_FILE, cert.toString(), Setting.TLS_KEY_FILE, key.toString(),
                Setting.TLS_RELOAD_CHECK_SECONDS, "0", Setting.TLS_ENGINE, engine))) {
            var s = server.server();
            assertThat(outside.presentedSubject(s.httpsPort())).isEqualTo("CN=first.example.net");
            assertThat(outside.presentedSubject(s.adminPort())).isEqualTo("CN=first.example.net");
            assertThat(outside.presentedSubject(s.sipTlsPort())).isEqualTo("CN=first.example.net");
            assertThat(Files.readString(cert)).as("Phonehome never writes the operator's files").isEqualTo(before);

            outside.issue("second-certificate.example.net", 90).writeTo(cert, key);

            assertThat(outside.presentedSubject(s.httpsPort())).isEqualTo("CN=second-certificate.example.net");
            assertThat(outside.presentedSubject(s.adminPort())).isEqualTo("CN=second-certificate.example.net");
            assertThat(outside.presentedSubject(s.sipTlsPort())).isEqualTo("CN=second-certificate.example.net");
            assertThat(tlsEvents(server, "reloaded")).isEqualTo(1);
        }
    }

    @Test
    void aReplacementWhoseKeyDoesNotMatchIsRefusedAndTheOldCertificateStays() throws Exception {
        Path cert = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        outside.issue("kept.example.net", 90).writeTo(cert, key);
        try (TestServer server = new TestServer(Map.of(Setting.TLS_CERTIFICATE_FILE, cert.toString(), Setting.TLS_KEY_FILE, key.toString(),
                Setting.TLS_RELOAD_CHECK_SECONDS, "0"))) {
            assertThat(outside.presentedSubject(server.server().httpsPort())).isEqualTo("CN=kept.example.net");
            // only the certificate is replaced: its key is not the one in key.pem
            Pem.writeCertificates(cert, java.util.List.of(outside.issue("half-copied.example.net", 90).certificate()));

            assertThat(outside.presentedSubject(server.server().httpsPort())).isEqualTo("CN=kept.example.net");
            assertThat(tlsEvents(server, "refused")).isEqualTo(1);
            server.server().events().flush(10_000);
            String detail = server.server().events().query(EventQuery.ofType(EventTypes.TLS_CERTIFICATE)).get(0).detail();
            assertThat(detail).contains(cert.toString()).contains("does not match");
        }
    }

    @Test
    void filesInTheDataDirectoryAreUsedWithoutAnySetting() throws Exception {
        Path data = Files.createTempDirectory("phonehome-byo");
        outside.issue("in-data-dir.example.net", 90).writeTo(data.resolve("tls/certificate.pem"), data.resolve("tls/key.pem"));
        try (TestServer server = TestServer.reopen(data, Map.of())) {
            assertThat(outside.presentedSubject(server.server().httpsPort())).isEqualTo("CN=in-data-dir.example.net");
        }
    }

    @Test
    void withoutOperatorFilesPhonehomesOwnCaStaysTheDefault() {
        try (TestServer server = new TestServer()) {
            assertThat(server.get("phonehome-ca.pem", null).statusCode()).as("the test client trusts only Phonehome's CA").isEqualTo(200);
        }
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateStopsTheStartNamingTheFile() {
        Path cert = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        outside.issue("one.example.net", 90).writeTo(cert, dir.resolve("unused-key.pem"));
        outside.issue("other.example.net", 90).writeTo(dir.resolve("unused.pem"), key);
        assertThatThrownBy(() -> new TestServer(Map.of(Setting.TLS_CERTIFICATE_FILE, cert.toString(), Setting.TLS_KEY_FILE, key.toString())).close())
                .isInstanceOf(PkiException.class)
                .hasMessageContaining(cert.toString()).hasMessageContaining(key.toString())
                .hasMessageContaining("the private key does not match the certificate CN=one.example.net");
    }

    @Test
    void aFileThatIsNotPemStopsTheStartNamingTheFile() throws Exception {
        Path cert = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        outside.issue("one.example.net", 90).writeTo(dir.resolve("unused.pem"), key);
        Files.writeString(cert, "this is a DER file renamed, or a README\n");
        assertThatThrownBy(() -> new TestServer(Map.of(Setting.TLS_CERTIFICATE_FILE, cert.toString(), Setting.TLS_KEY_FILE, key.toString())).close())
                .isInstanceOf(PkiException.class)
                .hasMessageContaining(cert.toString()).hasMessageContaining("no PEM certificate");
    }

    @Test
    void anExpiredCertificateMakesServeExitNonZeroWithTheFileAndTheDate() {
        Path cert = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        Instant expired = Instant.now().minus(Duration.ofDays(3));
        outside.issue("expired.example.net", expired.minus(Duration.ofDays(90)), expired).writeTo(cert, key);
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "serve", "--data-dir=" + dir.resolve("data"),
                "--bind=127.0.0.1", "--https-port=0", "--admin-port=0", "--sip-enabled=false",
                "--tls-certificate-file=" + cert, "--tls-key-file=" + key);
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains(cert.toString()).contains("expired on");
    }

    private static long tlsEvents(TestServer server, String outcome) {
        server.server().events().flush(10_000);
        return server.server().events().query(EventQuery.ofType(EventTypes.TLS_CERTIFICATE)).stream()
                .filter(e -> e.outcome().equals(outcome)).count();
    }
}
