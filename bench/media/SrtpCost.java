import io.phonehome.media.RtpPacket;
import io.phonehome.media.SdesCrypto;
import io.phonehome.media.SrtpContext;
import io.phonehome.media.SrtpSuite;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;

/**
 * SRTP's extra cost per echoed packet, on the code the echo service runs: what one echo costs in
 * SRTP work on top of plain RTP is one unprotect (the caller's packet: check the tag, decrypt) and
 * one protect (the echo: encrypt, tag), for a 20 ms G.711 packet (12-byte header, 160-byte payload).
 * The end-to-end echo harness (bench-echo.sh) drives plain RTP only: its client cannot do SDES-SRTP
 * over TLS, so the crypto path is measured here, on one thread, as CPU time per packet.
 *
 *   mvn -B -q -o -DskipTests package   # target/classes
 *   java -cp target/classes bench/media/SrtpCost.java [packets=2000000]
 */
public class SrtpCost {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        SecureRandom random = new SecureRandom();
        // each suite twice, reported the second time: the first round also warms the code both suites share
        for (int round = 0; round < 2; round++) {
        for (SrtpSuite suite : SrtpSuite.values()) {
            SdesCrypto phone = SdesCrypto.generate(1, suite, random);
            SrtpContext sender = phone.context();
            SrtpContext receiver = phone.context();
            SdesCrypto ours = SdesCrypto.generate(1, suite, random);
            SrtpContext echoOut = ours.context();
            byte[] payload = new byte[160];
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            // the phone's packets, protected ahead so only the echo's share is timed
            int batch = 50_000;
            byte[][] wire = new byte[batch][];
            long warm = Math.min(n, 400_000);
            run(sender, receiver, echoOut, payload, wire, batch, 0, warm, mx); // JIT warm-up, not reported
            long[] r = run(sender, receiver, echoOut, payload, wire, batch, warm, n, mx);
            if (round == 0) {
                continue;
            }
            System.out.printf("RESULT suite=%s packets=%d unprotect_us=%.3f protect_us=%.3f srtp_extra_us_per_echoed_packet=%.3f%n",
                    suite, n, r[0] / 1000.0 / n, r[1] / 1000.0 / n, (r[0] + r[1]) / 1000.0 / n);
        }
        }
    }

    /** CPU nanoseconds spent unprotecting and protecting {@code count} packets, starting at sequence {@code first}. */
    private static long[] run(SrtpContext sender, SrtpContext receiver, SrtpContext echoOut, byte[] payload, byte[][] wire, int batch,
                              long first, long count, ThreadMXBean mx) {
        long unprotect = 0;
        long protect = 0;
        for (long done = 0; done < count; done += batch) {
            int k = (int) Math.min(batch, count - done);
            for (int i = 0; i < k; i++) {
                long seq = first + done + i;
                byte[] rtp = RtpPacket.of(false, 0, (int) (seq & 0xFFFF), (seq * 160) & 0xFFFF_FFFFL, 0x1234, payload).toBytes();
                wire[i] = sender.protectRtp(rtp).value();
            }
            long t0 = mx.getCurrentThreadCpuTime();
            byte[][] clear = new byte[k][];
            for (int i = 0; i < k; i++) {
                clear[i] = receiver.unprotectRtp(wire[i], wire[i].length).value();
            }
            long t1 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < k; i++) {
                if (echoOut.protectRtp(clear[i]).value().length == 0) {
                    throw new AssertionError();
                }
            }
            long t2 = mx.getCurrentThreadCpuTime();
            unprotect += t1 - t0;
            protect += t2 - t1;
        }
        return new long[] {unprotect, protect};
    }
}
