package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.inventory.Line;
import io.phonehome.pki.Pem;
import io.phonehome.testing.TestServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real phone (Debian's baresip, headless) calls Phonehome's echo number with a WAV file as its
 * microphone (aufile) and records what it hears (sndfile's decoded dump): the recording must hold
 * the phone's own audio, found by normalised cross-correlation, not merely "some RTP came back".
 * With SRTP required on the line, the call works over TLS (SDES keys in the SDP) and is refused
 * over UDP, where the keys would travel in clear.
 */
@org.junit.jupiter.api.Tag("quiet") // a flood or a timing measure: run alone, see pom.xml
class EchoServiceIT {
    static final String ECHO = "600";
    static final int RATE = 8000;
    @TempDir
    static Path work;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        BaresipCallIT.requireBaresip();
        int rtp = ThreadLocalRandom.current().nextInt(300, 600) * 100;
        server = TestServer.withSip(Map.of(Setting.SIP_ECHO_NUMBER, ECHO, Setting.RTP_PORT_MIN, Integer.toString(rtp),
                Setting.RTP_PORT_MAX, Integer.toString(rtp + 98)));
        server.createTrustingSite("Zug", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset,srtp
                80:5e:c0:00:08:01,T46U,E1,Zug,801,Plain,,off
                80:5e:c0:00:08:02,T46U,E2,Zug,802,Secure,,mandatory
                """).errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void echoServiceSendsTheCallersOwnAudioBack() throws Exception {
        Call c = call("805ec0000801", "udp", null);
        assertThat(c.log).as(c.log).contains("Call established");
        double[] heard = c.heard();
        assertThat(heard.length).as("a recording of what the phone received").isGreaterThan(RATE);
        double corr = bestCorrelation(c.sent, heard);
        double other = bestCorrelation(reversed(c.sent), heard);
        System.out.printf("echo correlation %.4f, against other audio %.4f%n", corr, other);
        assertThat(corr).as("the phone's own tones come back (normalised cross-correlation)").isGreaterThan(0.9);
        assertThat(other).as("the measure tells audio apart: the same tones reversed do not match").isLessThan(0.5);
        assertThat(server.server().sip().serviceCalls()).as("the BYE freed the call").isZero();
    }

    @Test
    void srtpMandatoryEchoWorksOverTls() throws Exception {
        Call c = call("805ec0000802", "tls", "srtp-mand");
        assertThat(c.log).as(c.log).contains("Call established").contains("SRTP is Enabled");
        assertThat(bestCorrelation(c.sent, c.heard())).as("the echo decrypts to the phone's own tones").isGreaterThan(0.9);
    }

    @Test
    void srtpKeysOverUdpAreRefusedWithAWarning() throws Exception {
        Call c = call("805ec0000802", "udp", "srtp-mand");
        assertThat(c.log).as(c.log).doesNotContain("Call established").contains("488 Not Acceptable Here");
        assertThat(server.server().sip().serviceCalls()).isZero();
    }

    /** What one call gave: the source audio, the phone's log and its recordings. */
    record Call(double[] sent, String log, Path dumps) {
        double[] heard() throws IOException {
            try (Stream<Path> files = Files.list(dumps)) {
                Path dec = files.filter(p -> p.getFileName().toString().endsWith("-dec.wav")).findFirst()
                        .orElseThrow(() -> new AssertionError("no decoded dump in " + dumps + "\n" + log));
                return readWav(Files.readAllBytes(dec));
            }
        }
    }

    static Call call(String mac, String transport, String mediaenc) throws Exception {
        Line line = server.lines(mac).get(0);
        Path dir = Files.createTempDirectory(work, "phone-" + transport);
        Path dumps = Files.createDirectories(dir.resolve("dumps"));
        double[] source = tones(3.0);
        Files.write(dir.resolve("source.wav"), wav(source));
        Path ca = dir.resolve("ca.pem");
        Pem.writeCertificates(ca, List.of(server.server().certificateAuthority().caCertificate()));
        int sipPort = BaresipCallIT.freePortPair();
        int rtp = ThreadLocalRandom.current().nextInt(200, 290) * 100;
        String mods = """
                module			g711.so
                module			aufile.so
                module			sndfile.so
                """ + (mediaenc != null ? "module\t\t\tsrtp.so\n" : "");
        Files.writeString(dir.resolve("config"), """
                poll_method		epoll
                sip_listen		127.0.0.1:%d
                sip_cafile		%s
                net_interface		127.0.0.1
                dns_server		127.0.0.1:53
                rtp_ports		%d-%d
                module_path		/usr/lib/baresip/modules
                %s
                module_app		account.so
                module_app		menu.so
                audio_player		none
                audio_source		aufile,%s
                audio_alert		none
                snd_path		%s
                """.formatted(sipPort, ca, rtp, rtp + 20, mods, dir.resolve("source.wav"), dumps), StandardCharsets.UTF_8);
        int port = transport.equals("tls") ? server.server().sipTlsPort() : server.server().sipPort();
        String outbound = "sip:127.0.0.1:" + port + (transport.equals("udp") ? "" : ";transport=" + transport);
        Files.writeString(dir.resolve("accounts"), "<sip:" + line.extension() + "@127.0.0.1>;auth_user=" + line.authUser() + ";auth_pass="
                + line.password() + ";outbound=\"" + outbound + "\";regint=0;audio_codecs=PCMU" + (mediaenc != null ? ";mediaenc=" + mediaenc : "")
                + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("contacts"), "");
        // -t ends the phone (and its call, with BYE) after the tones went out and came back
        List<String> cmd = new ArrayList<>(List.of("timeout", "-k", "3", "30", "baresip", "-f", dir.toString(), "-t", "7",
                "-e", "/dial sip:" + ECHO + "@127.0.0.1"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("phone.log").toFile()).start();
        if (!p.waitFor(40, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("phone.log"), StandardCharsets.ISO_8859_1);
        return new Call(source, log, dumps);
    }

    /** A chirp and a few tones: no two half-seconds alike, so the correlation peak is unique. */
    static double[] tones(double seconds) {
        int n = (int) (seconds * RATE);
        double[] s = new double[n];
        double phase = 0;
        for (int i = 0; i < n; i++) {
            double t = (double) i / RATE;
            double f = 300 + 900 * (t % 1.0) + 400 * Math.floor(t);
            phase += 2 * Math.PI * f / RATE;
            s[i] = 0.5 * Math.sin(phase);
        }
        return s;
    }

    static double[] reversed(double[] s) {
        double[] r = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            r[i] = s[s.length - 1 - i];
        }
        return r;
    }

    static byte[] wav(double[] samples) {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * samples.length).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * samples.length);
        for (double v : samples) {
            b.putShort((short) Math.round(v * 32767));
        }
        return b.array();
    }

    /** The 16-bit mono samples of a WAV file (its data chunk found by walking the chunks). */
    static double[] readWav(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 12;
        while (pos + 8 <= file.length) {
            String id = new String(file, pos, 4, StandardCharsets.US_ASCII);
            int size = b.getInt(pos + 4);
            if (id.equals("data")) {
                int len = Math.min(size, file.length - pos - 8) / 2;
                if (size < 0) {
                    len = (file.length - pos - 8) / 2; // a dump cut short has no final size
                }
                double[] out = new double[len];
                for (int i = 0; i < len; i++) {
                    out[i] = b.getShort(pos + 8 + 2 * i) / 32768.0;
                }
                return out;
            }
            pos += 8 + size + (size & 1);
        }
        return new double[0];
    }

    /**
     * The best normalised cross-correlation of the middle two seconds of {@code sent} against any
     * stretch of {@code heard}: 1 for the same audio at some delay, near 0 for anything else.
     */
    static double bestCorrelation(double[] sent, double[] heard) {
        int from = RATE / 2;
        int n = Math.min(2 * RATE, sent.length - from);
        double sx = 0;
        for (int i = 0; i < n; i++) {
            sx += sent[from + i] * sent[from + i];
        }
        double best = 0;
        for (int lag = 0; lag + n <= heard.length; lag++) {
            double dot = 0;
            double sy = 0;
            for (int i = 0; i < n; i++) {
                double y = heard[lag + i];
                dot += sent[from + i] * y;
                sy += y * y;
            }
            if (sy > 0) {
                best = Math.max(best, dot / Math.sqrt(sx * sy));
            }
        }
        return best;
    }
}
