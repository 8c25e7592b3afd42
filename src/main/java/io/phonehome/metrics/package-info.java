/**
 * What Phonehome counts and measures, for a Prometheus scraper: the narrow {@code Metrics}
 * interface the other packages call (a phone's answer by vendor and result, events by type and
 * outcome, SIP responses, HTTP and SIP latencies, import sizes, gauges of the root's choosing),
 * {@code Metrics.NONE} for components built without it, and {@code PrometheusMetrics}, the one
 * implementation (Micrometer's Prometheus registry, JVM figures included). A leaf: uses no other
 * Phonehome package; the only package that uses Micrometer.
 */
package io.phonehome.metrics;
