package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.inventory.Line;
import io.phonehome.testing.SipMessage;
import io.phonehome.testing.Sipp;
import io.phonehome.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BLF key's pickup with real SIPp phones, the way Yealink ("Dialog Info Call Pickup") and Snom
 * keys do it: Anna calls Bruno, whose phone rings; Carla's key has the ringing dialog from the
 * dialog-info NOTIFY and sends Anna an INVITE with {@code Replaces} naming it (RFC 3891). Phonehome
 * routes that INVITE to Anna's phone with the header as Carla sent it; the same INVITE from Dora,
 * a line of another site, is refused with 403 and never reaches Anna. A key that picks up by
 * dialling {@code **} and the extension (Grandstream's "BLF Call-pickup Prefix") gets the same:
 * Phonehome adds the {@code Replaces} of the ringing call and routes the INVITE to the caller.
 */
class BlfPickupIT {
    private static final Pattern DIALOG = Pattern.compile("call-id=\"([^\"]+)\" local-tag=\"([^\"]+)\" remote-tag=\"([^\"]+)\"");

    @TempDir
    static Path work;
    static TestServer server;
    static Line anna;
    static Line bruno;
    static Line carla;
    static Line dora;
    static Line emil;
    static Line fritz;

    @BeforeAll
    static void start() {
        Sipp.requireInstalled();
        server = TestServer.withSip(Map.of(Setting.SIP_REGISTER_EXPIRES_MIN_SECONDS, "10"));
        server.createTrustingSite("Basel", "Europe/Zurich");
        server.createTrustingSite("Bern", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                80:5e:c0:00:71:01,T46U,N1,Basel,301,Anna Caller,
                80:5e:c0:00:71:02,T46U,N2,Basel,302,Bruno Ringing,
                80:5e:c0:00:71:03,T46U,N3,Basel,303,Carla Picker,
                80:5e:c0:00:71:04,T46U,N4,Bern,401,Dora Elsewhere,
                80:5e:c0:00:71:05,T46U,N5,Basel,304,Emil Caller,
                80:5e:c0:00:71:06,T46U,N6,Basel,305,Fritz Ringing,
                """).errors()).isEmpty();
        anna = line("805ec0007101");
        bruno = line("805ec0007102");
        carla = line("805ec0007103");
        dora = line("805ec0007104");
        emil = line("805ec0007105");
        fritz = line("805ec0007106");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Line line(String mac) {
        return server.firstLine(mac);
    }

    static void register(Line line, int port) {
        Path reg = Sipp.injection(work, List.of(Sipp.credentials(line.extension(), line.authUser(), line.password())));
        Sipp.Run register = Sipp.start(work, "register-auth.xml", "127.0.0.1:" + server.server().sipPort(), port, "u1", reg, 1, 15,
                Map.of("domain", "127.0.0.1", "expires", "300"));
        assertThat(register.await(25)).as(register.output()).isZero();
    }

    static Path calls(Line from, Line to) {
        return Sipp.injection(work, List.of(from.extension() + ";" + to.extension() + ";[authentication username="
                + from.authUser() + " password=" + from.password() + "]"));
    }

    /** A literal for a POSIX extended regular expression. */
    static String literal(String s) {
        return s.replaceAll("([.\\[\\]{}()*+?^$|\\\\])", "\\\\$1");
    }

    @Test
    void aPickupInviteWithReplacesReachesTheCallerIntactAndOneFromAnotherSiteIsRefused() throws InterruptedException {
        String target = "127.0.0.1:" + server.server().sipPort();
        int annaPort = Sipp.freeUdpPort();
        int brunoPort = Sipp.freeUdpPort();
        register(anna, annaPort);
        register(bruno, brunoPort);
        Sipp.Run ringing = Sipp.start(work, "uas-ring-cancel.xml", null, brunoPort, "u1", null, 1, 40, Map.of());
        ringing.awaitBound(brunoPort);

        SipWatcher carlasKey = new SipWatcher(server, carla);
        assertThat(carlasKey.subscribe(bruno.extension(), "dialog", 600).status()).isEqualTo(200);
        assertThat(carlasKey.notify(3_000).body()).doesNotContain("<state>");

        // Anna's call rings at Bruno for 8 s, then she hangs up
        Sipp.Run caller = Sipp.start(work, "uac-ring-then-cancel.xml", target, Sipp.freeUdpPort(), "u1", calls(anna, bruno), 1, 30,
                Map.of("domain", "127.0.0.1"), "-d", "8000");
        Matcher dialog = null;
        for (SipMessage n = carlasKey.notify(5_000); n != null; n = carlasKey.notify(5_000)) {
            if (n.body().contains("<state>early</state>")) {
                dialog = DIALOG.matcher(n.body());
                assertThat(dialog.find()).as(n.body()).isTrue();
                break;
            }
        }
        assertThat(dialog).as("an early dialog in Carla's NOTIFYs").isNotNull();
        // as Anna's phone matches it: her tag is the to-tag, Bruno's the from-tag (RFC 3891 section 3)
        String replaces = dialog.group(1) + ";to-tag=" + dialog.group(3) + ";from-tag=" + dialog.group(2) + ";early-only";

        Sipp.Run annasPhone = Sipp.start(work, Sipp.fromTemplate(work, "uas-replaces.xml", Map.of("REPLACES_REGEX", literal(replaces))).toString(),
                null, annaPort, "u1", null, 1, 30, Map.of());
        annasPhone.awaitBound(annaPort);

        Sipp.Run elsewhere = Sipp.start(work, Sipp.fromTemplate(work, "uac-pickup.xml", Map.of("CODE", "403", "REPLACES", replaces)).toString(),
                target, Sipp.freeUdpPort(), "u1", calls(dora, anna), 1, 15, Map.of("domain", "127.0.0.1"));
        assertThat(elsewhere.await(20)).as(elsewhere.output()).isZero();

        Sipp.Run pickup = Sipp.start(work, Sipp.fromTemplate(work, "uac-pickup.xml", Map.of("CODE", "486", "REPLACES", replaces)).toString(),
                target, Sipp.freeUdpPort(), "u1", calls(carla, anna), 1, 15, Map.of("domain", "127.0.0.1"));
        assertThat(pickup.await(20)).as(pickup.output()).isZero();
        assertThat(annasPhone.await(20)).as(annasPhone.output()).isZero();

        assertThat(caller.await(30)).as(caller.output()).isZero();
        assertThat(ringing.await(30)).as(ringing.output()).isZero();
        carlasKey.close();
    }

    static Sipp.Run expect(Line from, String dialled, String code) {
        Path calls = Sipp.injection(work, List.of(from.extension() + ";" + dialled + ";[authentication username="
                + from.authUser() + " password=" + from.password() + "]"));
        return Sipp.start(work, Sipp.fromTemplate(work, "uac-expect.xml", Map.of("CODE", code)).toString(),
                "127.0.0.1:" + server.server().sipPort(), Sipp.freeUdpPort(), "u1", calls, 1, 15, Map.of("domain", "127.0.0.1"));
    }

    @Test
    void thePickupCodeBeforeARingingExtensionReachesTheCallerWithTheReplacesOfTheRingingCall() throws InterruptedException {
        String target = "127.0.0.1:" + server.server().sipPort();
        int emilPort = Sipp.freeUdpPort();
        int fritzPort = Sipp.freeUdpPort();
        register(emil, emilPort);
        register(fritz, fritzPort);
        Sipp.Run nothingRings = expect(carla, PickupRule.CODE_PREFIX + fritz.extension(), "480");
        assertThat(nothingRings.await(20)).as(nothingRings.output()).isZero();

        Sipp.Run ringing = Sipp.start(work, "uas-ring-cancel.xml", null, fritzPort, "u1", null, 1, 40, Map.of());
        ringing.awaitBound(fritzPort);
        SipWatcher lamp = new SipWatcher(server, carla);
        assertThat(lamp.subscribe(fritz.extension(), "dialog", 600).status()).isEqualTo(200);
        assertThat(lamp.notify(3_000).body()).doesNotContain("<state>");
        Sipp.Run caller = Sipp.start(work, "uac-ring-then-cancel.xml", target, Sipp.freeUdpPort(), "u1", calls(emil, fritz), 1, 30,
                Map.of("domain", "127.0.0.1"), "-d", "8000");
        Matcher dialog = null;
        for (SipMessage n = lamp.notify(5_000); n != null; n = lamp.notify(5_000)) {
            if (n.body().contains("<state>early</state>")) {
                dialog = DIALOG.matcher(n.body());
                assertThat(dialog.find()).as(n.body()).isTrue();
                break;
            }
        }
        assertThat(dialog).as("an early dialog in Carla's NOTIFYs").isNotNull();
        String replaces = dialog.group(1) + ";to-tag=" + dialog.group(3) + ";from-tag=" + dialog.group(2) + ";early-only";
        Sipp.Run emilsPhone = Sipp.start(work, Sipp.fromTemplate(work, "uas-replaces.xml", Map.of("REPLACES_REGEX", literal(replaces))).toString(),
                null, emilPort, "u1", null, 1, 30, Map.of());
        emilsPhone.awaitBound(emilPort);

        Sipp.Run elsewhere = expect(dora, PickupRule.CODE_PREFIX + fritz.extension(), "403");
        assertThat(elsewhere.await(20)).as(elsewhere.output()).isZero();
        Sipp.Run pickup = expect(carla, PickupRule.CODE_PREFIX + fritz.extension(), "486");
        assertThat(pickup.await(20)).as(pickup.output()).isZero();
        assertThat(emilsPhone.await(20)).as(emilsPhone.output()).isZero();

        assertThat(caller.await(30)).as(caller.output()).isZero();
        assertThat(ringing.await(30)).as(ringing.output()).isZero();
        lamp.close();
    }
}
