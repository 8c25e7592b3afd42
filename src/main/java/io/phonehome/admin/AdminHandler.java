package io.phonehome.admin;

import io.phonehome.auth.ProbeLimiter;
import io.phonehome.events.SecurityLog;
import io.phonehome.http.HttpStatusException;
import io.phonehome.http.ProblemMapper;
import io.phonehome.http.RequestPaths;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener's one handler, in this order: move off the I/O thread; check the path
 * (no traversal, no encoded separators); match a route; authenticate the bearer token (public
 * routes excepted) with a per-address limit on failures; limit a customer's token to its customer
 * ({@link CustomerScope}: 404 for anything else, before the role is looked at, so the answer never
 * depends on what another customer has); check the role; run the route. Every
 * error on the way, and any exception a route throws, leaves through {@link ProblemMapper} as
 * {@code application/problem+json}.
 */
final class AdminHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);
    /** Path segments of the admin API: the phone listener's rule plus ':' (MACs as 00:15:65:aa:bb:cc). */
    static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");
    /** The API's base URL; with a trailing slash (as the README and people write it) it is the same resource. */
    static final String API_ROOT = "/api/v1";
    private static final HttpString RETRY_AFTER = new HttpString("Retry-After");

    private final Router router;
    private final TokenStore tokens;
    private final ProbeLimiter limiter;
    private final SecurityLog security;
    private final long maxBodyBytes;
    private final CustomerScope scope;

    AdminHandler(Router router, TokenStore tokens, ProbeLimiter limiter, SecurityLog security, long maxBodyBytes, CustomerScope scope) {
        this.scope = scope;
        this.router = router;
        this.tokens = tokens;
        this.limiter = limiter;
        this.security = security;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        if (ex.isInIoThread()) {
            ex.dispatch(this);
            return;
        }
        long start = System.nanoTime();
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        ex.getResponseHeaders().put(new HttpString("X-Content-Type-Options"), "nosniff");
        String who = "-";
        try {
            String path = ex.getRequestPath();
            List<String> segments = RequestPaths.segments(path.equals(API_ROOT + "/") ? API_ROOT : path, SEGMENT);
            Router.Match match = null;
            HttpStatusException routeError = null;
            try {
                match = router.match(ex.getRequestMethod().toString(), segments);
            } catch (HttpStatusException e) {
                routeError = e;
            }
            Actor actor = null;
            if (match == null || match.route().role() != null) {
                actor = authenticate(ex);
                who = actor.name();
            }
            if (routeError != null) {
                if (routeError instanceof Router.MethodNotAllowed m) {
                    ex.getResponseHeaders().put(Headers.ALLOW, String.join(", ", m.allowed()));
                }
                throw routeError;
            }
            Router.Route route = match.route();
            if (actor != null) {
                scope.admit(actor, route, match.params());
            }
            if (route.role() != null && !actor.role().allows(route.role())) {
                throw HttpStatusException.forbidden("this needs the " + route.role().lower() + " role; the token '" + actor.name()
                        + "' has " + actor.role().lower());
            }
            route.handler().handle(new Call(ex, route, match.params(), actor, maxBodyBytes));
        } catch (Throwable t) {
            if (t instanceof io.phonehome.errors.Unavailable) {
                log.warn("{} {}: {}", ex.getRequestMethod(), ex.getRequestPath(), t.getMessage());
                ex.getResponseHeaders().put(RETRY_AFTER, Long.toString(io.phonehome.errors.Unavailable.RETRY_AFTER_SECONDS));
            }
            ProblemMapper.send(ex, Errors.translate(t));
        } finally {
            if (log.isDebugEnabled()) {
                log.debug("{} {} {} {}ms token={}", ex.getRequestMethod(), ex.getRequestPath(), ex.getStatusCode(),
                        (System.nanoTime() - start) / 1_000_000, who);
            }
        }
    }

    private Actor authenticate(HttpServerExchange ex) {
        String source = source(ex);
        if (limiter.isBlocked(source)) {
            ex.getResponseHeaders().put(RETRY_AFTER, Long.toString(limiter.retryAfterSeconds(source)));
            throw HttpStatusException.tooManyRequests("too many failed attempts from this address; try again later");
        }
        String header = ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw unauthorized(ex, "send an API token as 'Authorization: Bearer <token>' (the first one is in <data_dir>/admin-token)");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized(ex, "only Bearer tokens are accepted here");
        }
        Optional<ApiToken> token = tokens.authenticate(header.substring(7).trim());
        if (token.isEmpty()) {
            security.write("auth_failure", "admin", source, "reason", "bad_token");
            if (limiter.recordMiss(source)) {
                security.banned("admin", source, "too_many_failures", limiter.retryAfterSeconds(source));
            }
            throw unauthorized(ex, "the token is unknown or revoked");
        }
        ApiToken t = token.get();
        return new Actor(t.id(), t.name(), t.role(), source, t.customerId());
    }

    private static HttpStatusException unauthorized(HttpServerExchange ex, String message) {
        ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"phonehome-admin\"");
        return HttpStatusException.unauthorized(message);
    }

    static String source(HttpServerExchange ex) {
        InetSocketAddress peer = ex.getSourceAddress();
        return peer == null || peer.getAddress() == null ? "unknown" : peer.getAddress().getHostAddress();
    }
}
