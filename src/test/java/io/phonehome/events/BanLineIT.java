package io.phonehome.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.testing.FakeFirmware;
import io.phonehome.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every service that blocks an address writes the same {@code event=blocked} line, so that the one
 * fail2ban filter the README gives catches provisioning, firmware and admin bans alike. Each
 * service gets its own server: provisioning and firmware share one limiter, and a ban by one
 * would hide whether the other writes its line.
 */
class BanLineIT {
    /** The README's ban filter, with fail2ban's {@code <HOST>} written out. */
    static final Pattern BAN_LINE = Pattern.compile(
            "^\\S+ phonehome-security event=blocked service=(\\S+) src=(\\S+) reason=(\\S+) seconds=(\\d+)$");
    static final String UA = "Yealink SIP-T46U 108.86.0.10 80:5e:c0:aa:00:01";
    static final int MISSES = 3;

    static TestServer server() {
        TestServer s = new TestServer(Map.of(Setting.PROBE_LIMIT_MISSES, Integer.toString(MISSES), Setting.PROBE_BLOCK_SECONDS, "300"));
        s.createSite("Shop", "Europe/Zurich");
        assertThat(s.importCsv("mac,model,site,extension\n805ec0aa0001,T46U,Shop,\n").errors()).isEmpty();
        return s;
    }

    /** Misses until the service answers 429, then the ban lines of the security log. */
    static List<String> banLines(TestServer s, IntSupplier miss) throws Exception {
        for (int i = 0; i < MISSES; i++) {
            assertThat(miss.getAsInt()).isIn(401, 403);
        }
        assertThat(miss.getAsInt()).isEqualTo(429);
        return Files.readAllLines(s.server().securityLog().file()).stream().filter(l -> l.contains("event=blocked")).toList();
    }

    static void assertOneBanLine(List<String> lines, String service) {
        assertThat(lines).hasSize(1);
        Matcher m = BAN_LINE.matcher(lines.get(0));
        assertThat(m.matches()).as("'%s' matches the ban filter", lines.get(0)).isTrue();
        assertThat(readmeBanFilter().matcher(lines.get(0)).matches()).as("the README's filter catches '%s'", lines.get(0)).isTrue();
        assertThat(m.group(1)).isEqualTo(service);
        assertThat(m.group(2)).isEqualTo("127.0.0.1");
        assertThat(m.group(3)).isEqualTo("too_many_failures");
        assertThat(Long.parseLong(m.group(4))).isBetween(290L, 300L);
    }

    @Test
    void provisioningBanWritesTheCommonBlockedLine() throws Exception {
        try (TestServer s = server()) {
            assertOneBanLine(banLines(s, () -> s.getWithDigest("805ec0aa0001.cfg", UA, "site-shop", "not-the-password").statusCode()),
                    "provisioning");
        }
    }

    @Test
    void adminBanWritesTheCommonBlockedLine() throws Exception {
        try (TestServer s = server()) {
            assertOneBanLine(banLines(s, () -> s.adminGet("/api/v1/devices", "not-a-token").statusCode()), "admin");
        }
    }

    @Test
    void firmwareDownloadBanWritesTheCommonBlockedLine() throws Exception {
        try (TestServer s = server()) {
            Path data = s.dataDir().resolve("firmware");
            FakeFirmware.write(data, "yealink/T46U-108.86.0.20.rom", 10_000);
            s.server().firmware().catalog().refresh();
            // no download token and a site that does not trust the network: refused, counted as a miss
            assertOneBanLine(banLines(s, () -> s.getBytes("firmware/yealink/108.86.0.20/T46U-108.86.0.20.rom", UA).statusCode()),
                    "firmware");
        }
    }

    /** The ban filter the README's security section gives, as Java reads it. */
    static Pattern readmeBanFilter() {
        try {
            Matcher m = Pattern.compile("failregex = (\\^\\\\S\\+ phonehome-security event=blocked[^`]*)`").matcher(Files.readString(Path.of("README.md")));
            assertThat(m.find()).as("README gives the ban filter").isTrue();
            return Pattern.compile(m.group(1).replace("<HOST>", "\\S+"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
