package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.SipTestClient;
import io.phonehome.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * RFC 4475's torture messages, byte-exact (src/test/resources/sip/torture, with the expected
 * handling of each in index.tsv), thrown at the running registrar: every invalid message gets a
 * 400/505 (or, where the RFC allows it, is dropped or liberally accepted), no message ever gets a
 * 2xx it should not, and the server keeps answering a normal REGISTER afterwards, also after a
 * flood of garbage datagrams.
 *
 * <p>Over TCP the bytes are sent exactly as in the RFC (the answer comes back on the connection).
 * Over UDP only the top Via's sent-by is rewritten to this test's own socket: the messages name
 * 192.0.2.x and example.com hosts, and nothing may be sent towards them.
 */
@org.junit.jupiter.api.Tag("quiet") // a flood or a timing measure: run alone, see pom.xml
class TortureMessagesIT {
    static final Path DIR = Path.of("src/test/resources/sip/torture");
    /** How long "no answer" is waited for (a dropped message). */
    static final long WAIT_MILLIS = 800;
    static TestServer server;

    /** What Phonehome answers each message with; null = no answer (dropped). Rows follow index.tsv. */
    static final Map<String, List<Integer>> EXPECTED = new LinkedHashMap<>();

    static {
        // valid requests: a registrar/proxy answers them normally (challenge, 416, 501...) and never crashes
        expect("3.1.1.1_wsinv.sip", 481);          // INVITE with a To tag: a dialog Phonehome did not record-route
        expect("3.1.1.2_intmeth.sip", 501, null);  // unknown method: 501 as a UAS, or dropped (NUL/BEL in To)
        expect("3.1.1.3_esc01.sip", 407);          // INVITE
        expect("3.1.1.4_escnull.sip", 401);        // REGISTER: challenged
        expect("3.1.1.5_esc02.sip", 501, null);    // RE%47IST%45R is not REGISTER: unknown method
        expect("3.1.1.6_lwsdisp.sip", 200);        // OPTIONS to the server
        expect("3.1.1.7_longreq.sip", 407);        // INVITE
        expect("3.1.1.8_dblreq.sip", 401);         // REGISTER; the trailing INVITE is ignored
        expect("3.1.1.9_semiuri.sip", 200);        // OPTIONS
        expect("3.1.1.10_transports.sip", 200);    // OPTIONS
        expect("3.1.1.11_mpart01.sip", 405);       // MESSAGE: not routed by Phonehome
        expect("3.1.1.12_unreason.sip");           // a response: no answer
        expect("3.1.1.13_noreason.sip");           // a response: no answer
        // invalid syntax: 400 (or dropped when jain-sip cannot even find the headers to answer)
        expect("3.1.2.1_badinv01.sip", 400, null);
        expect("3.1.2.2_clerr.sip", 400, null);    // Content-Length beyond the datagram / stream: never a 2xx
        expect("3.1.2.3_ncl.sip", 400, null);
        expect("3.1.2.4_scalar02.sip", 400, null);
        expect("3.1.2.5_scalarlg.sip");            // response: dropped
        expect("3.1.2.6_quotbal.sip", 400, null);
        expect("3.1.2.7_ltgtruri.sip", 400, null);
        expect("3.1.2.8_lwsruri.sip", 400, null);
        expect("3.1.2.9_lwsstart.sip", 400, 407, null);  // may be accepted liberally (then challenged)
        expect("3.1.2.10_trws.sip", 400, 200, null);     // OPTIONS, may be accepted liberally
        expect("3.1.2.11_escruri.sip", 400, 407, null);  // INVITE, may be accepted liberally
        expect("3.1.2.12_baddate.sip", 400, 407, null);  // INVITE, may be accepted liberally
        expect("3.1.2.13_regbadct.sip", 400, 401, null); // REGISTER, may be accepted liberally (then challenged)
        expect("3.1.2.14_badaspec.sip", 400, 200, null); // OPTIONS, may be accepted liberally
        expect("3.1.2.15_baddn.sip", 400, null);   // OPTIONS with "Bell, Alexander" unquoted
        expect("3.1.2.16_badvers.sip", 505, 400, null);
        expect("3.1.2.17_mismatch01.sip", 400, null);
        expect("3.1.2.18_mismatch02.sip", 400, null);
        expect("3.1.2.19_bigcode.sip");            // response: dropped
        // transaction layer and semantics
        expect("3.2.1_badbranch.sip", 400, 200, null);   // OPTIONS with an empty branch
        expect("3.3.1_insuf.sip", 400, null);
        expect("3.3.2_unkscm.sip", 416, 400);
        expect("3.3.3_novelsc.sip", 416, 400);
        expect("3.3.4_unksm2.sip", 400, 416);
        expect("3.3.5_bext01.sip", 420);
        expect("3.3.6_invut.sip", 407);            // INVITE with an unknown body type: a proxy only challenges
        expect("3.3.7_regaut01.sip", 401);         // unknown Authorization scheme: our own challenge
        expect("3.3.8_multi01.sip", 400, null);
        expect("3.3.9_mcl01.sip", 400, null);
        expect("3.3.10_bcast.sip");                // response: dropped, never forwarded
        expect("3.3.11_zeromf.sip", 200, 483);
        expect("3.3.12_cparam01.sip", 401);
        expect("3.3.13_cparam02.sip", 401);
        expect("3.3.14_regescrt.sip", 401);
        expect("3.3.15_sdp01.sip", 407);
        expect("3.4.1_inv2543.sip", 407, 400, null);
        expect("unreferenced_test.sip", 400, null);
    }

