package io.phonehome.sip;

import io.phonehome.sip.location.ContactBinding;
import io.phonehome.sip.location.Flow;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the NOTIFYs of the subscriptions Phonehome serves, and the unsolicited message-summary
 * NOTIFYs to phones that never subscribed. A subscription's NOTIFY travels on its dialog (RFC 6665
 * 4.2.2 and RFC 3261 12.2.1): Request-URI the subscriber's Contact, its tags swapped into From and
 * To, our own increasing CSeq, its route set, down the flow its last SUBSCRIBE came on. A NOTIFY
 * answered 481, or not answered at all (timeout, a broken connection), ends the subscription
 * without another NOTIFY: the subscriber is gone or has forgotten it (RFC 6665 4.2.2).
 */
final class EventNotifier {
    private static final Logger log = LoggerFactory.getLogger(EventNotifier.class);

    /** A NOTIFY in flight; {@code subscription} is null for an unsolicited one. */
    private static final class Pending {
        final Subscription subscription;
        volatile boolean answered;

        Pending(Subscription subscription) {
            this.subscription = subscription;
        }
    }

    /** What ends a subscription after its NOTIFY failed. */
    interface Drop {
        void drop(Subscription s, String why);
    }

    private final SipProvider provider;
    private final FlowRouter router;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final LocalAddress local;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong sent = new AtomicLong();
    private volatile Drop drop = (s, why) -> { };

    EventNotifier(SipProvider provider, FlowRouter router, MessageFactory messages, HeaderFactory headers, AddressFactory addresses,
                  LocalAddress local) {
        this.provider = provider;
        this.router = router;
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.local = local;
    }

    void onFailure(Drop drop) {
        this.drop = drop;
    }

    /**
     * Sends a NOTIFY on the subscription's dialog.
     *
     * @param state  {@code active}, or {@code terminated} for the last one
     * @param reason the terminated state's reason ({@code timeout}...), or null
     * @param body   the package's document
     */
    void notify(Subscription s, String state, String reason, long expiresSeconds, String body) {
        Request r;
        Flow hop;
        try {
            synchronized (s) {
                hop = hopOf(s);
                SipURI target = (SipURI) addresses.createURI(s.target);
                Targets.stripUriHeaders(target);
                FromHeader from = headers.createFromHeader((Address) s.local.clone(), s.localTag);
                ToHeader to = headers.createToHeader((Address) s.remote.clone(), s.remoteTag);
                r = messages.createRequest(target, Request.NOTIFY, headers.createCallIdHeader(s.callId),
                        headers.createCSeqHeader(++s.localCSeq, Request.NOTIFY), from, to, List.of(via(hop.transport())),
                        headers.createMaxForwardsHeader(70));
                for (String route : s.routeSet) {
                    r.addHeader(headers.createRouteHeader(addresses.createAddress(route)));
                }
            }
            EventHeader event = headers.createEventHeader(s.eventPackage.token());
            if (s.eventId != null) {
                event.setEventId(s.eventId);
            }
            r.addHeader(event);
            SubscriptionStateHeader ss = headers.createSubscriptionStateHeader(state);
            if (state.equals(SubscriptionStateHeader.ACTIVE)) {
                ss.setExpires((int) Math.min(Integer.MAX_VALUE, expiresSeconds));
            } else if (reason != null) {
                ss.setReasonCode(reason);
            }
            r.addHeader(ss);
            r.addHeader(contact(hop.transport()));
            r.setContent(body.getBytes(StandardCharsets.UTF_8),
                    headers.createContentTypeHeader(s.eventPackage.contentType(), s.eventPackage.contentSubType()));
        } catch (ParseException | InvalidArgumentException | RuntimeException e) {
            log.debug("cannot build a NOTIFY for {} on {}: {}", s.watcher, s.watched, e.toString());
            drop.drop(s, "unbuildable");
            return;
        }
        send(hop, r, new Pending(s));
    }

