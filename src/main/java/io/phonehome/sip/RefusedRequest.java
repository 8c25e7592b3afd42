package io.phonehome.sip;

import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.UserAgent;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.header.ViaList;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Locale;
import javax.sip.header.UserAgentHeader;
import javax.sip.message.Request;

/**
 * A request the parser refused (it does not parse, names another SIP version, or its CSeq names
 * another method), reduced to what its answer needs: the Via, From, To, Call-ID and CSeq a
 * response must carry (RFC 3261 8.2.6.2), and the User-Agent for the scanner check. Nothing else
 * of the request survives, so the answer ({@link #outcome()}, a fixed status and reason) cannot
 * reflect anything of it; jain-sip's own answer to a message that does not parse put the parser's
 * exception text into the status line and echoed the whole request as its body.
 *
 * <p>jain-sip hands it on like any request, and the {@link RequestValve} answers it before the
 * stack does anything else with it.
 */
final class RefusedRequest extends SIPRequest {
    private static final long serialVersionUID = 1L;

    private final SipOutcome outcome;

    private RefusedRequest(SipOutcome outcome) {
        this.outcome = outcome;
    }

    SipOutcome outcome() {
        return outcome;
    }

    /** A request that parsed but must be refused; null when it is an ACK (never answered). */
    static RefusedRequest of(SIPRequest parsed, SipOutcome outcome) {
        if (Request.ACK.equals(parsed.getMethod()) || Request.ACK.equals(parsed.getCSeq().getMethod())) {
            return null;
        }
        RefusedRequest r = new RefusedRequest(outcome);
        r.setHeader(parsed.getViaHeaders());
        r.setHeader(parsed.getFrom());
        r.setHeader(parsed.getTo());
        r.setHeader(parsed.getCallId());
        r.setHeader(parsed.getCSeq());
        if (parsed.getHeader(UserAgentHeader.NAME) instanceof UserAgent ua) {
            r.setHeader(ua);
        }
        return r.withRequestLine();
    }

    /**
     * A message that did not parse, refused with a 400 when it is a request (not an ACK) whose Via,
     * From, To, Call-ID and CSeq headers parse on their own; otherwise null: there is nobody to
     * address an answer to, and the message is dropped.
     */
    static RefusedRequest ofUnparseable(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int start = 0;
        while (start < text.length() && (text.charAt(start) == '\r' || text.charAt(start) == '\n')) {
            start++;
        }
        if (text.startsWith("SIP/", start) || text.startsWith("ACK ", start)) {
            return null; // a response, or an ACK: neither is ever answered
        }
        RefusedRequest r = new RefusedRequest(SipOutcome.BAD_REQUEST);
        ViaList vias = new ViaList();
        boolean from = false;
        boolean to = false;
        boolean callId = false;
        boolean cseq = false;
        boolean userAgent = false;
        for (String header : headerChunks(text, start)) {
            String name = name(header);
            boolean wanted = switch (name) {
                case "via", "v" -> true;
                case "from", "f" -> !from;
                case "to", "t" -> !to;
                case "call-id", "i" -> !callId;
                case "cseq" -> !cseq;
                case "user-agent" -> !userAgent;
                default -> false;
            };
            if (!wanted) {
                continue;
            }
            SIPHeader h;
            try {
                h = StringMsgParser.parseSIPHeader(header);
            } catch (ParseException | RuntimeException e) {
                if (name.equals("user-agent")) {
                    continue; // not needed to answer
                }
                return null;
            }
            if (h instanceof ViaList list) {
                for (Via v : list) {
                    vias.add(v);
                }
            } else if (h instanceof Via v) {
                vias.add(v);
            } else if (h instanceof From f) {
                r.setHeader(f);
                from = true;
            } else if (h instanceof To t) {
                r.setHeader(t);
                to = true;
            } else if (h instanceof CallID c) {
                r.setHeader(c);
                callId = true;
            } else if (h instanceof CSeq c) {
                r.setHeader(c);
                cseq = true;
            } else if (h instanceof UserAgent ua) {
                r.setHeader(ua);
                userAgent = true;
            }
        }
        if (vias.isEmpty() || !from || !to || !callId || !cseq || Request.ACK.equals(r.getCSeq().getMethod())) {
            return null;
        }
        r.setHeader(vias);
        return r.withRequestLine();
    }

    /**
     * jain-sip checks the request line against the CSeq before the valve sees the request: the
     * line names the CSeq's method and a fixed URI, nothing of what was sent.
     */
    private RefusedRequest withRequestLine() {
        SipUri uri = new SipUri();
        try {
            uri.setHost("refused.invalid");
        } catch (ParseException e) {
            throw new IllegalStateException("a fixed host name does not parse", e);
        }
        RequestLine line = new RequestLine();
        line.setUri(uri);
        line.setMethod(getCSeq().getMethod());
        setRequestLine(line);
        return this;
    }

    /** The header fields of the message, each with its continuation lines. */
    private static java.util.List<String> headerChunks(String text, int start) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int i = text.indexOf('\n', start);
        if (i < 0) {
            return out;
        }
        i++;
        StringBuilder current = null;
        while (i < text.length()) {
            int end = text.indexOf('\n', i);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(i, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            i = end + 1;
            if (line.isEmpty()) {
                break; // end of the header section
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append(' ').append(line.trim());
                continue;
            }
            if (current != null) {
                out.add(current.toString());
            }
            current = new StringBuilder(line);
        }
        if (current != null) {
            out.add(current.toString());
        }
        return out;
    }

    private static String name(String header) {
        int colon = header.indexOf(':');
        return (colon < 0 ? header : header.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
    }
}
