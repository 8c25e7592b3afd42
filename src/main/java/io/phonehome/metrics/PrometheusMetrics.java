package io.phonehome.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * {@link Metrics} kept in a Micrometer Prometheus registry and written in the Prometheus text
 * format by {@link #scrape()}. Latencies are histograms with fixed buckets (a scraper computes
 * quantiles across nodes from them), not client-side percentiles.
 */
public final class PrometheusMetrics implements Metrics, AutoCloseable {
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};

    /** The SIP methods counted by name (RFC 3261 and its extensions Phonehome meets); any other is {@code OTHER}. */
    private static final java.util.Set<String> SIP_METHODS = java.util.Set.of("REGISTER", "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS",
            "SUBSCRIBE", "NOTIFY", "MESSAGE", "REFER", "INFO", "PUBLISH", "UPDATE", "PRACK");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /**
     * Meters already registered, by name and label values: the phone listener reports on its I/O
     * threads in a boot storm, where one map lookup is cheaper than building and registering a
     * meter per request. Bounded because every label value comes from a fixed set.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public PrometheusMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Every meter in the Prometheus text exposition format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void phoneAnswer(String vendor, String result) {
        counters.computeIfAbsent("phone|" + vendor + "|" + result, k -> Counter.builder("phonehome.phone.requests")
                .description("Answers of the phone listener by the identifying vendor and the result")
                .tag("vendor", vendor).tag("result", result).register(registry)).increment();
    }

    @Override
    public void tallied(String type, String outcome) {
        String o = outcome == null ? "" : outcome;
        counters.computeIfAbsent("tallied|" + type + "|" + o, k -> Counter.builder("phonehome.phone.tallied")
                .description("Phone requests summarised per source: unknown MACs, challenges of known devices, MAC mismatches")
                .tag("type", type).tag("outcome", o).register(registry)).increment();
    }

    @Override
    public void event(String type, String outcome) {
        String o = outcome == null ? "" : outcome;
        counters.computeIfAbsent("event|" + type + "|" + o, k -> Counter.builder("phonehome.events")
                .description("Events recorded, by type and outcome (auth failures, registrations, NOTIFYs, campaign states, ...)")
                .tag("type", type).tag("outcome", o).register(registry)).increment();
    }

    @Override
    public void sipResponse(String method, int status) {
        String m = sipMethod(method);
        counters.computeIfAbsent("sip|" + m + "|" + status, k -> Counter.builder("phonehome.sip.responses")
                .description("SIP responses Phonehome sent, by request method and status code")
                .tag("method", m).tag("status", Integer.toString(status)).register(registry)).increment();
    }

    @Override
    public void sipHandled(String method, long nanos) {
        String m = sipMethod(method);
        timers.computeIfAbsent("sip|" + m, k -> Timer.builder("phonehome.sip.request").description("Time the SIP core took to handle a request, by method")
                .tag("method", m).serviceLevelObjectives(LATENCY_BUCKETS).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void httpHandled(String listener, int status, long nanos) {
        String statusClass = (status / 100) + "xx";
        timers.computeIfAbsent("http|" + listener + "|" + statusClass, k -> Timer.builder("phonehome.http.request")
                .description("Time from request to complete answer, by listener and status class")
                .tag("listener", listener).tag("status", statusClass).serviceLevelObjectives(LATENCY_BUCKETS).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void imported(String kind, int rows) {
        DistributionSummary.builder("phonehome.import.rows").description("Rows per CSV import").baseUnit("rows")
                .tag("kind", kind).serviceLevelObjectives(1, 10, 100, 1000, 10_000, 100_000).register(registry).record(rows);
    }

    @Override
    public void gauge(String name, String description, DoubleSupplier value) {
        Gauge.builder(name, value::getAsDouble).description(description).strongReference(true).register(registry);
    }

    /** A peer may send any extension method: only known ones become a label value, so no scanner grows the series. */
    static String sipMethod(String method) {
        String m = method == null ? "" : method.toUpperCase(Locale.ROOT);
        return SIP_METHODS.contains(m) ? m : "OTHER";
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