    /**
     * An unsolicited message-summary NOTIFY to one registered contact of the line (for phones that
     * take the lamp's state without subscribing): outside any dialog, From and To the line's account.
     */
    void unsolicited(ContactBinding b, String body) {
        try {
            Flow hop = b.flow();
            if (!b.path().isEmpty()) {
                Flow viaPath = Targets.hopOf(addresses.createAddress(b.path().get(0)).getURI());
                hop = viaPath != null ? viaPath : hop;
            }
            SipURI target = (SipURI) addresses.createURI(b.contact());
            Targets.stripUriHeaders(target);
            Address account = addresses.createAddress(addresses.createURI(DialogInfoDocument.uri(local.host(), b.extension())));
            FromHeader from = headers.createFromHeader(account, HexFormat.of().formatHex(randomBytes(6)));
            ToHeader to = headers.createToHeader((Address) account.clone(), null);
            Request r = messages.createRequest(target, Request.NOTIFY, provider.getNewCallId(), headers.createCSeqHeader(1L, Request.NOTIFY),
                    from, to, List.of(via(hop.transport())), headers.createMaxForwardsHeader(70));
            for (int i = b.path().size() - 1; i >= 0; i--) {
                r.addFirst(headers.createRouteHeader(addresses.createAddress(b.path().get(i))));
            }
            r.addHeader(headers.createEventHeader(EventPackage.MESSAGE_SUMMARY.token()));
            // "active", as the registrars and voicemail servers that push MWI without a subscription write it
            r.addHeader(headers.createSubscriptionStateHeader(SubscriptionStateHeader.ACTIVE));
            r.addHeader(contact(hop.transport()));
            r.setContent(body.getBytes(StandardCharsets.UTF_8), headers.createContentTypeHeader(EventPackage.MESSAGE_SUMMARY.contentType(),
                    EventPackage.MESSAGE_SUMMARY.contentSubType()));
            send(hop, r, new Pending(null));
        } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
            log.debug("cannot send an unsolicited message-summary NOTIFY to {}: {}", b.contact(), e.toString());
        }
    }

    private void send(Flow hop, Request r, Pending pending) {
        try {
            ClientTransaction tx = router.via(hop, () -> {
                try {
                    return provider.getNewClientTransaction(r);
                } catch (TransactionUnavailableException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            tx.setApplicationData(pending);
            router.via(hop, () -> {
                try {
                    tx.sendRequest();
                } catch (SipException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                return null;
            });
            sent.incrementAndGet();
        } catch (RuntimeException e) {
            log.debug("cannot send a NOTIFY towards {}: {}", hop, e.toString());
            if (pending.subscription != null) {
                drop.drop(pending.subscription, "unsendable");
            }
        }
    }

    private Flow hopOf(Subscription s) throws ParseException {
        if (!s.routeSet.isEmpty()) {
            Flow f = Targets.hopOf(addresses.createAddress(s.routeSet.get(0)).getURI());
            if (f != null) {
                return f;
            }
        }
        return s.flow;
    }

    private ViaHeader via(String transport) throws ParseException, InvalidArgumentException {
        ViaHeader via = headers.createViaHeader(local.host(), local.portFor(transport), transport.toUpperCase(Locale.ROOT), null);
        via.setRPort();
        return via;
    }

    ContactHeader contact(String transport) throws ParseException {
        SipURI uri = addresses.createSipURI("phonehome", local.host());
        uri.setPort(local.portFor(transport));
        uri.setTransportParam(transport);
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    long sent() {
        return sent.get();
    }

    boolean owns(ClientTransaction tx) {
        return tx != null && tx.getApplicationData() instanceof Pending;
    }

    void response(ResponseEvent event) {
        Pending p = (Pending) event.getClientTransaction().getApplicationData();
        int code = event.getResponse().getStatusCode();
        if (code < 200) {
            return;
        }
        p.answered = true;
        if (p.subscription != null && (code == 481 || code == 408)) {
            drop.drop(p.subscription, Integer.toString(code));
        }
    }

    void timeout(ClientTransaction tx) {
        Pending p = (Pending) tx.getApplicationData();
        p.answered = true;
        if (p.subscription != null) {
            drop.drop(p.subscription, "timeout");
        }
    }

    void terminated(ClientTransaction tx) {
        Pending p = (Pending) tx.getApplicationData();
        if (!p.answered && p.subscription != null) {
            // ended without any final response: the transport failed (a closed TCP/TLS connection)
            drop.drop(p.subscription, "transport");
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
