package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gov.nist.javax.sip.message.SIPRequest;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The checks jain-sip's parser lacks, on hand-written messages. */
class StrictMessageParserTest {
    static final String OK = "OPTIONS sip:100@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\n"
            + "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:100@127.0.0.1>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n"
            + "Content-Length: 0\r\n\r\n";

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aWellFormedMessageParses() throws ParseException {
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
        assertThatThrownBy(() -> new StrictMessageParser().parseSIPMessage(bytes(bad), true, false, null)).isInstanceOf(ParseException.class);
    }

    @Test
    void keepsTheRealSipVersionForA505() throws ParseException {
        SIPRequest r = (SIPRequest) new StrictMessageParser().parseSIPMessage(bytes(OK.replace(" SIP/2.0\r\nVia", " SIP/7.0\r\nVia")), true,
                false, null);
        assertThat(r.getRequestLine().getSipVersion()).isEqualTo("SIP/7.0");
    }

    @Test
    void aQuotedDisplayNameAndUtf8AreFine() throws ParseException {
        String quoted = OK.replace("From: <sip:a@127.0.0.1>", "From: \"Bell, Alexander\" <sip:a@127.0.0.1>");
        assertThat(new StrictMessageParser().parseSIPMessage(bytes(quoted), true, false, null)).isNotNull();
        String plain = OK.replace("From: <sip:a@127.0.0.1>", "From: Anna Muster <sip:a@127.0.0.1>");
        assertThat(new StrictMessageParser().parseSIPMessage(bytes(plain), true, false, null)).isNotNull();
    }
}
