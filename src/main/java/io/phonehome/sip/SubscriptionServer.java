package io.phonehome.sip;

import io.phonehome.inventory.DeviceRepository;
import io.phonehome.inventory.Line;
import io.phonehome.sip.location.Flow;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.AcceptHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier side of SIP events (RFC 6665) for the {@link EventPackage}s: busy lamps watch an
 * extension's calls, message lamps watch the line's own mailbox.
 *
 * <ul>
 *   <li>A SUBSCRIBE is authenticated like a REGISTER (401, the line's digest credentials) and its
 *       From must name that line; nothing is stored before it is: an unauthenticated flood costs a
 *       stateless challenge per request.</li>
 *   <li>Who may watch whom: a line watches any extension whose device is on the same site as its
 *       own device (devices without a site count as one site), and only its own mailbox.</li>
 *   <li>Expires is granted between {@code sip_subscribe_expires_min_seconds} (423 below) and
 *       {@code _max_seconds}; Expires: 0 ends the subscription (or just fetches the state).</li>
 *   <li>Every accepted SUBSCRIBE (initial, refresh or ending) is answered 200 and followed by a
 *       NOTIFY with the full state; at expiry a NOTIFY says {@code terminated;reason=timeout}.</li>
 *   <li>Limits: {@code sip_subscriptions_per_line} (403 beyond) and {@code sip_subscriptions_max}
 *       (503 with Retry-After beyond).</li>
 * </ul>
 * Answers are stateless, like the registrar's: a retransmitted SUBSCRIBE (its CSeq already
 * applied) gets its 200 again and changes nothing.
 */
final class SubscriptionServer {
    private static final Logger log = LoggerFactory.getLogger(SubscriptionServer.class);
    /** Headers a SUBSCRIBE depends on: one jain-sip could not parse makes the request malformed. */
    private static final List<String> ESSENTIAL = List.of("event", "o", "expires", "contact", "m", "accept", "authorization", "record-route");
    static final int RETRY_AFTER_SECONDS = 300;

    /** The expiry policy: settings sip_subscribe_expires_*; an inconsistent one stops the start. */
    record Expiry(long min, long max, long byDefault) {
        Expiry {
            if (min < 1 || min > max || byDefault < min || byDefault > max) {
                throw new IllegalArgumentException("inconsistent subscription expiry: sip_subscribe_expires_min_seconds=" + min
                        + " must be at most sip_subscribe_expires_default_seconds=" + byDefault + ", at most sip_subscribe_expires_max_seconds="
                        + max);
            }
        }
    }

    private final DigestAuthenticator auth;
    private final SipGuard guard;
    private final Replies replies;
    private final HeaderFactory headers;
    private final LineDirectory lines;
    private final DeviceRepository devices;
    private final LocalAddress local;
    private final ScheduledExecutorService timers;
    private final SubscriptionTable table;
    private final EventNotifier notifier;
    private final LineActivity activity;
    private final MessageSummaries mailboxes;
    private final Expiry expiry;
    /** The dialogs other nodes said an extension has (issue 16); none while this node is alone. */
    private volatile java.util.function.Function<String, List<LineActivity.DialogView>> elsewhere = ext -> List.of();

    SubscriptionServer(DigestAuthenticator auth, SipGuard guard, Replies replies, HeaderFactory headers, LineDirectory lines, DeviceRepository devices,
                       LocalAddress local, ScheduledExecutorService timers, SubscriptionTable table, EventNotifier notifier, LineActivity activity,
                       MessageSummaries mailboxes, Expiry expiry) {
        this.auth = auth;
        this.guard = guard;
        this.replies = replies;
        this.headers = headers;
        this.lines = lines;
        this.devices = devices;
        this.local = local;
        this.timers = timers;
        this.table = table;
        this.notifier = notifier;
        this.activity = activity;
        this.mailboxes = mailboxes;
        this.expiry = expiry;
        notifier.onFailure(this::drop);
    }

    // ------------------------------------------------------------------ SUBSCRIBE

