package io.phonehome.sip;

import io.phonehome.inventory.Line;
import io.phonehome.sip.location.ContactBinding;
import io.phonehome.sip.location.Flow;
import io.phonehome.sip.location.LocationService;
import io.phonehome.sip.location.RegisterRequest;
import io.phonehome.sip.location.RegisterRequest.ContactUpdate;
import io.phonehome.sip.location.RegisterResult;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import javax.sip.InvalidArgumentException;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RequireHeader;
import javax.sip.header.SupportedHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.UserAgentHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * REGISTER (RFC 3261 section 10.3): authenticate with digest against the line whose extension the
 * To URI names, then let the {@link LocationService} add, refresh or remove its contacts, and
 * answer statelessly with the current bindings. Stateless on purpose: a registration storm costs
 * no transaction state, and a retransmitted REGISTER is recognised by its Call-ID and CSeq and
 * answered again with 200, never applied twice.
 */
final class Registrar {
    /** Longest Call-ID and contact URI stored (the database columns). */
    static final int MAX_CALL_ID = 255;
    static final int MAX_CONTACT_URI = 1024;
    static final int MAX_CONTACTS_IN_REQUEST = 32;

    private final DigestAuthenticator auth;
    private final LineDirectory lines;
    private final LocationService location;
    private final SipGuard guard;
    private final SipReports reports;
    private final Replies replies;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private volatile java.util.function.Consumer<ContactBinding> onNewContact = b -> { };
    /** The device a line's registration counts for: its own, or the hot desk its user is logged in at. */
    private java.util.function.ToLongFunction<Line> deviceOfLine = Line::deviceId;
    /** The Date header of the current second, shared by every 200 of that second (see {@link #date}). */
    private volatile DateOfSecond date;
    /** REGISTERs being handled now, by address of record, Call-ID and CSeq. */
    private final java.util.Set<String> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private record DateOfSecond(long second, Header header) { }

    Registrar(DigestAuthenticator auth, LineDirectory lines, LocationService location, SipGuard guard, SipReports reports, Replies replies,
              HeaderFactory headers, AddressFactory addresses) {
        this.auth = auth;
        this.lines = lines;
        this.location = location;
        this.guard = guard;
        this.reports = reports;
        this.replies = replies;
        this.headers = headers;
        this.addresses = addresses;
    }

    /** Set once before the stack starts. */
    void attributeLinesBy(java.util.function.ToLongFunction<Line> deviceOf) {
        this.deviceOfLine = deviceOf;
    }

    /** Who hears of each contact a REGISTER adds (the message lamps, for phones that do not subscribe). */
    void onNewContact(java.util.function.Consumer<ContactBinding> listener) {
        this.onNewContact = listener;
    }

    void handle(Request request, Flow flow) {
        handle(request, flow, userAgent(request));
    }

