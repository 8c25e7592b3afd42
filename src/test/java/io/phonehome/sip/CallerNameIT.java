package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.inventory.Line;
import io.phonehome.testing.Sipp;
import io.phonehome.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The name a callee's phone shows for an internal call is the inventory's, set by the SIP core:
 * a SIPp caller registered as a provisioned line lies in its From ("Mallory") and sends another
 * extension's P-Asserted-Identity; the SIPp callee's trace shows what Phonehome forwarded.
 */
class CallerNameIT {
    @TempDir
    static Path work;
    static TestServer server;
    static Line anna;
    static Line callee;
    static Line nightDesk;

    @BeforeAll
    static void start() {
        Sipp.requireInstalled();
        server = TestServer.withSip(Map.of(Setting.SIP_REGISTER_EXPIRES_MIN_SECONDS, "10"));
        server.createTrustingSite("Basel", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                80:5e:c0:00:52:01,T46U,N1,Basel,201,Anna Muster,
                80:5e:c0:00:52:02,T46U,N2,Basel,202,Bruno Callee,
                80:5e:c0:00:52:03,T46U,N3,Basel,203,"Ops ""Night"" \\ Desk",
                """).errors()).isEmpty();
        anna = line("805ec0005201");
        callee = line("805ec0005202");
        nightDesk = line("805ec0005203");
        assertThat(nightDesk.displayName()).isEqualTo("Ops \"Night\" \\ Desk");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Line line(String mac) {
        return server.firstLine(mac);
    }

    /** Calls the callee from {@code caller} with the lying scenario; returns the INVITE's headers as the callee got them. */
    static List<String> inviteSeenByCallee(Line caller) {
        int port = Sipp.freeUdpPort();
        String target = "127.0.0.1:" + server.server().sipPort();
        Path reg = Sipp.injection(work, List.of(Sipp.credentials(callee.extension(), callee.authUser(), callee.password())));
        Sipp.Run register = Sipp.start(work, "register-auth.xml", target, port, "u1", reg, 1, 15, Map.of("domain", "127.0.0.1", "expires", "300"));
        assertThat(register.await(25)).as(register.output()).isZero();
        Sipp.Run uas = Sipp.start(work, "uas-call.xml", null, port, "u1", null, 1, 25, Map.of());
        uas.awaitBound(port);
        Path calls = Sipp.injection(work, List.of(caller.extension() + ";" + callee.extension() + ";[authentication username="
                + caller.authUser() + " password=" + caller.password() + "]"));
        Sipp.Run uac = Sipp.start(work, "uac-call-spoofed-name.xml", target, Sipp.freeUdpPort(), "u1", calls, 1, 20,
                Map.of("domain", "127.0.0.1"), "-d", "200");
        assertThat(uac.await(30)).as(uac.output()).isZero();
        assertThat(uas.await(30)).as(uas.output()).isZero();
        return uas.receivedRequestHeaders("INVITE");
    }

    static List<String> header(List<String> headers, String name) {
        return headers.stream().filter(h -> h.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(h -> h.substring(name.length() + 1).strip()).toList();
    }

    @Test
    void theCalleeSeesTheCallersInventoryNameNotTheOneItsPhoneSent() {
        List<String> invite = inviteSeenByCallee(anna);
        assertThat(header(invite, "From")).singleElement().asString().startsWith("\"Anna Muster\" <sip:201@127.0.0.1>;tag=");
        assertThat(header(invite, "P-Asserted-Identity")).containsExactly("\"Anna Muster\" <sip:201@127.0.0.1>");
        assertThat(String.join("\n", invite)).doesNotContain("Mallory").doesNotContain("The Boss");
    }

    @Test
    void aNameWithQuotesAndABackslashIsAnEscapedQuotedString() {
        List<String> invite = inviteSeenByCallee(nightDesk);
        String quoted = "\"Ops \\\"Night\\\" \\\\ Desk\"";
        assertThat(header(invite, "From")).singleElement().asString().startsWith(quoted + " <sip:203@127.0.0.1>;tag=");
        assertThat(header(invite, "P-Asserted-Identity")).containsExactly(quoted + " <sip:203@127.0.0.1>");
    }
}
