package io.phonehome.sip;

import gov.nist.javax.sip.stack.SIPServerTransaction;
import io.phonehome.inventory.Line;
import io.phonehome.sip.location.ContactBinding;
import io.phonehome.sip.location.Flow;
import io.phonehome.sip.location.LocationService;
import io.phonehome.voicemail.VoicemailCalls;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AllowHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ProxyRequireHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls between provisioned phones: Phonehome as a record-routing proxy (RFC 3261 section 16).
 *
 * <ul>
 *   <li>An INVITE to an extension is challenged (407) unless it carries the caller line's digest
 *       credentials, then forked in parallel to every registered contact of the callee's line over
 *       the flow each registered on. Stateful: 100 Trying at once, provisional responses passed
 *       up, the first 2xx passed up and the other branches cancelled, otherwise the best final
 *       response (486, 603, ...) once every branch has ended; CANCEL from the caller cancels every
 *       branch and answers 487; a call that rings too long is cancelled with 480.</li>
 *   <li>The forwarded INVITE names the caller as the inventory does ({@link CallerIdentity}): From's
 *       display name and a P-Asserted-Identity, whatever the calling phone wrote.</li>
 *   <li>404 for an unknown extension, 480 for a line with no registration.</li>
 *   <li>Forwarding to the callee's mailbox ({@code voicemail.on_busy}, {@code voicemail.no_answer_seconds},
 *       or the line's own choice): a busy final answer (486, 600), ringing past the line's no-answer
 *       time, or no registration at all, and the mailbox answers the caller on the INVITE's own
 *       transaction (its 200 makes a new dialog with Phonehome; the callee's early dialogs end
 *       with it), instead of the busy or unavailable answer.</li>
 *   <li>The Record-Route carries both flows ({@link FlowToken}); in-dialog requests (ACK for 2xx,
 *       BYE, re-INVITE, PRACK, UPDATE, INFO...) come back with it as Route and are forwarded
 *       statelessly down the other flow, their responses back by Via. Media never passes here.</li>
 * </ul>
 */
final class CallRouter {
    private static final Logger log = LoggerFactory.getLogger(CallRouter.class);
    static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, SUBSCRIBE, PRACK, UPDATE, INFO";
    /** Branch prefix of Phonehome's own Via headers (after the RFC 3261 magic cookie). */
    static final String BRANCH_MARK = "z9hG4bKph";
    /** Marks client transactions of our CANCELs, whose 200s need no handling. */
    private static final Object CANCEL_MARK = new Object();

    /** One forked INVITE: its server transaction and a branch per contact. Guarded by itself. */
    private static final class ForkedCall {
        final ServerTransaction server;
        final Request request;
        /** The line whose credentials the INVITE carried: its name is what the callee is shown. */
        final Line caller;
        final List<Branch> branches = new ArrayList<>();
        /** Where the caller's INVITE came from, the line it calls, and when that line's mailbox takes the call instead. */
        final Flow source;
        final Line callee;
        final VoicemailCalls.Forwarding forwarding;
        Response best;
        boolean finalSent;
        ScheduledFuture<?> ringTimer;

        ForkedCall(ServerTransaction server, Request request, Line caller, Flow source, Line callee, VoicemailCalls.Forwarding forwarding) {
            this.server = server;
            this.request = request;
            this.caller = caller;
            this.source = source;
            this.callee = callee;
            this.forwarding = forwarding;
        }

        String callId() {
            return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        }
    }

    private static final class Branch {
        final ForkedCall call;
        final Flow flow;
        ClientTransaction tx;
        boolean provisional;
        boolean done;
        boolean cancelWanted;
        boolean cancelSent;

        Branch(ForkedCall call, Flow flow) {
            this.call = call;
            this.flow = flow;
        }
    }

    private final SipProvider provider;
    private final FlowRouter router;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final Replies replies;
    private final DigestAuthenticator auth;
    private final LineDirectory lines;
    private final LocationService location;
    private final SipGuard guard;
    private final FlowToken tokens;
    private final LocalAddress local;
    private final ScheduledExecutorService timers;
    private final long ringTimeoutMillis;
    private final CallerIdentity identity;
    private final LineActivity activity;
    private final ServiceCalls services;
    private final PickupRule pickups;
    /** Calls to phones other nodes hold, and other nodes' calls to phones here; set once before the stack starts. */
    private NodeRelay relay;
    /** Hot-desk codes and the restricted identity of a free desk; set once before the stack starts. */
    private HotDeskCalls hotDesk = HotDeskCalls.NONE;

