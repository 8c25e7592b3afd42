package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Site;
import io.phonehome.testing.TestServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real phone (baresip, headless) finds its way through an IVR menu with RFC 4733 keys (sent with
 * baresip's {@code sndcode} through its TCP control socket) into a submenu whose option hands it
 * over to an extension: Phonehome's REFER makes baresip call that extension itself, and a second
 * baresip, registered as the extension, gets the INVITE and answers.
 */
class IvrMenuBaresipIT {
    static final String MENU = "450";
    @TempDir
    static Path work;
    static TestServer server;
    static Site site;

    @BeforeAll
    static void start() throws Exception {
        BaresipCallIT.requireBaresip();
        int rtp = ThreadLocalRandom.current().nextInt(300, 600) * 100;
        server = TestServer.withSip(Map.of(Setting.RTP_PORT_MIN, Integer.toString(rtp), Setting.RTP_PORT_MAX, Integer.toString(rtp + 98)));
        site = server.createTrustingSite("Steinhausen", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset,srtp
                80:5e:c0:00:0c:01,T46U,M1,Steinhausen,461,Caller,,off
                80:5e:c0:00:0c:02,T46U,M2,Steinhausen,462,Sales,,off
                80:5e:c0:00:0c:03,T46U,M3,Steinhausen,463,Support,,off
                """).errors()).isEmpty();
        // 1 would hand over to 462 at once; the way to 463 is 2 (submenu) then 1
        var r = server.adminJson("PUT", "/api/v1/sites/" + site.id() + "/ivr-menus/" + MENU, server.adminToken(), """
                {"greeting_prompt": "transferring", "timeout_seconds": 10,
                 "options": {"1": {"extension": "462"}, "2": {"submenu": "support"}},
                 "submenus": {"support": {"greeting_prompt": "your_extension_is", "timeout_seconds": 10,
                                          "options": {"1": {"extension": "463"}}}}}
                """);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A baresip phone on a line: its directory, its process and its control port. */
    record Phone(Path dir, Process process, int control) {
        String log() throws Exception {
            return Files.readString(dir.resolve("phone.log"), StandardCharsets.ISO_8859_1);
        }

        void awaitLog(String text, int seconds) throws Exception {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!log().contains(text) && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertThat(log()).as("baresip's log").contains(text);
        }

        /** One command through ctrl_tcp (a netstring of JSON). */
        void command(String command, String params) throws Exception {
            String json = "{\"command\":\"" + command + "\",\"params\":\"" + params + "\",\"token\":\"t\"}";
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), control)) {
                OutputStream out = s.getOutputStream();
                out.write((json.length() + ":" + json + ",").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(300);
            }
        }

        void stop() throws Exception {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static Phone phone(String mac, boolean registers) throws Exception {
        Line line = server.lines(mac).get(0);
        Path dir = Files.createTempDirectory(work, "phone-" + line.extension());
        Files.write(dir.resolve("source.wav"), EchoServiceIT.wav(EchoServiceIT.tones(40)));
        int sipPort = BaresipCallIT.freePortPair();
        int control = BaresipCallIT.freeTcpPort();
        int rtp = ThreadLocalRandom.current().nextInt(200, 290) * 100;
        Files.writeString(dir.resolve("config"), """
                poll_method		epoll
                sip_listen		127.0.0.1:%d
                net_interface		127.0.0.1
                dns_server		127.0.0.1:53
                rtp_ports		%d-%d
                module_path		/usr/lib/baresip/modules
                module			g711.so
                module			aufile.so
                module_app		account.so
                module_app		menu.so
                module_app		ctrl_tcp.so
                ctrl_tcp_listen		127.0.0.1:%d
                audio_player		none
                audio_source		aufile,%s
                audio_alert		none
                """.formatted(sipPort, rtp, rtp + 20, control, dir.resolve("source.wav")), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("accounts"), "<sip:" + line.extension() + "@127.0.0.1>;auth_user=" + line.authUser() + ";auth_pass="
                + line.password() + ";outbound=\"sip:127.0.0.1:" + server.server().sipPort() + "\";regint=" + (registers ? "600" : "0")
                + ";audio_codecs=PCMU;answermode=auto\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("contacts"), "");
        Process p = new ProcessBuilder("timeout", "-k", "3", "90", "baresip", "-f", dir.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("phone.log").toFile()).start();
        Phone phone = new Phone(dir, p, control);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), control)) {
                break;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        return phone;
    }

    @Test
    void keysByRfc4733LeadThroughASubmenuToAnExtensionThatTheCallerIsHandedOverToByRefer() throws Exception {
        Phone support = phone("805ec0000c03", true);
        Phone caller = phone("805ec0000c01", false);
        try {
            support.awaitLog("200 OK", 20); // registered
            caller.command("dial", "sip:" + MENU + "@127.0.0.1");
            caller.awaitLog("Call established", 20);
            Thread.sleep(500);
            caller.command("sndcode", "2");
            Thread.sleep(1500);
            caller.command("sndcode", "1");
            caller.awaitLog("menu: transferring call", 30); // baresip took Phonehome's REFER
            support.awaitLog("answering call on line 1 from sip:461@127.0.0.1", 20); // the INVITE reached the extension
            caller.awaitLog("Call established: sip:463@127.0.0.1", 20);
            String log = caller.log();
            assertThat(log).as(log).contains("to '<sip:463@127.0.0.1>'");
            assertThat(log).as("the first key led to the submenu, not to 462").doesNotContain("sip:462@");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.server().sip().serviceCalls() > 0 && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertThat(server.server().sip().serviceCalls()).as("the menu's call ended once the phone's new call was answered").isZero();
        } finally {
            caller.stop();
            support.stop();
            // without the once-per-tick status lines, which are most of the log
            System.out.println("--- caller\n" + caller.log().replaceAll("\\[[0-9:]+\\] audio=[0-9/]+ \\(bit/s\\) *", "")
                    + "\n--- support\n" + support.log().replaceAll("\\[[0-9:]+\\] audio=[0-9/]+ \\(bit/s\\) *", ""));
        }
    }
}
