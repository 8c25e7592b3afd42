package io.phonehome.sip;

import io.phonehome.commissioning.CallPlacer;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Srtp;
import io.phonehome.media.CallScript;
import io.phonehome.media.Caller;
import io.phonehome.media.MediaEngine;
import io.phonehome.media.MediaPolicy;
import io.phonehome.media.MediaStream;
import io.phonehome.media.OfferAnswer;
import io.phonehome.media.Sdp;
import io.phonehome.media.SrtpPolicy;
import io.phonehome.sip.location.ContactBinding;
import io.phonehome.sip.location.Flow;
import io.phonehome.sip.location.LocationService;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls Phonehome places itself (commissioning calls): Phonehome is the calling user agent
 * (RFC 3261 section 13.2). An INVITE with Phonehome's SDP offer goes to every registered contact
 * of the line at once, each down the flow its registration keeps open (as {@link CheckSyncNotifier}
 * sends its NOTIFYs), the branches sharing one Call-ID and From tag as a forking proxy's would. The
 * first 2xx wins: it is acknowledged here (the ACK of a 2xx is the caller's own request, not the
 * transaction's), its SDP answer starts the media on a {@link MediaEngine} stream, the other
 * branches are cancelled (a late second 2xx is acknowledged and ended with BYE), and the call's
 * {@link CallScript} runs through a {@link ScriptedCall} as in a call Phonehome answered, keys from
 * RFC 4733 or SIP INFO alike. Ringing longer than the ring time cancels every branch (no answer);
 * 486/600/603 is busy; a line without a registered contact is not called at all.
 *
 * <p>Responses come back through {@link AwaitsResponse} (each branch's transaction carries one);
 * the phone's requests in the dialog (BYE, INFO) are handed here by the dispatcher when
 * {@link #owns} says the dialog is one of ours. Each call's end is reported once, through the
 * call's {@link CallSequence}, so after the script has seen every event.
 */
final class PlacedCalls implements CallPlacer, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PlacedCalls.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One INVITE branch, to one registered contact. Guarded by its call. */
    private static final class Fork {
        final ContactBinding binding;
        final Flow flow;
        ClientTransaction tx;
        boolean provisional;
        boolean done;
        boolean cancelWanted;
        boolean cancelSent;
        int status;
        String reason;

        Fork(ContactBinding binding, Flow flow) {
            this.binding = binding;
            this.flow = flow;
        }
    }

    /** One call placed. Guarded by itself. */
    private static final class PlacedCall {
        final String callId;
        final String fromTag = HexFormat.of().formatHex(randomBytes(6));
        final Caller party;
        final CallScript script;
        final Consumer<Placed> done;
        final MediaStream stream;
        final MediaPolicy policy;
        final CallSequence sequence;
        final Instant placedAt = Instant.now();
        final List<Fork> forks = new ArrayList<>();
        OfferAnswer.Offer offer;
        Request invite;
        Instant answeredAt;
        Fork answered;
        ScheduledFuture<?> ringTimer;
        boolean ringOver;
        boolean finished;
        ScriptedCall scripted;
        long cseq = 1;
        String remoteTag;
        URI remoteTarget;
        final List<Address> routeSet = new ArrayList<>();

        PlacedCall(String callId, Caller party, CallScript script, Consumer<Placed> done, MediaStream stream, MediaPolicy policy,
                   CallSequence sequence) {
            this.callId = callId;
            this.party = party;
            this.script = script;
            this.done = done;
            this.stream = stream;
            this.policy = policy;
            this.sequence = sequence;
        }
    }

    private final SipProvider provider;
    private final FlowRouter router;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final Replies replies;
    private final LocalAddress local;
    private final ScheduledExecutorService timers;
    private final MediaEngine engine;
    private final LocationService location;
    private final LineDirectory lines;
    private final Map<String, PlacedCall> calls = new ConcurrentHashMap<>();
    /** Where scripts and the reports of ended calls run: off the SIP and timer threads. */
    private final ExecutorService scriptPool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "placed-call-scripts");
        t.setDaemon(true);
        return t;
    });

    PlacedCalls(SipProvider provider, FlowRouter router, MessageFactory messages, HeaderFactory headers, AddressFactory addresses,
                Replies replies, LocalAddress local, ScheduledExecutorService timers, MediaEngine engine, LocationService location,
                LineDirectory lines) {
        this.provider = provider;
        this.router = router;
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.replies = replies;
        this.local = local;
        this.timers = timers;
        this.engine = engine;
        this.location = location;
        this.lines = lines;
    }

    /** Calls placed and not yet over. */
    int active() {
        return calls.size();
    }

    // ------------------------------------------------------------------ placing the call

    @Override
    public void place(Caller line, long ringMillis, CallScript script, Consumer<Placed> done) {
        Instant now = Instant.now();
        // the line by its id: its address of record keeps customers apart (issue 17)
        Optional<Line> placedLine = lines.byId(line.lineId()).or(() -> lines.byAor(line.extension()));
        String aor = placedLine.map(lines::aor).orElse(line.extension());
        List<ContactBinding> bindings = location.lookup(aor);
        if (bindings.isEmpty()) {
            scriptPool.execute(() -> done.accept(new Placed(Outcome.NOT_REGISTERED, now, null, now, null, null, "no registered contact")));
            return;
        }
        List<Fork> forks = new ArrayList<>();
        for (ContactBinding b : bindings) {
            forks.add(new Fork(b, firstHop(b)));
        }
        boolean allTls = forks.stream().allMatch(f -> f.flow.transport().equals("tls"));
        // SDES keys travel in the SDP: offered only when every branch is SIP over TLS
        Srtp srtp = placedLine.map(Line::srtp).orElse(Srtp.OFF);
        MediaPolicy policy = MediaPolicy.standard(!allTls ? SrtpPolicy.OFF : switch (srtp) {
            case OFF -> SrtpPolicy.OFF;
            case OPTIONAL -> SrtpPolicy.OFFER;
            case MANDATORY -> SrtpPolicy.REQUIRED;
        });
        io.phonehome.media.Outcome<MediaStream> opened = engine.open(this::streamEnded);
        ContactBinding first = bindings.get(0);
        if (!opened.isOk()) {
            scriptPool.execute(() -> done.accept(new Placed(Outcome.FAILED, now, null, now, first.contact(), first.userAgent(),
                    "no media: " + opened.why())));
            return;
        }
        PlacedCall call = new PlacedCall(provider.getNewCallId().getCallId(), line, script, done, opened.value(), policy,
                new CallSequence(scriptPool));
        call.offer = OfferAnswer.offer(policy, endpoint(call), RANDOM);
        calls.put(call.callId, call);
        synchronized (call) {
            call.forks.addAll(forks);
            for (Fork f : forks) {
                send(call, f);
            }
            if (call.forks.stream().allMatch(f -> f.done)) {
                allRefused(call);
                return;
            }
            call.ringTimer = timers.schedule(() -> ringOver(call, ringMillis), ringMillis, TimeUnit.MILLISECONDS);
        }
        log.debug("placed call {} to {} ({} contact(s))", call.callId, line.extension(), forks.size());
    }

    private void send(PlacedCall call, Fork fork) {
        try {
            Request invite = invite(call, fork);
            call.invite = call.invite == null ? invite : call.invite;
            ClientTransaction tx = router.via(fork.flow, () -> {
                try {
                    return provider.getNewClientTransaction(invite);
                } catch (TransactionUnavailableException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            tx.setApplicationData(new BranchResponses(call, fork));
            fork.tx = tx;
            tx.sendRequest();
        } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
            log.debug("cannot place a call to {}: {}", fork.binding.contact(), e.toString());
            fork.done = true;
            fork.status = 503;
            fork.reason = "cannot send: " + e.getMessage();
        }
    }

    private Request invite(PlacedCall call, Fork fork) throws ParseException, InvalidArgumentException, SipException {
        SipURI target = (SipURI) addresses.createURI(fork.binding.contact());
        Targets.stripUriHeaders(target);
        String transport = fork.flow.transport();
        SipURI me = addresses.createSipURI("commissioning", local.host());
        Address from = addresses.createAddress("Commissioning", me);
        ToHeader to = headers.createToHeader(addresses.createAddress(addresses.createSipURI(call.party.extension(), local.host())), null);
        ViaHeader via = headers.createViaHeader(local.host(), local.portFor(transport), transport.toUpperCase(Locale.ROOT), null);
        via.setRPort();
        Request r = messages.createRequest(target, Request.INVITE, headers.createCallIdHeader(call.callId),
                headers.createCSeqHeader(1, Request.INVITE), headers.createFromHeader(from, call.fromTag), to, List.of(via),
                headers.createMaxForwardsHeader(70));
        r.addHeader(contact(transport));
        for (int i = fork.binding.path().size() - 1; i >= 0; i--) {
            r.addFirst(headers.createRouteHeader(addresses.createAddress(fork.binding.path().get(i))));
        }
        r.addHeader(headers.createAllowHeader("INVITE, ACK, CANCEL, BYE, INFO, OPTIONS"));
        r.setContent(call.offer.sdp().format(), headers.createContentTypeHeader("application", "sdp"));
        return r;
    }

    /** A branch's responses and its end, from the dispatcher. */
    private final class BranchResponses implements AwaitsResponse {
        private final PlacedCall call;
        private final Fork fork;

        BranchResponses(PlacedCall call, Fork fork) {
            this.call = call;
            this.fork = fork;
        }

        @Override
        public void response(ResponseEvent event) {
            branchResponse(call, fork, event.getResponse());
        }

        @Override
        public void timeout() {
            synchronized (call) {
                if (fork.done) {
                    return;
                }
                fork.done = true;
                fork.status = 408;
                fork.reason = "no answer from the phone";
            }
            branchEnded(call);
        }
    }

    private void branchResponse(PlacedCall call, Fork fork, Response response) {
        int code = response.getStatusCode();
        if (code < 200) {
            synchronized (call) {
                fork.provisional = true;
                if (fork.cancelWanted && !fork.cancelSent) {
                    sendCancel(fork);
                }
            }
            return;
        }
        if (code >= 300) {
            synchronized (call) {
                if (fork.done) {
                    return;
                }
                fork.done = true;
                fork.status = code;
                fork.reason = response.getReasonPhrase();
            }
            branchEnded(call);
            return;
        }
        answered(call, fork, response);
    }

    private void answered(PlacedCall call, Fork fork, Response ok) {
        boolean first;
        synchronized (call) {
            if (call.answered == fork) {
                ack(call, fork, ok); // a retransmitted 2xx: our ACK was lost
                return;
            }
            fork.done = true;
            fork.status = ok.getStatusCode();
            first = call.answered == null && !call.ringOver && !call.finished;
            if (first) {
                call.answered = fork;
                call.answeredAt = Instant.now();
                if (call.ringTimer != null) {
                    call.ringTimer.cancel(false);
                }
                call.remoteTag = ((ToHeader) ok.getHeader(ToHeader.NAME)).getTag();
                ContactHeader c = (ContactHeader) ok.getHeader(ContactHeader.NAME);
                call.remoteTarget = c != null ? c.getAddress().getURI() : call.invite.getRequestURI();
                List<Address> rr = new ArrayList<>();
                ListIterator<?> it = ok.getHeaders(RecordRouteHeader.NAME);
                while (it.hasNext()) {
                    rr.add(((RecordRouteHeader) it.next()).getAddress());
                }
                java.util.Collections.reverse(rr); // RFC 3261 12.1.2: the caller's route set is the Record-Route reversed
                call.routeSet.addAll(rr);
                for (Fork other : call.forks) {
                    if (other != fork) {
                        cancel(other);
                    }
                }
            }
        }
        ack(call, fork, ok);
        if (!first) {
            // another branch answered first, or the ring time was over: this phone is hung up at once
            byeLate(call, fork, ok);
            return;
        }
        byte[] body = ok.getRawContent();
        io.phonehome.media.Outcome<Sdp> answer = body == null || body.length == 0 ? null : Sdp.parse(body);
        OfferAnswer.Result agreed = answer != null && answer.isOk() ? OfferAnswer.answered(call.offer, answer.value(), call.policy)
                : new OfferAnswer.NotAcceptable(OfferAnswer.WARN_MEDIA_TYPE_NOT_AVAILABLE,
                answer == null ? "the 200 carries no SDP answer" : answer.why());
        if (!(agreed instanceof OfferAnswer.Agreed a)) {
            end(call, "the answer's media cannot be used: " + ((OfferAnswer.NotAcceptable) agreed).warningText(), true);
            return;
        }
        try {
            call.stream.start(a.audio(), InetAddress.getByName(fork.flow.address()));
        } catch (UnknownHostException e) {
            end(call, "the phone's address is not an IP literal", true); // flows carry IP literals: cannot happen
            return;
        }
        call.scripted = new ScriptedCall(call.script, call.party, call.party.extension(), call.stream, dialogOf(call), call.sequence, timers);
        call.scripted.answered();
        log.debug("placed call {} answered by {}", call.callId, fork.binding.contact());
    }

    private void branchEnded(PlacedCall call) {
        synchronized (call) {
            // after the ring time the 487s of our CANCELs are no news: ringOver reports the call
            if (call.answered != null || call.finished || call.ringOver || !call.forks.stream().allMatch(f -> f.done)) {
                return;
            }
        }
        allRefused(call);
    }

    /** Every branch ended without an answer: busy when any phone said so, no answer when they rang out, else failed. */
    private void allRefused(PlacedCall call) {
        Outcome outcome;
        String detail;
        synchronized (call) {
            Optional<Fork> busy = call.forks.stream().filter(f -> f.status == 486 || f.status == 600 || f.status == 603).findFirst();
            Optional<Fork> rangOut = call.forks.stream().filter(f -> f.status == 408 || f.status == 480 || f.status == 487).findFirst();
            Fork shown = busy.orElse(rangOut.orElse(call.forks.get(0)));
            outcome = busy.isPresent() ? Outcome.BUSY : rangOut.isPresent() ? Outcome.NO_ANSWER : Outcome.FAILED;
            detail = shown.status + " " + (shown.reason == null ? "" : shown.reason);
        }
        finish(call, outcome, detail.trim());
    }

    private void ringOver(PlacedCall call, long ringMillis) {
        synchronized (call) {
            if (call.answered != null || call.finished) {
                return;
            }
            call.ringOver = true;
            for (Fork f : call.forks) {
                cancel(f);
            }
        }
        finish(call, Outcome.NO_ANSWER, "not answered within " + (ringMillis / 1000.0) + " s; cancelled");
    }

    /** CANCEL a branch still ringing (RFC 3261 9.1: only once it sent a provisional response; before, when it does). */
    private void cancel(Fork f) {
        if (f.done || f.cancelSent || f.tx == null) {
            return;
        }
        f.cancelWanted = true;
        if (f.provisional) {
            sendCancel(f);
        }
    }

    private void sendCancel(Fork f) {
        f.cancelSent = true;
        try {
            Request c = f.tx.createCancel();
            ClientTransaction ct = router.via(f.flow, () -> {
                try {
                    return provider.getNewClientTransaction(c);
                } catch (TransactionUnavailableException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            ct.setApplicationData(IGNORED);
            ct.sendRequest();
        } catch (SipException | RuntimeException e) {
            log.debug("cannot cancel a placed call towards {}: {}", f.flow, e.toString());
        }
    }

    /** The responses to our CANCELs and BYEs: nothing waits for them. */
    private static final AwaitsResponse IGNORED = new AwaitsResponse() {
        @Override
        public void response(ResponseEvent event) {
        }

        @Override
        public void timeout() {
        }
    };

    // ------------------------------------------------------------------ our requests in the dialog

    /** The ACK of a 2xx (RFC 3261 13.2.2.4): the INVITE's CSeq number, a new branch, down the answering branch's flow. */
    private void ack(PlacedCall call, Fork fork, Response ok) {
        try {
            ToHeader to = (ToHeader) ok.getHeader(ToHeader.NAME);
            ContactHeader c = (ContactHeader) ok.getHeader(ContactHeader.NAME);
            URI target = c != null ? c.getAddress().getURI() : call.invite.getRequestURI();
            Request ack = request(call, fork, Request.ACK, target, to.getAddress(), to.getTag(), routeSetOf(ok),
                    ((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber());
            router.via(fork.flow, () -> {
                try {
                    provider.sendRequest(ack);
                } catch (SipException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                return null;
            });
        } catch (ParseException | InvalidArgumentException | RuntimeException e) {
            log.debug("cannot acknowledge placed call {}: {}", call.callId, e.toString());
        }
    }

    private List<Address> routeSetOf(Response ok) {
        List<Address> rr = new ArrayList<>();
        ListIterator<?> it = ok.getHeaders(RecordRouteHeader.NAME);
        while (it.hasNext()) {
            rr.add(((RecordRouteHeader) it.next()).getAddress());
        }
        java.util.Collections.reverse(rr);
        return rr;
    }

    /** A late 2xx from a second phone: its dialog is ended at once. */
    private void byeLate(PlacedCall call, Fork fork, Response ok) {
        try {
            ToHeader to = (ToHeader) ok.getHeader(ToHeader.NAME);
            ContactHeader c = (ContactHeader) ok.getHeader(ContactHeader.NAME);
            URI target = c != null ? c.getAddress().getURI() : call.invite.getRequestURI();
            long seq;
            synchronized (call) {
                seq = ++call.cseq;
            }
            sendInDialog(fork, request(call, fork, Request.BYE, target, to.getAddress(), to.getTag(), routeSetOf(ok), seq));
        } catch (ParseException | InvalidArgumentException | RuntimeException e) {
            log.debug("cannot end a late answer to placed call {}: {}", call.callId, e.toString());
        }
    }

    private void sendBye(PlacedCall call) {
        Fork fork;
        long seq;
        synchronized (call) {
            fork = call.answered;
            seq = ++call.cseq;
        }
        if (fork == null) {
            return;
        }
        try {
            Address to = ((ToHeader) call.invite.getHeader(ToHeader.NAME)).getAddress();
            sendInDialog(fork, request(call, fork, Request.BYE, call.remoteTarget, to, call.remoteTag, call.routeSet, seq));
        } catch (ParseException | InvalidArgumentException | RuntimeException e) {
            log.debug("cannot send BYE for placed call {}: {}", call.callId, e.toString());
        }
    }

    private void sendInDialog(Fork fork, Request request) {
        router.via(fork.flow, () -> {
            try {
                ClientTransaction tx = provider.getNewClientTransaction(request);
                tx.setApplicationData(IGNORED);
                tx.sendRequest();
            } catch (SipException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            return null;
        });
    }

    private Request request(PlacedCall call, Fork fork, String method, URI target, Address remote, String remoteTag, List<Address> routes,
                            long seq) throws ParseException, InvalidArgumentException {
        FromHeader from = (FromHeader) call.invite.getHeader(FromHeader.NAME).clone();
        ToHeader to = headers.createToHeader(remote, remoteTag);
        String transport = fork.flow.transport();
        ViaHeader via = headers.createViaHeader(local.host(), local.portFor(transport), transport.toUpperCase(Locale.ROOT),
                method.equals(Request.ACK) ? "z9hG4bK" + HexFormat.of().formatHex(randomBytes(8)) : null);
        via.setRPort();
        URI uri = (URI) target.clone();
        if (uri instanceof SipURI s) {
            Targets.stripUriHeaders(s);
        }
        Request r = messages.createRequest(uri, method, headers.createCallIdHeader(call.callId), headers.createCSeqHeader(seq, method),
                from, to, List.of(via), headers.createMaxForwardsHeader(70));
        for (Address a : routes) {
            r.addHeader(headers.createRouteHeader(a));
        }
        return r;
    }

    private ScriptedCall.Dialog dialogOf(PlacedCall call) {
        return new ScriptedCall.Dialog() {
            @Override
            public void refer(String extension, Runnable refused) {
                timers.execute(refused); // a commissioning call hands nobody over
            }

            @Override
            public void hangUp() {
                timers.execute(() -> end(call, "hung up by Phonehome", true));
            }
        };
    }

    // ------------------------------------------------------------------ the phone's requests in the dialog

    /** Whether an in-dialog request belongs to a call placed here: its Call-ID, and our tag as its To tag. */
    boolean owns(Request request) {
        CallIdHeader id = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        PlacedCall call = id == null ? null : calls.get(id.getCallId());
        if (call == null) {
            return false;
        }
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to != null && call.fromTag.equals(to.getTag());
    }

    void inDialog(RequestEvent event) {
        Request request = event.getRequest();
        PlacedCall call = calls.get(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
        if (call == null) {
            if (!Request.ACK.equals(request.getMethod())) {
                replies.reply(request, SipOutcome.CALL_DOES_NOT_EXIST);
            }
            return;
        }
        switch (request.getMethod()) {
            case Request.ACK -> {
                // nothing: we answer no INVITE in this dialog
            }
            case Request.BYE -> {
                // the call's port and slot are free before the 200 says the call is over
                end(call, "BYE from the phone", false);
                replies.reply(request, SipOutcome.OK);
            }
            case Request.INFO -> info(call, request);
            case Request.OPTIONS -> replies.reply(request, SipOutcome.OK);
            case Request.INVITE -> replies.send(request, replies.create(request, 488, "Not Acceptable Here"));
            default -> replies.send(request, replies.create(request, SipOutcome.METHOD_NOT_ALLOWED));
        }
    }

    /** A key by SIP INFO ({@link InfoDigits}), the same path as RFC 4733's. */
    private void info(PlacedCall call, Request request) {
        replies.reply(request, SipOutcome.OK);
        ScriptedCall s = call.scripted;
        if (s != null) {
            InfoDigits.of(request).ifPresent(s::infoDigit);
        }
    }

    // ------------------------------------------------------------------ the end

    private void streamEnded(MediaStream stream, String why) {
        for (PlacedCall c : calls.values()) {
            if (c.stream == stream) {
                timers.execute(() -> end(c, why, true));
            }
        }
    }

    /** Ends an answered call once: the script hears of it, the port is freed, and with {@code bye} the phone is told. */
    private void end(PlacedCall call, String why, boolean bye) {
        synchronized (call) {
            if (call.finished) {
                return;
            }
        }
        if (call.scripted != null) {
            call.scripted.ended(why);
        }
        if (bye) {
            sendBye(call);
        }
        finish(call, call.answered != null ? Outcome.ANSWERED : Outcome.FAILED, why);
    }

    /** Reports the call once, after everything the script was told (through its sequence). */
    private void finish(PlacedCall call, Outcome outcome, String detail) {
        ContactBinding shown;
        Instant answeredAt;
        synchronized (call) {
            if (call.finished) {
                return;
            }
            call.finished = true;
            if (call.ringTimer != null) {
                call.ringTimer.cancel(false);
            }
            shown = call.answered != null ? call.answered.binding : call.forks.get(0).binding;
            answeredAt = call.answeredAt;
        }
        calls.remove(call.callId, call);
        call.stream.close();
        Instant ended = Instant.now();
        Placed placed = new Placed(outcome, call.placedAt, answeredAt, ended, shown.contact(), shown.userAgent(), detail);
        log.debug("placed call {} to {}: {} ({})", call.callId, call.party.extension(), outcome, detail);
        call.sequence.execute(() -> call.done.accept(placed));
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

    private OfferAnswer.LocalEndpoint endpoint(PlacedCall call) {
        return local.mediaEndpoint(call.stream.port(), Long.toString(RANDOM.nextLong() & Long.MAX_VALUE), 1);
    }

    private ContactHeader contact(String transport) throws ParseException {
        return local.contact(addresses, headers, "commissioning", transport);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    @Override
    public void close() {
        for (PlacedCall c : calls.values()) {
            end(c, "shutdown", false);
        }
        scriptPool.shutdown();
    }
}
