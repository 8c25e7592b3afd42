package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.SipMessage;
import io.phonehome.testing.SipTestClient;
import io.phonehome.testing.TestServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A request whose User-Agent names a SIP scanner (SIPVicious's {@code friendly-scanner} and
 * friends) is never answered, whatever its method and transport: it is written to the security log
 * ({@code event=scanner}, then {@code event=blocked}) and its source is blocked, so what it sends
 * next is dropped too. Each case plays its scanner from its own loopback address; the phone on
 * 127.0.0.1 keeps being answered.
 */
@org.junit.jupiter.api.Tag("quiet") // a flood or a timing measure: run alone, see pom.xml
class ScannerBlockingIT {
    static final long WAIT_MILLIS = 800;
    static final AtomicInteger NEXT_SOURCE = new AtomicInteger(20);
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.withSip(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static InetAddress nextSource() throws Exception {
        return InetAddress.getByName("127.0.0." + NEXT_SOURCE.getAndIncrement());
    }

    /** A request of {@code method} to the server (in a dialog when {@code toTag} is given). */
    static String request(SipTestClient c, String method, String toTag, String userAgent) {
        return method + " sip:100@127.0.0.1:" + c.serverPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + c.transport() + " 127.0.0.1:" + c.localPort() + ";branch=" + SipTestClient.branch() + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: \"scan\" <sip:100@127.0.0.1>;tag=" + UUID.randomUUID().toString().substring(0, 8) + "\r\n"
                + "To: <sip:100@127.0.0.1>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: " + UUID.randomUUID() + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Contact: <sip:100@127.0.0.1:" + c.localPort() + ">\r\n"
                + (method.equals("SUBSCRIBE") ? "Event: presence\r\n" : "")
                + (userAgent == null ? "" : "User-Agent: " + userAgent + "\r\n")
                + "Accept: application/sdp\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    static String securityLog() throws Exception {
        return Files.readString(server.server().securityLog().file());
    }

    @ParameterizedTest(name = "{0} over {1} as {2} ({3})")
    @CsvSource({
        "OPTIONS, UDP, friendly-scanner, ",
        "OPTIONS, TCP, friendly-scanner, ",
        "OPTIONS, UDP, sipvicious, ",
        "INVITE, UDP, friendly-scanner, ",
        "REGISTER, UDP, friendly-scanner, ",
        "REGISTER, TCP, sipvicious, ",
        "SUBSCRIBE, UDP, friendly-scanner, ",
        "MESSAGE, UDP, friendly-scanner, ",
        "BYE, UDP, friendly-scanner, dlg1",
        "CANCEL, UDP, friendly-scanner, ",
        "ACK, UDP, friendly-scanner, ",
        "PROBE, UDP, friendly-scanner, "
    })
    void aScannerIsNotAnsweredIsLoggedAndBlockedWhateverTheMethod(String method, String transport, String userAgent, String toTag)
            throws Exception {
        InetAddress source = nextSource();
        String address = source.getHostAddress();
        try (SipTestClient scanner = transport.equals("TCP") ? SipTestClient.tcp(server.server().sipPort(), source)
                : SipTestClient.udp(server.server().sipPort(), source)) {
            scanner.send(request(scanner, method, toTag, userAgent));
            SipMessage answer = scanner.receive(WAIT_MILLIS);
            assertThat(answer).as("answer to a scanner's %s", method).isNull();
        }
        String log = securityLog();
        assertThat(log).contains("event=scanner service=sip src=" + address + " method=" + method + " user_agent=" + userAgent);
        assertThat(log).contains("event=blocked service=sip src=" + address + " ");

        // blocked: the same source is not answered even without the scanner's User-Agent
        try (SipTestClient again = SipTestClient.udp(server.server().sipPort(), source)) {
            again.send(request(again, "OPTIONS", null, "Phone/1.0"));
            assertThat(again.receive(WAIT_MILLIS)).as("answer to a blocked source").isNull();
        }
        // and a phone elsewhere still is
        try (SipTestClient phone = SipTestClient.udp(server.server().sipPort())) {
            SipMessage r = phone.exchange(request(phone, "OPTIONS", null, "Phone/1.0"));
            assertThat(r).isNotNull();
            assertThat(r.status()).isEqualTo(200);
        }
    }

    @Test
    void aFloodOfScannerOptionsGetsNoAnswerAndTwoLogLines() throws Exception {
        InetAddress source = nextSource();
        String address = source.getHostAddress();
        int sent = 2_000;
        int answered = 0;
        try (SipTestClient scanner = SipTestClient.udp(server.server().sipPort(), source)) {
            for (int i = 0; i < sent; i++) {
                scanner.send(request(scanner, "OPTIONS", null, "friendly-scanner"));
            }
            while (scanner.receive(WAIT_MILLIS) != null) {
                answered++;
            }
        }
        assertThat(answered).as("answers to %d scanner OPTIONS", sent).isZero();
        long lines = securityLog().lines().filter(l -> l.contains(" src=" + address + " ")).count();
        assertThat(lines).as("security log lines for the scanner: one scanner, one blocked").isEqualTo(2);
    }
}
