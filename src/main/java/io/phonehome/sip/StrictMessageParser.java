package io.phonehome.sip;

import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;

/**
 * jain-sip's message parser with the checks RFC 3261 asks for and jain-sip skips, so a malformed
 * message is refused where it enters instead of half-parsed: answered with a fixed 400 or 505
 * ({@link RefusedRequest}) when its Via, From, To, Call-ID and CSeq can still address an answer,
 * dropped otherwise:
 * <ul>
 *   <li>a message without From, To, Call-ID, CSeq or Via (RFC 4475 3.3.1, and truncated garbage,
 *       which would otherwise reach a jain-sip code path that fails on the missing CSeq and logs the
 *       whole receive buffer for every such datagram);</li>
 *   <li>a second From, To, Call-ID, CSeq, Max-Forwards or Content-Length (RFC 4475 3.3.8, 3.3.9),
 *       which jain-sip silently drops;</li>
 *   <li>a SIP version other than 2.0, and a CSeq naming another method than the request line
 *       (jain-sip answers these itself, with the request's version in the reason phrase);</li>
 *   <li>over TCP/TLS jain-sip parses without a listener and loses unparseable optional headers
 *       without a trace; here they are kept aside as on UDP, so handlers can refuse them.</li>
 * </ul>
 * Instantiated by jain-sip by class name (MESSAGE_PARSER_FACTORY).
 */
public final class StrictMessageParser extends StringMsgParser {
    /** The factory jain-sip asks for parsers; one stateless parser serves all channels. */
    public static final class Factory implements MessageParserFactory {
        private static final StrictMessageParser PARSER = new StrictMessageParser();

        public Factory() {
            // jain-sip creates it reflectively
        }

        @Override
        public MessageParser createMessageParser(SIPTransactionStack stack) {
            return PARSER;
        }
    }

    /** What the UDP channel does with a header it cannot parse, for the channels that pass no listener. */
    private static final ParseExceptionListener KEEP_ASIDE = (ex, message, headerClass, header, text) -> {
        if (headerClass != null && (headerClass.equals(From.class) || headerClass.equals(To.class) || headerClass.equals(CSeq.class)
                || headerClass.equals(Via.class) || headerClass.equals(CallID.class) || headerClass.equals(ContentLength.class)
                || headerClass.equals(RequestLine.class) || headerClass.equals(StatusLine.class))) {
            throw ex;
        }
        message.addUnparsed(header);
    };

    public StrictMessageParser() {
        // stateless
    }

    /**
     * The message, or a {@link RefusedRequest} for the valve to answer with a fixed status, or
     * null (dropped) when it does not parse and cannot be answered. Never throws: jain-sip's own
     * answer to a {@link ParseException} reflects the exception text and the whole request.
     */
    @Override
    public SIPMessage parseSIPMessage(byte[] bytes, boolean readBody, boolean strict, ParseExceptionListener listener) {
        SIPMessage m;
        try {
            m = checked(bytes, readBody, strict, listener);
        } catch (ParseException e) {
            // a datagram that is not SIP counts against its source (UDP channels are the listener)
            if (listener instanceof MessageChannel ch && ch.getSIPStack() instanceof SipStackImpl stack) {
                StackPlugins.Entry entry = StackPlugins.find(stack.getStackName());
                if (entry != null && ch.getPeerAddress() != null) {
                    entry.guard().malformed(ch.getPeerAddress());
                }
            }
            return RefusedRequest.ofUnparseable(bytes);
        }
        if (m instanceof SIPRequest r && r.getRequestLine() != null) {
            // jain-sip's request-line parser builds a ParseException for any version but SIP/2.0 and
            // forgets to throw it, reporting "SIP/2.0": read the real one from the bytes
            String version = requestLineVersion(bytes);
            if (version != null && !version.equalsIgnoreCase("SIP/2.0")) {
                return RefusedRequest.of(r, SipOutcome.VERSION_NOT_SUPPORTED);
            }
            // RFC 3261 8.1.1.5 / RFC 4475 3.1.2.17-18: a CSeq naming another method is malformed
            if (!r.getMethod().equals(r.getCSeq().getMethod())) {
                return RefusedRequest.of(r, SipOutcome.BAD_REQUEST);
            }
        }
        return m;
    }

