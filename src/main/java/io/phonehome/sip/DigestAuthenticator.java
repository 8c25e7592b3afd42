package io.phonehome.sip;

import io.phonehome.auth.DigestAlgorithm;
import io.phonehome.auth.DigestMath;
import io.phonehome.auth.NonceService;
import io.phonehome.inventory.Line;
import java.text.ParseException;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Optional;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * SIP digest authentication (RFC 3261 22, RFC 8760 for SHA-256) against the inventory's lines:
 * builds challenges with stateless nonces and checks credentials. The digest computations and
 * nonces are the ones the HTTP side uses ({@code io.phonehome.auth}).
 */
final class DigestAuthenticator {
    /** How a request's credentials check out. */
    enum Status {
        /** No Digest credentials for our realm (including foreign schemes): challenge, not a failure. */
        NO_CREDENTIALS,
        /** Credentials that cannot be checked (missing parameters, unknown algorithm, auth-int): challenge. */
        MALFORMED,
        /** Correct password but an expired nonce, or one from before a restart: challenge with stale=true. */
        STALE,
        /** No line has this auth user: a failure. */
        UNKNOWN_USER,
        /** The response does not match the line's password: a failure. */
        WRONG_PASSWORD,
        /** Correct credentials whose nonce count was used already: a retransmission or a replay. */
        REPLAYED,
        OK
    }

    /** The verdict and, when the user is known, the line. */
    record Result(Status status, Line line, String user) {
        /**
         * Answers what these credentials call for when they did not pass: a challenge (stale=true
         * for an old nonce), and for an unknown user or a wrong password also a failure counted
         * and logged by the guard. Returns false for {@code OK} and {@code REPLAYED}: the
         * registrar and the call router each treat a replayed nonce count their own way.
         */
        boolean answeredAsRefused(SipGuard guard, String address, String method, java.util.function.Consumer<Boolean> challenge) {
            switch (status) {
                case NO_CREDENTIALS, MALFORMED -> challenge.accept(false);
                case STALE -> challenge.accept(true);
                case UNKNOWN_USER, WRONG_PASSWORD -> {
                    guard.authFailure(address, method, user, status == Status.UNKNOWN_USER ? "unknown_user" : "bad_credentials");
                    challenge.accept(false);
                }
                case REPLAYED, OK -> {
                    return false;
                }
            }
            return true;
        }
    }

    private final NonceService nonces;
    private final String realm;
    /** Offered in challenges, in this order. */
    private final List<DigestAlgorithm> algorithms;
    private final LineDirectory lines;
    private final HeaderFactory headers;
    private final RecentChallenges recent = new RecentChallenges(1 << 14);
    /**
     * HA1 = H(user:realm:password) of recently checked lines, direct-mapped by the line object's
     * identity: a phone re-registering is checked against the same {@link Line} instance until
     * the lines are reloaded, so one hash of the three per authenticated request is spared. A
     * reloaded or re-read line is a new instance (and a changed password a new line), so an entry
     * never outlives the password it was computed from; a slot taken by another line only costs
     * the hash again.
     */
    private final java.util.concurrent.atomic.AtomicReferenceArray<Ha1> ha1s = new java.util.concurrent.atomic.AtomicReferenceArray<>(HA1_SLOTS);
    private static final int HA1_SLOTS = 1 << 12;

    private record Ha1(Line line, String realm, DigestAlgorithm alg, String hex) { }

    DigestAuthenticator(NonceService nonces, String realm, List<DigestAlgorithm> algorithms, LineDirectory lines, HeaderFactory headers) {
        this.nonces = nonces;
        this.realm = realm;
        this.algorithms = List.copyOf(algorithms);
        this.lines = lines;
        this.headers = headers;
    }

    /** The installation's realm (its own SIP space, every customer without a domain). */
    String realm() {
        return realm;
    }

    /** The digest realm of an extension space: a customer's own SIP domain, or the installation's realm. */
    String realm(String space) {
        return space == null || space.isEmpty() ? realm : space;
    }

    /**
     * Adds one WWW-Authenticate (401) or Proxy-Authenticate (407) challenge per offered algorithm,
     * all with one nonce (the client answers one of them; an HMAC per challenge is the registrar's
     * dearest step after parsing). A retransmitted request gets the nonce it got before.
     */
    void challenge(Request request, Response response, boolean stale) {
        challenge(request, response, stale, LineDirectory.INSTALLATION);
    }