    CallRouter(SipProvider provider, FlowRouter router, HeaderFactory headers, AddressFactory addresses, Replies replies, DigestAuthenticator auth,
               LineDirectory lines, LocationService location, SipGuard guard, FlowToken tokens, LocalAddress local,
               ScheduledExecutorService timers, long ringTimeoutMillis, LineActivity activity, ServiceCalls services, PickupRule pickups) {
        this.activity = activity;
        this.services = services;
        this.pickups = pickups;
        this.provider = provider;
        this.router = router;
        this.headers = headers;
        this.addresses = addresses;
        this.replies = replies;
        this.auth = auth;
        this.lines = lines;
        this.location = location;
        this.guard = guard;
        this.tokens = tokens;
        this.local = local;
        this.timers = timers;
        this.ringTimeoutMillis = ringTimeoutMillis;
        this.identity = new CallerIdentity(headers, addresses);
    }

    void relay(NodeRelay relay) {
        this.relay = relay;
    }

    void hotDesk(HotDeskCalls calls) {
        this.hotDesk = calls;
    }

    // ------------------------------------------------------------------ out-of-dialog INVITE

    void invite(RequestEvent event, Flow source) {
        Request request = event.getRequest();
        if (!(request.getRequestURI() instanceof SipURI target)) {
            replies.reply(request, SipOutcome.UNSUPPORTED_URI_SCHEME);
            return;
        }
        if (hopsExhausted(request)) {
            replies.reply(request, SipOutcome.TOO_MANY_HOPS);
            return;
        }
        if (badProxyRequire(request)) {
            return;
        }
        // Customers (issue 17): the caller's domain (From) picks the extension space the caller is
        // authenticated in and the callee is looked up in, so a call never reaches another
        // customer's line; a Request-URI naming another customer's domain is refused.
        URI fromUri = ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI();
        String fromHost = fromUri instanceof SipURI f ? f.getHost() : null;
        Optional<String> found = lines.spaceOf(fromHost);
        Optional<String> targetSpace = lines.spaceOf(target.getHost());
        if (found.isEmpty() || targetSpace.isEmpty()) {
            guard.domainRefused(source.address(), Request.INVITE, found.isEmpty() ? fromHost : target.getHost(), "unknown_domain");
            replies.reply(request, SipOutcome.UNKNOWN_DOMAIN);
            return;
        }
        String space = found.get();
        if (!targetSpace.get().equals(LineDirectory.INSTALLATION) && !targetSpace.get().equals(space)) {
            guard.domainRefused(source.address(), Request.INVITE, target.getHost(), "other_domain");
            replies.reply(request, SipOutcome.OTHER_DOMAIN);
            return;
        }
        DigestAuthenticator.Result a = auth.verify(request, true, space);
        if (a.answeredAsRefused(guard, source.address(), Request.INVITE, stale -> challenge(request, stale, space))) {
            return;
        }
        if (a.status() == DigestAuthenticator.Status.REPLAYED) {
            challenge(request, false, space); // an INVITE's nonce count is used once: a fresh challenge
            return;
        }
        Line caller = a.line();
        if (!(fromUri instanceof SipURI from) || !caller.extension().equals(from.getUser())) {
            guard.authFailure(source.address(), Request.INVITE, a.user(), "wrong_line");
            replies.reply(request, SipOutcome.WRONG_LINE);
            return;
        }
        Optional<String> pickup = pickups.refusal(request, caller);
        if (pickup.isPresent()) {
            replies.send(request, replies.create(request, 403, pickup.get()));
            return;
        }
        String extension = target.getUser();
        if (hotDesk.answered(event, caller, extension, source)) {
            return; // a hot-desk code, or a free desk calling what it may not
        }
        if (services.answers(event, source, caller, extension)) {
            return; // a service number: Phonehome answers the call itself
        }
        Optional<PickupRule.Decision> code = pickups.byCode(extension, caller);
        if (code.isPresent()) {
            if (code.get().refused()) {
                replies.send(request, replies.create(request, code.get().status(), code.get().reason()));
                return;
            }
            extension = code.get().callerExtension();
            try {
                request.setHeader(headers.createHeader("Replaces", code.get().replaces()));
                request.addHeader(headers.createRequireHeader("replaces"));
            } catch (ParseException e) {
                replies.reply(request, SipOutcome.SERVER_ERROR);
                return;
            }
        }
        // a pickup code names the ringing call's callee by its address of record (same customer: PickupRule)
        Optional<Line> callee = extension == null ? Optional.empty()
                : code.isPresent() ? lines.byAor(extension) : lines.byExtension(space, extension);
        if (callee.isEmpty()) {
            replies.reply(request, SipOutcome.NOT_FOUND);
            return;
        }
        // a pickup goes to the ringing phone or nowhere; any other call may end in the callee's mailbox
        VoicemailCalls.Forwarding forwarding = code.isPresent() ? VoicemailCalls.Forwarding.NONE : services.forwarding(callee.get());
        String calleeAor = lines.aor(callee.get());
        List<ContactBinding> targets = location.lookup(calleeAor);
        // the line's phones registered on other live nodes: one branch to each such node, which rings them
        List<NodeRelay.NodeHop> elsewhere = relay == null ? List.of() : relay.nodesHolding(calleeAor);
        if (targets.isEmpty() && elsewhere.isEmpty()) {
            // no phone to ring is no answer: the mailbox takes the call at once
            if (!forwarding.onNoAnswer() || !services.toMailbox(event.getServerTransaction(), request, source, caller, callee.get())) {
                replies.reply(request, SipOutcome.NOT_REGISTERED);
            }
            return;
        }
        forkAll(event, source, caller, callee.get(), forwarding, targets, elsewhere);
    }

