package io.phonehome.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.pki.TlsContexts;
import io.phonehome.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * A TLS 1.2 client that asks for a second handshake on an established connection (client-initiated
 * renegotiation: a cheap way to make the server do a full handshake's work again and again, and
 * the setting of the old renegotiation attacks) is cut off by every HTTPS listener, whatever its
 * TLS engine. TLS 1.3 has no renegotiation at all.
 */
class TlsRenegotiationIT {

    /** What became of the request made after the renegotiation: its status line, or why there was none. */
    record Outcome(String statusLine, IOException failure) {
        /** Refused is a handshake failure or a closed connection, at once; a stalled connection that times out is no refusal. */
        boolean refused() {
            return statusLine == null && !(failure instanceof java.net.SocketTimeoutException);
        }

        @Override
        public String toString() {
            return statusLine != null ? "answered: " + statusLine : "failed: " + failure;
        }
    }

    /** Makes a request, renegotiates, makes another on the same connection. */
    static Outcome requestAfterRenegotiation(TestServer server, int port, String path) throws IOException {
        try (SSLSocket s = (SSLSocket) TlsContexts.clientTrusting(server.server().certificateAuthority().caCertificate())
                .getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setEnabledProtocols(new String[] {"TLSv1.2"});
            s.setSoTimeout(5_000);
            s.startHandshake();
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.2");
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            assertThat(request(in, out, path)).as("the first request, before any renegotiation").startsWith("HTTP/1.1 ");
            s.startHandshake(); // on an established TLS 1.2 connection: a new ClientHello, i.e. renegotiation
            try {
                String status = request(in, out, path);
                return new Outcome(status, status == null ? new java.io.EOFException("connection closed") : null);
            } catch (IOException e) {
                return new Outcome(null, e);
            }
        }
    }

    /** One keep-alive GET; returns its status line after reading the (small) response to its end. */
    static String request(BufferedReader in, OutputStream out, String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: renegotiation-test\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = in.readLine();
        if (status == null) {
            return null;
        }
        int length = 0;
        for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
            if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(h.substring(15).trim());
            }
        }
        for (int i = 0; i < length; i++) {
            in.read();
        }
        return status;
    }

    @Test
    void theAdminListenerRefusesClientInitiatedRenegotiation() throws IOException {
        try (TestServer server = new TestServer()) {
            Outcome o = requestAfterRenegotiation(server, server.server().adminPort(), "/api/v1/devices");
            assertThat(o.refused()).as(o.toString()).isTrue();
        }
    }

    @Test
    void thePhoneListenerRefusesClientInitiatedRenegotiationOnBoringSsl() throws IOException {
        try (TestServer server = new TestServer(Map.of(Setting.TLS_ENGINE, "boringssl"))) {
            Outcome o = requestAfterRenegotiation(server, server.server().httpsPort(), "/phonehome-ca.pem");
            assertThat(o.refused()).as(o.toString()).isTrue();
        }
    }

    @Test
    void thePhoneListenerRefusesClientInitiatedRenegotiationOnTheJdkEngine() throws IOException {
        try (TestServer server = new TestServer(Map.of(Setting.TLS_ENGINE, "jdk"))) {
            Outcome o = requestAfterRenegotiation(server, server.server().httpsPort(), "/phonehome-ca.pem");
            assertThat(o.refused()).as(o.toString()).isTrue();
        }
    }

    @Test
    void opensslsRenegotiationRequestIsRefusedByTheAdminListener() throws Exception {
        try (TestServer server = new TestServer()) {
            Process p = new ProcessBuilder("openssl", "s_client", "-tls1_2", "-connect", "127.0.0.1:" + server.server().adminPort())
                    .redirectErrorStream(true).start();
            StringBuffer output = new StringBuffer();
            Thread reader = new Thread(() -> {
                try (var in = p.getInputStream()) {
                    byte[] b = new byte[4096];
                    for (int n; (n = in.read(b)) > 0; ) {
                        output.append(new String(b, 0, n, StandardCharsets.ISO_8859_1));
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            reader.start();
            try {
                long until = System.nanoTime() + 10_000_000_000L;
                while (!output.toString().contains("Verify return code") && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                assertThat(output.toString()).as("the first handshake").contains("Protocol  : TLSv1.2");
                // s_client's "R" command: a client-initiated renegotiation. Accepted, s_client keeps the
                // connection and waits for more input; refused, the connection ends and s_client exits.
                p.getOutputStream().write("R\n".getBytes(StandardCharsets.US_ASCII));
                p.getOutputStream().flush();
                boolean ended = p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
                reader.join(1_000);
                assertThat(output.toString()).contains("RENEGOTIATING");
                assertThat(ended).as("connection ended after the renegotiation request:%n%s", output).isTrue();
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
