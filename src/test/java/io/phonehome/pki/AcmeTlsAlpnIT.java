package io.phonehome.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.events.Event;
import io.phonehome.events.EventQuery;
import io.phonehome.events.EventTypes;
import io.phonehome.testing.Pebble;
import io.phonehome.testing.TestServer;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACME with the TLS-ALPN-01 challenge (RFC 8737) against Pebble, which validates it by a TLS
 * connection to the phone HTTPS port offering ALPN {@code acme-tls/1}: no other port is opened,
 * the certificate obtained is presented by every listener, and phones (which offer no or other
 * ALPN protocols) keep getting the ordinary certificate throughout.
 */
class AcmeTlsAlpnIT {
    /** RFC 8737's id-pe-acmeIdentifier: only the challenge certificate has it. */
    private static final String ACME_IDENTIFIER = "1.3.6.1.5.5.7.1.31";
    @TempDir
    Path dir;

    @Test
    void theCertificateIsObtainedThroughTlsAlpn01OnThePhoneListenerAlone() throws Exception {
        int phonePort = Pebble.freePort();
        int unusedHttpPort = Pebble.freePort();
        try (Pebble pebble = new Pebble(dir, unusedHttpPort, phonePort)) {
            Path trust = dir.resolve("pebble-https-ca.pem");
            Pem.writeCertificates(trust, List.of(pebble.httpsCa()));
            Map<Setting, String> s = new EnumMap<>(Setting.class);
            s.put(Setting.ACME_DIRECTORY_URL, pebble.directory());
            s.put(Setting.ACME_TRUST_FILE, trust.toString());
            s.put(Setting.ACME_CHALLENGE, "tls-alpn-01");
            // the http-01 port Pebble would use: nothing may listen there
            s.put(Setting.ACME_HTTP_PORT, Integer.toString(unusedHttpPort));
            s.put(Setting.PUBLIC_HOST, "localhost");
            s.put(Setting.HTTPS_PORT, Integer.toString(phonePort));
            s.put(Setting.ACME_RENEW_DAYS, "30");
            s.put(Setting.ACME_CHECK_SECONDS, "3600");
            SSLContext trustsPebble = TlsContexts.clientTrusting(pebble.issuingRoot());
            try (TestServer server = TestServer.withSip(s)) {
                // the first order runs once the listener is up; meanwhile phones get Phonehome's own certificate
                long deadline = System.currentTimeMillis() + 120_000;
                List<Event> issued = events(server, "issued");
                while (issued.isEmpty() && events(server, "failed").isEmpty() && System.currentTimeMillis() < deadline) {
                    X509Certificate phoneSees = presented(trustAll(), server.server().httpsPort(), "http/1.1");
                    assertThat(phoneSees.getExtensionValue(ACME_IDENTIFIER)).as("a phone never gets the challenge certificate").isNull();
                    Thread.sleep(100);
                    issued = events(server, "issued");
                }
                assertThat(events(server, "failed")).as(pebble.logText()).isEmpty();
                assertThat(issued).as(pebble.logText()).hasSize(1);
                X509Certificate obtained = presented(trustsPebble, server.server().httpsPort(), null);
                assertThat(obtained.getSubjectAlternativeNames()).anySatisfy(san -> assertThat(san.get(1)).isEqualTo("localhost"));
                for (int port : new int[] {server.server().adminPort(), server.server().sipTlsPort()}) {
                    assertThat(presented(trustsPebble, port, null).getSerialNumber()).isEqualTo(obtained.getSerialNumber());
                }
                // a client offering acme-tls/1 after the order gets the ordinary certificate: no challenge is open
                X509Certificate afterOrder = presented(trustAll(), server.server().httpsPort(), "acme-tls/1");
                assertThat(afterOrder.getSerialNumber()).isEqualTo(obtained.getSerialNumber());
                assertThat(afterOrder.getExtensionValue(ACME_IDENTIFIER)).as("no acmeIdentifier extension").isNull();
            }
        }
    }

    private static List<Event> events(TestServer server, String outcome) {
        server.server().events().flush(10_000);
        return server.server().events().query(EventQuery.ofType(EventTypes.ACME_CERTIFICATE)).stream()
                .filter(e -> e.outcome().equals(outcome)).toList();
    }

    /** The certificate a new TLS connection for "localhost" is shown, offering {@code alpn} when not null. */
    private static X509Certificate presented(SSLContext trust, int port, String alpn) throws Exception {
        try (Socket plain = new Socket("127.0.0.1", port);
             SSLSocket s = (SSLSocket) trust.getSocketFactory().createSocket(plain, "localhost", port, true)) {
            s.setSoTimeout(20_000);
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName("localhost")));
            if (alpn != null) {
                p.setApplicationProtocols(new String[] {alpn});
            }
            s.setSSLParameters(p);
            s.startHandshake();
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }

    private static SSLContext trustAll() throws Exception {
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return c;
    }
}
