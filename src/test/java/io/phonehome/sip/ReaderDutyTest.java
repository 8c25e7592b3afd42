package io.phonehome.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReaderDutyTest {
    static final long MS = 1_000_000L;

    /** Feeds REGISTERs every {@code gapNanos} for {@code durationNanos}, each taking {@code costNanos} when handled here. */
    static long feed(ReaderDuty duty, long start, long durationNanos, long gapNanos, long costNanos) {
        long t = start;
        for (; t < start + durationNanos; t += gapNanos) {
            if (duty.handleHere(t, true)) {
                duty.handled(costNanos);
            }
        }
        return t;
    }

    @Test
    void aReaderWithTimeToSpareHandlesRegistersItself() {
        ReaderDuty duty = new ReaderDuty(true);
        // 5,000 REGISTERs a second at 40 µs each: a fifth of the reader's time
        feed(duty, 0, 2_000 * MS, 200_000, 40_000);
        assertTrue(duty.handling());
        assertEquals(0, duty.switches());
    }

    @Test
    void aReaderKeptBusyHandsRegistersToTheWorkersAndTakesThemBackWhenTheLoadDrops() {
        ReaderDuty duty = new ReaderDuty(true);
        // 22,222 a second at 40 µs: 89 % of its time, more than it may spend
        long t = feed(duty, 0, 500 * MS, 45_000, 40_000);
        assertFalse(duty.handling(), "left the duty under load");
        int handledHere = 0;
        for (int i = 0; i < ReaderDuty.PROBE_EVERY * 10; i++) {
            handledHere += duty.handleHere(t, true) ? 1 : 0;
        }
        assertEquals(10, handledHere, "queues while the load lasts, but for one in PROBE_EVERY that keeps the cost current");
        // the load stays: it does not come back for short spells
        t = feed(duty, t, 1_000 * MS, 45_000, 40_000);
        assertFalse(duty.handling());
        assertEquals(1, duty.switches(), "no switching back and forth at a steady load");
        // the load drops to 2,000 a second: 8 % of its time at the last measured cost
        feed(duty, t, 500 * MS, 500_000, 40_000);
        assertTrue(duty.handling(), "took the duty back");
        assertEquals(2, duty.switches());
    }

    @Test
    void aCostMeasuredUnderAColdStartDoesNotKeepTheReaderOffItsDutyForGood() {
        ReaderDuty duty = new ReaderDuty(true);
        // the first second: 2,000 a second at 450 µs each (interpreted code): 90 % busy
        long t = feed(duty, 0, 1_000 * MS, 500_000, 450_000);
        assertFalse(duty.handling());
        // compiled, a REGISTER takes 40 µs: at 2,000 a second the probes see it and it comes back
        feed(duty, t, 2_000 * MS, 500_000, 40_000);
        assertTrue(duty.handling());
    }

    @Test
    void aRegisterNeverOvertakesDatagramsWaitingForAWorker() {
        ReaderDuty duty = new ReaderDuty(true);
        assertFalse(duty.handleHere(0, false));
        assertTrue(duty.handleHere(MS, true));
    }

    @Test
    void switchedOffEveryDatagramGoesToTheWorkers() {
        ReaderDuty duty = new ReaderDuty(false);
        assertFalse(duty.handleHere(0, true));
        assertFalse(duty.handling());
    }

    @Test
    void onlyARegisterRequestLineQualifies() {
        byte[] register = "REGISTER sip:example.com SIP/2.0\r\n".getBytes();
        assertTrue(GuardedUdpProcessorFactory.isRegister(register, register.length));
        assertFalse(GuardedUdpProcessorFactory.isRegister(register, 8), "cut before the space");
        byte[] invite = "INVITE sip:200@example.com SIP/2.0\r\n".getBytes();
        assertFalse(GuardedUdpProcessorFactory.isRegister(invite, invite.length));
        byte[] lower = "register sip:example.com SIP/2.0\r\n".getBytes();
        assertFalse(GuardedUdpProcessorFactory.isRegister(lower, lower.length), "methods are case-sensitive (RFC 3261 7.1)");
        byte[] response = "SIP/2.0 200 OK\r\n".getBytes();
        assertFalse(GuardedUdpProcessorFactory.isRegister(response, response.length));
    }
}
