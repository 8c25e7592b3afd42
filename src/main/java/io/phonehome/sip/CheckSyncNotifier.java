package io.phonehome.sip;

import io.phonehome.actions.DeviceNotifier;
import io.phonehome.actions.NotifyKind;
import io.phonehome.actions.NotifyResult;
import io.phonehome.auth.DigestAlgorithm;
import io.phonehome.auth.DigestMath;
import io.phonehome.events.Event;
import io.phonehome.events.EventLog;
import io.phonehome.events.EventTypes;
import io.phonehome.inventory.Device;
import io.phonehome.inventory.DeviceRepository;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.sip.location.ContactBinding;
import io.phonehome.sip.location.Flow;
import io.phonehome.sip.location.LocationService;
import io.phonehome.phones.NotifyEvents;
import io.phonehome.phones.VendorRegistry;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Remote actions over SIP: a NOTIFY with the vendor's check-sync event, sent to the device's
 * newest registered contact down the flow that registration keeps open (through NAT), answered
 * with the line's credentials when the phone challenges it (Grandstream's P4428), and recorded as
 * a {@code sip_notify} event with its outcome.
 */
final class CheckSyncNotifier implements DeviceNotifier {
    /** What a pending NOTIFY transaction reports back to the waiting caller. */
    private record Attempt(CompletableFuture<Object> done) {
    }

    private static final Object TIMED_OUT = new Object();
    private static final Object TRANSPORT_FAILED = new Object();

    private final SipProvider provider;
    private final FlowRouter router;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final DeviceRepository devices;
    private final LineDirectory lines;
    private final LocationService location;
    private final EventLog events;
    private final LocalAddress local;
    private final long timeoutMillis;
    private final VendorRegistry phones;
    private final NodeRelay relay;
    private final SecureRandom random = new SecureRandom();

    CheckSyncNotifier(SipProvider provider, FlowRouter router, MessageFactory messages, HeaderFactory headers, AddressFactory addresses,
                      DeviceRepository devices, LineDirectory lines, LocationService location, EventLog events, LocalAddress local,
                      long timeoutMillis, VendorRegistry phones, NodeRelay relay) {
        this.phones = phones;
        this.relay = relay;
        this.provider = provider;
        this.router = router;
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.devices = devices;
        this.lines = lines;
        this.location = location;
        this.events = events;
        this.local = local;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public NotifyResult notify(Mac mac, NotifyKind kind) {
        return notify(mac, kind, true);
    }

    /** A NOTIFY another node relayed here: down this node's own flows only, never relayed on. */
    NotifyResult notifyHere(NodeRelay.Order order) {
        return notify(order.mac(), order.kind(), false);
    }

    private NotifyResult notify(Mac mac, NotifyKind kind, boolean mayRelay) {
        Optional<Device> device = devices.findByMac(mac);
        if (device.isEmpty()) {
            return new NotifyResult(NotifyResult.Outcome.ERROR, 0, "no device " + mac.colons() + " in the inventory");
        }
        Device d = device.get();
        // The Event header each vendor expects is its plug-in's to say (vendor-formats.md section 0).
        NotifyEvents vendorEvents = phones.notifyEvents(d.vendor());
        String eventValue = kind == NotifyKind.REBOOT ? vendorEvents.reboot() : vendorEvents.resync();
        String action = kind.name().toLowerCase(Locale.ROOT);
        List<ContactBinding> bindings = location.lookupDevice(d.id());
        if (bindings.isEmpty() && mayRelay) {
            Optional<NodeRelay.Target> elsewhere = relay.elsewhere(d.id());
            if (elsewhere.isPresent()) {
                return record(d, elsewhere.get().binding().binding(), relayed(d.mac(), kind, action, eventValue, elsewhere.get()));
            }
        }
        if (bindings.isEmpty()) {
            return record(d, null, new NotifyResult(NotifyResult.Outcome.NOT_REGISTERED, 0,
                    action + ": no line of the device is registered"));
        }
        ContactBinding b = bindings.get(0);
        Flow hop = firstHop(b);
        String target = action + " (Event: " + eventValue + ") to " + b.contact() + " via " + hop;
        try {
            Request notify = build(b, eventValue, 1);
            Object answer = send(hop, notify);
            if (answer instanceof Response r && (r.getStatusCode() == 401 || r.getStatusCode() == 407)) {
                Optional<Line> line = lines.byAor(b.extension());
                if (line.isPresent()) {
                    Request again = build(b, eventValue, 2);
                    again.setHeader(notify.getHeader("Call-ID"));
                    ((FromHeader) again.getHeader(FromHeader.NAME)).setTag(((FromHeader) notify.getHeader(FromHeader.NAME)).getTag());
                    if (authorize(again, r, line.get())) {
                        answer = send(hop, again);
                    }
                }
            }
            return record(d, b, result(answer, target));
        } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
            return record(d, b, new NotifyResult(NotifyResult.Outcome.ERROR, 0, target + ": " + e.getMessage()));
        }
    }

