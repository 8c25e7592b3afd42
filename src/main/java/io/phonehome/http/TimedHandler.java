package io.phonehome.http;

import io.phonehome.metrics.Metrics;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Measures each request of a listener from its arrival to its complete answer (the exchange's
 * completion, after a dispatch to a worker too) and reports it with its status.
 */
public final class TimedHandler implements HttpHandler {
    private final String listener;
    private final Metrics metrics;
    private final HttpHandler next;

    public TimedHandler(String listener, Metrics metrics, HttpHandler next) {
        this.listener = listener;
        this.metrics = metrics;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long start = System.nanoTime();
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            try {
                metrics.httpHandled(listener, ex.getStatusCode(), System.nanoTime() - start);
            } finally {
                nextListener.proceed();
            }
        });
        next.handleRequest(exchange);
    }
}
