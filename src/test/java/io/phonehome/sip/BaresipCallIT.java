package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.Mac;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.TestServer;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real headless phones (Debian's baresip) provisioned by Phonehome: each takes its SIP account
 * from the config file Phonehome serves it over HTTPS, registers with those credentials and the
 * registrar port the config names, and one calls the other through Phonehome; media (opus) flows
 * phone to phone. The call script is the shared harness's ({@code src/test/resources/sip/baresip}),
 * every baresip bounded by {@code timeout} and {@code -t} and stopped by its PID.
 */
class BaresipCallIT {
    static final String CALLER_MAC = "805ec0000701";
    static final String CALLEE_MAC = "805ec0000702";
    @TempDir
    static Path work;
    static TestServer server;

    /** What a provisioned phone knows about its first account. */
    record Account(String user, String authUser, String password, int port) {
    }

    @BeforeAll
    static void start() throws Exception {
        requireBaresip();
        server = TestServer.withSip(Map.of());
        server.createTrustingSite("Zug", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                80:5e:c0:00:07:01,T46U,B1,Zug,701,Caller,
                80:5e:c0:00:07:02,T46U,B2,Zug,702,Callee,
                """).errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static void requireBaresip() throws Exception {
        try {
            Process p = new ProcessBuilder("baresip", "-h").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new AssertionError("baresip (Debian package baresip-core) is required by this test: apt-get install baresip-core", e);
        }
    }

    /** The account the phone's provisioned config gives it (fetched as a T46U would, over HTTPS). */
    static Account provisioned(String mac) {
        HttpResponse<String> r = server.get(mac + ".cfg", "Yealink SIP-T46U 108.86.0.20 " + Mac.parse(mac).colons());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, String> cfg = KeyValueConfig.parse(r.body());
        return new Account(cfg.get("account.1.user_name"), cfg.get("account.1.auth_name"), cfg.get("account.1.password"),
                Integer.parseInt(cfg.get("account.1.sip_server.1.port")));
    }

    @Test
    void twoProvisionedPhonesRegisterAndCallEachOtherWithMedia() throws Exception {
        call("udp", "opus");
    }

    @Test
    void theSameOverTcp() throws Exception {
        call("tcp", "pcmu");
    }

    static void call(String transport, String media) throws Exception {
        Account caller = provisioned(CALLER_MAC);
        Account callee = provisioned(CALLEE_MAC);
        assertThat(caller.port()).as("the config names the registrar's real port").isEqualTo(server.server().sipPort());
        int rtpBase = ThreadLocalRandom.current().nextInt(200, 600) * 100;
        Path dir = Files.createTempDirectory(work, "baresip-" + transport);
        List<String> cmd = List.of("timeout", "-k", "5", "120", "bash", Path.of("src/test/resources/sip/baresip/baresip-call-test.sh").toAbsolutePath()
                .toString(), "127.0.0.1", Integer.toString(caller.port()), "2");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        Map<String, String> env = pb.environment();
        env.put("CALLER", caller.user());
        env.put("CALLER_AUTH", caller.authUser());
        env.put("CALLER_PW", caller.password());
        env.put("CALLEE", callee.user());
        env.put("CALLEE_AUTH", callee.authUser());
        env.put("CALLEE_PW", callee.password());
        env.put("TRANSPORT", transport);
        env.put("MEDIA", media);
        env.put("WORK_DIR", dir.resolve("phones").toString());
        env.put("CALLER_SIP_PORT", Integer.toString(freePortPair()));
        env.put("CALLEE_SIP_PORT", Integer.toString(freePortPair()));
        env.put("CALLER_CTRL_PORT", Integer.toString(freeTcpPort()));
        env.put("CALLEE_CTRL_PORT", Integer.toString(freeTcpPort()));
        env.put("CALLER_RTP", rtpBase + "-" + (rtpBase + 48));
        env.put("CALLEE_RTP", (rtpBase + 50) + "-" + (rtpBase + 98));
        Process p = pb.start();
        boolean done = p.waitFor(150, TimeUnit.SECONDS);
        if (!done) {
            p.destroy();
        }
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertThat(done && p.exitValue() == 0).as(out + logs(dir.resolve("phones"))).isTrue();
        assertThat(out).contains("call established (caller side)").contains("hangup (BYE) seen by both").endsWith("PASS\n");
    }

    static String logs(Path dir) {
        StringBuilder sb = new StringBuilder();
        for (String f : List.of("caller.log", "callee.log")) {
            try {
                String t = Files.readString(dir.resolve(f), StandardCharsets.UTF_8);
                sb.append("\n== ").append(f).append('\n').append(t.length() > 4000 ? t.substring(t.length() - 4000) : t);
            } catch (IOException e) {
                sb.append("\n(no ").append(f).append(')');
            }
        }
        return sb.toString();
    }

    /** A port p with p and p+1 free for UDP and TCP (baresip takes p+1 for TLS). */
    static int freePortPair() {
        for (int i = 0; i < 200; i++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (free(p) && free(p + 1)) {
                return p;
            }
        }
        throw new AssertionError("no free port pair");
    }

    static int freeTcpPort() {
        for (int i = 0; i < 200; i++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (free(p)) {
                return p;
            }
        }
        throw new AssertionError("no free port");
    }

    static boolean free(int port) {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (ServerSocket s = new ServerSocket(); DatagramSocket d = new DatagramSocket(null)) {
            s.bind(new InetSocketAddress(lo, port));
            d.bind(new InetSocketAddress(lo, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