    /** As above, with the request's User-Agent value already read ({@link #userAgent}: the request valve reads it first). */
    void handle(Request request, Flow flow, String userAgent) {
        URI target = request.getRequestURI();
        if (!(target instanceof SipURI)) {
            replies.reply(request, SipOutcome.UNSUPPORTED_URI_SCHEME);
            return;
        }
        List<String> unsupported = unsupportedRequirements(request);
        if (!unsupported.isEmpty()) {
            Response r = replies.create(request, SipOutcome.BAD_EXTENSION);
            try {
                for (String tag : unsupported) {
                    r.addHeader(headers.createUnsupportedHeader(tag));
                }
            } catch (ParseException e) {
                // a tag that does not parse is simply not listed
            }
            replies.send(request, r);
            return;
        }
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        if (!(to.getAddress().getURI() instanceof SipURI aor) || aor.getUser() == null || aor.getUser().isEmpty()) {
            replies.send(request, replies.create(request, 400, "Bad Request: To must be a SIP URI naming the line"));
            return;
        }
        String extension = aor.getUser();
        // The To domain picks the customer (issue 17): its lines, its realm; a domain nobody here
        // has is refused, never taken for the default customer's.
        java.util.Optional<String> space = lines.spaceOf(aor.getHost());
        if (space.isEmpty()) {
            guard.domainRefused(flow.address(), Request.REGISTER, aor.getHost(), "unknown_domain");
            replies.reply(request, SipOutcome.UNKNOWN_DOMAIN);
            return;
        }
        String key = LineDirectory.aor(space.get(), extension);
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        long cseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
        // A retransmission that comes while a worker still handles the original is absorbed, as a
        // server transaction would: the original's answer goes out. Handled on a second worker it
        // would find the nonce count used and the binding not yet applied, and get a 401.
        String flight = key + '\n' + callId + '\n' + cseq;
        if (!inFlight.add(flight)) {
            return;
        }
        try {

            // The request must make sense before credentials are looked at: a bad request is a 400, not a challenge.
            Parsed parsed = parse(request, callId);
            if (parsed.error != null) {
                replies.send(request, replies.create(request, 400, "Bad Request: " + parsed.error));
                return;
            }

            DigestAuthenticator.Result a = auth.verify(request, false, space.get());
            if (a.answeredAsRefused(guard, flow.address(), Request.REGISTER, stale -> challenge(request, stale, space.get()))) {
                return;
            }
            if (a.status() == DigestAuthenticator.Status.REPLAYED) {
                if (a.line().extension().equals(extension) && location.alreadyApplied(key, callId, cseq)) {
                    // a retransmission of a REGISTER we applied: answer it again, change nothing
                    replies.send(request, okResponse(request, location.lookup(key), parsed.byUri));
                } else {
                    challenge(request, false, space.get());
                }
                return;
            }
            Line line = a.line();
            if (!line.extension().equals(extension)) {
                guard.authFailure(flow.address(), Request.REGISTER, a.user(), "wrong_line");
                replies.reply(request, SipOutcome.WRONG_LINE);
                return;
            }
            List<ContactUpdate> updates = parsed.updates;
            Map<String, ContactHeader> byUri = parsed.byUri;
            boolean wildcard = parsed.wildcard;
            List<String> path = headerValues(request, "Path");

            RegisterResult result = location.register(new RegisterRequest(key, line.id(), deviceOfLine.applyAsLong(line), callId, cseq, wildcard, updates,
                    flow, path, userAgent));
            switch (result.status()) {
                case UPDATED, UNCHANGED -> {
                    Response ok = okResponse(request, result.bindings(), byUri);
                    if (!path.isEmpty() && supports(request, "path")) {
                        ListIterator<?> paths = request.getHeaders("Path");
                        while (paths.hasNext()) {
                            ok.addHeader((Header) paths.next());
                        }
                    }
                    // queued before the phone hears back, so whoever sees the 200 can wait for them
                    for (ContactBinding b : result.added()) {
                        reports.registered(b);
                    }
                    for (ContactBinding b : result.removed()) {
                        reports.unregistered(b);
                    }
                    if (result.newUserAgent() && !userAgent.isEmpty()) {
                        reports.userAgent(result.bindings().get(0));
                    }
                    replies.send(request, ok);
                    for (ContactBinding b : result.added()) {
                        onNewContact.accept(b);
                    }
                }
                case INTERVAL_TOO_BRIEF -> {
                    Response r = replies.create(request, SipOutcome.INTERVAL_TOO_BRIEF);
                    try {
                        r.addHeader(headers.createMinExpiresHeader((int) result.minExpires()));
                    } catch (InvalidArgumentException e) {
                        throw new IllegalStateException("the minimum comes from validated settings", e);
                    }
                    replies.send(request, r);
                }
                case TOO_MANY_CONTACTS -> replies.reply(request, SipOutcome.TOO_MANY_CONTACTS);
            }
        } finally {
            inFlight.remove(flight);
        }
    }

    /** The contacts of a REGISTER, or what is wrong with it. */
    private record Parsed(String error, List<ContactUpdate> updates, Map<String, ContactHeader> byUri, boolean wildcard) {
        static Parsed bad(String error) {
            return new Parsed(error, List.of(), Map.of(), false);
        }
    }

    /** Checks and reads the parts of a REGISTER the location service needs (RFC 3261 10.3 steps 5 to 7). */
    private static Parsed parse(Request request, String callId) {
        if (callId.length() > MAX_CALL_ID) {
            return Parsed.bad("Call-ID too long");
        }
        // jain-sip keeps a header it cannot parse aside instead of failing the message: for the
        // headers a registration depends on that is a malformed request
        ListIterator<String> unparsed = ((gov.nist.javax.sip.message.SIPMessage) request).getUnrecognizedHeaders();
        while (unparsed != null && unparsed.hasNext()) {
            String h = unparsed.next();
            int colon = h.indexOf(':');
            String name = (colon >= 0 ? h.substring(0, colon) : h).trim().toLowerCase(Locale.ROOT);
            if (name.equals("expires") || name.equals("contact") || name.equals("m") || name.equals("path")
                    || name.equals("authorization")) {
                return Parsed.bad("malformed " + name + " header");
            }
        }
        long headerExpires = -1;
        ExpiresHeader eh = request.getExpires();
        if (eh != null) {
            headerExpires = eh.getExpires();
            if (headerExpires < 0) {
                return Parsed.bad("malformed Expires");
            }
        }
        List<ContactUpdate> updates = new ArrayList<>();
        Map<String, ContactHeader> byUri = new HashMap<>();
        boolean wildcard = false;
        int count = 0;
        ListIterator<?> it = request.getHeaders(ContactHeader.NAME);
        while (it.hasNext()) {
            ContactHeader c = (ContactHeader) it.next();
            count++;
            if (count > MAX_CONTACTS_IN_REQUEST) {
                return Parsed.bad("too many Contacts");
            }
            if (c.isWildCard()) {
                wildcard = true;
                continue;
            }
            if (c.getAddress() == null || !(c.getAddress().getURI() instanceof SipURI)) {
                return Parsed.bad("Contact must be a SIP URI");
            }
            String uri = c.getAddress().getURI().toString();
            if (uri.length() > MAX_CONTACT_URI) {
                return Parsed.bad("Contact URI too long");
            }
            long expires = headerExpires;
            String param = c.getParameter("expires");
            if (param != null) {
                expires = deltaSeconds(param);
                if (expires < 0) {
                    return Parsed.bad("malformed expires parameter");
                }
            }
            float q = -1;
            String qp = c.getParameter("q");
            if (qp != null) {
                q = qValue(qp);
                if (Float.isNaN(q)) {
                    return Parsed.bad("malformed q parameter");
                }
            }
            updates.add(new ContactUpdate(uri, expires, q));
            byUri.putIfAbsent(uri, c);
        }
        if (wildcard && (count > 1 || headerExpires != 0)) {
            return Parsed.bad("Contact * needs Expires: 0 and no other Contact");
        }
        return new Parsed(null, updates, byUri, wildcard);
    }