    /**
     * Valid messages jain-sip's NIO framer cannot frame over TCP: it finds Content-Length and
     * Call-ID with a naive text match, so a compact "i:"/"l:" header or blanks before the colon
     * make it drop the message and close the connection (no crash, no response). Over UDP the full
     * parser handles them (see the UDP test). A known limit of the SIP stack, reported.
     */
    static final java.util.Set<String> TCP_FRAMING_LIMITS = java.util.Set.of("3.1.1.1_wsinv.sip", "3.1.1.3_esc01.sip", "3.1.1.8_dblreq.sip");

    static void expect(String file, Integer... codes) {
        EXPECTED.put(file, java.util.Arrays.asList(codes.length == 0 ? new Integer[] {null} : codes));
    }

    @BeforeAll
    static void start() {
        // every malformed message below comes from 127.0.0.1: here it must not get blocked (see the flood tests)
        server = TestServer.withSip(Map.of(Setting.SIP_BLOCK_AFTER_FAILURES, "1000000"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<String> files() {
        return new ArrayList<>(EXPECTED.keySet());
    }

    static byte[] bytes(String file) {
        try {
            return Files.readAllBytes(DIR.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyFileOfTheIndexIsCovered() throws IOException {
        List<String> listed = Files.readAllLines(DIR.resolve("index.tsv")).stream().skip(1).map(l -> l.split("\t")[0]).toList();
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrderElementsOf(listed);
    }

    @ParameterizedTest(name = "{0} over TCP")
    @MethodSource("files")
    void overTcpTheBytesAsTheyAre(String file) {
        try (SipTestClient c = SipTestClient.tcp(server.server().sipPort())) {
            c.sendBytes(bytes(file));
            SipMessage r = c.receiveFinal(WAIT_MILLIS);
            if (!(TCP_FRAMING_LIMITS.contains(file) && r == null)) {
                assertAnswer(file, r);
            }
        }
        assertStillAnswering();
    }

    @ParameterizedTest(name = "{0} over UDP")
    @MethodSource("files")
    void overUdpWithTheTopViaPointingHere(String file) {
        try (SipTestClient c = SipTestClient.udp(server.server().sipPort())) {
            c.sendBytes(viaToHere(bytes(file), c.localPort()));
            SipMessage r = c.receiveFinal(WAIT_MILLIS);
            assertAnswer(file, r);
        }
        assertStillAnswering();
    }

    static void assertAnswer(String file, SipMessage r) {
        List<Integer> allowed = EXPECTED.get(file);
        Integer got = r == null ? null : r.status();
        assertThat(allowed).as(file + " answered " + (r == null ? "nothing" : r.startLine())).contains(got);
        if (r != null && r.status() >= 400) {
            // a refusal is short fixed text: nothing of the parser's complaint, nothing echoed back
            assertThat(r.startLine()).as(file).matches("SIP/2\\.0 \\d{3} [A-Za-z0-9/:*\\- ]{2,60}");
            assertThat(r.body()).as(file + " answer's body").isEmpty();
        }
    }

    /** Rewrites the sent-by of the first Via (long or compact form) to 127.0.0.1:port, nothing else. */
    static byte[] viaToHere(byte[] message, int port) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        Pattern via = Pattern.compile("(?im)^(via|v)([ \\t]*:[ \\t]*SIP[ \\t]*/[ \\t]*2\\.0[ \\t]*/[ \\t]*[A-Za-z]+[ \\t]+)([^;,\\s]+)");
        Matcher m = via.matcher(text);
        if (!m.find()) {
            return message;
        }
        String rewritten = text.substring(0, m.start(3)) + "127.0.0.1:" + port + text.substring(m.end(3));
        return rewritten.getBytes(StandardCharsets.ISO_8859_1);
    }

    static void assertStillAnswering() {
        try (SipTestClient c = SipTestClient.udp(server.server().sipPort())) {
            SipMessage r = c.exchange(c.register("100", UUID.randomUUID().toString(), 1, c.contact("100"), 60, null));
            assertThat(r).as("a normal REGISTER is still answered").isNotNull();
            assertThat(r.status()).isEqualTo(401);
        }
    }

    /** Garbage from {@code source} as fast as one thread can send it, until {@code flooding} goes false. */
    static Thread flood(TestServer target, java.net.InetAddress source, java.util.concurrent.atomic.AtomicBoolean flooding,
                        java.util.concurrent.atomic.AtomicLong sent) {
        Thread t = new Thread(() -> {
            Random random = new Random(4475);
            try (SipTestClient f = SipTestClient.udp(target.server().sipPort(), source)) {
                while (flooding.get()) {
                    byte[] b;
                    long i = sent.incrementAndGet();
                    if (i % 3 == 0) {
                        b = new byte[1 + random.nextInt(1400)];
                        random.nextBytes(b);
                        b[0] = 'X'; // not a control character: jain-sip would skip it as a keepalive
                    } else {
                        byte[] good = f.register("100", "flood" + i, 1, f.contact("x"), 60, null).getBytes(StandardCharsets.US_ASCII);
                        b = java.util.Arrays.copyOf(good, 20 + random.nextInt(good.length - 20)); // truncated SIP
                    }
                    f.sendBytes(b);
                }
            }
        }, "garbage-flood");
        t.start();
        return t;
    }

    /** A REGISTER from 127.0.0.1 is answered, retransmitted as a phone would (every 500 ms, up to 10 times). */
    static SipMessage answeredWithRetransmissions(TestServer target) {
        try (SipTestClient c = SipTestClient.udp(target.server().sipPort())) {
            String request = c.register("100", UUID.randomUUID().toString(), 1, c.contact("100"), 60, null);
            for (int attempt = 0; attempt < 10; attempt++) {
                c.send(request);
                SipMessage r = c.receiveFinal(500);
                if (r != null) {
                    return r;
                }
            }
            return null;
        }
    }

    @Test
    void underAFloodOfGarbageFromManySourcesPhonesStillGetThrough() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean flooding = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        // blocking is off on this server: only the bounded queue stands between the flood and the phones
        Thread flood = flood(server, java.net.InetAddress.getByName("127.0.0.2"), flooding, sent);
        try {
            Thread.sleep(300);
            for (int i = 0; i < 5; i++) {
                SipMessage r = answeredWithRetransmissions(server);
                assertThat(r).as("REGISTER %d answered during the flood (%d garbage datagrams so far)", i, sent.get()).isNotNull();
                assertThat(r.status()).isEqualTo(401);
            }
        } finally {
            flooding.set(false);
            flood.join(5_000);
        }
        assertThat(sent.get()).as("garbage datagrams sent meanwhile").isGreaterThan(1_000);
        // the socket buffer may still hold garbage a moment after the flood: a phone retransmits
        assertThat(answeredWithRetransmissions(server)).isNotNull();
    }

    @Test
    void aSourceThatSendsGarbageIsBlockedAndLogged() throws Exception {
        try (TestServer guarded = TestServer.withSip(Map.of(Setting.SIP_BLOCK_AFTER_FAILURES, "5"))) {
            java.util.concurrent.atomic.AtomicBoolean flooding = new java.util.concurrent.atomic.AtomicBoolean(true);
            java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
            Thread flood = flood(guarded, java.net.InetAddress.getByName("127.0.0.2"), flooding, sent);
            try {
                Thread.sleep(500);
                for (int i = 0; i < 5; i++) {
                    // retransmitted as a phone does: a datagram may still be lost in the kernel's
                    // socket buffer while the flood fills it, which no queue behind it can prevent
                    SipMessage r = answeredWithRetransmissions(guarded);
                    assertThat(r).as("a phone on another address is answered (REGISTER %d, %d garbage datagrams so far)", i, sent.get())
                            .isNotNull();
                    assertThat(r.status()).isEqualTo(401);
                }
            } finally {
                flooding.set(false);
                flood.join(5_000);
            }
            assertThat(sent.get()).as("garbage datagrams sent meanwhile").isGreaterThan(1_000);
            String log = Files.readString(guarded.server().securityLog().file());
            assertThat(log).contains("event=malformed service=sip src=127.0.0.2").contains("event=blocked service=sip src=127.0.0.2");
            assertThat(log).doesNotContain("src=127.0.0.1");
        }
    }
}