    private SIPMessage checked(byte[] bytes, boolean readBody, boolean strict, ParseExceptionListener listener) throws ParseException {
        String problem = headerProblem(bytes);
        if (problem != null) {
            throw new ParseException(problem, 0);
        }
        SIPMessage m = super.parseSIPMessage(bytes, readBody, strict, listener != null ? listener : KEEP_ASIDE);
        if (m != null && (m.getFrom() == null || m.getTo() == null || m.getCallId() == null || m.getCSeq() == null
                || m.getTopmostVia() == null)) {
            throw new ParseException("a required header (From, To, Call-ID, CSeq, Via) is missing", 0);
        }
        return m;
    }

    /** The last token of the first line, or null. */
    static String requestLineVersion(byte[] b) {
        int i = 0;
        while (i < b.length && b[i] < 0x20) {
            i++;
        }
        int start = i;
        while (i < b.length && b[i] != '\r' && b[i] != '\n') {
            i++;
        }
        String line = new String(b, start, i - start, java.nio.charset.StandardCharsets.ISO_8859_1).trim();
        int sp = Math.max(line.lastIndexOf(' '), line.lastIndexOf('\t'));
        return sp < 0 ? null : line.substring(sp + 1);
    }

    /**
     * What is wrong with the header section that jain-sip would let through: a single-valued
     * header given twice, or a From/To display name that is neither a token sequence nor quoted
     * (RFC 4475 3.1.2.15, "Bell, Alexander"); null when nothing.
     */
    static String headerProblem(byte[] b) {
        int seen = 0;
        int i = 0;
        int n = b.length;
        // skip the start line
        while (i < n && b[i] != '\n') {
            i++;
        }
        i++;
        while (i < n) {
            int start = i;
            if (b[i] == '\r' || b[i] == '\n') {
                return null; // end of the headers
            }
            if (b[i] != ' ' && b[i] != '\t') {
                int end = start;
                while (end < n && b[end] != ':' && b[end] != ' ' && b[end] != '\t' && b[end] != '\r' && b[end] != '\n') {
                    end++;
                }
                int bit = singletonBit(b, start, end - start);
                if (bit != 0) {
                    if ((seen & bit) != 0) {
                        return "more than one " + new String(b, start, end - start, java.nio.charset.StandardCharsets.US_ASCII) + " header";
                    }
                    seen |= bit;
                    if ((bit == 1 || bit == 2) && !displayNameOk(b, end)) {
                        return "a display name with separators must be quoted";
                    }
                }
            }
            while (i < n && b[i] != '\n') {
                i++;
            }
            i++;
        }
        return null;
    }

    /** From the header name's end: an unquoted display name before '<' may hold only tokens and blanks. */
    private static boolean displayNameOk(byte[] b, int i) {
        int n = b.length;
        while (i < n && b[i] != ':' && b[i] != '\n') {
            i++;
        }
        i++;
        while (i < n && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        if (i < n && b[i] == '"') {
            return true;
        }
        int lineEnd = i;
        while (lineEnd < n && b[lineEnd] != '\r' && b[lineEnd] != '\n') {
            lineEnd++;
        }
        int lt = -1;
        for (int k = i; k < lineEnd; k++) {
            if (b[k] == '<') {
                lt = k;
                break;
            }
        }
        if (lt < 0) {
            return true; // an addr-spec without a display name
        }
        for (int k = i; k < lt; k++) {
            char c = (char) (b[k] & 0xff);
            boolean token = Character.isLetterOrDigit(c) || "-.!%*_+`'~ \t".indexOf(c) >= 0 || c >= 0x80;
            if (!token) {
                return false;
            }
        }
        return true;
    }

    private static final String[] SINGLETONS = {"from", "f", "to", "t", "call-id", "i", "cseq", "max-forwards", "content-length", "l"};
    private static final int[] BITS = {1, 1, 2, 2, 4, 4, 8, 16, 32, 32};

    private static int singletonBit(byte[] b, int off, int len) {
        for (int k = 0; k < SINGLETONS.length; k++) {
            String s = SINGLETONS[k];
            if (s.length() != len) {
                continue;
            }
            boolean eq = true;
            for (int j = 0; j < len && eq; j++) {
                eq = Character.toLowerCase((char) b[off + j]) == s.charAt(j);
            }
            if (eq) {
                return BITS[k];
            }
        }
        return 0;
    }
}