    /**
     * An INVITE another node relayed here ({@link NodeRelay}): that node authenticated the caller
     * and decided the call (services, pickups, the mailbox are its); this node rings the callee's
     * phones whose flows it holds, and only those.
     */
    void relayedInvite(RequestEvent event, Flow source) {
        Request request = event.getRequest();
        Optional<NodeRelay.InviteOrder> order = relay == null ? Optional.empty() : relay.verifyInvite(request);
        if (order.isEmpty()) {
            guard.authFailure(source.address(), Request.INVITE, "", "bad_node_relay");
            replies.send(request, replies.create(request, 403, "Forbidden"));
            return;
        }
        if (hopsExhausted(request)) {
            replies.reply(request, SipOutcome.TOO_MANY_HOPS);
            return;
        }
        // the relaying node signed the two lines' addresses of record (issue 17: customer included)
        Optional<Line> caller = lines.byAor(order.get().caller());
        Optional<Line> callee = lines.byAor(order.get().callee());
        if (caller.isEmpty() || callee.isEmpty()) {
            replies.reply(request, SipOutcome.NOT_FOUND);
            return;
        }
        List<ContactBinding> targets = location.lookup(lines.aor(callee.get()));
        if (targets.isEmpty()) {
            replies.reply(request, SipOutcome.NOT_REGISTERED);
            return;
        }
        forkAll(event, source, caller.get(), callee.get(), VoicemailCalls.Forwarding.NONE, targets, List.of());
    }

    private void forkAll(RequestEvent event, Flow source, Line caller, Line callee, VoicemailCalls.Forwarding forwarding,
                         List<ContactBinding> targets, List<NodeRelay.NodeHop> elsewhere) {
        Request request = event.getRequest();
        ServerTransaction server;
        try {
            server = event.getServerTransaction() != null ? event.getServerTransaction() : provider.getNewServerTransaction(request);
        } catch (TransactionAlreadyExistsException e) {
            return; // a retransmission that raced the first copy: the transaction answers it
        } catch (TransactionUnavailableException e) {
            replies.reply(request, SipOutcome.SERVER_ERROR);
            return;
        }
        ForkedCall call = new ForkedCall(server, request, caller, source, callee, forwarding);
        server.setApplicationData(call);
        replies.send(server, replies.create(request, 100, "Trying"));
        activity.started(call.callId(), caller, lines.aor(caller), ((FromHeader) request.getHeader(FromHeader.NAME)).getTag(), callee,
                lines.aor(callee));
        synchronized (call) {
            for (ContactBinding b : targets) {
                fork(call, source, b);
            }
            for (NodeRelay.NodeHop node : elsewhere) {
                forkToNode(call, source, node);
            }
            if (call.branches.stream().allMatch(br -> br.done)) {
                finish(call);
                return;
            }
            long ring = forwarding.onNoAnswer() ? Math.min(ringTimeoutMillis, forwarding.noAnswerSeconds() * 1000L) : ringTimeoutMillis;
            call.ringTimer = timers.schedule(() -> ringTimeout(call), ring, TimeUnit.MILLISECONDS);
        }
    }

