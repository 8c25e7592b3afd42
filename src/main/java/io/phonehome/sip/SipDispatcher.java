package io.phonehome.sip;

import io.phonehome.metrics.Metrics;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import io.phonehome.sip.location.Flow;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one listener jain-sip calls: sends each request to the handler for its job (registrar,
 * call routing, event subscriptions, our own NOTIFYs' responses) and makes sure nothing a peer sends can escape as an
 * exception into the stack's threads.
 */
final class SipDispatcher implements SipListener {
    private static final Logger log = LoggerFactory.getLogger(SipDispatcher.class);

    private final Registrar registrar;
    private final CallRouter calls;
    private final CheckSyncNotifier notifier;
    private final SubscriptionServer subscriptions;
    private final EventNotifier events;
    private final Replies replies;
    private final AtomicLong failures = new AtomicLong();
    /** The calls Phonehome places itself (commissioning): their dialogs' requests go there. */
    private volatile PlacedCalls placed;
    /** Relays from the other nodes on this database (issue 16); set once before the stack starts. */
    private NodeRelay relay;
    private NodeLamps lamps;
    private final Metrics metrics;

    SipDispatcher(Registrar registrar, CallRouter calls, CheckSyncNotifier notifier, SubscriptionServer subscriptions, EventNotifier events,
                  Replies replies, Metrics metrics) {
        this.metrics = metrics;
        this.registrar = registrar;
        this.subscriptions = subscriptions;
        this.events = events;
        this.calls = calls;
        this.notifier = notifier;
        this.replies = replies;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        long start = System.nanoTime();
        try {
            Flow flow = flowOf(request);
            String method = request.getMethod();
            boolean inDialog = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null;
            if (relay != null && NodeRelay.claims(request) && method.equals(Request.INVITE) && !inDialog) {
                // checked first: only another node with the shared secret may have this node ring its phones
                calls.relayedInvite(event, flow);
            } else if (relay != null && lamps != null && NodeRelay.claims(request) && NodeRelay.carriesState(request)) {
                // another node's lamp state (issue 16): verified like every relay, merged into this node's lamps
                relay.handleState(event, flow, lamps::received);
            } else if (relay != null && NodeRelay.claims(request)) {
                // checked first: only another node with the shared secret may have a NOTIFY sent for it
                relay.handle(event, flow, notifier::notifyHere);
            } else if (method.equals(Request.REGISTER)) {
                registrar.handle(request, flow);
            } else if (method.equals(Request.CANCEL)) {
                calls.cancel(event, flow);
            } else if (method.equals(Request.SUBSCRIBE)) {
                // initial and in-dialog alike (the request valve sends them here before the stack does):
                // Phonehome is the notifier of every subscription it is sent
                subscriptions.handle(request, flow);
            } else if (inDialog && placed != null && placed.owns(request)) {
                placed.inDialog(event);
            } else if (inDialog) {
                calls.inDialog(event, flow);
            } else if (method.equals(Request.INVITE)) {
                calls.invite(event, flow);
            } else if (method.equals(Request.ACK)) {
                // an ACK outside any dialog or transaction we know: nothing to do (RFC 3261 17.2.1)
            } else if (method.equals(Request.OPTIONS)) {
                calls.options(event, flow);
            } else if (method.equals(Request.MESSAGE) || method.equals(Request.NOTIFY) || method.equals(Request.REFER)
                    || method.equals(Request.INFO) || method.equals(Request.PUBLISH) || method.equals(Request.UPDATE)
                    || method.equals(Request.PRACK) || method.equals(Request.BYE)) {
                replies.send(request, withAllow(replies.create(request, SipOutcome.METHOD_NOT_ALLOWED)));
            } else {
                replies.send(request, withAllow(replies.create(request, SipOutcome.NOT_IMPLEMENTED)));
            }
        } catch (RuntimeException e) {
            failed(request, e);
        } finally {
            metrics.sipHandled(request.getMethod(), System.nanoTime() - start);
        }
    }

    void relay(NodeRelay relay) {
        this.relay = relay;
    }

    /** Lamp states from the other nodes (issue 16); set once before the stack starts. */
    void lamps(NodeLamps lamps) {
        this.lamps = lamps;
    }

    void placedCalls(PlacedCalls calls) {
        this.placed = calls;
    }

    /** A REGISTER, from the request valve (which has read its User-Agent already): straight to the registrar. */
    void register(Request request, String userAgent) {
        long start = System.nanoTime();
        try {
            registrar.handle(request, flowOf(request), userAgent);
        } catch (RuntimeException e) {
            failed(request, e);
        } finally {
            metrics.sipHandled(Request.REGISTER, System.nanoTime() - start);
        }
    }

    /** A SUBSCRIBE, from the request valve: straight to the subscription server. */
    void subscribe(Request request) {
        long start = System.nanoTime();
        try {
            subscriptions.handle(request, flowOf(request));
        } catch (RuntimeException e) {
            failed(request, e);
        } finally {
            metrics.sipHandled(Request.SUBSCRIBE, System.nanoTime() - start);
        }
    }

    /** A request the parser refused, from the request valve: its fixed answer, nothing else. */
    void refuse(RefusedRequest request) {
        try {
            replies.reply(request, request.outcome());
        } catch (RuntimeException e) {
            log.debug("could not answer a refused request: {}", e.toString());
        }
    }

    private javax.sip.message.Response withAllow(javax.sip.message.Response r) {
        return calls.withAllow(r);
    }

    private void failed(Request request, RuntimeException e) {
        long n = failures.incrementAndGet();
        if (n <= 10 || n % 1000 == 0) {
            log.warn("SIP request {} failed ({} so far): {}", request.getMethod(), n, e.toString(), e);
        }
        if (!Request.ACK.equals(request.getMethod())) {
            try {
                replies.reply(request, SipOutcome.SERVER_ERROR);
            } catch (RuntimeException again) {
                // nothing more to do for this request
            }
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        try {
            if (event.getClientTransaction() != null && event.getClientTransaction().getApplicationData() instanceof AwaitsResponse a) {
                a.response(event);
            } else if (event.getClientTransaction() != null && notifier.owns(event.getClientTransaction())) {
                notifier.response(event);
            } else if (events.owns(event.getClientTransaction())) {
                events.response(event);
            } else {
                calls.response(event);
            }
        } catch (RuntimeException e) {
            long n = failures.incrementAndGet();
            if (n <= 10 || n % 1000 == 0) {
                log.warn("SIP response handling failed ({} so far): {}", n, e.toString(), e);
            }
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        try {
            if (event.isServerTransaction()) {
                return;
            }
            if (event.getClientTransaction() != null && event.getClientTransaction().getApplicationData() instanceof AwaitsResponse a) {
                a.timeout();
            } else if (notifier.owns(event.getClientTransaction())) {
                notifier.timeout(event.getClientTransaction());
            } else if (events.owns(event.getClientTransaction())) {
                events.timeout(event.getClientTransaction());
            } else {
                calls.timeout(event.getClientTransaction());
            }
        } catch (RuntimeException e) {
            log.warn("SIP timeout handling failed: {}", e.toString(), e);
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        log.debug("SIP I/O error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        try {
            if (!event.isServerTransaction()) {
                if (event.getClientTransaction() != null && event.getClientTransaction().getApplicationData() instanceof AwaitsResponse a) {
                    a.timeout();
                } else if (notifier.owns(event.getClientTransaction())) {
                    notifier.terminated(event.getClientTransaction());
                } else if (events.owns(event.getClientTransaction())) {
                    events.terminated(event.getClientTransaction());
                } else {
                    calls.terminated(event.getClientTransaction());
                }
            }
        } catch (RuntimeException e) {
            log.debug("SIP transaction end handling failed: {}", e.toString());
        }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // no dialogs: Phonehome is a proxy, dialog support is off
    }

    /** Where a request really came from: the packet's source and the transport of its channel. */
    static Flow flowOf(Request request) {
        SIPRequest r = (SIPRequest) request;
        InetAddress source = r.getPeerPacketSourceAddress();
        int port = r.getPeerPacketSourcePort();
        String transport;
        Object channel = r.getMessageChannel();
        if (channel instanceof MessageChannel mc) {
            transport = mc.getTransport();
        } else {
            transport = ((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport();
        }
        String address = source == null ? "0.0.0.0" : source.getHostAddress();
        int scope = address.indexOf('%');
        if (scope >= 0) {
            address = address.substring(0, scope);
        }
        return new Flow(transport, address, port > 0 ? port : 5060);
    }
}
