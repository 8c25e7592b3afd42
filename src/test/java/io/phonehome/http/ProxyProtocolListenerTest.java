package io.phonehome.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The accept side behind a load balancer, on a real listener (plain HTTP: the header comes before
 * anything else, TLS included, so the rule is the same; HTTPS through HAProxy is in
 * {@code cluster.HaproxyInFrontIT}). The handler answers with the address it sees.
 */
class ProxyProtocolListenerTest {
    private static final String GET = "GET /who HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    private HttpServer server;

    private int start(String trusted) {
        server = HttpListeners.build("127.0.0.1", -1, 0, null, List.of("TLSv1.3"), false,
                new HttpListeners.Limits(8192, 1 << 20, 1, 2), TrustedProxies.of(List.of(trusted)), exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender().send(exchange.getSourceAddress().getAddress().getHostAddress());
                });
        server.start();
        return server.port("http");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Everything the server sent before closing; empty when it closed without a word. */
    private static String exchange(int port, byte[]... parts) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            for (byte[] p : parts) {
                out.write(p);
                out.flush();
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            try {
                in.transferTo(got);
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // a reset counts as closed
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aTrustedProxysHeaderGivesTheHandlerThePhonesAddressInBothVersions() throws IOException {
        int port = start("127.0.0.1");
        byte[] v2 = ProxyHeaderTest.v2Inet(1, new byte[] {(byte) 203, 0, 113, 7}, new byte[] {127, 0, 0, 1}, 51000, port, 0);
        assertThat(exchange(port, v2, ascii(GET))).startsWith("HTTP/1.1 200").endsWith("203.0.113.7");
        // header and request in one segment, as HAProxy often sends them
        byte[] both = new byte[v2.length + GET.length()];
        System.arraycopy(v2, 0, both, 0, v2.length);
        System.arraycopy(ascii(GET), 0, both, v2.length, GET.length());
        assertThat(exchange(port, both)).endsWith("203.0.113.7");
        assertThat(exchange(port, ascii("PROXY TCP4 198.51.100.9 127.0.0.1 40000 80\r\n" + GET))).endsWith("198.51.100.9");
    }

    @Test
    void theProxysHealthCheckIsServedWithTheProxysOwnAddress() throws IOException {
        int port = start("127.0.0.1");
        byte[] local = ProxyHeaderTest.v2Inet(0, new byte[4], new byte[4], 0, 0, 0);
        assertThat(exchange(port, local, ascii(GET))).endsWith("127.0.0.1");
    }

    @Test
    void aTrustedProxysConnectionWithoutAValidHeaderIsClosedUnanswered() throws IOException {
        int port = start("127.0.0.1");
        assertThat(exchange(port, ascii(GET))).isEmpty();
        assertThat(exchange(port, ascii("PROXY TCP4 not-an-address 127.0.0.1 1 2\r\n" + GET))).isEmpty();
        byte[] v2 = ProxyHeaderTest.v2Inet(1, new byte[] {1, 2, 3, 4}, new byte[] {5, 6, 7, 8}, 1, 2, 0);
        assertThat(exchange(port, java.util.Arrays.copyOf(v2, 20))).as("truncated, then the client gives up").isEmpty();
        byte[] garbage = v2.clone();
        garbage[12] = 0x7F;
        assertThat(exchange(port, garbage, ascii(GET))).isEmpty();
    }

    @Test
    void anyoneElseIsServedAsTheyAreButTheirProxyHeaderClosesTheConnection() throws IOException {
        int port = start("192.0.2.10/32");
        assertThat(exchange(port, ascii(GET))).startsWith("HTTP/1.1 200").endsWith("127.0.0.1");
        assertThat(exchange(port, ascii("PUT /who HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))).endsWith("127.0.0.1");
        byte[] v2 = ProxyHeaderTest.v2Inet(1, new byte[] {(byte) 203, 0, 113, 7}, new byte[] {127, 0, 0, 1}, 51000, port, 0);
        assertThat(exchange(port, v2, ascii(GET))).isEmpty();
        assertThat(exchange(port, ascii("PROXY TCP4 203.0.113.7 127.0.0.1 1 2\r\n" + GET))).isEmpty();
    }
}
