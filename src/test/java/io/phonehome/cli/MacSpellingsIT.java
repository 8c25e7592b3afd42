package io.phonehome.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.FakeFirmware;
import io.phonehome.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every MAC spelling the import accepts works wherever a command or an API path takes a MAC:
 * a technician copies it from a label, a delivery note or a switch's table, not from our output.
 */
class MacSpellingsIT {
    static final String HEX = "805ec0112233";
    static TestServer server;
    static String token;

    /** The spellings the import reads (see inventory.Mac), for one MAC. */
    static List<String> spellings(String hex) {
        String up = hex.toUpperCase(Locale.ROOT);
        return List.of(pairs(hex, ":"), pairs(up, "-"), hex, up.substring(0, 4) + "." + up.substring(4, 8) + "." + up.substring(8));
    }

    static String pairs(String hex, String sep) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i += 2) {
            sb.append(i == 0 ? "" : sep).append(hex, i, i + 2);
        }
        return sb.toString();
    }

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        token = server.adminToken();
        server.createTrustingSite("Lab", "Europe/Zurich");
        StringBuilder csv = new StringBuilder("mac,model,site,display_name\n80:5e:c0:11:22:33,T46U,Lab,Anna\n");
        for (int i = 0; i < 4; i++) {
            csv.append("80:5e:c0:11:22:4").append(i).append(",T46U,Lab,Delete ").append(i).append('\n');
            csv.append("80:5e:c0:11:22:5").append(i).append(",T46U,Lab,Campaign ").append(i).append('\n');
        }
        assertThat(server.importCsv(csv.toString()).errors()).isEmpty();
        assertThat(server.get(HEX + ".cfg", "Yealink SIP-T46U 108.86.0.20 80:5e:c0:11:22:33").statusCode()).isEqualTo(200);
        server.flushRecords();
        Path image = Files.createTempDirectory("mac-spellings").resolve("T46U-108.86.0.40.rom");
        Files.write(image, FakeFirmware.bytes("spellings", 10_000));
        assertThat(cli("firmware", "upload", image.toString(), "--vendor", "yealink").code()).isZero();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CliIT.Result cli(String... args) {
        return CliIT.runAgainst(server, args);
    }

    /**
     * A command with {@code MAC} where the MAC goes, and what its output must show. Without a SIP
     * core in this server a re-sync finds the device but fails (exit 1) with not_registered.
     */
    record Command(int exit, String expected, String... args) {
        Command(String expected, String... args) {
            this(0, expected, args);
        }

        String[] with(String mac) {
            return java.util.Arrays.stream(args).map(a -> a.equals("MAC") ? mac : a).toArray(String[]::new);
        }
    }

    static final List<Command> COMMANDS = List.of(
            new Command("80:5e:c0:11:22:33", "devices", "show", "MAC"),
            new Command("80:5e:c0:11:22:33", "devices", "diagnostics", "MAC"),
            new Command("80:5e:c0:11:22:33", "devices", "rearm", "MAC"),
            new Command("updated 80:5e:c0:11:22:33", "devices", "set", "MAC", "--serial", "SN-1"),
            new Command("account.1.display_name = Anna", "devices", "preview", "MAC", HEX + ".cfg"),
            new Command(ExitCodes.FAILED, "80:5e:c0:11:22:33: resync not_registered", "devices", "resync", "MAC"),
            new Command(ExitCodes.FAILED, "80:5e:c0:11:22:33: reboot not_registered", "devices", "reboot", "MAC"),
            new Command("config_fetch", "events", "--mac", "MAC"),
            new Command("not_registered 1", "actions", "start", "--kind", "resync", "--mac", "MAC", "--wait"),
            new Command("108.86.0.40", "firmware", "target", "set", "108.86.0.40", "--mac", "MAC"),
            new Command("", "firmware", "target", "clear", "--mac", "MAC"));

    @Test
    void everyCommandThatTakesAMacTakesEverySpelling() {
        List<String> failures = new ArrayList<>();
        for (String mac : spellings(HEX)) {
            for (Command c : COMMANDS) {
                CliIT.Result r = cli(c.with(mac));
                if (r.code() != c.exit() || !(r.out() + r.err()).contains(c.expected())) {
                    failures.add(String.join(" ", c.with(mac)) + " -> exit " + r.code() + ": " + r.out().strip() + " " + r.err().strip());
                }
            }
        }
        for (int i = 0; i < 4; i++) {
            String mac = spellings("805ec011224" + i).get(i);
            CliIT.Result deleted = cli("devices", "delete", mac);
            if (deleted.code() != 0 || cli("devices", "show", mac).code() != ExitCodes.NOT_FOUND) {
                failures.add("devices delete " + mac + " -> exit " + deleted.code() + ": " + deleted.err().strip());
            }
            String campaignMac = spellings("805ec011225" + i).get(i);
            CliIT.Result campaign = cli("firmware", "campaign", "create", "--target-version", "108.86.0.40", "--mac", campaignMac);
            if (campaign.code() != 0) {
                failures.add("firmware campaign create --mac " + campaignMac + " -> exit " + campaign.code() + ": " + campaign.err().strip());
            }
        }
        assertThat(failures).isEmpty();
    }

    /** An API path with {@code MAC} in it, its method, body, the status and a text of the answer that mean it found the device. */
    record Call(String method, String path, String body, int status, String expected) {
        Call(String method, String path, String body, int status) {
            this(method, path, body, status, "80:5e:c0:11:22:33");
        }
    }

    static final List<Call> CALLS = List.of(
            new Call("GET", "/api/v1/devices/MAC", null, 200),
            new Call("PATCH", "/api/v1/devices/MAC", "{\"serial\": \"SN-2\"}", 200),
            new Call("GET", "/api/v1/devices/MAC/diagnostics", null, 200),
            new Call("GET", "/api/v1/devices/MAC/events", null, 200),
            new Call("GET", "/api/v1/devices/MAC/files", null, 200, HEX + ".cfg"),
            new Call("GET", "/api/v1/devices/MAC/files/" + HEX + ".cfg", null, 200, "account.1.display_name = Anna"),
            new Call("GET", "/api/v1/devices/MAC/files/" + HEX + ".cfg/diff", null, 200, HEX + ".cfg"),
            new Call("GET", "/api/v1/devices/MAC/lines", null, 200, "\"display_name\":\"Anna\""),
            new Call("GET", "/api/v1/devices/MAC/handsets", null, 200, "[]"),
            new Call("POST", "/api/v1/devices/MAC/rearm", null, 200),
            new Call("POST", "/api/v1/devices/MAC/actions/resync", null, 200),
            new Call("PUT", "/api/v1/devices/MAC/firmware-target", "{\"version\": \"108.86.0.40\"}", 200),
            new Call("DELETE", "/api/v1/devices/MAC/firmware-target", null, 204, ""),
            new Call("GET", "/api/v1/events?mac=MAC", null, 200),
            new Call("GET", "/api/v1/devices?q=MAC", null, 200));

    @Test
    void everyApiPathThatTakesAMacTakesEverySpelling() {
        List<String> failures = new ArrayList<>();
        for (String mac : spellings(HEX)) {
            for (Call c : CALLS) {
                String path = c.path().replace("MAC", mac);
                HttpResponse<String> r = server.admin(c.method(), path, token, c.body() == null ? null : "application/json",
                        c.body() == null ? null : c.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                boolean found = r.statusCode() == c.status() && r.body().contains(c.expected());
                if (!found) {
                    failures.add(c.method() + " " + path + " -> " + r.statusCode() + " " + r.body());
                }
            }
        }
        assertThat(failures).isEmpty();
    }
}
