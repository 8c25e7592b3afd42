package io.phonehome.sip;

/**
 * Whether the thread that reads the UDP socket handles a REGISTER itself or queues it for a
 * worker, decided from how much of its time the reader still spends waiting for datagrams.
 *
 * <p>Why: handing a datagram to a worker costs a second thread wake-up on top of the one the
 * socket already costs, and on a VM a wake-up is most of a REGISTER's CPU (perf: the kernel's
 * interrupt enabling was a fifth of the registrar's samples at 5,000 registrations/s). Kamailio's
 * workers read the socket and answer on the same thread. But a reader busy handling REGISTERs
 * leaves datagrams in the kernel's first-come buffer, where the fair queue cannot protect a
 * phone from a flood; so the reader handles them only while the socket stays mostly idle, and
 * hands everything to the workers, through the fair queue, as soon as it does not.
 *
 * <p>Busy is what is not spent blocked in the socket's receive: handling, being descheduled
 * in favour of other processes, a collection pause. A backlog in the socket, whatever made it,
 * shows as receives that return at once, so it counts as busy too. Per window of
 * {@link #WINDOW_NANOS}: while handling, the reader leaves that duty when it was busy more than
 * {@link #LEAVE_ABOVE} of the window; while queueing, it takes the duty back when the REGISTERs
 * of the last window, at what one cost it to handle, would have taken less than
 * {@link #RETURN_BELOW}. The gap between the two keeps it from switching back and forth at a
 * steady load. While queueing it still handles one REGISTER in {@link #PROBE_EVERY} (when
 * nothing waits) to keep that cost current: measured once, under a cold JIT or a passing stall,
 * it would keep the reader off its duty for good. Used by the reader thread only: not thread-safe.
 */
final class ReaderDuty {
    static final long WINDOW_NANOS = 50_000_000L;
    static final double LEAVE_ABOVE = 0.7;
    static final double RETURN_BELOW = 0.4;
    static final int PROBE_EVERY = 32;
    /** The first estimate of a REGISTER's handling time, before any was measured. */
    private static final double FIRST_COST_NANOS = 100_000;

    private final boolean enabled;
    private boolean handling;
    private long windowStart = Long.MIN_VALUE;
    private long waitedNanos;
    private int registers;
    private double costNanos = FIRST_COST_NANOS;
    private long switches;

    /** @param enabled false: every datagram goes to the workers, as before this duty existed */
    ReaderDuty(boolean enabled) {
        this.enabled = enabled;
        this.handling = enabled;
    }

    /** A receive returned at {@code now} after blocking {@code waitedNanos} in the socket. */
    void received(long now, long waitedNanos) {
        if (!enabled) {
            return;
        }
        roll(now);
        this.waitedNanos += waitedNanos;
    }

    /**
     * The datagram just received is a REGISTER: true if the reader handles it (then call
     * {@link #handled} with the time it took), false if it goes to the queue.
     *
     * @param queueEmpty nothing waits for a worker: a REGISTER never overtakes queued datagrams
     */
    boolean handleHere(boolean queueEmpty) {
        if (!enabled) {
            return false;
        }
        registers++;
        return queueEmpty && (handling || registers % PROBE_EVERY == 0);
    }

    /** The reader handled one REGISTER in {@code nanos}. */
    void handled(long nanos) {
        costNanos += (nanos - costNanos) * 0.05;
    }

    boolean handling() {
        return handling;
    }

    /** How often the reader took or left the duty since the start. */
    long switches() {
        return switches;
    }

    private void roll(long now) {
        if (windowStart == Long.MIN_VALUE) {
            windowStart = now;
            return;
        }
        long elapsed = now - windowStart;
        if (elapsed < WINDOW_NANOS) {
            return;
        }
        if (handling) {
            if (elapsed - waitedNanos > LEAVE_ABOVE * elapsed) {
                handling = false;
                switches++;
            }
        } else if (registers * costNanos < RETURN_BELOW * elapsed) {
            handling = true;
            switches++;
        }
        windowStart = now;
        waitedNanos = 0;
        registers = 0;
    }
}