    private void challenge(Request request, boolean stale, String space) {
        Response r = replies.create(request, SipOutcome.PROXY_CHALLENGE);
        auth.challenge(request, r, stale, space);
        replies.send(request, r);
    }

    /** Sends the INVITE to one contact; a branch that cannot be sent ends at once (503). */
    private void fork(ForkedCall call, Flow callerFlow, ContactBinding binding) {
        Flow next = binding.flow();
        if (!binding.path().isEmpty()) {
            Flow viaPath = firstHop(binding.path().get(0));
            if (viaPath == null) {
                return;
            }
            next = viaPath;
        }
        Branch branch = new Branch(call, next);
        call.branches.add(branch);
        try {
            Request out = (Request) call.request.clone();
            identity.assertOn(out, call.caller);
            SipURI contact = (SipURI) addresses.createURI(binding.contact());
            Targets.stripUriHeaders(contact);
            out.setRequestURI(contact);
            decrementMaxForwards(out);
            removeOurCredentials(out, call.caller);
            removeOurRoutes(out);
            out.removeHeader(NodeRelay.HEADER); // another node's signature is for this node, never for the phone
            for (int i = binding.path().size() - 1; i >= 0; i--) {
                out.addFirst(headers.createRouteHeader(addresses.createAddress(binding.path().get(i))));
            }
            String token = tokens.encode(callerFlow, binding.flow());
            out.addFirst(recordRoute(token, callerFlow.transport()));
            if (!callerFlow.transport().equals(next.transport())) {
                // RFC 5658 double Record-Route: each side reaches us over its own transport
                out.addFirst(recordRoute(token, next.transport()));
            }
            out.addFirst(ourVia(next.transport(), null));
            Flow hop = next;
            ClientTransaction tx = router.via(hop, () -> newClientTransaction(out));
            tx.setApplicationData(branch);
            branch.tx = tx;
            tx.sendRequest();
        } catch (ParseException | SipException | RuntimeException | InvalidArgumentException e) {
            log.debug("cannot fork INVITE to {}: {}", binding.contact(), e.toString());
            branch.done = true;
            call.best = better(call.best, replies.create(call.request, 503, "Service Unavailable"));
        }
    }

    /**
     * Sends the INVITE to another node that holds phones of the callee's line, signed so that node
     * rings them ({@link #relayedInvite}). Both nodes record-route: in-dialog requests pass both.
     */
    private void forkToNode(ForkedCall call, Flow callerFlow, NodeRelay.NodeHop node) {
        Flow next = node.relay();
        Branch branch = new Branch(call, next);
        call.branches.add(branch);
        try {
            Request out = (Request) call.request.clone();
            identity.assertOn(out, call.caller);
            SipURI target = addresses.createSipURI(call.callee.extension(), next.address());
            target.setPort(next.port());
            out.setRequestURI(target);
            decrementMaxForwards(out);
            removeOurCredentials(out, call.caller);
            removeOurRoutes(out);
            out.removeHeader(NodeRelay.HEADER);
            relay.signInvite(out, lines.aor(call.caller), lines.aor(call.callee));
            String token = tokens.encode(callerFlow, next);
            out.addFirst(recordRoute(token, callerFlow.transport()));
            if (!callerFlow.transport().equals(next.transport())) {
                out.addFirst(recordRoute(token, next.transport()));
            }
            out.addFirst(ourVia(next.transport(), null));
            ClientTransaction tx = router.via(next, () -> newClientTransaction(out));
            tx.setApplicationData(branch);
            branch.tx = tx;
            tx.sendRequest();
        } catch (ParseException | SipException | RuntimeException | InvalidArgumentException e) {
            log.debug("cannot relay INVITE to node {}: {}", node.node(), e.toString());
            branch.done = true;
            call.best = better(call.best, replies.create(call.request, 503, "Service Unavailable"));
        }
    }

