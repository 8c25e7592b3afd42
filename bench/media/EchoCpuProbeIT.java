package io.phonehome.sip;

import io.phonehome.config.Setting;
import io.phonehome.testing.TestServer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A probe, not a test (kept out of src/test so the suite does not run it): N echo calls driven by
 * hand-made UACs in the test JVM, each sending 20 ms PCMU packets for S seconds; prints packets
 * sent and echoed and the CPU time of the media engine's own threads (media-io, media-clock) per
 * echoed packet. Run: cp bench/media/EchoCpuProbeIT.java src/test/java/io/phonehome/sip/ &&
 * mvn -B -o test -Dtest=EchoCpuProbeIT -Dcalls=200 -Dseconds=10 -Dsurefire.failIfNoSpecifiedTests=false;
 * the line starting PROBE is in target/surefire-reports/io.phonehome.sip.EchoCpuProbeIT-output.txt.
 */
class EchoCpuProbeIT {
    @Test
    void probe() throws Exception {
        int calls = Integer.getInteger("calls", 50);
        int seconds = Integer.getInteger("seconds", 10);
        EchoServiceSignallingIT.server = TestServer.withSip(Map.of(Setting.SIP_ECHO_NUMBER, "600", Setting.RTP_PORT_MIN, "40000",
                Setting.RTP_PORT_MAX, "41998", Setting.MEDIA_CALLS_MAX, "1000", Setting.MEDIA_SILENCE_SECONDS, "30"));
        TestServer server = EchoServiceSignallingIT.server;
        server.createTrustingSite("Zug", "Europe/Zurich");
        server.importCsv("mac,model,serial,site,extension,display_name,handset\n80:5e:c0:00:09:01,T46U,S1,Zug,901,Tester,\n");
        EchoServiceSignallingIT.line = server.lines("805ec0000901").get(0);
        List<EchoServiceSignallingIT.Uac> uacs = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            EchoServiceSignallingIT.Uac u = new EchoServiceSignallingIT.Uac();
            u.rtp.setReceiveBufferSize(1 << 20);
            var ok = u.invite(u.offer("0", ""));
            u.ack(null);
            uacs.add(u);
            ports.add(EchoServiceSignallingIT.rtpPort(ok));
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] ids = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("media-")).mapToLong(Thread::getId).toArray();
        long cpu0 = 0;
        for (long id : ids) {
            cpu0 += mx.getThreadCpuTime(id);
        }
        long sent = 0;
        long start = System.nanoTime();
        int ticks = seconds * 50;
        for (int t = 0; t < ticks; t++) {
            for (int i = 0; i < calls; i++) {
                uacs.get(i).sendRtp(ports.get(i), t, (byte) 0x11);
                sent++;
            }
            long next = start + (t + 1) * 20_000_000L;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
        }
        Thread.sleep(300);
        long cpu1 = 0;
        for (long id : ids) {
            cpu1 += mx.getThreadCpuTime(id);
        }
        long received = 0;
        byte[] buf = new byte[2048];
        for (EchoServiceSignallingIT.Uac u : uacs) {
            u.rtp.setSoTimeout(20);
            while (true) {
                try {
                    u.rtp.receive(new DatagramPacket(buf, buf.length));
                    received++;
                } catch (SocketTimeoutException e) {
                    break;
                }
            }
            u.bye();
            u.close();
        }
        System.out.printf("PROBE calls=%d seconds=%d sent=%d echoed=%d loss=%.3f%% media-thread-cpu=%.1f ms => %.1f us per echoed packet (%d media threads)%n",
                calls, seconds, sent, received, 100.0 * (sent - received) / sent, (cpu1 - cpu0) / 1e6, (cpu1 - cpu0) / 1e3 / Math.max(1, received), ids.length);
        server.close();
    }
}
