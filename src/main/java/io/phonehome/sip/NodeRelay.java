package io.phonehome.sip;

import io.phonehome.actions.NotifyKind;
import io.phonehome.actions.NotifyResult;
import io.phonehome.cluster.ClusterPeers;
import io.phonehome.inventory.Mac;
import io.phonehome.sip.location.Flow;
import io.phonehome.sip.location.LocationService;
import io.phonehome.sip.location.RemoteBinding;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import javax.crypto.spec.SecretKeySpec;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ExtensionHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests for phones whose flows another node holds (issue 16), relayed over SIP itself.
 *
 * <p><b>Sending.</b> A node that must NOTIFY a device it holds no binding of looks for one another
 * live node holds ({@link LocationService#elsewhereForDevice}) and sends that node a NOTIFY to
 * {@code sip:relay@<its node_sip_address>} carrying {@value #HEADER}: what to send (the device's
 * MAC, re-sync or reboot), the sending node, the time, and an HMAC-SHA256 over them and the
 * Call-ID with the secret every node reads from the database. The answer is the phone's own.
 *
 * <p><b>Receiving.</b> A relay is accepted only with a valid signature made within
 * {@link #MAX_AGE_MILLIS} and a Call-ID not seen before in that time (no replays); anything else
 * is 403 and counts as a failed authentication of its source, so a phone, which never sees the
 * database, cannot make a node send NOTIFYs. The node then sends the NOTIFY down its own flow
 * exactly as for an action of its own (the line's credentials for the phone's challenge, its
 * {@code sip_notify} event) and answers the relay with the phone's final status, or 408 (no answer),
 * 480 (not registered here any more), 500, with the outcome and its detail in
 * {@value #OUTCOME} and {@value #DETAIL}: the node that started the action records the real outcome.
 *
 * <p><b>Calls.</b> A call to a line some of whose phones registered on other live nodes gets one
 * branch per such node ({@link #nodesHolding}): the INVITE goes to that node's relay signed the
 * same way ({@code invite;caller=;callee=}: the caller this node authenticated, the line to ring),
 * and that node forks it to the phones it holds. Both nodes record-route with their own name in
 * the route's mark ({@link LocalAddress#isOurs}), so ACK, BYE and re-INVITEs pass through both.
 */
final class NodeRelay {
    private static final Logger log = LoggerFactory.getLogger(NodeRelay.class);
    static final String HEADER = "X-Phonehome-Relay";
    static final String OUTCOME = "X-Phonehome-Relay-Outcome";
    static final String DETAIL = "X-Phonehome-Relay-Detail";
    /** How old a relay's signature may be: the sender's and receiver's clocks plus UDP retransmissions. */
    static final long MAX_AGE_MILLIS = 60_000;

    /** One verified relay: what the sending node asks this node to do. */
    record Order(String node, Mac mac, NotifyKind kind) {
    }

    /** One verified relayed INVITE: the sending node authenticated {@code caller}; ring {@code callee}'s phones here. */
    record InviteOrder(String node, String caller, String callee) {
    }

    /**
     * One verified lamp state another node sends every live node ({@link NodeLamps}): {@code op} is
     * {@value #MWI} or {@value #DIALOG}, {@code payload} its encoded state, {@code at} the sender's clock.
     */
    record StateOrder(String node, String op, String extension, String payload, long at) {
    }

    static final String MWI = "mwi";
    static final String DIALOG = "dialog";

    /** A live node holding phones of a line, and where its relay listens. */
    record NodeHop(String node, Flow relay) {
    }

    private final LocationService location;
    private final HeaderFactory headers;
    private final Replies replies;
    private final SipGuard guard;
    private final ExecutorService work;
    private final Map<String, Long> seenCallIds = new ConcurrentHashMap<>();
    private volatile ClusterPeers peers;

    NodeRelay(LocationService location, HeaderFactory headers, Replies replies, SipGuard guard, ExecutorService work, String self) {
        this.location = location;
        this.headers = headers;
        this.replies = replies;
        this.guard = guard;
        this.work = work;
        this.peers = ClusterPeers.alone(self);
    }

    void join(ClusterPeers peers) {
        this.peers = peers;
        // the admin API and the console show the live other nodes' bindings beside this node's own
        location.liveNodes(node -> !node.equals(peers.self()) && peers.isLive(node));
    }

    String self() {
        return peers.self();
    }

    /** The newest binding of the device that a live other node holds, with that node's relay hop. */
    Optional<Target> elsewhere(long deviceId) {
        ClusterPeers p = peers;
        if (!p.othersAlive()) {
            return Optional.empty(); // one node alone (the usual case): no database read per request
        }
        for (RemoteBinding r : location.elsewhereForDevice(deviceId, p::isLive)) {
            Optional<String> address = p.liveSipAddress(r.node());
            if (address.isPresent() && !address.get().isBlank()) {
                try {
                    return Optional.of(new Target(r, Flow.parse("udp:" + address.get())));
                } catch (IllegalArgumentException e) {
                    log.warn("node {} has an unusable node_sip_address '{}': {}", r.node(), address.get(), e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    /** The other live nodes holding phones of the line (one hop per node), in the order of their newest binding. */
    List<NodeHop> nodesHolding(String extension) {
        ClusterPeers p = peers;
        if (!p.othersAlive()) {
            return List.of(); // one node alone (the usual case): no database read per call
        }
        Map<String, NodeHop> hops = new LinkedHashMap<>();
        for (RemoteBinding r : location.elsewhereForExtension(extension, p::isLive)) {
            if (hops.containsKey(r.node())) {
                continue;
            }
            Optional<String> address = p.liveSipAddress(r.node());
            if (address.isPresent() && !address.get().isBlank()) {
                try {
                    hops.put(r.node(), new NodeHop(r.node(), Flow.parse("udp:" + address.get())));
                } catch (IllegalArgumentException e) {
                    log.warn("node {} has an unusable node_sip_address '{}': {}", r.node(), address.get(), e.getMessage());
                }
            }
        }
        return List.copyOf(hops.values());
    }

    /** A binding another node holds, and where that node's relay listens. */
    record Target(RemoteBinding binding, Flow relay) {
    }

    /** Signs a relay NOTIFY for {@code mac} onto {@code request} (whose Call-ID is set). */
    void sign(Request request, Mac mac, NotifyKind kind) throws ParseException {
        addSigned(request, "notify", "mac", mac.hex(), "kind", kind.name().toLowerCase(Locale.ROOT));
    }

    /** Signs a relayed INVITE: the caller this node authenticated, the line whose phones the other node rings. */
    void signInvite(Request request, String caller, String callee) throws ParseException {
        addSigned(request, "invite", "caller", caller, "callee", callee);
    }

    private void addSigned(Request request, String op, String k1, String v1, String k2, String v2) throws ParseException {
        String node = peers.self();
        long at = System.currentTimeMillis();
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        String value = op + ";node=" + node + ";" + k1 + "=" + v1 + ";" + k2 + "=" + v2 + ";at=" + at + ";sig="
                + mac(peers.relaySecret(), op, node, v1, v2, at, callId);
        request.addHeader(headers.createHeader(HEADER, value));
    }

    /** Signs a lamp state ({@value #MWI} or {@value #DIALOG}) of {@code extension} onto {@code request}. */
    void signState(Request request, String op, String extension, String payload) throws ParseException {
        addSigned(request, op, "ext", extension, "state", payload);
    }

    /** The other live nodes with a usable relay address (where lamp states go). */
    List<NodeHop> liveOthers() {
        ClusterPeers p = peers;
        if (!p.othersAlive()) {
            return List.of();
        }
        List<NodeHop> out = new java.util.ArrayList<>();
        for (String node : p.liveOthers()) {
            Optional<String> address = p.liveSipAddress(node);
            if (address.isPresent() && !address.get().isBlank()) {
                try {
                    out.add(new NodeHop(node, Flow.parse("udp:" + address.get())));
                } catch (IllegalArgumentException e) {
                    log.warn("node {} has an unusable node_sip_address '{}': {}", node, address.get(), e.getMessage());
                }
            }
        }
        return out;
    }

    /** Whether {@code node} is this one or a live other one (a dead node's lamp states are not shown). */
    boolean isLive(String node) {
        return peers.isLive(node);
    }

    /** Whether the relay carries a lamp state (then {@link #handleState} answers it). */
    static boolean carriesState(Request request) {
        String v = value(request.getHeader(HEADER));
        if (v == null) {
            return false;
        }
        String op = v.split(";", 2)[0].trim();
        return op.equals(MWI) || op.equals(DIALOG);
    }

    /**
     * Answers a lamp state relay: verified (else 403, like any forged relay), handed to
     * {@code apply} and answered 200 on its own transaction, so a retransmission is absorbed there.
     */
    void handleState(RequestEvent event, Flow source, java.util.function.Consumer<StateOrder> apply) {
        Request request = event.getRequest();
        String op = value(request.getHeader(HEADER)).split(";", 2)[0].trim();
        Optional<StateOrder> order = verified(request, op, "ext", "state")
                .map(p -> new StateOrder(p.get("node"), op, p.get("ext"), p.get("state"), Long.parseLong(p.get("at"))));
        ServerTransaction tx = acceptedTransaction(event, source, order.isPresent());
        if (tx == null) {
            return;
        }
        try {
            apply.accept(order.get());
            replies.send(tx, replies.create(request, 200, "OK"));
        } catch (RuntimeException e) {
            log.warn("a lamp state from node {} could not be applied: {}", order.get().node(), e.toString());
            replies.send(tx, replies.create(request, 400, "Bad Request: unusable lamp state"));
        }
    }

    /**
     * The relay's own server transaction, or null when it is answered otherwise: refused with a
     * 403 and counted as a failed authentication when its signature did not verify, or absorbed
     * when it is a retransmission that raced its first copy (whose transaction answers it).
     */
    private ServerTransaction acceptedTransaction(RequestEvent event, Flow source, boolean verified) {
        Request request = event.getRequest();
        if (!verified) {
            guard.authFailure(source.address(), request.getMethod(), "", "bad_node_relay");
            replies.send(request, replies.create(request, 403, "Forbidden"));
            return null;
        }
        try {
            return event.getServerTransaction() != null ? event.getServerTransaction() : ((SipProvider) event.getSource()).getNewServerTransaction(request);
        } catch (SipException e) {
            return null;
        }
    }

    /**
     * The NOTIFY that carries a relay to the node holding a flow, before it is signed: to that
     * node's relay address, from this node, out of dialog ({@code Event: phonehome-relay},
     * terminated), with a Contact where the answer comes back.
     */
    static Request unsignedNotify(Flow hop, SipProvider provider, javax.sip.message.MessageFactory messages, HeaderFactory headers,
                                  javax.sip.address.AddressFactory addresses, LocalAddress local, String fromTag)
            throws ParseException, javax.sip.InvalidArgumentException {
        javax.sip.address.SipURI relayUri = addresses.createSipURI("relay", hop.address());
        relayUri.setPort(hop.port());
        javax.sip.address.SipURI me = addresses.createSipURI("phonehome", local.host());
        javax.sip.header.FromHeader from = headers.createFromHeader(addresses.createAddress(me), fromTag);
        javax.sip.header.ToHeader to = headers.createToHeader(addresses.createAddress(relayUri), null);
        javax.sip.header.ViaHeader via = headers.createViaHeader(local.host(), local.portFor("udp"), "UDP", null);
        via.setRPort();
        Request r = messages.createRequest(relayUri, Request.NOTIFY, provider.getNewCallId(), headers.createCSeqHeader(1L, Request.NOTIFY),
                from, to, List.of(via), headers.createMaxForwardsHeader(70));
        r.addHeader(headers.createEventHeader("phonehome-relay"));
        r.addHeader(headers.createSubscriptionStateHeader("terminated"));
        javax.sip.address.SipURI contactUri = addresses.createSipURI("phonehome", local.host());
        contactUri.setPort(local.portFor("udp"));
        r.addHeader(headers.createContactHeader(addresses.createAddress(contactUri)));
        return r;
    }

    /** Whether the request claims to be a relay (then only {@link #handle} may answer it). */
    static boolean claims(Request request) {
        return request.getHeader(HEADER) != null;
    }

    /**
     * Answers a relay: verified, then done on {@code work} (a NOTIFY down a flow waits for the
     * phone) and answered on the request's own transaction.
     */
    void handle(RequestEvent event, Flow source, java.util.function.Function<Order, NotifyResult> notifyHere) {
        Request request = event.getRequest();
        Optional<Order> order = verify(request);
        ServerTransaction tx = acceptedTransaction(event, source, order.isPresent());
        if (tx == null) {
            return;
        }
        try {
            work.execute(() -> {
                NotifyResult result;
                try {
                    result = notifyHere.apply(order.get());
                } catch (RuntimeException e) {
                    result = new NotifyResult(NotifyResult.Outcome.ERROR, 0, "relayed NOTIFY failed: " + e.getMessage());
                }
                answer(tx, request, result);
            });
        } catch (RejectedExecutionException e) {
            replies.send(tx, replies.create(request, 503, "Service Unavailable"));
        }
    }

    private void answer(ServerTransaction tx, Request request, NotifyResult result) {
        int status = switch (result.outcome()) {
            case ACCEPTED, REJECTED -> result.status() >= 200 && result.status() < 700 ? result.status() : 500;
            case TIMED_OUT -> 408;
            case NOT_REGISTERED -> 480;
            default -> 500;
        };
        Response r = replies.create(request, status, status < 300 ? "OK" : "Relayed NOTIFY not delivered");
        try {
            r.addHeader(headers.createHeader(OUTCOME, result.outcome().name()));
            r.addHeader(headers.createHeader(DETAIL, oneLine(result.detail())));
        } catch (ParseException e) {
            // the status alone still says it
        }
        replies.send(tx, r);
    }

    /** Reads a relay's answer back into the outcome the relaying node records. */
    static NotifyResult outcomeOf(Response response, String node) {
        NotifyResult.Outcome outcome;
        try {
            outcome = NotifyResult.Outcome.valueOf(value(response.getHeader(OUTCOME)));
        } catch (IllegalArgumentException | NullPointerException e) {
            outcome = response.getStatusCode() < 300 ? NotifyResult.Outcome.ACCEPTED : NotifyResult.Outcome.ERROR;
        }
        String detail = response.getHeader(DETAIL) == null ? response.getStatusCode() + " " + response.getReasonPhrase() : value(response.getHeader(DETAIL));
        int status = outcome == NotifyResult.Outcome.ACCEPTED || outcome == NotifyResult.Outcome.REJECTED ? response.getStatusCode() : 0;
        return new NotifyResult(outcome, status, "via node " + node + ": " + detail);
    }

    private Optional<Order> verify(Request request) {
        return verified(request, "notify", "mac", "kind").flatMap(p -> {
            try {
                return Optional.of(new Order(p.get("node"), Mac.parse(p.get("mac")), NotifyKind.valueOf(p.get("kind").toUpperCase(Locale.ROOT))));
            } catch (RuntimeException e) { // an unknown kind, or not a MAC (InventoryException)
                return Optional.empty();
            }
        });
    }

    /** The order of a relayed INVITE whose signature holds; empty for anything else (then 403). */
    Optional<InviteOrder> verifyInvite(Request request) {
        return verified(request, "invite", "caller", "callee").map(p -> new InviteOrder(p.get("node"), p.get("caller"), p.get("callee")));
    }

    /** The header's parameters when it is a signed {@code op} made within {@link #MAX_AGE_MILLIS} and not seen before. */
    private Optional<Map<String, String>> verified(Request request, String op, String k1, String k2) {
        Map<String, String> p = params(value(request.getHeader(HEADER)));
        String node = p.get("node");
        String v1 = p.get(k1);
        String v2 = p.get(k2);
        String sig = p.get("sig");
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        long at;
        try {
            at = Long.parseLong(p.getOrDefault("at", ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!op.equals(p.get("")) || node == null || v1 == null || v2 == null || sig == null
                || Math.abs(System.currentTimeMillis() - at) > MAX_AGE_MILLIS) {
            return Optional.empty();
        }
        String expected = mac(peers.relaySecret(), op, node, v1, v2, at, callId);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), sig.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        seenCallIds.values().removeIf(t -> now - t > 2 * MAX_AGE_MILLIS);
        if (seenCallIds.putIfAbsent(op + " " + callId, now) != null) {
            return Optional.empty(); // a replay (retransmissions never get here: their transaction absorbs them)
        }
        return Optional.of(p);
    }

    /** {@code notify;node=a;mac=...}: the operation under the key "". */
    private static Map<String, String> params(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        List<String> parts = List.of(value.split(";"));
        out.put("", parts.get(0).trim());
        for (String part : parts.subList(1, parts.size())) {
            String[] kv = part.split("=", 2);
            out.put(kv[0].trim(), kv.length > 1 ? kv[1].trim() : "");
        }
        return out;
    }

    private static String value(Header h) {
        if (h == null) {
            return null;
        }
        if (h instanceof ExtensionHeader e) {
            return e.getValue();
        }
        String s = h.toString();
        int colon = s.indexOf(':');
        return s.substring(colon + 1).trim();
    }

    private static String oneLine(String s) {
        String t = s == null ? "" : s.replaceAll("[\\r\\n]+", " ");
        return t.length() > 400 ? t.substring(0, 400) : t;
    }

    private static String mac(byte[] secret, String op, String node, String v1, String v2, long at, String callId) {
        try {
            javax.crypto.Mac hmac = javax.crypto.Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String signed = op + "\n" + node + "\n" + v1 + "\n" + v2 + "\n" + at + "\n" + callId;
            return HexFormat.of().formatHex(hmac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