    private void challenge(Request request, boolean stale, String space) {
        Response r = replies.create(request, SipOutcome.CHALLENGE);
        auth.challenge(request, r, stale, space);
        replies.send(request, r);
    }


    /** 200 with every current binding and its remaining time (RFC 3261 10.3 step 8), and a Date. */
    private Response okResponse(Request request, List<ContactBinding> bindings, Map<String, ContactHeader> fromRequest) {
        Response r = replies.create(request, SipOutcome.OK);
        long now = System.currentTimeMillis();
        try {
            for (ContactBinding b : bindings) {
                // reuse the request's parsed Contact when it is the same URI: no second parse per REGISTER
                ContactHeader c = fromRequest.remove(b.contact());
                if (c == null) {
                    c = headers.createContactHeader(addresses.createAddress(addresses.createURI(b.contact())));
                } else {
                    c.removeParameter("expires");
                }
                c.setExpires((int) Math.min(Integer.MAX_VALUE, b.remainingSeconds(now)));
                r.addHeader(c);
            }
        } catch (InvalidArgumentException | ParseException e) {
            throw new IllegalStateException("a stored contact must encode again", e);
        }
        r.addHeader(date(now));
        return r;
    }

    /**
     * The Date header, built once a second (its formatting is not free at thousands of REGISTERs a
     * second) and shared, not copied, by the responses of that second: a copy clones its Calendar
     * and TimeZone per 200. Sharing is safe because nothing changes a header of a response
     * Phonehome originates after adding it; the response is encoded and dropped.
     */
    private Header date(long now) {
        long second = now / 1000;
        DateOfSecond d = date;
        if (d == null || d.second() != second) {
            Calendar c = Calendar.getInstance(TimeZone.getTimeZone("GMT"), Locale.ROOT);
            c.setTimeInMillis(second * 1000);
            d = new DateOfSecond(second, headers.createDateHeader(c));
            date = d;
        }
        return d.header();
    }

    /** Option tags of Require that a registrar does not support (only {@code path} is). */
    private static List<String> unsupportedRequirements(Request request) {
        if (request.getHeader(RequireHeader.NAME) == null) {
            return List.of(); // the usual REGISTER: no iterator, no list
        }
        List<String> out = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(RequireHeader.NAME);
        while (it.hasNext()) {
            String tag = ((RequireHeader) it.next()).getOptionTag();
            if (tag != null && !tag.equalsIgnoreCase("path")) {
                out.add(tag);
            }
        }
        return out;
    }

    private static boolean supports(Request request, String tag) {
        ListIterator<?> it = request.getHeaders(SupportedHeader.NAME);
        while (it.hasNext()) {
            if (tag.equalsIgnoreCase(((SupportedHeader) it.next()).getOptionTag())) {
                return true;
            }
        }
        return false;
    }

    static String userAgent(Request request) {
        Header h = request.getHeader(UserAgentHeader.NAME);
        if (h == null) {
            return "";
        }
        String s = h.toString();
        int colon = s.indexOf(':');
        String v = (colon >= 0 ? s.substring(colon + 1) : s).trim();
        return v.length() > 255 ? v.substring(0, 255) : v;
    }

    static List<String> headerValues(Request request, String name) {
        List<String> out = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(name);
        while (it.hasNext()) {
            String s = it.next().toString();
            int colon = s.indexOf(':');
            out.add((colon >= 0 ? s.substring(colon + 1) : s).trim());
        }
        return out;
    }

    /** delta-seconds (RFC 3261 25.1), at most 2^32-1; -1 when malformed or larger. */
    static long deltaSeconds(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i)) || s.charAt(i) > '9') {
                return -1;
            }
        }
        long v = Long.parseLong(s);
        return v > 0xFFFF_FFFFL ? -1 : v;
    }

    /** qvalue: 0 to 1 with up to three decimals; NaN when malformed. */
    static float qValue(String s) {
        if (!s.matches("0(\\.\\d{0,3})?|1(\\.0{0,3})?")) {
            return Float.NaN;
        }
        return Float.parseFloat(s);
    }
}