    void handle(Request request, Flow flow) {
        if (!(request.getRequestURI() instanceof SipURI target)) {
            replies.reply(request, SipOutcome.UNSUPPORTED_URI_SCHEME);
            return;
        }
        String malformed = malformedHeader(request);
        if (malformed != null) {
            badRequest(request, "malformed " + malformed + " header");
            return;
        }
        EventHeader eventHeader = (EventHeader) request.getHeader(EventHeader.NAME);
        if (eventHeader == null || eventHeader.getEventType() == null || eventHeader.getEventType().isEmpty()) {
            badRequest(request, "a SUBSCRIBE needs an Event header");
            return;
        }
        Optional<EventPackage> found = EventPackage.of(eventHeader.getEventType());
        if (found.isEmpty()) {
            Response r = replies.create(request, SipOutcome.BAD_EVENT);
            addAllowEvents(r);
            replies.send(request, r);
            return;
        }
        EventPackage pkg = found.get();
        if (!accepts(request, pkg)) {
            Response r = replies.create(request, 406, "Not Acceptable: the " + pkg.token() + " package's body is "
                    + pkg.contentType() + "/" + pkg.contentSubType());
            try {
                r.addHeader(headers.createAcceptHeader(pkg.contentType(), pkg.contentSubType()));
            } catch (ParseException e) {
                throw new IllegalStateException("our own content type must parse", e);
            }
            replies.send(request, r);
            return;
        }
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        FromHeader fromHeader = (FromHeader) request.getHeader(FromHeader.NAME);
        if (callId.length() > Registrar.MAX_CALL_ID) {
            badRequest(request, "Call-ID too long");
            return;
        }
        if (fromHeader.getTag() == null || fromHeader.getTag().isEmpty() || fromHeader.getTag().length() > 128) {
            badRequest(request, "From needs a tag of at most 128 characters");
            return;
        }
        ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
        if (contact == null || contact.getAddress() == null || !(contact.getAddress().getURI() instanceof SipURI)) {
            badRequest(request, "a SUBSCRIBE needs a SIP Contact");
            return;
        }
        if (contact.getAddress().getURI().toString().length() > Registrar.MAX_CONTACT_URI) {
            badRequest(request, "Contact URI too long");
            return;
        }
        long asked = expiry.byDefault;
        ExpiresHeader eh = request.getExpires();
        if (eh != null) {
            asked = eh.getExpires();
            if (asked < 0) {
                badRequest(request, "malformed Expires");
                return;
            }
        }
        List<String> routeSet = new ArrayList<>();
        ListIterator<?> rr = request.getHeaders(RecordRouteHeader.NAME);
        while (rr.hasNext()) {
            routeSet.add(((RecordRouteHeader) rr.next()).getAddress().toString());
            if (routeSet.size() > 8) {
                badRequest(request, "too many Record-Route entries");
                return;
            }
        }

        // Customers (issue 17): the subscriber's domain (From) picks its extension space; what it
        // watches is looked up there only, and a Request-URI of another customer's domain is refused.
        String fromHost = fromHeader.getAddress().getURI() instanceof SipURI f ? f.getHost() : null;
        Optional<String> fromSpace = lines.spaceOf(fromHost);
        Optional<String> targetSpace = lines.spaceOf(target.getHost());
        if (fromSpace.isEmpty() || targetSpace.isEmpty()) {
            guard.domainRefused(flow.address(), Request.SUBSCRIBE, fromSpace.isEmpty() ? fromHost : target.getHost(), "unknown_domain");
            replies.reply(request, SipOutcome.UNKNOWN_DOMAIN);
            return;
        }
        String space = fromSpace.get();
        if (!targetSpace.get().equals(LineDirectory.INSTALLATION) && !targetSpace.get().equals(space)) {
            guard.domainRefused(flow.address(), Request.SUBSCRIBE, target.getHost(), "other_domain");
            replies.reply(request, SipOutcome.OTHER_DOMAIN);
            return;
        }
        DigestAuthenticator.Result a = auth.verify(request, false, space);
        if (a.answeredAsRefused(guard, flow.address(), Request.SUBSCRIBE, stale -> challenge(request, stale, space))) {
            return;
        }
        long cseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
        String key = Subscription.keyOf(callId, fromHeader.getTag(), pkg, eventHeader.getEventId());
        if (a.status() == DigestAuthenticator.Status.REPLAYED) {
            Subscription s = table.get(key);
            if (s != null && s.watcher.equals(lines.aor(a.line())) && sameCSeq(s, cseq)) {
                // a retransmission of a SUBSCRIBE we applied: its 200 again, no second NOTIFY
                replies.send(request, ok(request, s.remainingSeconds(System.currentTimeMillis()), flow));
            } else {
                challenge(request, false, space);
            }
            return;
        }
        Line line = a.line();
        if (!(fromHeader.getAddress().getURI() instanceof SipURI from) || !line.extension().equals(from.getUser())) {
            guard.authFailure(flow.address(), Request.SUBSCRIBE, a.user(), "wrong_line");
            replies.reply(request, SipOutcome.WRONG_LINE);
            return;
        }
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        if (asked != 0 && asked < expiry.min) {
            Response r = replies.create(request, SipOutcome.INTERVAL_TOO_BRIEF);
            try {
                r.addHeader(headers.createMinExpiresHeader((int) expiry.min));
            } catch (InvalidArgumentException e) {
                throw new IllegalStateException("the minimum comes from validated settings", e);
            }
            replies.send(request, r);
            return;
        }
        long seconds = Math.min(asked, expiry.max);
        String contactUri = contact.getAddress().getURI().toString();
        if (to.getTag() != null) {
            refresh(request, key, to.getTag(), line, seconds, contactUri, cseq, flow);
        } else {
            create(request, pkg, eventHeader.getEventId(), key, callId, fromHeader, to, target, line, seconds, contactUri, routeSet, cseq, flow);
        }
    }

