package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.pki.TlsContexts;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.SipTestClient;
import io.phonehome.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code sip_max_connections} holds over TCP and TLS together: jain-sip's non-blocking
 * transports accept every connection by themselves, so a client could hold as many sockets and
 * TLS handshakes as the process may open files.
 */
class SipConnectionLimitIT {
    static final int LIMIT = 10;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.withSip(Map.of(Setting.SIP_MAX_CONNECTIONS, Integer.toString(LIMIT)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A REGISTER for a line nobody has: any final answer shows the connection is served. */
    static SipMessage ask(SipTestClient c) {
        c.send(c.register("999", "limit-" + System.nanoTime(), 1, c.contact("999"), 60, "limit-test"));
        return c.receiveFinal(10_000);
    }

    /**
     * The server ended the connection: the client's connect or send already saw the reset, or
     * the connection gets no answer, well before the 10 s wait is over.
     */
    static void assertRefused(java.util.function.Supplier<SipTestClient> open) {
        SipTestClient c;
        try {
            c = open.get();
        } catch (RuntimeException reset) {
            return;
        }
        try (c) {
            long start = System.nanoTime();
            SipMessage answer;
            try {
                answer = ask(c);
            } catch (RuntimeException reset) {
                return; // the reset came while sending
            }
            assertThat(answer).isNull();
            assertThat((System.nanoTime() - start) / 1_000_000).as("ended by the server, not merely silent").isLessThan(8_000);
        }
    }

    @Test
    void connectionsOverTheLimitAreEndedAtOnceAndPlacesComeBackWhenOthersClose() {
        List<SipTestClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < LIMIT; i++) {
                SipTestClient c = SipTestClient.tcp(server.server().sipPort());
                held.add(c);
                assertThat(ask(c)).as("connection %d of %d", i + 1, LIMIT).isNotNull();
            }
            assertRefused(() -> SipTestClient.tcp(server.server().sipPort()));
            // TLS counts in the same limit, and is ended before a handshake is answered
            assertRefused(() -> SipTestClient.tls(server.server().sipTlsPort(),
                    TlsContexts.clientTrusting(server.server().certificateAuthority().caCertificate())));
            // the connections already held are still served
            assertThat(ask(held.get(0))).isNotNull();

            held.remove(LIMIT - 1).close();
            held.remove(LIMIT - 2).close();
            SipMessage answered = null;
            long deadline = System.currentTimeMillis() + 15_000;
            while (answered == null && System.currentTimeMillis() < deadline) {
                try (SipTestClient again = SipTestClient.tcp(server.server().sipPort())) {
                    answered = ask(again);
                } catch (RuntimeException stillFull) {
                    // the closed ones are not yet noticed by the server: try again
                }
            }
            assertThat(answered).as("a place freed by a closed connection is given again").isNotNull();
        } finally {
            held.forEach(SipTestClient::close);
        }
    }
}
