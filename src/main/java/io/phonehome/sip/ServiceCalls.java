package io.phonehome.sip;

import io.phonehome.inventory.Line;
import io.phonehome.inventory.Srtp;
import io.phonehome.media.AudioCodec;
import io.phonehome.media.Caller;
import io.phonehome.media.ServiceDirectory;
import io.phonehome.media.MediaStream;
import io.phonehome.media.MediaEngine;
import io.phonehome.media.MediaPolicy;
import io.phonehome.media.OfferAnswer;
import io.phonehome.media.Outcome;
import io.phonehome.media.Sdp;
import io.phonehome.media.SrtpPolicy;
import io.phonehome.voicemail.VoicemailCalls;
import io.phonehome.sip.location.Flow;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The numbers Phonehome answers itself instead of routing them to a phone: the echo test
 * ({@code sip_echo_number}) and the numbers of the {@link ServiceDirectory}s added (the mailboxes,
 * IVR menus...), whose script then runs the call; and the calls the router forwards to a line's
 * mailbox when the line is busy or does not answer ({@link #toMailbox}). Phonehome is the called user agent here (RFC 3261 section 13.3): it
 * answers at once with 200 and its SDP (an answer to the INVITE's offer, or its own offer when the
 * INVITE had none, answered in the ACK), resends the 200 over UDP until the ACK, and holds the
 * dialog until either side sends BYE.
 *
 * <ul>
 *   <li>Offer/answer is {@link OfferAnswer}'s with the caller line's provisioned SRTP mode; what
 *       cannot be agreed gets 488 with its Warning, a description that does not parse 400.</li>
 *   <li>SDES keys travel inside the SDP, so they are taken only from SIP over TLS: an offer with
 *       {@code a=crypto} over UDP or TCP on a line that uses SRTP is refused with 488 and Warning 302
 *       (the keys were readable on the way, so a call with them would be encrypted in name only),
 *       and a line that requires SRTP gets no late offer outside TLS.</li>
 *   <li>Bounded: at most {@code media_calls_max} calls (486 beyond), the RTP port range (503 when
 *       it is used up), a call without its ACK after 64*T1 or without RTP for
 *       {@code media_silence_seconds} is ended with BYE and its port freed.</li>
 * </ul>
 */
final class ServiceCalls implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceCalls.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long T1 = 500;
    private static final long T2 = 4000;

    /** One call Phonehome answered. Guarded by itself. */
    static final class ServiceCall {
        final String callId;
        final Request invite;
        final Flow flow;
        final MediaPolicy policy;
        final MediaStream stream;
        final InetAddress signallingSource;
        final String sessionId = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE);
        long sessionVersion = 1;
        long cseq = 1;
        OfferAnswer.Offer lateOffer;
        Response ok;
        boolean acked;
        boolean ended;
        ScheduledFuture<?> resend;
        /** A call a {@link ServiceDirectory}'s script runs, or null (echo, message). */
        ScriptedCall script;
        /** A REFER sent and not yet answered: what to tell the script if the phone refuses it. */
        Runnable referRefused;

        ServiceCall(String callId, Request invite, Flow flow, MediaPolicy policy, MediaStream stream, InetAddress signallingSource) {
            this.callId = callId;
            this.invite = invite;
            this.flow = flow;
            this.policy = policy;
            this.stream = stream;
            this.signallingSource = signallingSource;
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
    private final String echoNumber;
    private final EchoNumbers scoped;
    private final Map<String, ServiceCall> calls = new ConcurrentHashMap<>();
    private final List<ServiceDirectory> directories = new CopyOnWriteArrayList<>();
    /** Where scripts run, each call's events in its own {@link CallSequence}: off the SIP and timer threads. */
    private final ExecutorService scriptPool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "service-scripts");
        t.setDaemon(true);
        return t;
    });
    /** The mailboxes that busy and unanswered calls are forwarded to; null without voicemail. */
    private volatile VoicemailCalls voicemail;

    ServiceCalls(SipProvider provider, FlowRouter router, MessageFactory messages, HeaderFactory headers, AddressFactory addresses,
                 Replies replies, LocalAddress local, ScheduledExecutorService timers, MediaEngine engine, String echoNumber, EchoNumbers scoped) {
        this.scoped = scoped;
        this.provider = provider;
        this.router = router;
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.replies = replies;
        this.local = local;
        this.timers = timers;
        this.engine = engine;
        this.echoNumber = echoNumber.trim();
    }

    /**
     * The echo numbers set per scope (site, device...; the admin API's and CLI's settings): whether
     * {@code dialled} might be one at all (cheap, from memory, asked for every INVITE), and the one
     * that applies to a caller's line (may read its device and site).
     */
    interface EchoNumbers {
        EchoNumbers NONE = new EchoNumbers() {
            @Override
            public boolean anywhere(String dialled) {
                return false;
            }

            @Override
            public Optional<String> forLine(Line caller) {
                return Optional.empty();
            }
        };

        boolean anywhere(String dialled);

        Optional<String> forLine(Line caller);

        /** Where a line is: its device's site (0 for none) and that site's language ({@code en} without one). */
        record Place(long siteId, String language) {
        }

        default Place placeOf(Line caller) {
            return new Place(0, "en");
        }
    }

    /** Numbers answered by scripts (IVR menus, mailboxes, hot-desk login...), asked in the order added. */
    void add(ServiceDirectory directory) {
        directories.add(directory);
    }

    private Caller partyOf(Line caller, boolean tls) {
        EchoNumbers.Place place = scoped.placeOf(caller);
        return new Caller(caller.id(), caller.deviceId(), place.siteId(), caller.extension(),
                caller.displayName() == null ? "" : caller.displayName(), place.language(), tls, caller.customerId());
    }

    private ServiceDirectory.Answer scriptFor(Line caller, Flow source, String dialled) {
        if (directories.isEmpty() || dialled == null) {
            return null;
        }
        Caller party = partyOf(caller, source.transport().equals("tls"));
        for (ServiceDirectory d : directories) {
            Optional<ServiceDirectory.Answer> a = d.answer(party, dialled);
            if (a.isPresent()) {
                return a.get();
            }
        }
        return null;
    }

    /** Lets the router forward busy and unanswered calls to the lines' mailboxes. */
    void forwardWith(VoicemailCalls mailboxes) {
        this.voicemail = mailboxes;
    }

    /** How calls to {@code callee} go to its mailbox ({@link VoicemailCalls.Forwarding#NONE} without voicemail). */
    VoicemailCalls.Forwarding forwarding(Line callee) {
        VoicemailCalls vm = voicemail;
        return vm == null ? VoicemailCalls.Forwarding.NONE : vm.forwarding(callee.deviceId(), new io.phonehome.voicemail.MailboxId(callee.customerId(), callee.extension()));
    }

    /**
     * Answers a caller's INVITE, which the router could not get answered by {@code callee}, with
     * the callee's mailbox: true when it was answered here (whatever the answer), false when there
     * is no mailbox for it, and the router gives its own final answer. {@code server} is the
     * INVITE's transaction when the router made one (provisional responses may have gone up on it).
     */
    boolean toMailbox(ServerTransaction server, Request request, Flow source, Line caller, Line callee) {
        VoicemailCalls vm = voicemail;
        if (vm == null) {
            return false;
        }
        Optional<ServiceDirectory.Answer> a = vm.leaveMessage(partyOf(caller, source.transport().equals("tls")),
                new io.phonehome.voicemail.MailboxId(callee.customerId(), callee.extension()));
        if (a.isEmpty()) {
            return false;
        }
        log.debug("call {} from {} to {} goes to its mailbox", ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId(),
                caller.extension(), callee.extension());
        answer(request, server, source, caller, callee.extension(), a.get());
        return true;
    }

    /** The caller's echo number: the one its scope sets, else {@code sip_echo_number}. */
    private boolean isEcho(Line caller, String dialled) {
        if (dialled == null || !dialled.equals(echoNumber) && !scoped.anywhere(dialled)) {
            return false;
        }
        return dialled.equals(scoped.forLine(caller).orElse(echoNumber));
    }

    /** The engine carrying the media of these calls. */
    MediaEngine engine() {
        return engine;
    }

    /** Service calls in progress (answered or waiting for their ACK). */
    int active() {
        return calls.size();
    }

    // ------------------------------------------------------------------ the INVITE

    /**
     * Takes an authenticated caller's INVITE when {@code extension} is a service number: true when
     * it was answered here (whatever the answer), false to let the call router route it.
     */
    boolean answers(RequestEvent event, Flow source, Line caller, String extension) {
        Request request = event.getRequest();
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        ServiceCall existing = calls.get(callId);
        if (existing != null) {
            synchronized (existing) {
                if (existing.ok != null && !existing.acked) {
                    replies.send(request, existing.ok); // a retransmitted INVITE: the same 200
                }
            }
            return true;
        }
        boolean echo = isEcho(caller, extension);
        ServiceDirectory.Answer scripted = echo ? null : scriptFor(caller, source, extension);
        if (scripted == null && !echo) {
            return false;
        }
        answer(request, event.getServerTransaction(), source, caller, extension, scripted);
        return true;
    }

    /** Answers the INVITE: with {@code scripted}'s script, or as the echo test when it is null. */
    private void answer(Request request, ServerTransaction existing, Flow source, Line caller, String extension, ServiceDirectory.Answer scripted) {
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        // a call the router forwarded has its transaction already (its retransmissions are absorbed
        // there): a refusal goes on it too, else the transaction would wait for an answer forever
        java.util.function.Consumer<Response> out = existing != null ? r -> replies.send(existing, r) : r -> replies.send(request, r);
        Sdp offer = null;
        byte[] body = request.getRawContent();
        if (body != null && body.length > 0) {
            ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
            if (type == null || !"application".equalsIgnoreCase(type.getContentType()) || !"sdp".equalsIgnoreCase(type.getContentSubType())) {
                Response r = replies.create(request, 415, "Unsupported Media Type");
                try {
                    r.addHeader(headers.createAcceptHeader("application", "sdp"));
                } catch (ParseException e) {
                    throw new IllegalStateException(e);
                }
                out.accept(r);
                return;
            }
            Outcome<Sdp> parsed = Sdp.parse(body);
            if (!parsed.isOk()) {
                out.accept(withWarning(replies.create(request, 400, "Bad Request: malformed session description"), 399,
                        parsed.why()));
                return;
            }
            offer = parsed.value();
        }
        boolean tls = source.transport().equals("tls");
        MediaPolicy policy = MediaPolicy.standard(srtpOf(caller.srtp()));
        if (!tls && policy.srtp() != SrtpPolicy.OFF) {
            if (offer != null && carriesKeys(offer)) {
                out.accept(notAcceptable(request, OfferAnswer.WARN_INCOMPATIBLE_TRANSPORT, "SDES keys are taken only over SIP over TLS; "
                        + "these came over " + source.transport() + ", readable by anyone on the way"));
                return;
            }
            if (offer == null && policy.srtp() == SrtpPolicy.REQUIRED) {
                out.accept(notAcceptable(request, OfferAnswer.WARN_INCOMPATIBLE_TRANSPORT,
                        "this line requires SRTP, and its keys are sent only over SIP over TLS"));
                return;
            }
            // an optional-SRTP line calling in the clear: plain RTP, no keys put on the wire
            policy = MediaPolicy.standard(SrtpPolicy.OFF);
        }
        if (scripted != null && scripted.recordsSpeech()) {
            // a message is kept as decoded G.711: the other codecs are not offered to a mailbox
            policy = new MediaPolicy(List.of(AudioCodec.PCMU, AudioCodec.PCMA), policy.telephoneEvents(), policy.telephoneEventPayloadType(),
                    policy.srtp(), policy.ptimeMillis());
        }
        InetAddress from;
        try {
            from = InetAddress.getByName(source.address());
        } catch (UnknownHostException e) {
            out.accept(replies.create(request, SipOutcome.BAD_REQUEST)); // flows carry IP literals: cannot happen
            return;
        }
        Outcome<MediaStream> opened = engine.open(this::streamEnded);
        if (!opened.isOk()) {
            if (MediaEngine.Refusal.AT_CAPACITY.name().equals(opened.why())) {
                out.accept(replies.create(request, 486, "Busy Here: every service line is in use"));
            } else {
                log.warn("no free RTP port in rtp_port_min..rtp_port_max for a service call ({} open)", engine.active());
                Response r = replies.create(request, 503, "Service Unavailable: no free RTP port");
                try {
                    r.addHeader(headers.createRetryAfterHeader(30));
                } catch (InvalidArgumentException e) {
                    throw new IllegalStateException(e);
                }
                out.accept(r);
            }
            return;
        }
        MediaStream stream = opened.value();
        ServiceCall call = new ServiceCall(callId, request, source, policy, stream, from);
        if (scripted != null) {
            Caller party = partyOf(caller, tls);
            call.script = new ScriptedCall(scripted.script(), party, extension, stream, dialogOf(call), new CallSequence(scriptPool), timers);
        }
        String sdp;
        if (offer != null) {
            OfferAnswer.Result result = OfferAnswer.answer(offer, policy, endpoint(call), RANDOM);
            if (result instanceof OfferAnswer.NotAcceptable na) {
                stream.close();
                out.accept(notAcceptable(request, na.warningCode(), na.warningText()));
                return;
            }
            OfferAnswer.Agreed agreed = (OfferAnswer.Agreed) result;
            stream.start(agreed.audio(), from);
            sdp = agreed.answer().format();
        } else {
            call.lateOffer = OfferAnswer.offer(policy, endpoint(call), RANDOM);
            sdp = call.lateOffer.sdp().format();
        }
        ServerTransaction server;
        try {
            server = existing != null ? existing : provider.getNewServerTransaction(request);
        } catch (TransactionAlreadyExistsException e) {
            stream.close();
            return; // a retransmission that raced the first copy: the first copy answers
        } catch (TransactionUnavailableException e) {
            stream.close();
            out.accept(replies.create(request, SipOutcome.SERVER_ERROR));
            return;
        }
        Response ok = replies.create(request, SipOutcome.OK);
        try {
            ok.addHeader(contact(source.transport()));
            ok.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
        } catch (ParseException e) {
            stream.close();
            throw new IllegalStateException(e);
        }
        synchronized (call) {
            call.ok = ok;
            calls.put(callId, call);
            replies.send(server, ok);
            scheduleResend(call, T1, 0);
        }
        log.debug("service call {} answered on RTP port {}", callId, stream.port());
    }

    /**
     * RFC 3261 section 13.3.1.4: the 2xx is resent, T1 doubling to T2, until its ACK; over a reliable
     * transport only the 64*T1 limit applies. Without the ACK by then the call is over.
     */
    private void scheduleResend(ServiceCall call, long interval, long elapsed) {
        call.resend = timers.schedule(() -> {
            synchronized (call) {
                if (call.acked || call.ended) {
                    return;
                }
                long total = elapsed + interval;
                if (total >= 64 * T1) {
                    timers.execute(() -> end(call, "no ACK", true));
                    return;
                }
                if (call.flow.transport().equals("udp")) {
                    replies.send(call.invite, call.ok);
                }
                scheduleResend(call, Math.min(interval * 2, T2), total);
            }
        }, interval, TimeUnit.MILLISECONDS);
    }

    private OfferAnswer.LocalEndpoint endpoint(ServiceCall call) {
        return local.mediaEndpoint(call.stream.port(), call.sessionId, call.sessionVersion);
    }

    private ContactHeader contact(String transport) throws ParseException {
        return local.contact(addresses, headers, "service", transport);
    }

    private static SrtpPolicy srtpOf(Srtp srtp) {
        return switch (srtp) {
            case OFF -> SrtpPolicy.OFF;
            case OPTIONAL -> SrtpPolicy.OFFER;
            case MANDATORY -> SrtpPolicy.REQUIRED;
        };
    }

    private static boolean carriesKeys(Sdp offer) {
        return !offer.values("crypto").isEmpty() || offer.media().stream().anyMatch(m -> !m.values("crypto").isEmpty());
    }

    private void refuse(Request request, int warning, String text) {
        replies.send(request, notAcceptable(request, warning, text));
    }

    private Response notAcceptable(Request request, int warning, String text) {
        return withWarning(replies.create(request, 488, "Not Acceptable Here"), warning, text);
    }

    private Response withWarning(Response r, int code, String text) {
        try {
            // a Warning's text is a quoted string: keep it to printable characters without quotes
            String clean = text.replaceAll("[^\\x20-\\x7E]", "?").replace('"', '\'').replace('\\', '/');
            r.addHeader(headers.createWarningHeader(local.host(), code, clean.length() > 200 ? clean.substring(0, 200) : clean));
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
        return r;
    }

    // ------------------------------------------------------------------ in the dialog

    /** Whether an in-dialog request belongs to a call answered here. */
    boolean owns(Request request) {
        CallIdHeader id = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        ServiceCall call = id == null ? null : calls.get(id.getCallId());
        if (call == null) {
            return false;
        }
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to != null && Replies.tagFor(call.invite).equals(to.getTag());
    }

    void inDialog(RequestEvent event, Flow source) {
        Request request = event.getRequest();
        ServiceCall call = calls.get(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
        if (call == null) {
            if (!Request.ACK.equals(request.getMethod())) {
                replies.reply(request, SipOutcome.CALL_DOES_NOT_EXIST);
            }
            return;
        }
        switch (request.getMethod()) {
            case Request.ACK -> acked(call, request);
            case Request.BYE -> {
                // the call's port and slot are free before the 200 says the call is over
                end(call, "BYE from the caller", false);
                replies.reply(request, SipOutcome.OK);
            }
            case Request.INVITE -> reinvite(call, request);
            case Request.INFO -> info(call, request);
            case Request.NOTIFY -> referProgress(call, request);
            case Request.OPTIONS -> replies.reply(request, SipOutcome.OK);
            default -> replies.send(request, replies.create(request, SipOutcome.METHOD_NOT_ALLOWED));
        }
    }

    private void acked(ServiceCall call, Request ack) {
        OfferAnswer.Offer late;
        synchronized (call) {
            if (call.acked || call.ended) {
                return;
            }
            call.acked = true;
            if (call.resend != null) {
                call.resend.cancel(false);
            }
            late = call.lateOffer;
        }
        if (late == null) {
            if (call.script != null) {
                call.script.answered();
            }
            return;
        }
        byte[] body = ack.getRawContent();
        Outcome<Sdp> answer = body == null || body.length == 0 ? Outcome.refused("the ACK carries no answer") : Sdp.parse(body);
        OfferAnswer.Result r = answer.isOk() ? OfferAnswer.answered(late, answer.value(), call.policy)
                : new OfferAnswer.NotAcceptable(OfferAnswer.WARN_MEDIA_TYPE_NOT_AVAILABLE, answer.why());
        if (r instanceof OfferAnswer.Agreed a) {
            call.stream.start(a.audio(), call.signallingSource);
            if (call.script != null) {
                call.script.answered();
            }
        } else {
            // the 200 is acknowledged, so the only way out of a failed late offer is BYE (RFC 3264 section 5)
            end(call, "late offer not answered: " + ((OfferAnswer.NotAcceptable) r).warningText(), true);
        }
    }

    /** A new offer in the dialog: answered on the same port (same latch), or refused with the call going on as before. */
    private void reinvite(ServiceCall call, Request request) {
        byte[] body = request.getRawContent();
        if (body == null || body.length == 0) {
            refuse(request, OfferAnswer.WARN_MEDIA_TYPE_NOT_AVAILABLE, "a re-INVITE without an offer is not taken; send the offer in it");
            return;
        }
        Outcome<Sdp> offer = Sdp.parse(body);
        if (!offer.isOk()) {
            replies.send(request, withWarning(replies.create(request, 400, "Bad Request: malformed session description"), 399, offer.why()));
            return;
        }
        if (!call.flow.transport().equals("tls") && carriesKeys(offer.value()) && call.policy.srtp() != SrtpPolicy.OFF) {
            refuse(request, OfferAnswer.WARN_INCOMPATIBLE_TRANSPORT, "SDES keys are taken only over SIP over TLS");
            return;
        }
        OfferAnswer.Result result;
        synchronized (call) {
            call.sessionVersion++;
            result = OfferAnswer.answer(offer.value(), call.policy, endpoint(call), RANDOM);
        }
        if (result instanceof OfferAnswer.NotAcceptable na) {
            refuse(request, na.warningCode(), na.warningText());
            return;
        }
        OfferAnswer.Agreed agreed = (OfferAnswer.Agreed) result;
        call.stream.start(agreed.audio(), call.signallingSource);
        Response ok = replies.create(request, SipOutcome.OK);
        try {
            ok.addHeader(contact(call.flow.transport()));
            ok.setContent(agreed.answer().format(), headers.createContentTypeHeader("application", "sdp"));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        replies.send(request, ok);
    }

    // ------------------------------------------------------------------ the end

    private void streamEnded(MediaStream stream, String why) {
        for (ServiceCall c : calls.values()) {
            if (c.stream == stream) {
                timers.execute(() -> end(c, why, true));
            }
        }
    }

    /** Ends a call once: frees its port, forgets it, and with {@code bye} tells the caller. */
    private void end(ServiceCall call, String why, boolean bye) {
        synchronized (call) {
            if (call.ended) {
                return;
            }
            call.ended = true;
            if (call.resend != null) {
                call.resend.cancel(false);
            }
        }
        calls.remove(call.callId, call);
        if (call.script != null) {
            call.script.ended(why);
        }
        call.stream.close();
        log.debug("service call {} ended: {} (received {}, echoed {}, refused {})", call.callId, why, call.stream.received(),
                call.stream.echoed(), call.stream.refused());
        if (bye) {
            sendBye(call);
        }
    }

    /** BYE in the dialog the 200 made. */
    private void sendBye(ServiceCall call) {
        try {
            send(call, inDialog(call, Request.BYE), null);
        } catch (ParseException | InvalidArgumentException | RuntimeException e) {
            log.debug("cannot send BYE for service call {}: {}", call.callId, e.toString());
        }
    }

    /**
     * A request of ours in the dialog the 200 made: we are its UAS, so From and To swap (RFC 3261
     * section 12.1.1), and it goes to the caller's Contact down the flow the INVITE came on.
     */
    private Request inDialog(ServiceCall call, String method) throws ParseException, InvalidArgumentException {
        Request invite = call.invite;
        FromHeader callerFrom = (FromHeader) invite.getHeader(FromHeader.NAME);
        ToHeader calledTo = (ToHeader) invite.getHeader(ToHeader.NAME);
        ContactHeader callerContact = (ContactHeader) invite.getHeader(ContactHeader.NAME);
        URI target = callerContact != null ? callerContact.getAddress().getURI() : callerFrom.getAddress().getURI();
        Address us = addresses.createAddress(calledTo.getAddress().getURI());
        FromHeader from = headers.createFromHeader(us, Replies.tagFor(invite));
        ToHeader to = headers.createToHeader(callerFrom.getAddress(), callerFrom.getTag());
        CSeqHeader cseq;
        synchronized (call) {
            cseq = headers.createCSeqHeader(call.cseq++, method);
        }
        ViaHeader via = headers.createViaHeader(local.host(), local.portFor(call.flow.transport()),
                call.flow.transport().toUpperCase(Locale.ROOT), null);
        return messages.createRequest(target, method, (CallIdHeader) invite.getHeader(CallIdHeader.NAME), cseq, from, to,
                List.of(via), headers.createMaxForwardsHeader(70));
    }

    private void send(ServiceCall call, Request request, Object awaiting) {
        router.via(call.flow, () -> {
            try {
                ClientTransaction tx = provider.getNewClientTransaction(request);
                tx.setApplicationData(awaiting);
                tx.sendRequest();
            } catch (SipException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ what scripts do in the dialog

    private ScriptedCall.Dialog dialogOf(ServiceCall call) {
        return new ScriptedCall.Dialog() {
            @Override
            public void refer(String extension, Runnable refused) {
                ServiceCalls.this.refer(call, extension, refused);
            }

            @Override
            public void hangUp() {
                timers.execute(() -> end(call, "hung up by the service", true));
            }
        };
    }

    /**
     * Hands the caller over to {@code extension} (RFC 3515): a REFER whose Refer-To is the
     * extension at this server, so the phone calls it itself and the call goes phone to phone. The
     * phone's NOTIFYs tell how its call went ({@link #referProgress}); a refused or unanswered REFER
     * goes back to the script.
     */
    private void refer(ServiceCall call, String extension, Runnable refused) {
        if (!extension.matches("[0-9A-Za-z*#+._-]{1,32}")) {
            timers.execute(refused);
            return;
        }
        try {
            Request refer = inDialog(call, Request.REFER);
            SipURI target = addresses.createSipURI(extension, referDomain(call));
            refer.addHeader(headers.createReferToHeader(addresses.createAddress(target)));
            refer.addHeader(contact(call.flow.transport()));
            synchronized (call) {
                call.referRefused = refused;
            }
            send(call, refer, new AwaitsResponse() {
                private boolean done;

                @Override
                public void response(javax.sip.ResponseEvent event) {
                    int code = event.getResponse().getStatusCode();
                    if (code < 200 || done) {
                        return;
                    }
                    done = true;
                    if (code >= 300) {
                        referFailed(call);
                    }
                }

                @Override
                public void timeout() {
                    if (!done) {
                        done = true;
                        referFailed(call);
                    }
                }
            });
        } catch (ParseException | InvalidArgumentException | RuntimeException e) {
            log.debug("cannot send REFER for service call {}: {}", call.callId, e.toString());
            timers.execute(refused);
        }
    }

    /**
     * The domain the phone called the service at: a customer's own SIP domain names that
     * customer's extension space (issue 17), so the extension the phone is handed over to must be
     * in it too; this server's own host would be another customer's space, and the phone's call
     * there is refused as crossing customers.
     */
    private String referDomain(ServiceCall call) {
        return call.invite.getRequestURI() instanceof SipURI dialled && dialled.getHost() != null ? dialled.getHost() : local.host();
    }

    private void referFailed(ServiceCall call) {
        Runnable r;
        synchronized (call) {
            r = call.referRefused;
            call.referRefused = null;
        }
        if (r != null) {
            r.run();
        }
    }

    /**
     * The phone's NOTIFY about the call a REFER made it place (RFC 3515 section 2.4.4, a
     * {@code message/sipfrag} of that call's status line): once it is answered, this call's work is
     * done and it ends with BYE; a failure gives the caller back to the script.
     */
    private void referProgress(ServiceCall call, Request notify) {
        replies.reply(notify, SipOutcome.OK);
        byte[] body = notify.getRawContent();
        String frag = body == null ? "" : new String(body, java.nio.charset.StandardCharsets.US_ASCII).trim();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^SIP/2\\.0\\s+(\\d{3})").matcher(frag);
        if (!m.find()) {
            return;
        }
        int code = Integer.parseInt(m.group(1));
        if (code >= 200 && code < 300) {
            synchronized (call) {
                call.referRefused = null;
            }
            timers.execute(() -> end(call, "handed over", true));
        } else if (code >= 300) {
            referFailed(call);
        }
    }

    /**
     * A key sent by SIP INFO, as phones without RFC 4733 (or set to INFO) send them: the
     * {@code application/dtmf-relay} body ({@code Signal=5}) most of them use, or
     * {@code application/dtmf} with the key alone. Answered 200 either way; anything else in an
     * INFO is ignored.
     */
    private void info(ServiceCall call, Request request) {
        replies.reply(request, SipOutcome.OK);
        if (call.script != null) {
            InfoDigits.of(request).ifPresent(call.script::infoDigit);
        }
    }

    @Override
    public void close() {
        for (ServiceCall c : calls.values()) {
            end(c, "shutdown", false);
        }
        engine.close();
        scriptPool.shutdown();
    }
}