    private void create(Request request, EventPackage pkg, String eventId, String key, String callId, FromHeader from, ToHeader to, SipURI target,
                        Line line, long seconds, String contactUri, List<String> routeSet, long cseq, Flow flow) {
        Subscription existing = table.get(key);
        if (existing != null) {
            // the same dialog and event again without our tag (a lost 200): a refresh of what it made
            refresh(request, key, existing.localTag, line, seconds, contactUri, cseq, flow);
            return;
        }
        String watched = target.getUser();
        if (watched == null || watched.isEmpty()) {
            replies.reply(request, SipOutcome.NOT_FOUND);
            return;
        }
        if (pkg == EventPackage.MESSAGE_SUMMARY && !watched.equals(line.extension())) {
            replies.send(request, replies.create(request, 403, "Forbidden: a line watches its own mailbox only"));
            return;
        }
        Optional<Line> watchedLine = lines.byExtension(lines.spaceOf(line), watched);
        if (watchedLine.isEmpty()) {
            replies.reply(request, SipOutcome.NOT_FOUND);
            return;
        }
        if (!sameSite(line, watchedLine.get())) {
            replies.send(request, replies.create(request, 403, "Forbidden: extension " + watched + " is on another site"));
            return;
        }
        String localTag = Replies.tagFor(request);
        Address remote = (Address) from.getAddress().clone();
        Address localAddress = (Address) to.getAddress().clone();
        // watcher and watched by address of record: each customer's lamps see its own lines only
        Subscription s = new Subscription(key, pkg, eventId, callId, from.getTag(), localTag, lines.aor(line), lines.aor(watchedLine.get()), remote,
                localAddress,
                routeSet, contactUri, flow, cseq);
        if (seconds == 0) {
            // a fetch (RFC 6665 4.4.3): the state once, nothing kept
            replies.send(request, ok(request, 0, flow));
            sendState(s, SubscriptionStateHeader.TERMINATED, "timeout", 0);
            return;
        }
        synchronized (s) {
            s.expiresAtMillis = System.currentTimeMillis() + seconds * 1000;
        }
        switch (table.add(s)) {
            case LINE_FULL -> {
                replies.send(request, replies.create(request, 403, "Forbidden: line " + line.extension() + " holds "
                        + table.heldBy(lines.aor(line)) + " subscriptions, the most allowed"));
                return;
            }
            case TABLE_FULL -> {
                Response r = replies.create(request, 503, "Service Unavailable: subscription table full");
                try {
                    r.addHeader(headers.createRetryAfterHeader(RETRY_AFTER_SECONDS));
                } catch (InvalidArgumentException e) {
                    throw new IllegalStateException(e);
                }
                replies.send(request, r);
                return;
            }
            case ADDED -> {
            }
        }
        schedule(s, seconds);
        replies.send(request, ok(request, seconds, flow));
        sendState(s, SubscriptionStateHeader.ACTIVE, null, seconds);
    }

