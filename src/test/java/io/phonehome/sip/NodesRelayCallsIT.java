package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.inventory.Line;
import io.phonehome.testing.Sipp;
import io.phonehome.testing.TestPostgres;
import io.phonehome.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls between SIPp phones registered on different nodes (in-process servers on one PostgreSQL,
 * issue 16): the caller's node relays the INVITE to the node holding the callee's flow, both
 * record-route, and ACK and BYE find their way through both. Phones whose node dies register on
 * another and call each other again.
 */
class NodesRelayCallsIT {
    @TempDir
    static Path work;
    static TestServer a;
    static TestServer b;
    static TestServer c;

    @BeforeAll
    static void start() {
        Sipp.requireInstalled();
        String url = TestPostgres.get().createDatabase();
        a = node("node-a", url);
        a.createTrustingSite("Biel", "Europe/Zurich");
        assertThat(a.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                80:5e:c0:00:17:01,T46U,R1,Biel,1701,Caller on A,
                80:5e:c0:00:17:02,T46U,R2,Biel,1702,Callee on C,
                80:5e:c0:00:17:03,T46U,R3,Biel,1703,Stays on A,
                80:5e:c0:00:17:04,T46U,R4,Biel,1704,Moves from B to C,
                """).errors()).isEmpty();
        // started after the import: they read the lines at start (keeping nodes' caches fresh is another part of issue 16)
        b = node("node-b", url);
        c = node("node-c", url);
        // each node learns of the others at its next heartbeat read: until then it rightly thinks itself alone
        long until = System.currentTimeMillis() + 20_000;
        while (!everyNodeSeesTheOthers() && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(everyNodeSeesTheOthers()).as("every node sees the other two alive").isTrue();
    }

    static boolean everyNodeSeesTheOthers() {
        return a.server().membership().liveOthers().size() == 2 && b.server().membership().liveOthers().size() == 2
                && c.server().membership().liveOthers().size() == 2;
    }

    static TestServer node(String name, String url) {
        return TestServer.withSip(Map.of(Setting.DB_URL, url, Setting.DB_USER, TestPostgres.USER, Setting.DB_PASSWORD, TestPostgres.PASSWORD,
                Setting.NODE_NAME, name, Setting.NODE_HEARTBEAT_SECONDS, "1", Setting.SIP_REGISTER_EXPIRES_MIN_SECONDS, "10"));
    }

    @AfterAll
    static void stop() {
        for (TestServer s : new TestServer[] {c, b, a}) {
            if (s != null) {
                s.close();
            }
        }
    }

    static Line line(String mac) {
        return a.firstLine(mac);
    }

    /** Registers a SIPp phone for {@code line} from {@code port} on {@code node}; returns once the node wrote the binding. */
    static void registerOn(TestServer node, Line line, int port) {
        Path inf = Sipp.injection(work, List.of(Sipp.credentials(line.extension(), line.authUser(), line.password())));
        Sipp.Run reg = Sipp.start(work, "register-auth.xml", "127.0.0.1:" + node.server().sipPort(), port, "u1", inf, 1, 15,
                Map.of("domain", "127.0.0.1", "expires", "300"));
        assertThat(reg.await(25)).as(reg.output()).isZero();
        long deadline = System.currentTimeMillis() + 20_000;
        while (node.server().database().jdbc().queryLong("SELECT COUNT(*) FROM sip_bindings WHERE extension = ? AND node = ?", line.extension(),
                node.server().membership().self()) == 0) {
            assertThat(System.currentTimeMillis()).as("binding of " + line.extension() + " written").isLessThan(deadline);
            sleep(50);
        }
    }

    /** {@code caller} calls {@code callee} through {@code node}, answering its 407 with the line's credentials. */
    static Sipp.Run call(TestServer node, Line caller, Line callee) {
        Path inf = Sipp.injection(work, List.of(caller.extension() + ";" + callee.extension() + ";[authentication username=" + caller.authUser()
                + " password=" + caller.password() + "]"));
        return Sipp.start(work, "uac-call.xml", "127.0.0.1:" + node.server().sipPort(), Sipp.freeUdpPort(), "u1", inf, 1, 20,
                Map.of("domain", "127.0.0.1"), "-d", "500");
    }

    static Sipp.Run callee(int port) {
        Sipp.Run uas = Sipp.start(work, "uas-call.xml", null, port, "u1", null, 1, 25, Map.of());
        uas.awaitBound(port);
        return uas;
    }

    static void connects(TestServer callerNode, Line caller, Line callee, int calleePort) {
        Sipp.Run uas = callee(calleePort);
        Sipp.Run uac = call(callerNode, caller, callee);
        assertThat(uac.await(30)).as(uac.output()).isZero();
        assertThat(uas.await(30)).as(uas.output()).isZero();
    }

    @Test
    void aCallToAPhoneOnAnotherNodeIsRelayedThereAndConnects() {
        int port = Sipp.freeUdpPort();
        registerOn(c, line("805ec0001702"), port);
        assertThat(a.server().registrations().forExtension(line("805ec0001702").extension())).as("node A holds no flow of the callee").isEmpty();
        connects(a, line("805ec0001701"), line("805ec0001702"), port);
    }

    @Test
    void phonesWhoseNodeDiedRegisterOnAnotherAndStillCallEachOther() {
        Line onA = line("805ec0001703");
        Line moving = line("805ec0001704");
        int portA = Sipp.freeUdpPort();
        int portMoving = Sipp.freeUdpPort();
        registerOn(a, onA, portA);
        registerOn(b, moving, portMoving);
        connects(a, onA, moving, portMoving);

        b.close(); // node B dies: its heartbeat stops, its rows stay behind in the database
        b = null;
        registerOn(c, moving, portMoving); // the phone's second server

        connects(a, onA, moving, portMoving);
        connects(c, moving, onA, portA);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
