package io.phonehome.metrics;

import java.util.function.DoubleSupplier;

/**
 * The figures other packages report. Each call is cheap and never throws; names and labels are
 * the implementation's. Label values come from small fixed sets (vendor ids, result names, SIP
 * methods and codes, event types), never from what a request carries, so a scanner cannot grow
 * the series without bound.
 */
public interface Metrics {
    /** A phone listener's answer: the vendor whose plug-in identified the request ({@code unknown} if none) and the result. */
    void phoneAnswer(String vendor, String result);

    /**
     * One request counted into a per-source summary instead of an event of its own: an unknown
     * MAC ({@code unknown_mac}), a known device challenged ({@code challenged}), a MAC mismatch.
     */
    void tallied(String type, String outcome);

    /** An event as the event log records it ({@code auth_failure}, {@code sip_registration}/{@code registered}, ...). */
    void event(String type, String outcome);

    /** A SIP response Phonehome sent to a request of {@code method}. */
    void sipResponse(String method, int status);

    /** How long the SIP core took to handle one request of {@code method}. */
    void sipHandled(String method, long nanos);

    /** How long an HTTP listener ({@code phones}, {@code admin}) took for one request, by status class. */
    void httpHandled(String listener, int status, long nanos);

    /** Rows of one CSV import ({@code devices}, {@code contacts}). */
    void imported(String kind, int rows);

    /** A figure read when scraped (pool connections, certificate expiry). */
    void gauge(String name, String description, DoubleSupplier value);

    /** Does nothing: components built without metrics (tests of one part). */
    Metrics NONE = new Metrics() {
        @Override
        public void phoneAnswer(String vendor, String result) {
        }

        @Override
        public void tallied(String type, String outcome) {
        }

        @Override
        public void event(String type, String outcome) {
        }

        @Override
        public void sipResponse(String method, int status) {
        }

        @Override
        public void sipHandled(String method, long nanos) {
        }

        @Override
        public void httpHandled(String listener, int status, long nanos) {
        }

        @Override
        public void imported(String kind, int rows) {
        }

        @Override
        public void gauge(String name, String description, DoubleSupplier value) {
        }
    };
}