    /** A challenge in the realm of {@code space} (issue 17: each customer's domain is its realm). */
    void challenge(Request request, Response response, boolean stale, String space) {
        try {
            String nonce = recent.nonceFor(request, nonces::issue);
            for (DigestAlgorithm alg : algorithms) {
                WWWAuthenticateHeader h = response.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED
                        ? headers.createProxyAuthenticateHeader("Digest") : headers.createWWWAuthenticateHeader("Digest");
                h.setRealm(realm(space));
                h.setNonce(nonce);
                h.setAlgorithm(alg.token());
                h.setQop("auth");
                if (stale) {
                    h.setStale(true);
                }
                response.addHeader(h);
            }
        } catch (ParseException e) {
            throw new IllegalStateException("a challenge built from our own values must parse", e);
        }
    }

    /**
     * Checks the request's credentials ({@code Authorization} for REGISTER, {@code
     * Proxy-Authorization} for requests to route) and consumes the nonce count when they are right.
     */
    Result verify(Request request, boolean proxy) {
        return verify(request, proxy, LineDirectory.INSTALLATION);
    }

    /**
     * Like {@link #verify(Request, boolean)}, for the lines of one extension space: credentials in
     * its realm, the auth user looked up among its lines only, so a customer's credentials never
     * open another customer's line.
     */
    Result verify(Request request, boolean proxy, String space) {
        String realm = realm(space);
        AuthorizationHeader h = ours(request, proxy, realm);
        if (h == null) {
            return new Result(Status.NO_CREDENTIALS, null, null);
        }
        String user = h.getParameter("username");
        String nonce = h.getParameter("nonce");
        String uri = h.getParameter("uri");
        String response = h.getParameter("response");
        if (empty(user) || empty(nonce) || empty(uri) || empty(response)) {
            return new Result(Status.MALFORMED, null, user);
        }
        // any algorithm we know is accepted, offered or not: the nonce is the same for all
        Optional<DigestAlgorithm> alg = DigestAlgorithm.parse(h.getParameter("algorithm"));
        if (alg.isEmpty()) {
            return new Result(Status.MALFORMED, null, user);
        }
        String qop = h.getParameter("qop");
        String nc = h.getParameter("nc");
        String cnonce = h.getParameter("cnonce");
        if (qop != null) {
            if (!qop.equalsIgnoreCase("auth") || empty(nc) || empty(cnonce)) {
                return new Result(Status.MALFORMED, null, user);
            }
        } else {
            nc = null;
            cnonce = null;
        }
        Optional<Line> line = lines.byAuthUser(space, user);
        boolean ok = line.isPresent() && matches(line.get(), realm, alg.get(), nonce, nc, cnonce, qop, request.getMethod(), uri, response);
        if (!ok) {
            // the password may have changed since the line was cached: ask the inventory once more
            line = lines.byAuthUserFresh(space, user);
            if (line.isEmpty()) {
                return new Result(Status.UNKNOWN_USER, null, user);
            }
            if (!matches(line.get(), realm, alg.get(), nonce, nc, cnonce, qop, request.getMethod(), uri, response)) {
                return new Result(Status.WRONG_PASSWORD, line.get(), user);
            }
        }
        // The password is right; now the nonce: ours and fresh, and this count not seen before.
        // A nonce we did not issue in this lifetime (a restart) or an old one is stale: the
        // client retries with a new nonce without asking its user.
        return switch (nonces.checkAndCount(nonce, nc)) {
            case VALID -> new Result(Status.OK, line.get(), user);
            case REPLAYED -> new Result(Status.REPLAYED, line.get(), user);
            case STALE, INVALID -> new Result(Status.STALE, line.get(), user);
        };
    }

    private AuthorizationHeader ours(Request request, boolean proxy, String realm) {
        ListIterator<?> it = request.getHeaders(proxy ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME);
        while (it.hasNext()) {
            Object o = it.next();
            if (o instanceof AuthorizationHeader h && "digest".equals(lower(h.getScheme())) && realm.equals(h.getParameter("realm"))) {
                return h;
            }
        }
        return null;
    }

    private boolean matches(Line line, String realm, DigestAlgorithm alg, String nonce, String nc, String cnonce, String qop, String method, String uri,
                            String response) {
        String ha1 = ha1(line, realm, alg);
        String expected = DigestMath.response(alg, ha1, nonce, nc, cnonce, qop == null ? null : "auth", method, uri);
        return DigestMath.matches(expected, response);
    }

    private String ha1(Line line, String realm, DigestAlgorithm alg) {
        int slot = (System.identityHashCode(line) * 31 + alg.ordinal()) & (HA1_SLOTS - 1);
        Ha1 known = ha1s.get(slot);
        if (known != null && known.line() == line && known.alg() == alg && known.realm().equals(realm)) {
            return known.hex();
        }
        String hex = DigestMath.ha1(alg, line.authUser(), realm, line.password());
        ha1s.set(slot, new Ha1(line, realm, alg, hex));
        return hex;
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
