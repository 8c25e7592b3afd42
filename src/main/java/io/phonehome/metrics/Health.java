package io.phonehome.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The readiness checks behind {@code /health/ready}: named yes/no questions the root registers
 * (database reachable, listeners bound, certificate valid long enough). Each runs with a time limit
 * on a thread of its own, so a database that hangs makes the answer "not ready" in seconds instead
 * of a scraper's timeout. The answer names each check and says up or down, nothing more: it is
 * served without authentication.
 */
public final class Health implements AutoCloseable {
    private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
    private final long limitMillis;
    private final ExecutorService runner = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "health-check");
        t.setDaemon(true);
        return t;
    });

    /** @param limitMillis how long one check may take before it counts as down */
    public Health(long limitMillis) {
        this.limitMillis = limitMillis;
    }

    /** Adds a check; {@code name} is what the answer shows ({@code database}, {@code certificate}, ...). */
    public synchronized Health check(String name, BooleanSupplier up) {
        checks.put(name, up);
        return this;
    }

    /** Each check's name and whether it is up now, in the order they were added. */
    public Map<String, Boolean> run() {
        Map<String, BooleanSupplier> now;
        synchronized (this) {
            now = new LinkedHashMap<>(checks);
        }
        Map<String, Future<Boolean>> running = new LinkedHashMap<>();
        now.forEach((name, check) -> running.put(name, runner.submit(check::getAsBoolean)));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMillis);
        Map<String, Boolean> out = new LinkedHashMap<>();
        running.forEach((name, f) -> {
            boolean up;
            try {
                up = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                up = false;
            } catch (ExecutionException e) {
                up = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                up = false;
            }
            out.put(name, up);
        });
        return out;
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
