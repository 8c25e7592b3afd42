package io.phonehome.sip;

import io.phonehome.metrics.Metrics;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import java.text.ParseException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and sends the responses the SIP core originates. Statelessly sent responses get a To tag
 * computed from the request, so a retransmitted request gets an identical answer.
 */
final class Replies {
    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    private final SipProvider provider;
    private final MessageFactory messages;
    private final Metrics metrics;

    Replies(SipProvider provider, MessageFactory messages, Metrics metrics) {
        this.provider = provider;
        this.messages = messages;
        this.metrics = metrics;
    }

    /** A response for {@code outcome} with its status and reason from the one table. */
    Response create(Request request, SipOutcome outcome) {
        return create(request, outcome.status(), outcome.reason());
    }

    Response create(Request request, int status, String reason) {
        try {
            Response r = messages.createResponse(status, request);
            if (reason != null) {
                r.setReasonPhrase(reason);
            }
            ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
            if (status > 100 && to != null && to.getTag() == null) {
                to.setTag(tagFor(request));
            }
            return r;
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build a " + status + " response", e);
        }
    }

    /**
     * Sends a response Phonehome originates for {@code request}, without a transaction (its
     * retransmissions are answered the same way again), on the transport the request came on,
     * whatever its Via names: over TCP and TLS on its connection (RFC 3261 18.2.2), over UDP to
     * the datagram's source address and port.
     */
    void send(Request request, Response response) {
        metrics.sipResponse(request.getMethod(), response.getStatusCode());
        if (request instanceof SIPRequest r && r.getMessageChannel() instanceof MessageChannel ch) {
            try {
                if (ch.isReliable()) {
                    ch.sendMessage((SIPMessage) response);
                } else {
                    // back to the datagram's source (RFC 3581 rport, as if every client asked for it):
                    // the flow a NAT keeps open, and never a host name a peer put into its Via
                    ch.sendMessage((SIPMessage) response, r.getPeerPacketSourceAddress(), r.getPeerPacketSourcePort());
                }
            } catch (java.io.IOException | RuntimeException e) {
                log.debug("could not send {} back to where its request came from: {}", response.getStatusCode(), e.getMessage());
            }
            return;
        }
        send(response);
    }

    /** Sends by the response's top Via, without a transaction (forwarded responses). */
    void send(Response response) {
        try {
            provider.sendResponse(response);
        } catch (SipException | RuntimeException e) {
            log.debug("could not send {} {}: {}", response.getStatusCode(), response.getReasonPhrase(), e.getMessage());
        }
    }

    void send(ServerTransaction tx, Response response) {
        metrics.sipResponse(tx.getRequest().getMethod(), response.getStatusCode());
        try {
            tx.sendResponse(response);
        } catch (SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
            log.debug("could not send {} {} on its transaction: {}", response.getStatusCode(), response.getReasonPhrase(), e.getMessage());
        }
    }

    /** Creates and sends statelessly. */
    void reply(Request request, SipOutcome outcome) {
        send(request, create(request, outcome));
    }

    /** The same request (and its retransmissions) always gets the same To tag. */
    static String tagFor(Request request) {
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        int h = (callId == null ? 0 : callId.getCallId().hashCode()) * 31 + (from == null || from.getTag() == null ? 0 : from.getTag().hashCode());
        return "ph" + Integer.toHexString(h);
    }
}
