package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The checks jain-sip's parser lacks, on hand-written messages: a refused message comes back as a
 * {@link RefusedRequest} with its fixed answer, or null when nothing could address an answer.
 */
class StrictMessageParserTest {
    static final String OK = "OPTIONS sip:100@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\n"
            + "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:100@127.0.0.1>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n"
            + "Content-Length: 0\r\n\r\n";

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aWellFormedMessageParses() {
        assertThat(new StrictMessageParser().parseSIPMessage(bytes(OK), true, false, null)).isInstanceOf(SIPRequest.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            second CSeq           | CSeq: 1 OPTIONS\\r\\n        | CSeq: 1 OPTIONS\\r\\nCSeq: 2 OPTIONS\\r\\n
            second Call-ID (i:)   | Call-ID: c1\\r\\n            | Call-ID: c1\\r\\ni: c2\\r\\n
            second Content-Length | Content-Length: 0\\r\\n      | Content-Length: 0\\r\\nl: 0\\r\\n
            unquoted comma        | From: <sip:a@127.0.0.1>     | From: Bell, Alexander <sip:a@127.0.0.1>
            no CSeq               | CSeq: 1 OPTIONS\\r\\n        | 
            no Via                | Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\\r\\n | 
            """)
    void refusesWhatJainSipWouldLetThrough(String what, String replace, String with) {
        String bad = OK.replace(replace.replace("\\r\\n", "\r\n"), with == null ? "" : with.replace("\\r\\n", "\r\n"));
        assertThat(bad).isNotEqualTo(OK);
        SIPMessage m = new StrictMessageParser().parseSIPMessage(bytes(bad), true, false, null);
        if (what.startsWith("no ")) {
            assertThat(m).as("nothing to address an answer to").isNull();
        } else if (m != null) {
            assertThat(m).isInstanceOf(RefusedRequest.class);
            assertThat(((RefusedRequest) m).outcome()).isEqualTo(SipOutcome.BAD_REQUEST);
        }
    }

    @Test
    void aSecondToIsRefusedWithA400ThatKeepsOnlyTheRoutingHeaders() {
        String bad = OK.replace("To: <sip:100@127.0.0.1>\r\n", "To: <sip:100@127.0.0.1>\r\nTo: <sip:200@127.0.0.1>\r\n")
                .replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nUser-Agent: Phone/1.0\r\nX-Secret: s3cr3t\r\n");
        RefusedRequest r = (RefusedRequest) new StrictMessageParser().parseSIPMessage(bytes(bad), true, false, null);
        assertThat(r.outcome()).isEqualTo(SipOutcome.BAD_REQUEST);
        assertThat(r.getTo().getAddress().getURI().toString()).isEqualTo("sip:100@127.0.0.1");
        assertThat(r.getHeader("User-Agent")).as("kept for the scanner check").isNotNull();
        assertThat(r.getHeader("X-Secret")).isNull();
        assertThat(r.getHeader("Max-Forwards")).isNull();
        assertThat(r.getRequestURI().toString()).doesNotContain("100");
    }

    @Test
    void aSipVersionOtherThan2IsRefusedWith505() {
        SIPMessage m = new StrictMessageParser().parseSIPMessage(bytes(OK.replace(" SIP/2.0\r\nVia", " SIP/7.0\r\nVia")), true, false, null);
        assertThat(m).isInstanceOf(RefusedRequest.class);
        assertThat(((RefusedRequest) m).outcome()).isEqualTo(SipOutcome.VERSION_NOT_SUPPORTED);
        assertThat(((RefusedRequest) m).getRequestLine().getSipVersion()).isEqualTo("SIP/2.0");
    }

    @Test
    void aCseqNamingAnotherMethodIsRefusedWith400AndAnAckIsNeverAnswered() {
        SIPMessage m = new StrictMessageParser().parseSIPMessage(bytes(OK.replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE")), true, false, null);
        assertThat(((RefusedRequest) m).outcome()).isEqualTo(SipOutcome.BAD_REQUEST);
        assertThat(((RefusedRequest) m).getMethod()).as("jain-sip checks the line against the CSeq").isEqualTo("INVITE");
        String ack = OK.replace("OPTIONS sip:", "ACK sip:").replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE");
        assertThat(new StrictMessageParser().parseSIPMessage(bytes(ack), true, false, null)).isNull();
    }

    @Test
    void aQuotedDisplayNameAndUtf8AreFine() {
        String quoted = OK.replace("From: <sip:a@127.0.0.1>", "From: \"Bell, Alexander\" <sip:a@127.0.0.1>");
        assertThat(new StrictMessageParser().parseSIPMessage(bytes(quoted), true, false, null)).isNotNull();
        String plain = OK.replace("From: <sip:a@127.0.0.1>", "From: Anna Muster <sip:a@127.0.0.1>");
        assertThat(new StrictMessageParser().parseSIPMessage(bytes(plain), true, false, null)).isNotNull();
    }
}