    private void refresh(Request request, String key, String toTag, Line line, long seconds, String contactUri, long cseq, Flow flow) {
        Subscription s = table.get(key);
        if (s == null || !s.localTag.equals(toTag)) {
            replies.send(request, replies.create(request, 481, "Subscription Does Not Exist"));
            return;
        }
        if (!s.watcher.equals(lines.aor(line))) {
            replies.reply(request, SipOutcome.WRONG_LINE);
            return;
        }
        synchronized (s) {
            if (cseq <= s.lastRemoteCSeq) {
                // RFC 3261 12.2.2: a request older than one already handled on this dialog
                replies.send(request, replies.create(request, 400, "Bad Request: CSeq not above the last one of this subscription"));
                return;
            }
            s.lastRemoteCSeq = cseq;
            s.target = contactUri;
            s.flow = flow;
            s.expiresAtMillis = System.currentTimeMillis() + seconds * 1000;
        }
        if (seconds == 0) {
            boolean mine = end(s);
            replies.send(request, ok(request, 0, flow));
            if (mine) {
                sendState(s, SubscriptionStateHeader.TERMINATED, null, 0);
            }
            return;
        }
        schedule(s, seconds);
        replies.send(request, ok(request, seconds, flow));
        sendState(s, SubscriptionStateHeader.ACTIVE, null, seconds);
    }

    private static boolean sameCSeq(Subscription s, long cseq) {
        synchronized (s) {
            return s.lastRemoteCSeq == cseq;
        }
    }

    // ------------------------------------------------------------------ state changes

    /** Where the dialogs other nodes route come from ({@link NodeLamps#elsewhere}). */
    void dialogsElsewhere(java.util.function.Function<String, List<LineActivity.DialogView>> elsewhere) {
        this.elsewhere = elsewhere;
    }

    /** Another node's calls of the extension changed: its subscriptions here get the merged state. */
    void dialogsChangedElsewhere(String extension) {
        if (!table.watching(extension, EventPackage.DIALOG).isEmpty()) {
            dialogsChanged(activity.now(extension));
        }
    }

    /** An extension's calls changed: every dialog subscription on it gets the new full state. */
    void dialogsChanged(LineActivity.Snapshot snapshot) {
        for (Subscription s : table.watching(snapshot.extension(), EventPackage.DIALOG)) {
            String body;
            long seconds;
            synchronized (s) {
                if (s.ended || snapshot.seq() < s.lastSnapshot) {
                    continue;
                }
                s.lastSnapshot = snapshot.seq();
                body = DialogInfoDocument.render(local.host(), s.watched, s.version++,
                        NodeLamps.merged(snapshot.dialogs(), elsewhere.apply(s.watched)));
                seconds = s.remainingSeconds(System.currentTimeMillis());
            }
            notifier.notify(s, SubscriptionStateHeader.ACTIVE, null, seconds, body);
        }
    }

    /** A line's mailbox changed: its subscriptions, or else its registered contacts unsolicited, are told. */
    void mailboxChanged(String extension) {
        List<Subscription> subs = table.watching(extension, EventPackage.MESSAGE_SUMMARY);
        MessageSummaries.Counts c = mailboxes.of(extension);
        String body = MessageSummaryDocument.render(local.host(), extension, c.fresh(), c.old());
        if (subs.isEmpty()) {
            mailboxes.unsolicited(extension, body);
            return;
        }
        for (Subscription s : subs) {
            long seconds;
            synchronized (s) {
                if (s.ended) {
                    continue;
                }
                seconds = s.remainingSeconds(System.currentTimeMillis());
            }
            notifier.notify(s, SubscriptionStateHeader.ACTIVE, null, seconds, body);
        }
    }

    /**
     * A phone registered a new contact: when its line has messages and no phone subscribed to the
     * mailbox, the lamp's state goes to that contact at once, unsolicited, instead of waiting for
     * the next change (a phone that restarted would otherwise stay dark).
     */
    void contactAdded(io.phonehome.sip.location.ContactBinding b) {
        MessageSummaries.Counts c = mailboxes.of(b.extension());
        if (c.equals(MessageSummaries.Counts.EMPTY) || !table.watching(b.extension(), EventPackage.MESSAGE_SUMMARY).isEmpty()) {
            return;
        }
        String body = MessageSummaryDocument.render(local.host(), b.extension(), c.fresh(), c.old());
        timers.execute(() -> mailboxes.unsolicited(b, c, body));
    }

    /** Sends the full current state of the subscription's package. */
    private void sendState(Subscription s, String state, String reason, long seconds) {
        String body;
        if (s.eventPackage == EventPackage.DIALOG) {
            LineActivity.Snapshot now = activity.now(s.watched);
            synchronized (s) {
                s.lastSnapshot = Math.max(s.lastSnapshot, now.seq());
                body = DialogInfoDocument.render(local.host(), s.watched, s.version++, NodeLamps.merged(now.dialogs(), elsewhere.apply(s.watched)));
            }
        } else {
            MessageSummaries.Counts c = mailboxes.of(s.watched);
            body = MessageSummaryDocument.render(local.host(), s.watched, c.fresh(), c.old());
        }
        notifier.notify(s, state, reason, seconds, body);
    }

