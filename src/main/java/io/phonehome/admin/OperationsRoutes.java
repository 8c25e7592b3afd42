package io.phonehome.admin;

import io.phonehome.metrics.Health;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What monitoring reads from the admin listener, outside the API's {@code /api/v1} tree where
 * scrapers and orchestrators look for it: {@code /metrics} (Prometheus text format) for any API
 * token, since the figures describe the fleet (a viewer token is the one to give a scraper), and
 * {@code /health/live} and {@code /health/ready} without a token, answering only up or down per
 * check.
 */
final class OperationsRoutes {
    /** The Prometheus text exposition format's content type. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /** What the routes serve: the metrics text of the moment, and the readiness checks. */
    record Operations(Supplier<String> metricsText, Health health) {
    }

    private final Operations ops;

    OperationsRoutes(Operations ops) {
        this.ops = ops;
    }

    void register(Router r) {
        r.get("/metrics", Role.VIEWER, Set.of(), this::metrics);
        r.get("/health/live", null, Set.of(), this::live);
        r.get("/health/ready", null, Set.of(), this::ready);
    }

    private void metrics(Call c) {
        c.bytes(200, PROMETHEUS_TEXT, ops.metricsText().get().getBytes(StandardCharsets.UTF_8));
    }

    /** Live: the process answers HTTP (nothing else is asked, so an orchestrator restarts only a hung process). */
    private void live(Call c) {
        c.json(200, Map.of("status", "live"));
    }

    private void ready(Call c) {
        Map<String, Boolean> checks = ops.health().run();
        boolean ready = checks.values().stream().allMatch(Boolean::booleanValue);
        Map<String, String> shown = new LinkedHashMap<>();
        checks.forEach((name, up) -> shown.put(name, up ? "up" : "down"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ready" : "not_ready");
        body.put("checks", shown);
        c.json(ready ? 200 : 503, body);
    }
}