    private ClientTransaction newClientTransaction(Request r) {
        try {
            return provider.getNewClientTransaction(r);
        } catch (TransactionUnavailableException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private RecordRouteHeader recordRoute(String token, String transport) throws ParseException {
        SipURI uri = addresses.createSipURI(token, local.host());
        uri.setPort(local.portFor(transport));
        uri.setTransportParam(transport);
        uri.setLrParam();
        uri.setParameter(LocalAddress.MARK, local.node().isEmpty() ? null : local.node());
        return headers.createRecordRouteHeader(addresses.createAddress(uri));
    }

    private ViaHeader ourVia(String transport, String branch) throws ParseException, InvalidArgumentException {
        ViaHeader via = headers.createViaHeader(local.host(), local.portFor(transport), transport.toUpperCase(java.util.Locale.ROOT), branch);
        via.setRPort();
        return via;
    }

    private void ringTimeout(ForkedCall call) {
        synchronized (call) {
            if (call.finalSent) {
                return;
            }
            for (Branch b : call.branches) {
                cancel(b);
            }
            call.finalSent = true;
            if (!call.forwarding.onNoAnswer() || !toMailbox(call)) {
                replies.send(call.server, replies.create(call.request, SipOutcome.NOT_REGISTERED.status(), "Temporarily Unavailable: no answer"));
            }
        }
        activity.ended(call.callId());
    }

    // ------------------------------------------------------------------ CANCEL

    void cancel(RequestEvent event, Flow source) {
        Request request = event.getRequest();
        ServerTransaction cancelTx = event.getServerTransaction();
        ForkedCall call = null;
        if (cancelTx instanceof SIPServerTransaction st && st.getCanceledInviteTransaction() != null) {
            Object data = st.getCanceledInviteTransaction().getApplicationData();
            if (data instanceof ForkedCall fc) {
                call = fc;
            }
        }
        if (call == null) {
            if (cancelTx != null) {
                replies.send(cancelTx, replies.create(request, SipOutcome.CALL_DOES_NOT_EXIST));
            } else {
                replies.reply(request, SipOutcome.CALL_DOES_NOT_EXIST);
            }
            return;
        }
        replies.send(cancelTx, replies.create(request, SipOutcome.OK));
        synchronized (call) {
            for (Branch b : call.branches) {
                cancel(b);
            }
            if (!call.finalSent) {
                call.finalSent = true;
                stopRinging(call);
                replies.send(call.server, replies.create(call.request, 487, "Request Terminated"));
            }
        }
        activity.ended(call.callId());
    }

    /** CANCELs a branch once it may be (after a provisional response, RFC 3261 9.1). Caller holds the call's lock. */
    private void cancel(Branch b) {
        if (b.done || b.cancelSent || b.tx == null) {
            return;
        }
        b.cancelWanted = true;
        if (!b.provisional) {
            return;
        }
        b.cancelSent = true;
        try {
            Request c = b.tx.createCancel();
            ClientTransaction ct = router.via(b.flow, () -> newClientTransaction(c));
            ct.setApplicationData(CANCEL_MARK);
            ct.sendRequest();
        } catch (SipException | RuntimeException e) {
            log.debug("cannot cancel a branch towards {}: {}", b.flow, e.toString());
        }
    }

    private static void stopRinging(ForkedCall call) {
        if (call.ringTimer != null) {
            call.ringTimer.cancel(false);
        }
    }

    // ------------------------------------------------------------------ responses

    void response(ResponseEvent event) {
        ClientTransaction tx = event.getClientTransaction();
        Response response = event.getResponse();
        if (tx == null) {
            forwardStateless(response);
            return;
        }
        Object data = tx.getApplicationData();
        if (data == CANCEL_MARK || !(data instanceof Branch b)) {
            return;
        }
        ForkedCall call = b.call;
        int code = response.getStatusCode();
        if (code == 100) {
            return;
        }
        Response up = (Response) response.clone();
        up.removeFirst(ViaHeader.NAME);
        synchronized (call) {
            if (code < 200) {
                b.provisional = true;
                String tag = ((ToHeader) response.getHeader(ToHeader.NAME)).getTag();
                if (tag != null && !call.finalSent) {
                    activity.ringing(call.callId(), tag);
                }
                if (b.cancelWanted && !b.cancelSent) {
                    cancel(b);
                    return;
                }
                if (!call.finalSent) {
                    replies.send(call.server, up);
                }
                return;
            }
            b.done = true;
            if (code < 300) {
                // every 2xx goes up (RFC 3261 16.7 step 5); the first one ends the other branches
                activity.answered(call.callId(), ((ToHeader) response.getHeader(ToHeader.NAME)).getTag());
                if (!call.finalSent) {
                    call.finalSent = true;
                    stopRinging(call);
                    replies.send(call.server, up);
                } else {
                    replies.send(up);
                }
                for (Branch other : call.branches) {
                    cancel(other);
                }
                return;
            }
            if (code >= 600) {
                for (Branch other : call.branches) {
                    cancel(other);
                }
            }
            call.best = better(call.best, up);
            if (!call.finalSent && call.branches.stream().allMatch(br -> br.done)) {
                finish(call);
            }
        }
    }

    void timeout(ClientTransaction tx) {
        if (tx != null && tx.getApplicationData() instanceof Branch b) {
            branchEnded(b, SipOutcome.REQUEST_TIMEOUT);
        }
    }

    void terminated(ClientTransaction tx) {
        if (tx != null && tx.getApplicationData() instanceof Branch b) {
            // a transport failure ends a branch without a response
            branchEnded(b, SipOutcome.REQUEST_TIMEOUT);
        }
    }

    private void branchEnded(Branch b, SipOutcome outcome) {
        ForkedCall call = b.call;
        synchronized (call) {
            if (b.done) {
                return;
            }
            b.done = true;
            call.best = better(call.best, replies.create(call.request, outcome));
            if (!call.finalSent && call.branches.stream().allMatch(br -> br.done)) {
                finish(call);
            }
        }
    }

    /**
     * Sends the best final response once every branch has ended, or, when that is busy (486, 600)
     * and the callee's calls go to its mailbox on busy, answers with the mailbox instead. Caller
     * holds the lock.
     */
    private void finish(ForkedCall call) {
        call.finalSent = true;
        stopRinging(call);
        Response best = call.best != null ? call.best : replies.create(call.request, SipOutcome.NOT_REGISTERED);
        boolean busy = best.getStatusCode() == 486 || best.getStatusCode() == 600;
        if (!busy || !call.forwarding.onBusy() || !toMailbox(call)) {
            replies.send(call.server, best);
        }
        activity.ended(call.callId());
    }

    /** The callee's mailbox answers the caller on the INVITE's own transaction; false when it cannot. */
    private boolean toMailbox(ForkedCall call) {
        try {
            return services.toMailbox(call.server, call.request, call.source, call.caller, call.callee);
        } catch (RuntimeException e) {
            log.warn("call {} could not go to the mailbox of {}: {}", call.callId(), call.callee.extension(), e.toString());
            return false;
        }
    }

    /** RFC 3261 16.7 step 6: a 6xx wins, else the lowest class, 4xx before 5xx... */
    private static Response better(Response current, Response candidate) {
        if (current == null) {
            return candidate;
        }
        int a = current.getStatusCode();
        int b = candidate.getStatusCode();
        if (a >= 600) {
            return current;
        }
        if (b >= 600) {
            return candidate;
        }
        // a real answer from a phone beats our own 408/503 for a branch that did not answer
        boolean aSynthetic = a == 408 || a == 503;
        boolean bSynthetic = b == 408 || b == 503;
        if (aSynthetic != bSynthetic) {
            return aSynthetic ? candidate : current;
        }
        return b / 100 < a / 100 ? candidate : current;
    }

    /** A response to a request we forwarded without a transaction: pop our Via, send it on by the next one. */
    private void forwardStateless(Response response) {
        ViaHeader top = (ViaHeader) response.getHeader(ViaHeader.NAME);
        if (top == null || top.getBranch() == null || !top.getBranch().startsWith(BRANCH_MARK)) {
            return; // not ours: drop (RFC 3261 16.7: responses not matching a Via of ours are discarded)
        }
        Response up = (Response) response.clone();
        up.removeFirst(ViaHeader.NAME);
        if (up.getHeader(ViaHeader.NAME) == null) {
            return;
        }
        replies.send(up);
    }

    // ------------------------------------------------------------------ in-dialog requests

    void inDialog(RequestEvent event, Flow source) {
        Request request = event.getRequest();
        boolean ack = Request.ACK.equals(request.getMethod());
        if (services.owns(request)) {
            services.inDialog(event, source);
            return;
        }
        if (hopsExhausted(request)) {
            if (!ack) {
                replies.reply(request, SipOutcome.TOO_MANY_HOPS);
            }
            return;
        }
        if (Request.BYE.equals(request.getMethod())) {
            // a BYE through us ends the call for the busy lamps, whichever side hangs up
            activity.ended(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
        }
        Request out = (Request) request.clone();
        FlowToken.Pair pair = null;
        boolean ours = false;
        ListIterator<?> routes = out.getHeaders(RouteHeader.NAME);
        List<RouteHeader> remaining = new ArrayList<>();
        while (routes.hasNext()) {
            RouteHeader r = (RouteHeader) routes.next();
            URI u = r.getAddress().getURI();
            if (remaining.isEmpty() && u instanceof SipURI su && local.isOurs(su)) {
                ours = true;
                if (pair == null) {
                    pair = tokens.decode(su.getUser()).orElse(null);
                }
            } else {
                remaining.add(r);
            }
        }
        if (!ours || (pair == null && remaining.isEmpty())) {
            // not routed through us: Phonehome relays only dialogs it record-routed
            if (!ack) {
                replies.reply(request, SipOutcome.CALL_DOES_NOT_EXIST);
            }
            return;
        }
        out.removeHeader(RouteHeader.NAME);
        for (RouteHeader r : remaining) {
            try {
                out.addLast(r);
            } catch (SipException e) {
                throw new IllegalStateException(e);
            }
        }
        Flow next;
        if (!remaining.isEmpty()) {
            next = Targets.hopOf(remaining.get(0).getAddress().getURI());
        } else {
            next = pair.otherThan(source).orElse(null);
            if (next == null) {
                // e.g. a TCP phone that reconnected: fall back to its Contact when that is reachable
                Flow viaUri = Targets.hopOf(request.getRequestURI());
                next = viaUri != null && (sameAddress(viaUri, pair.caller()) || sameAddress(viaUri, pair.callee())) ? viaUri : null;
            }
        }
        if (next == null) {
            if (!ack) {
                replies.reply(request, SipOutcome.CALL_DOES_NOT_EXIST);
            }
            return;
        }
        try {
            decrementMaxForwards(out);
            ViaHeader incoming = (ViaHeader) request.getHeader(ViaHeader.NAME);
            out.addFirst(ourVia(next.transport(), statelessBranch(incoming)));
            Flow hop = next;
            router.via(hop, () -> {
                try {
                    provider.sendRequest(out);
                } catch (SipException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                return null;
            });
        } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
            log.debug("cannot forward {} to {}: {}", request.getMethod(), next, e.toString());
            if (!ack) {
                replies.reply(request, SipOutcome.NOT_REGISTERED);
            }
        }
    }

    private static boolean sameAddress(Flow a, Flow b) {
        return a.address().equals(b.address()) && a.port() == b.port();
    }

    /**
     * The branch of a statelessly forwarded request is a function of the incoming one (RFC 3261
     * 16.11), so a retransmission, and a CANCEL or non-2xx ACK of the same transaction, leave with
     * the same branch as the original.
     */
    static String statelessBranch(ViaHeader incoming) {
        String key = (incoming == null ? "" : incoming.getBranch() + "|" + incoming.getHost() + ":" + incoming.getPort());
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return BRANCH_MARK + "s" + HexFormat.of().formatHex(d, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    // ------------------------------------------------------------------ OPTIONS and helpers

    /** OPTIONS outside a dialog (keepalives, capability queries): answered by Phonehome itself. */
    void options(RequestEvent event, Flow source) {
        Request request = event.getRequest();
        if (!(request.getRequestURI() instanceof SipURI)) {
            replies.reply(request, SipOutcome.UNSUPPORTED_URI_SCHEME);
            return;
        }
        List<String> unknown = unknownTags(request, "Require");
        unknown.addAll(unknownTags(request, ProxyRequireHeader.NAME));
        if (!unknown.isEmpty()) {
            replyBadExtension(request, unknown);
            return;
        }
        Response r = replies.create(request, SipOutcome.OK);
        replies.send(request, withAllow(r));
    }

    Response withAllow(Response r) {
        try {
            for (String m : ALLOW.split(",\\s*")) {
                AllowHeader a = headers.createAllowHeader(m);
                r.addHeader(a);
            }
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        return r;
    }

    private boolean badProxyRequire(Request request) {
        List<String> unknown = unknownTags(request, ProxyRequireHeader.NAME);
        if (unknown.isEmpty()) {
            return false;
        }
        replyBadExtension(request, unknown);
        return true;
    }

    private void replyBadExtension(Request request, List<String> tags) {
        Response r = replies.create(request, SipOutcome.BAD_EXTENSION);
        try {
            for (String t : tags) {
                r.addHeader(headers.createUnsupportedHeader(t));
            }
        } catch (ParseException e) {
            // an option tag that does not parse is not listed
        }
        replies.send(request, r);
    }

    /** Proxy-Require / Require tags Phonehome does not know (it knows none as a proxy). */
    private static List<String> unknownTags(Request request, String header) {
        List<String> out = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(header);
        while (it.hasNext()) {
            String s = it.next().toString();
            int colon = s.indexOf(':');
            for (String tag : (colon >= 0 ? s.substring(colon + 1) : s).split(",")) {
                if (!tag.isBlank()) {
                    out.add(tag.trim());
                }
            }
        }
        return out;
    }

    private static boolean hopsExhausted(Request request) {
        MaxForwardsHeader mf = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        return mf != null && mf.getMaxForwards() <= 0;
    }

    private static void decrementMaxForwards(Request out) throws InvalidArgumentException {
        MaxForwardsHeader mf = (MaxForwardsHeader) out.getHeader(MaxForwardsHeader.NAME);
        if (mf == null) {
            return;
        }
        mf.setMaxForwards(Math.min(70, mf.getMaxForwards() - 1));
    }

    /** Takes out the credentials of our realms: the installation's and the caller's customer's. */
    private void removeOurCredentials(Request out, Line caller) {
        String callerRealm = auth.realm(lines.spaceOf(caller));
        List<ProxyAuthorizationHeader> keep = new ArrayList<>();
        ListIterator<?> it = out.getHeaders(ProxyAuthorizationHeader.NAME);
        while (it.hasNext()) {
            ProxyAuthorizationHeader h = (ProxyAuthorizationHeader) it.next();
            if (!auth.realm().equals(h.getParameter("realm")) && !callerRealm.equals(h.getParameter("realm"))) {
                keep.add(h);
            }
        }
        out.removeHeader(ProxyAuthorizationHeader.NAME);
        for (ProxyAuthorizationHeader h : keep) {
            out.addHeader(h);
        }
    }

    /** A preloaded Route to us (an outbound-proxy setting) must not travel on. */
    private void removeOurRoutes(Request out) {
        List<RouteHeader> keep = new ArrayList<>();
        boolean stripping = true;
        ListIterator<?> it = out.getHeaders(RouteHeader.NAME);
        while (it.hasNext()) {
            RouteHeader r = (RouteHeader) it.next();
            if (stripping && r.getAddress().getURI() instanceof SipURI su && local.isOurs(su)) {
                continue;
            }
            stripping = false;
            keep.add(r);
        }
        out.removeHeader(RouteHeader.NAME);
        for (RouteHeader r : keep) {
            out.addHeader(r);
        }
    }


    private Flow firstHop(String pathValue) {
        try {
            Address a = addresses.createAddress(pathValue.trim());
            return Targets.hopOf(a.getURI());
        } catch (ParseException e) {
            return null;
        }
    }
}
