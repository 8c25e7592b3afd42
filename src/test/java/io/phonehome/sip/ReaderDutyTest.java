package io.phonehome.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReaderDutyTest {
    static final long MS = 1_000_000L;

    /**
     * The reader's loop, simulated: REGISTERs arrive every {@code gapNanos}; the reader blocks in
     * receive until one is there (or takes it at once when it is behind), then handles it in
     * {@code costNanos} or queues it in a microsecond.
     */
    static final class Reader {
        final ReaderDuty duty;
        long now;
        long arrival;
        long handledHere;

        Reader(ReaderDuty duty) {
            this.duty = duty;
        }

        Reader feed(long durationNanos, long gapNanos, long costNanos) {
            long end = arrival + durationNanos;
            for (; arrival < end; arrival += gapNanos) {
                long waited = Math.max(0, arrival - now);
                now += waited;
                duty.received(now, waited);
                if (duty.handleHere(true)) {
                    duty.handled(costNanos);
                    now += costNanos;
                    handledHere++;
                } else {
                    now += 1_000;
                }
            }
            return this;
        }
    }

    @Test
    void aReaderWithTimeToSpareHandlesRegistersItself() {
        Reader r = new Reader(new ReaderDuty(true));
        // 5,000 REGISTERs a second at 40 µs: a fifth of the reader's time
        r.feed(2_000 * MS, 200_000, 40_000);
        assertTrue(r.duty.handling());
        assertEquals(0, r.duty.switches());
        assertEquals(10_000, r.handledHere);
    }

    @Test
    void aReaderKeptBusyHandsRegistersToTheWorkersAndTakesThemBackWhenTheLoadDrops() {
        Reader r = new Reader(new ReaderDuty(true));
        // 20,000 a second at 40 µs: 80 % of its time, more than it may spend
        r.feed(500 * MS, 50_000, 40_000);
        assertFalse(r.duty.handling(), "left the duty under load");
        long before = r.handledHere;
        // the load stays: it does not come back for short spells, and handles only the probes
        r.feed(1_000 * MS, 50_000, 40_000);
        assertFalse(r.duty.handling());
        assertEquals(1, r.duty.switches(), "no switching back and forth at a steady load");
        assertEquals(20_000 / ReaderDuty.PROBE_EVERY, r.handledHere - before, 30,
                "queues while the load lasts, but for one in PROBE_EVERY that keeps the cost current");
        // the load drops to 2,000 a second: 8 % of its time at the last measured cost
        r.feed(500 * MS, 500_000, 40_000);
        assertTrue(r.duty.handling(), "took the duty back");
        assertEquals(2, r.duty.switches());
    }

    @Test
    void aBacklogInTheSocketCountsAsBusyWhateverCausedIt() {
        Reader r = new Reader(new ReaderDuty(true));
        // handling itself takes 20 % of the time, but the reader was descheduled for 200 ms
        // (other processes, a pause) and finds 1,000 datagrams waiting: its receives return at once
        r.feed(200 * MS, 200_000, 40_000);
        r.now += 200 * MS;
        r.feed(60 * MS, 200_000, 40_000);
        assertFalse(r.duty.handling(), "a receive that never blocks is a reader behind its socket");
        r.feed(300 * MS, 200_000, 40_000);
        assertTrue(r.duty.handling(), "back once the backlog is gone");
        assertEquals(2, r.duty.switches());
    }

    @Test
    void aCostMeasuredUnderAColdStartDoesNotKeepTheReaderOffItsDutyForGood() {
        Reader r = new Reader(new ReaderDuty(true));
        // the first second: 2,000 a second at 450 µs each (interpreted code): 90 % busy
        r.feed(1_000 * MS, 500_000, 450_000);
        assertFalse(r.duty.handling());
        // compiled, a REGISTER takes 40 µs: at 2,000 a second the probes see it and it comes back
        r.feed(2_000 * MS, 500_000, 40_000);
        assertTrue(r.duty.handling());
    }

    @Test
    void aRegisterNeverOvertakesDatagramsWaitingForAWorker() {
        ReaderDuty duty = new ReaderDuty(true);
        duty.received(0, 0);
        assertFalse(duty.handleHere(false));
        assertTrue(duty.handleHere(true));
    }

    @Test
    void switchedOffEveryDatagramGoesToTheWorkers() {
        ReaderDuty duty = new ReaderDuty(false);
        duty.received(0, 0);
        assertFalse(duty.handleHere(true));
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
