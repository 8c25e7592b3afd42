package io.phonehome.testing;

import java.util.function.BooleanSupplier;

/** Polling for a condition with a deadline, for what another thread, process or node does in its own time. */
public final class Await {
    private Await() {
    }

    /**
     * Polls {@code condition} every 5 ms until it holds; returns how many milliseconds that took,
     * or fails when it does not hold within {@code millis}.
     */
    public static long within(long millis, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > millis * 1_000_000) {
                throw new AssertionError("not within " + millis + " ms");
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
