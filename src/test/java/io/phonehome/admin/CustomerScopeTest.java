package io.phonehome.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The routes open to customer tokens are real routes, and each names its objects only in ways {@link CustomerScope} checks. */
class CustomerScopeTest {
    static final List<Router.Route> ROUTES = AdminApi.routes(
            new AdminContext(null, null, null, null, null, null, null, null, null, null, null, null, null), () -> 8443).routes();

    @Test
    void everyOpenRouteExistsSoNoEntryOpensSomethingByAccidentLater() {
        Set<String> keys = ROUTES.stream().map(Router.Route::key).collect(Collectors.toSet());
        assertThat(keys).containsAll(CustomerScope.OPEN);
    }

    @Test
    void everyOpenRouteNamesOnlyObjectsTheScopeChecksOrPartsOfThem() {
        for (Router.Route r : ROUTES) {
            if (!CustomerScope.OPEN.contains(r.key())) {
                continue;
            }
            for (String segment : r.segments()) {
                if (segment.startsWith("{")) {
                    // {index} and {name} only below a {mac}: a handset or a file of a device checked by its MAC
                    assertThat(segment).as(r.key()).isIn("{mac}", "{extension}", "{id}", "{index}", "{name}");
                    if (segment.equals("{index}") || segment.equals("{name}")) {
                        assertThat(r.path()).as(r.key()).contains("/devices/{mac}/");
                    }
                    if (segment.equals("{id}")) {
                        assertThat(r.path()).as(r.key()).startsWith("/api/v1/sites/");
                    }
                }
            }
        }
    }
}
