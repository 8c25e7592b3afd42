package io.phonehome.admin;

import io.phonehome.http.HttpStatusException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The admin API's route table: method, path template ({@code /api/v1/devices/{mac}}), the least
 * role that may call it (null: no token needed), the query parameters it accepts, and its
 * handler. The table is data, so the OpenAPI document can be checked against it by a test.
 *
 * <p>Matching: a path is matched segment by segment; among templates that match, the one with
 * more literal segments wins ({@code /devices/import} beats {@code /devices/{mac}}); then the
 * method decides, 405 with {@code Allow} when the path exists under other methods only.
 */
final class Router {
    /** Handles one matched call. */
    @FunctionalInterface
    interface Handler {
        void handle(Call call) throws Exception;
    }

    /** One route. {@code role} null: public (no token). */
    record Route(String method, String path, Role role, Set<String> query, Handler handler) {
        Route {
            query = Set.copyOf(query);
        }

        List<String> segments() {
            return Arrays.asList(path.substring(1).split("/"));
        }

        String key() {
            return method + " " + path;
        }
    }

    /** A route and the values of its path parameters. */
    record Match(Route route, Map<String, String> params) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String path, Role role, Set<String> query, Handler handler) {
        Route r = new Route(method, path, role, query, handler);
        for (Route other : routes) {
            if (other.key().equals(r.key())) {
                throw new IllegalStateException("route defined twice: " + r.key());
            }
        }
        routes.add(r);
        return this;
    }

    Router get(String path, Role role, Set<String> query, Handler h) {
        return add("GET", path, role, query, h);
    }

    Router post(String path, Role role, Set<String> query, Handler h) {
        return add("POST", path, role, query, h);
    }

    Router patch(String path, Role role, Handler h) {
        return add("PATCH", path, role, Set.of(), h);
    }

    Router put(String path, Role role, Handler h) {
        return add("PUT", path, role, Set.of(), h);
    }

    Router delete(String path, Role role, Handler h) {
        return add("DELETE", path, role, Set.of(), h);
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }

    /**
     * @throws HttpStatusException 404 when no template matches, 405 (with the allowed methods in
     *                             the message and {@link #allowed}) when only other methods do
     */
    Match match(String method, List<String> segments) {
        int best = -1;
        List<Match> candidates = new ArrayList<>();
        for (Route r : routes) {
            List<String> t = r.segments();
            if (t.size() != segments.size()) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            int literals = 0;
            boolean ok = true;
            for (int i = 0; i < t.size() && ok; i++) {
                String ts = t.get(i);
                if (ts.startsWith("{") && ts.endsWith("}")) {
                    params.put(ts.substring(1, ts.length() - 1), segments.get(i));
                } else if (ts.equals(segments.get(i))) {
                    literals++;
                } else {
                    ok = false;
                }
            }
            if (!ok) {
                continue;
            }
            if (literals > best) {
                best = literals;
                candidates.clear();
            }
            if (literals == best) {
                candidates.add(new Match(r, params));
            }
        }
        if (candidates.isEmpty()) {
            throw HttpStatusException.notFound("no such resource: /" + String.join("/", segments) + " (see /api/v1/openapi.json)");
        }
        for (Match m : candidates) {
            if (m.route().method().equals(method)) {
                return m;
            }
        }
        throw new MethodNotAllowed(candidates.stream().map(m -> m.route().method()).collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    /** 405 that remembers which methods would have worked (for the Allow header). */
    static final class MethodNotAllowed extends HttpStatusException {
        private final transient Set<String> allowed;

        MethodNotAllowed(Set<String> allowed) {
            super(405, "this resource accepts " + String.join(", ", allowed));
            this.allowed = Set.copyOf(allowed);
        }

        Set<String> allowed() {
            return allowed;
        }
    }
}
