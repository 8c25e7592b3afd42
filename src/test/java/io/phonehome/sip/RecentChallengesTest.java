package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;

class RecentChallengesTest {
    private final AtomicInteger issued = new AtomicInteger();

    private String issue() {
        return "nonce-" + issued.incrementAndGet();
    }

    static Request register(String branch, String callId, int cseq) throws ParseException {
        String m = "REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=" + branch + "\r\n"
                + "From: <sip:200@127.0.0.1>;tag=1\r\nTo: <sip:200@127.0.0.1>\r\nCall-ID: " + callId + "\r\nCSeq: " + cseq + " REGISTER\r\n"
                + "Max-Forwards: 70\r\nContact: <sip:200@127.0.0.1:5070>\r\nContent-Length: 0\r\n\r\n";
        return (Request) new StrictMessageParser().parseSIPMessage(m.getBytes(StandardCharsets.ISO_8859_1), true, false, null);
    }

    @Test
    void aRetransmissionGetsTheNonceItGotBeforeWithoutANewOneBeingIssued() throws ParseException {
        RecentChallenges recent = new RecentChallenges(1024);
        String first = recent.nonceFor(register("z9hG4bK1", "c1", 1), this::issue);
        assertThat(recent.nonceFor(register("z9hG4bK1", "c1", 1), this::issue)).isEqualTo(first);
        assertThat(issued).hasValue(1);
    }

    @Test
    void anotherBranchCallIdOrCseqIsAnotherRequestWithItsOwnNonce() throws ParseException {
        RecentChallenges recent = new RecentChallenges(1024);
        String first = recent.nonceFor(register("z9hG4bK1", "c1", 1), this::issue);
        assertThat(recent.nonceFor(register("z9hG4bK2", "c1", 1), this::issue)).isNotEqualTo(first);
        assertThat(recent.nonceFor(register("z9hG4bK1", "c2", 1), this::issue)).isNotEqualTo(first);
        assertThat(recent.nonceFor(register("z9hG4bK1", "c1", 2), this::issue)).isNotEqualTo(first);
        assertThat(issued).hasValue(4);
    }

    @Test
    void staysBoundedWhateverTheNumberOfRequestsAndRemembersTheRecentOnes() throws ParseException {
        RecentChallenges recent = new RecentChallenges(4096);
        for (int i = 0; i < 100_000; i++) {
            recent.nonceFor(register("z9hG4bK" + i, "c" + i, 1), this::issue);
        }
        // the latest requests are still known (a direct-mapped table loses some to collisions)
        int remembered = 0;
        int before = issued.get();
        for (int i = 100_000 - 100; i < 100_000; i++) {
            recent.nonceFor(register("z9hG4bK" + i, "c" + i, 1), this::issue);
        }
        remembered = 100 - (issued.get() - before);
        assertThat(remembered).isGreaterThanOrEqualTo(95);
    }
}