    /**
     * Asks the node that holds the device's flow to send the NOTIFY ({@link NodeRelay}); waits for
     * the phone's answer there, which can include the phone's challenge and the second NOTIFY.
     */
    private NotifyResult relayed(Mac mac, NotifyKind kind, String action, String eventValue, NodeRelay.Target target) {
        String node = target.binding().node();
        String what = action + " (Event: " + eventValue + ") relayed to node " + node + " at " + target.relay().hostPort();
        try {
            Flow hop = target.relay();
            Request r = NodeRelay.unsignedNotify(hop, provider, messages, headers, addresses, local, HexFormat.of().formatHex(randomBytes(6)));
            relay.sign(r, mac, kind);
            // the other node waits for the phone up to twice (a challenged NOTIFY is sent again)
            Object answer = send(hop, r, 2 * timeoutMillis + 2_000);
            if (answer instanceof Response response) {
                return NodeRelay.outcomeOf(response, node);
            }
            return result(answer, what);
        } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
            return new NotifyResult(NotifyResult.Outcome.ERROR, 0, what + ": " + e.getMessage());
        }
    }

    private static NotifyResult result(Object answer, String target) {
        if (answer == TIMED_OUT) {
            return new NotifyResult(NotifyResult.Outcome.TIMED_OUT, 0, target + ": no answer");
        }
        if (answer == TRANSPORT_FAILED) {
            return new NotifyResult(NotifyResult.Outcome.ERROR, 0, target + ": the flow could not carry it");
        }
        Response r = (Response) answer;
        String text = target + " -> " + r.getStatusCode() + " " + r.getReasonPhrase();
        return r.getStatusCode() < 300
                ? new NotifyResult(NotifyResult.Outcome.ACCEPTED, r.getStatusCode(), text)
                : new NotifyResult(NotifyResult.Outcome.REJECTED, r.getStatusCode(), text);
    }

    private NotifyResult record(Device d, ContactBinding b, NotifyResult result) {
        events.record(Event.of(EventTypes.SIP_NOTIFY, result.outcome().name().toLowerCase(Locale.ROOT), d.mac().hex(), d.siteId(),
                b == null ? null : b.flow().hostPort(), result.detail()));
        return result;
    }

    private Flow firstHop(ContactBinding b) {
        if (!b.path().isEmpty()) {
            try {
                Flow f = Targets.hopOf(addresses.createAddress(b.path().get(0)).getURI());
                if (f != null) {
                    return f;
                }
            } catch (ParseException e) {
                // fall back to the flow
            }
        }
        return b.flow();
    }

    /** Sends and waits for the final response, or the timeout. */
    private Object send(Flow hop, Request request) throws SipException {
        return send(hop, request, timeoutMillis);
    }

    private Object send(Flow hop, Request request, long waitMillis) throws SipException {
        CompletableFuture<Object> done = new CompletableFuture<>();
        ClientTransaction tx = router.via(hop, () -> {
            try {
                return provider.getNewClientTransaction(request);
            } catch (TransactionUnavailableException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        tx.setApplicationData(new Attempt(done));
        tx.sendRequest();
        try {
            return done.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            try {
                tx.terminate();
            } catch (javax.sip.ObjectInUseException ignored) {
                // the stack ends it by itself
            }
            return TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TIMED_OUT;
        } catch (ExecutionException e) {
            return TRANSPORT_FAILED;
        }
    }

    private Request build(ContactBinding b, String eventValue, long cseq) throws ParseException, InvalidArgumentException,
            SipException {
        SipURI target = (SipURI) addresses.createURI(b.contact());
        Targets.stripUriHeaders(target);
        Flow hop = firstHop(b);
        String transport = hop.transport();
        SipURI me = addresses.createSipURI("phonehome", local.host());
        FromHeader from = headers.createFromHeader(addresses.createAddress(me), HexFormat.of().formatHex(randomBytes(6)));
        // the binding's address of record: extension at our host, or at its customer's domain (issue 17)
        String domain = LineDirectory.spaceOfAor(b.extension());
        ToHeader to = headers.createToHeader(addresses.createAddress(addresses.createSipURI(LineDirectory.extensionOf(b.extension()),
                domain.isEmpty() ? local.host() : domain)), null);
        ViaHeader via = headers.createViaHeader(local.host(), local.portFor(transport), transport.toUpperCase(Locale.ROOT), null);
        via.setRPort();
        Request r = messages.createRequest(target, Request.NOTIFY, provider.getNewCallId(), headers.createCSeqHeader(cseq, Request.NOTIFY),
                from, to, List.of(via), headers.createMaxForwardsHeader(70));
        String[] parts = eventValue.split(";");
        EventHeader event = headers.createEventHeader(parts[0].trim());
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            event.setParameter(kv[0].trim(), kv.length > 1 ? kv[1].trim() : null);
        }
        r.addHeader(event);
        r.addHeader(headers.createSubscriptionStateHeader("terminated"));
        SipURI contactUri = addresses.createSipURI("phonehome", local.host());
        contactUri.setPort(local.portFor(transport));
        contactUri.setTransportParam(transport);
        ContactHeader contact = headers.createContactHeader(addresses.createAddress(contactUri));
        r.addHeader(contact);
        for (int i = b.path().size() - 1; i >= 0; i--) {
            r.addFirst(headers.createRouteHeader(addresses.createAddress(b.path().get(i))));
        }
        return r;
    }

    /** Answers a phone's digest challenge to our NOTIFY with the line's own credentials. */
    private boolean authorize(Request request, Response challenge, Line line) throws ParseException {
        boolean proxy = challenge.getStatusCode() == 407;
        ListIterator<?> it = challenge.getHeaders(proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME);
        while (it.hasNext()) {
            WWWAuthenticateHeader c = (WWWAuthenticateHeader) it.next();
            Optional<DigestAlgorithm> alg = DigestAlgorithm.parse(c.getAlgorithm());
            if (!"digest".equalsIgnoreCase(c.getScheme()) || alg.isEmpty() || c.getNonce() == null) {
                continue;
            }
            String realm = c.getRealm() == null ? "" : c.getRealm();
            String uri = request.getRequestURI().toString();
            boolean qop = c.getQop() != null && List.of(c.getQop().toLowerCase(Locale.ROOT).split("\\s*,\\s*")).contains("auth");
            String cnonce = HexFormat.of().formatHex(randomBytes(8));
            String ha1 = DigestMath.ha1(alg.get(), line.authUser(), realm, line.password());
            String response = DigestMath.response(alg.get(), ha1, c.getNonce(), qop ? "00000001" : null, qop ? cnonce : null, qop ? "auth" : null,
                    Request.NOTIFY, uri);
            AuthorizationHeader a = proxy ? headers.createProxyAuthorizationHeader("Digest") : headers.createAuthorizationHeader("Digest");
            a.setUsername(line.authUser());
            a.setRealm(realm);
            a.setNonce(c.getNonce());
            a.setURI(request.getRequestURI());
            a.setResponse(response);
            a.setAlgorithm(alg.get().token());
            if (c.getOpaque() != null) {
                a.setOpaque(c.getOpaque());
            }
            if (qop) {
                a.setQop("auth");
                a.setCNonce(cnonce);
                a.setNonceCount(1);
            }
            request.addHeader(a);
            return true;
        }
        return false;
    }

    boolean owns(ClientTransaction tx) {
        return tx != null && tx.getApplicationData() instanceof Attempt;
    }

    void response(ResponseEvent event) {
        Attempt a = (Attempt) event.getClientTransaction().getApplicationData();
        if (event.getResponse().getStatusCode() >= 200) {
            a.done().complete(event.getResponse());
        }
    }

    void timeout(ClientTransaction tx) {
        ((Attempt) tx.getApplicationData()).done().complete(TIMED_OUT);
    }

    void terminated(ClientTransaction tx) {
        // a transaction that ends without a final response failed in transport (e.g. a closed connection)
        ((Attempt) tx.getApplicationData()).done().complete(TRANSPORT_FAILED);
    }


    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
