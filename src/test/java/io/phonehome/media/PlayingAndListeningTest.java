package io.phonehome.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A scripted call's media on real sockets: a clip goes out frame by frame, keys come in once each. */
class PlayingAndListeningTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static NegotiatedAudio pcmuTo(int port) {
        return new NegotiatedAudio(Optional.of("127.0.0.1"), port, AudioCodec.PCMU, 0, OptionalInt.of(101), 20, MediaDirection.SENDRECV,
                Optional.empty(), Optional.empty());
    }

    @Test
    void aClipIsSentAsConsecutive20msFramesOfTheAgreedCodecAndThenItsEndIsTold() throws Exception {
        try (MediaEngine engine = new MediaEngine(LOOPBACK, new RtpEndpoint.PortRange(33_000, 33_998), 4, 30_000);
             DatagramSocket phone = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            phone.setSoTimeout(3000);
            MediaStream stream = engine.open((s, why) -> { }).value();
            stream.start(pcmuTo(phone.getLocalPort()), LOOPBACK);
            Clip tone = Clip.tone(1000, 200, 8000);
            CountDownLatch finished = new CountDownLatch(1);
            stream.play(List.of(tone), finished::countDown);

            List<RtpPacket> got = new ArrayList<>();
            byte[] buf = new byte[1500];
            for (int i = 0; i < 10; i++) {
                DatagramPacket d = new DatagramPacket(buf, buf.length);
                phone.receive(d);
                got.add(RtpPacket.parse(buf, 0, d.getLength()).value());
            }
            assertThat(finished.await(3, TimeUnit.SECONDS)).isTrue();
            assertThat(got).allSatisfy(p -> {
                assertThat(p.payloadType()).isZero();
                assertThat(p.payloadLength()).isEqualTo(160);
            });
            assertThat(got.get(0).marker()).isTrue();
            assertThat(got.subList(1, 10)).noneMatch(RtpPacket::marker);
            for (int i = 1; i < 10; i++) {
                assertThat(got.get(i).sequenceNumber()).isEqualTo((got.get(i - 1).sequenceNumber() + 1) & 0xFFFF);
                assertThat(got.get(i).timestamp()).isEqualTo((got.get(i - 1).timestamp() + 160) & 0xFFFF_FFFFL);
            }
            // what arrived is the tone: decoded, it correlates with a 1 kHz sine at 8 kHz
            short[] pcm = G711.decodeUlaw(got.get(3).payload());
            double dot = 0;
            double energy = 0;
            double best = 0;
            for (int phase = 0; phase < 8; phase++) {
                dot = 0;
                energy = 0;
                for (int i = 0; i < pcm.length; i++) {
                    double ref = Math.sin(2 * Math.PI * 1000 * (i + phase) / 8000.0);
                    dot += pcm[i] * ref;
                    energy += (double) pcm[i] * pcm[i];
                }
                best = Math.max(best, dot / Math.sqrt(energy * pcm.length / 2.0));
            }
            assertThat(best).isGreaterThan(0.95);
            assertThat(stream.played()).isEqualTo(10);
            assertThat(stream.echoed()).isZero();
        }
    }

    @Test
    void keysPressedAsTelephoneEventsAreToldOnceEachEvenWhenTheirEndPacketsAreLost() throws Exception {
        try (MediaEngine engine = new MediaEngine(LOOPBACK, new RtpEndpoint.PortRange(34_000, 34_998), 4, 30_000);
             DatagramSocket phone = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            MediaStream stream = engine.open((s, why) -> { }).value();
            List<Character> keys = new CopyOnWriteArrayList<>();
            stream.listen(keys::add);
            stream.echo(false);
            stream.start(pcmuTo(phone.getLocalPort()), LOOPBACK);
            InetSocketAddress to = new InetSocketAddress(LOOPBACK, stream.port());
            TelephoneEventSender sender = new TelephoneEventSender(101, 8000, 20);
            int seq = 100;
            long ts = 5000;
            for (RtpPacket p : sender.packets('5', 120, seq, ts, 42)) {
                byte[] b = p.toBytes();
                phone.send(new DatagramPacket(b, b.length, to));
                seq++;
            }
            // '#' whose three end packets are all lost: told after the receiver's timeout
            for (RtpPacket p : sender.packets('#', 120, seq, ts + 4000, 42)) {
                if (p.payload()[1] < 0) {
                    continue; // the E bit: dropped on the way
                }
                byte[] b = p.toBytes();
                phone.send(new DatagramPacket(b, b.length, to));
            }
            long deadline = System.currentTimeMillis() + 5000;
            while (keys.size() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
            assertThat(keys).containsExactly('5', '#');
            assertThat(stream.echoed()).isZero();
        }
    }

    @Test
    void aPlayCutShortNeverTellsItsEndAndTheNextPlayBeginsATalkspurt() throws Exception {
        try (MediaEngine engine = new MediaEngine(LOOPBACK, new RtpEndpoint.PortRange(35_000, 35_998), 4, 30_000);
             DatagramSocket phone = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            phone.setSoTimeout(3000);
            MediaStream stream = engine.open((s, why) -> { }).value();
            stream.start(pcmuTo(phone.getLocalPort()), LOOPBACK);
            CountDownLatch first = new CountDownLatch(1);
            stream.play(List.of(Clip.silence(5000)), first::countDown);
            byte[] buf = new byte[1500];
            phone.receive(new DatagramPacket(buf, buf.length));
            stream.stopPlaying();
            assertThat(stream.isPlaying()).isFalse();
            CountDownLatch second = new CountDownLatch(1);
            stream.play(List.of(Clip.silence(40)), second::countDown);
            assertThat(second.await(3, TimeUnit.SECONDS)).isTrue();
            assertThat(first.getCount()).isEqualTo(1);
        }
    }
}
