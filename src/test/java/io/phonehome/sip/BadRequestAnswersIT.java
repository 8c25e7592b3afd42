package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.SipTestClient;
import io.phonehome.testing.TestServer;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A malformed request is answered with a fixed status line ({@code SIP/2.0 400 Bad Request},
 * {@code SIP/2.0 505 Version Not Supported}) that carries only the headers a response needs to
 * reach its client (Via, From, To, Call-ID, CSeq, and Content-Length 0): no word of the parser's
 * complaint, no Java object, nothing else of the request, over UDP and TCP alike.
 */
class BadRequestAnswersIT {
    static final Set<String> ROUTING_HEADERS = Set.of("via", "from", "to", "call-id", "cseq", "content-length");
    static final String MARKER = "X-Marker: do-not-reflect-7f3a";
    static TestServer server;

    @BeforeAll
    static void start() {
        // every malformed request comes from 127.0.0.1: it must not get blocked here
        server = TestServer.withSip(Map.of(Setting.SIP_BLOCK_AFTER_FAILURES, "1000000"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** An OPTIONS with one part replaced: {@code what} names which, {@code bad} is the replacement. */
    static String options(SipTestClient c, String what, String bad) {
        String requestLine = what.equals("request-uri") ? "OPTIONS " + bad + " SIP/2.0"
                : what.equals("version") ? "OPTIONS sip:127.0.0.1 " + bad : "OPTIONS sip:127.0.0.1 SIP/2.0";
        StringBuilder sb = new StringBuilder(requestLine).append("\r\n");
        sb.append("Via: SIP/2.0/").append(c.transport()).append(" 127.0.0.1:").append(c.localPort()).append(";branch=")
                .append(SipTestClient.branch()).append(";rport\r\n");
        sb.append("Max-Forwards: ").append(what.equals("max-forwards") ? bad : "70").append("\r\n");
        sb.append("From: ").append(what.equals("from-display-name") ? bad : "<sip:a@127.0.0.1>").append(";tag=1928301774\r\n");
        sb.append("To: ").append(what.equals("to") ? bad : "<sip:b@127.0.0.1>").append("\r\n");
        if (what.equals("second-to")) {
            sb.append("To: ").append(bad).append("\r\n");
        }
        sb.append("Call-ID: ").append(UUID.randomUUID()).append("\r\n");
        sb.append("CSeq: 1 ").append(what.equals("cseq-method") ? bad : "OPTIONS").append("\r\n");
        if (what.equals("content-type")) {
            sb.append("Content-Type: ").append(bad).append("\r\n");
        }
        sb.append(MARKER).append("\r\n");
        sb.append("Content-Length: 0\r\n\r\n");
        return sb.toString();
    }

    @ParameterizedTest(name = "{0} {1} over {2}")
    @CsvSource(delimiter = '|', value = {
        "request-uri | sip:a@[::1        | UDP | SIP/2.0 400 Bad Request",
        "request-uri | sip:a@[::1        | TCP | SIP/2.0 400 Bad Request",
        "request-uri | <sip:x@127.0.0.1> | UDP | SIP/2.0 400 Bad Request",
        "second-to   | <sip:c@127.0.0.1> | UDP | SIP/2.0 400 Bad Request",
        "second-to   | <sip:c@127.0.0.1> | TCP | SIP/2.0 400 Bad Request",
        "cseq-method | INVITE            | UDP | SIP/2.0 400 Bad Request",
        "cseq-method | INVITE            | TCP | SIP/2.0 400 Bad Request",
        "version     | SIP/7.0           | UDP | SIP/2.0 505 Version Not Supported",
        "version     | SIP/7.0           | TCP | SIP/2.0 505 Version Not Supported"
    })
    void aMalformedRequestGetsAFixedStatusLineAndOnlyTheRoutingHeaders(String what, String bad, String transport, String statusLine) {
        try (SipTestClient c = client(transport)) {
            SipMessage r = c.exchange(options(c, what, bad));
            assertThat(r).as("answer to an OPTIONS with a bad %s", what).isNotNull();
            assertFixed(r, statusLine);
            if (!what.equals("cseq-method")) { // the CSeq is copied as it must be
                assertThat(r.toText()).doesNotContain(bad);
            }
        }
    }

    /**
     * A request whose To (or CSeq) does not parse cannot be answered as RFC 3261 asks: it is
     * dropped, or answered with the fixed line and nothing of the request.
     */
    @ParameterizedTest(name = "{0} {1} over {2}")
    @CsvSource(delimiter = '|', value = {
        "to          | <sip:b@127.0.0.1  | UDP",
        "to          | <sip:b@127.0.0.1  | TCP",
        "cseq-method | OPTIONS (x)       | UDP"
    })
    void aRequestThatCannotBeAddressedIsDroppedOrGetsTheFixedLine(String what, String bad, String transport) {
        try (SipTestClient c = client(transport)) {
            c.send(options(c, what, bad));
            SipMessage r = c.receiveFinal(800);
            if (r != null) {
                assertFixed(r, "SIP/2.0 400 Bad Request");
            }
        }
    }

    static SipTestClient client(String transport) {
        return transport.equals("TCP") ? SipTestClient.tcp(server.server().sipPort()) : SipTestClient.udp(server.server().sipPort());
    }

    static void assertFixed(SipMessage r, String statusLine) {
        assertThat(r.startLine()).isEqualTo(statusLine);
        assertThat(r.body()).isEmpty();
        assertThat(r.header("content-length")).isEqualTo("0");
        assertThat(r.headers()).allSatisfy(h -> assertThat(ROUTING_HEADERS).contains(h.getKey()));
        assertThat(r.toText()).doesNotContain("do-not-reflect");
        assertThat(r.header("to")).as("a To tag of our own").contains(";tag=");
    }
}
