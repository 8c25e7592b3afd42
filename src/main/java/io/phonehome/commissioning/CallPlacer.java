package io.phonehome.commissioning;

import io.phonehome.media.CallScript;
import io.phonehome.media.Caller;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The port the SIP edge implements: Phonehome calls a line itself (every registered contact of
 * it at once, the first answer wins) and runs {@code script} once the call is up.
 */
public interface CallPlacer {
    /** How a placed call went, as SIP tells it. */
    enum Outcome { NOT_REGISTERED, NO_ANSWER, BUSY, ANSWERED, FAILED }

    /**
     * @param contact   the contact that answered, or the first one called ({@code null} when none)
     * @param userAgent that contact's User-Agent as it registered
     * @param detail    the SIP status or reason, for the report
     */
    record Placed(Outcome outcome, Instant placedAt, Instant answeredAt, Instant endedAt, String contact, String userAgent, String detail) {
    }

    /**
     * Calls {@code line}; {@code done} is called once, when the call is over (not registered at
     * once; otherwise after the refusal, the ring timeout, or the end of the answered call).
     */
    void place(Caller line, long ringMillis, CallScript script, Consumer<Placed> done);

    /** Without the SIP core nothing is registered. */
    CallPlacer NONE = (line, ringMillis, script, done) -> {
        Instant now = Instant.now();
        done.accept(new Placed(Outcome.NOT_REGISTERED, now, null, now, null, null, "the SIP core is off on this server"));
    };
}
