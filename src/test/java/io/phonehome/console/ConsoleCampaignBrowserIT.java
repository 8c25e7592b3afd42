package io.phonehome.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.firmware.CampaignState;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Mac;
import io.phonehome.testing.FakeFirmware;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.Sipp;
import io.phonehome.testing.Chromium;
import io.phonehome.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A firmware campaign run to the end from the console, in Debian's chromium driven by Selenium:
 * a technician creates and starts it on the page, pauses and resumes it, and watches the progress
 * block move by itself (htmx polling; the page is never reloaded meanwhile, which a marker left in
 * the page's JavaScript state proves) while a phone upgrades as in {@code FirmwareCampaignSipIT}:
 * a SIPp phone registered as the device answers the NOTIFY, the test plays the phone's HTTPS side
 * (config fetch, image download, the fetch after the reboot), and the phone registers again with
 * the new version in its User-Agent, which confirms it. Screenshots of the campaign page at
 * 1366×768 and 390×844 go to {@code target/screenshots/}.
 */
class ConsoleCampaignBrowserIT {
    static final String OLD = "108.86.0.10";
    static final String NEW = "108.86.0.20";
    static final Mac MAC = Mac.parse("805ec0001f01");
    static final String PASSWORD = "correct horse battery";
    @TempDir
    static Path work;
    static TestServer server;
    static WebDriver browser;

    @BeforeAll
    static void start() throws IOException {
        Sipp.requireInstalled();
        server = TestServer.withSip(Map.of(Setting.SIP_NOTIFY_TIMEOUT_SECONDS, "3", Setting.CAMPAIGN_TICK_MILLIS, "100"));
        server.createTrustingSite("Works", "Europe/Zurich");
        assertThat(server.importCsv("""
                mac,model,serial,site,extension,display_name,handset
                80:5e:c0:00:1f:01,T46U,FW1,Works,701,Atelier,
                """).errors()).isEmpty();
        FakeFirmware.write(server.dataDir().resolve("firmware"), "yealink/T46U-" + NEW + ".rom", 200_000);
        server.server().firmware().catalog().refresh();
        server.server().inventory().devices().recordFetch(MAC, Instant.now(), "127.0.0.1", "T46U", OLD);
        server.server().console().accounts().create("anna.tech", PASSWORD, Access.TECHNICIAN, false, new Person("setup", null, Access.ADMIN, "127.0.0.1"));
        browser = Chromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        server.close();
    }

    static WebDriverWait waiting() {
        // the progress block is swapped every 2 s: an element read just before a swap is stale, so read again
        return (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(40)).ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    static Line line() {
        var inv = server.server().inventory();
        return inv.lines().byDevice(inv.devices().findByMac(MAC).orElseThrow().id()).get(0);
    }

    /** Registers the device's line from {@code port} with this SIP User-Agent (again if SIPp gave up on a late answer). */
    static void register(String userAgent, int port) {
        Line l = line();
        Path inf = Sipp.injection(work, List.of(Sipp.credentials(l.extension(), l.authUser(), l.password())));
        String output = "";
        for (int attempt = 0; attempt < 3; attempt++) {
            Sipp.Run reg = Sipp.start(work, Path.of("src/test/resources/firmware/sipp/register-auth-ua.xml").toAbsolutePath().toString(),
                    "127.0.0.1:" + server.server().sipPort(), port, "u1", inf, 1, 15, Map.of("domain", "127.0.0.1", "expires", "300", "ua", userAgent));
            if (reg.await(25) == 0) {
                return;
            }
            output = reg.output();
        }
        throw new AssertionError("the SIPp phone could not register: " + output);
    }

    /** Writes the signals the server keeps in memory for a moment (downloads, fetches), as the firmware ITs do. */
    static boolean flushed() {
        server.flushRecords();
        return true;
    }

    /** The text of the first element matching, read in one step in the page (never a stale reference). */
    static String text(String css) {
        Object t = ((JavascriptExecutor) browser).executeScript("const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : '';", css);
        return t == null ? "" : t.toString();
    }

    /** Clicks a button of the progress block, again if a swap replaced it between finding and clicking. */
    static void click(String id) {
        waiting().until(d -> {
            d.findElement(By.id(id)).click();
            return true;
        });
    }

    static String stateOnPage() {
        return text("#campaign-state");
    }

    static String deviceStateOnPage() {
        return text("#campaign-devices tr[data-mac='" + MAC.hex() + "'] .state");
    }

    /** Leaves a mark in the page's JavaScript state: it survives htmx swaps, not a reload. */
    static void mark() {
        ((JavascriptExecutor) browser).executeScript("window.phonehomeMark = 'still this page';");
    }

    static boolean marked() {
        return "still this page".equals(((JavascriptExecutor) browser).executeScript("return window.phonehomeMark;"));
    }

    @Test
    void aTechnicianRunsAFirmwareCampaignToTheEndAndWatchesItsProgressMoveWithoutReloading() {
        int port = Sipp.freeUdpPort();
        register("Yealink SIP-T46U " + OLD, port);
        Path scenario = Sipp.fromTemplate(work, "uas-notify.xml", Map.of("EVENT", "check-sync.*", "CODE", "200"));
        Sipp.Run phone = Sipp.start(work, scenario.toString(), null, port, "u1", null, 1, 40, Map.of());
        phone.awaitBound(port);

        // sign in and create the campaign on the page, started at once
        browser.get(server.adminUrl() + "/firmware/campaigns");
        waiting().until(ExpectedConditions.urlContains("/signin"));
        browser.findElement(By.id("name")).sendKeys("anna.tech");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("signin")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("campaign-form")));
        browser.findElement(By.id("c-name")).sendKeys("Atelier to " + NEW);
        browser.findElement(By.id("c-version")).sendKeys(NEW);
        browser.findElement(By.id("c-macs")).sendKeys("80-5E-C0-00-1F-01");
        browser.findElement(By.id("c-canary")).sendKeys("0");
        for (String[] f : new String[][] {{"c-per-minute", "600"}, {"c-concurrent", "5"}, {"c-timeout", "120"}}) {
            browser.findElement(By.id(f[0])).clear();
            browser.findElement(By.id(f[0])).sendKeys(f[1]);
        }
        browser.findElement(By.id("c-start")).click();
        browser.findElement(By.id("create-campaign")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("campaign-bar")));
        assertThat(browser.findElement(By.id("flash")).getText()).contains("Start").contains("running");
        long id = server.server().firmware().campaigns().list().get(0).id();
        assertThat(browser.getCurrentUrl()).endsWith("/firmware/campaigns/" + id);
        assertThat(text("#campaign-count")).contains("0 of 1");

        // the NOTIFY reaches the phone; the page shows it by itself
        mark();
        waiting().until(d -> deviceStateOnPage().equals("notified"));
        assertThat(phone.await(30)).as(phone.output()).isZero();
        assertThat(marked()).as("the progress came without a reload").isTrue();

        // pause and resume from the page
        click("campaign-pause");
        waiting().until(d -> stateOnPage().equals("paused"));
        assertThat(server.server().firmware().campaigns().get(id).state()).isEqualTo(CampaignState.PAUSED);
        assertThat(browser.findElements(By.id("campaign-pause"))).isEmpty();
        click("campaign-resume");
        waiting().until(d -> stateOnPage().equals("running"));
        assertThat(server.server().firmware().campaigns().get(id).state()).isEqualTo(CampaignState.RUNNING);
        screenshots("campaign-running");

        // the phone upgrades: fetches its config, downloads the image, comes back, registers on the new version
        mark();
        String oldUa = "Yealink SIP-T46U " + OLD + " " + MAC.colons();
        HttpResponse<String> cfg = server.get(MAC.hex() + ".cfg", oldUa);
        assertThat(cfg.statusCode()).isEqualTo(200);
        String url = KeyValueConfig.parse(cfg.body()).get("static.firmware.url");
        assertThat(url).endsWith("/T46U-" + NEW + ".rom");
        assertThat(server.getBytes(url, oldUa).statusCode()).isEqualTo(200);
        waiting().until(d -> flushed() && List.of("downloading", "rebooted").contains(deviceStateOnPage()));
        assertThat(server.get(MAC.hex() + ".cfg", oldUa).statusCode()).isEqualTo(200);
        waiting().until(d -> flushed() && deviceStateOnPage().equals("rebooted"));
        register("Yealink SIP-T46U " + NEW, port);
        try {
            waiting().until(d -> flushed() && stateOnPage().equals("done"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("campaign " + server.server().firmware().campaigns().progress(id, true) + "\npage: "
                    + text("#progress"), e);
        }
        assertThat(marked()).as("the campaign reached its end on the same page, never reloaded").isTrue();
        assertThat(deviceStateOnPage()).isEqualTo("confirmed");
        assertThat(browser.findElement(By.id("campaign-count")).getText()).contains("1 of 1").contains("100 %");
        assertThat(browser.findElement(By.id("campaign-bar")).getAttribute("value")).isEqualTo("1");
        assertThat(browser.findElement(By.id("progress")).getAttribute("hx-trigger")).as("a finished campaign stops polling").isNull();
        assertThat(browser.findElements(By.id("campaign-pause"))).isEmpty();
        screenshots("campaign-done");
        String audit = server.adminGet("/api/v1/audit?action=firmware.campaign.pause", server.adminToken()).body();
        assertThat(audit).contains("anna.tech").contains("campaign " + id);
    }

    /** The page at 1366×768 and at a phone's 390×844, into target/screenshots/. */
    static void screenshots(String name) {
        Chromium.screenshots(browser, name);
    }
}
