package io.phonehome.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.testing.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written OpenAPI document against the real route table: the same operations, each
 * with the role the router enforces, the query parameters it accepts and its path parameters;
 * and every reference in the document resolves.
 */
class OpenApiMatchesRoutesTest {
    static final JsonNode DOC = Json.parse(new String(CatalogRoutes.loadOpenApi(), StandardCharsets.UTF_8));
    static final List<Router.Route> ROUTES = AdminApi.routes(
            new AdminContext(null, null, null, null, null, null, null, null, null, null, null, null, null), () -> 8443).routes();

    /** "GET /api/v1/devices/{mac}" -> operation. */
    static Map<String, JsonNode> documented() {
        Map<String, JsonNode> ops = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> p = DOC.get("paths").fields(); p.hasNext(); ) {
            Map.Entry<String, JsonNode> path = p.next();
            for (Iterator<Map.Entry<String, JsonNode>> m = path.getValue().fields(); m.hasNext(); ) {
                Map.Entry<String, JsonNode> op = m.next();
                ops.put(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue());
            }
        }
        return ops;
    }

    static JsonNode resolve(JsonNode node) {
        if (node.has("$ref")) {
            String[] parts = node.get("$ref").asText().substring(2).split("/");
            JsonNode n = DOC;
            for (String part : parts) {
                n = n.get(part);
                assertThat(n).as("reference " + node.get("$ref").asText()).isNotNull();
            }
            return n;
        }
        return node;
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() {
        Set<String> routes = new TreeSet<>();
        ROUTES.forEach(r -> routes.add(r.key()));
        assertThat(documented().keySet()).containsExactlyInAnyOrderElementsOf(routes);
    }

    @Test
    void eachOperationStatesTheRoleTheRouterEnforces() {
        Map<String, JsonNode> ops = documented();
        for (Router.Route r : ROUTES) {
            String expected = r.role() == null ? "public" : r.role().lower();
            assertThat(ops.get(r.key()).get("x-phonehome-role").asText()).as(r.key()).isEqualTo(expected);
            if (r.role() == null) {
                assertThat(ops.get(r.key()).get("security")).as(r.key() + " is public").isEmpty();
            }
        }
    }

    @Test
    void eachOperationDocumentsExactlyTheQueryAndPathParametersItAccepts() {
        Map<String, JsonNode> ops = documented();
        for (Router.Route r : ROUTES) {
            Set<String> query = new TreeSet<>();
            Set<String> path = new TreeSet<>();
            JsonNode params = ops.get(r.key()).get("parameters");
            if (params != null) {
                for (JsonNode p : params) {
                    JsonNode param = resolve(p);
                    (param.get("in").asText().equals("query") ? query : path).add(param.get("name").asText());
                }
            }
            Set<String> templateParams = new TreeSet<>();
            Matcher m = Pattern.compile("\\{([a-z_]+)}").matcher(r.path());
            while (m.find()) {
                templateParams.add(m.group(1));
            }
            assertThat(query).as(r.key() + " query parameters").isEqualTo(new TreeSet<>(r.query()));
            assertThat(path).as(r.key() + " path parameters").isEqualTo(templateParams);
        }
    }

    @Test
    void everyReferenceInTheDocumentResolves() {
        List<JsonNode> refs = new ArrayList<>();
        collectRefs(DOC, refs);
        assertThat(refs).isNotEmpty();
        refs.forEach(OpenApiMatchesRoutesTest::resolve);
    }

    @Test
    void everyErrorResponseIsAProblemDocument() {
        for (Map.Entry<String, JsonNode> op : documented().entrySet()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = op.getValue().get("responses").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> resp = it.next();
                if (resp.getKey().startsWith("4") || resp.getKey().startsWith("5")) {
                    assertThat(resp.getValue().at("/content/application~1problem+json").isMissingNode()).as(op.getKey() + " " + resp.getKey())
                            .isFalse();
                }
            }
        }
    }

    private static void collectRefs(JsonNode n, List<JsonNode> out) {
        if (n.isObject()) {
            if (n.has("$ref")) {
                out.add(n);
            }
            n.elements().forEachRemaining(c -> collectRefs(c, out));
        } else if (n.isArray()) {
            n.elements().forEachRemaining(c -> collectRefs(c, out));
        }
    }
}