    private void schedule(Subscription s, long seconds) {
        synchronized (s) {
            if (s.timer != null) {
                s.timer.cancel(false);
            }
            s.timer = timers.schedule(() -> expire(s), seconds * 1000, TimeUnit.MILLISECONDS);
        }
    }

    private void expire(Subscription s) {
        synchronized (s) {
            if (s.ended || s.expiresAtMillis > System.currentTimeMillis()) {
                return; // refreshed meanwhile: its own timer runs
            }
        }
        if (end(s)) {
            sendState(s, SubscriptionStateHeader.TERMINATED, "timeout", 0);
        }
    }

    /** Removes the subscription; true when this call ended it (so one final NOTIFY is sent, not two). */
    private boolean end(Subscription s) {
        synchronized (s) {
            if (s.ended) {
                return false;
            }
            s.ended = true;
            if (s.timer != null) {
                s.timer.cancel(false);
            }
        }
        return table.remove(s);
    }

    /** A NOTIFY failed for good (481, timeout, transport): the subscription ends without another NOTIFY. */
    private void drop(Subscription s, String why) {
        if (end(s)) {
            log.debug("subscription of {} to {} ({}) dropped: its NOTIFY failed ({})", s.watcher, s.watched, s.eventPackage.token(), why);
        }
    }

    int size() {
        return table.size();
    }

    // ------------------------------------------------------------------ helpers

    private boolean sameSite(Line watcher, Line watched) {
        if (watcher.deviceId() == watched.deviceId()) {
            return true;
        }
        Long a = devices.findById(watcher.deviceId()).map(d -> d.siteId()).orElse(null);
        Long b = devices.findById(watched.deviceId()).map(d -> d.siteId()).orElse(null);
        return Objects.equals(a, b);
    }

    private Response ok(Request request, long seconds, Flow flow) {
        Response r = replies.create(request, SipOutcome.OK);
        try {
            r.addHeader(headers.createExpiresHeader((int) Math.min(Integer.MAX_VALUE, seconds)));
            r.addHeader(notifier.contact(flow.transport()));
        } catch (InvalidArgumentException | ParseException e) {
            throw new IllegalStateException("our own headers must build", e);
        }
        return r;
    }

    private void challenge(Request request, boolean stale, String space) {
        Response r = replies.create(request, SipOutcome.CHALLENGE);
        auth.challenge(request, r, stale, space);
        replies.send(request, r);
    }

    private void badRequest(Request request, String why) {
        replies.send(request, replies.create(request, 400, "Bad Request: " + why));
    }

    /** RFC 6665 8.3.2: a 489 names the packages the notifier serves. */
    private void addAllowEvents(Response r) {
        try {
            for (EventPackage p : EventPackage.values()) {
                r.addHeader(headers.createAllowEventsHeader(p.token()));
            }
        } catch (ParseException e) {
            throw new IllegalStateException("our own package names must parse", e);
        }
    }

    /** No Accept, or one that takes the package's body type (RFC 6665 8.2.1 and each package's default). */
    private static boolean accepts(Request request, EventPackage pkg) {
        ListIterator<?> it = request.getHeaders(AcceptHeader.NAME);
        if (!it.hasNext()) {
            return true;
        }
        boolean any = false;
        while (it.hasNext()) {
            AcceptHeader h = (AcceptHeader) it.next();
            if (h.getContentType() == null && h.getContentSubType() == null) {
                continue; // an empty Accept value
            }
            any = true;
            if (pkg.acceptedBy(h.getContentType(), h.getContentSubType())) {
                return true;
            }
        }
        return !any;
    }

    private static String malformedHeader(Request request) {
        ListIterator<String> unparsed = ((gov.nist.javax.sip.message.SIPMessage) request).getUnrecognizedHeaders();
        while (unparsed != null && unparsed.hasNext()) {
            String h = unparsed.next();
            int colon = h.indexOf(':');
            String name = (colon >= 0 ? h.substring(0, colon) : h).trim().toLowerCase(Locale.ROOT);
            if (ESSENTIAL.contains(name)) {
                return name;
            }
        }
        return null;
    }
}
