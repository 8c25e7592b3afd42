package io.phonehome.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.config.Setting;
import io.phonehome.inventory.Line;
import io.phonehome.testing.Sipp;
import io.phonehome.testing.Chromium;
import io.phonehome.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console as a technician uses it: Debian's chromium, headless, driven by Selenium through
 * chromedriver, against the real server on loopback (admin listener, its own CA's certificate,
 * which the browser is told to accept). A SIPp phone registered as the device answers the reboot's
 * NOTIFY, so the outcome the page shows is the phone's. Screenshots of the main pages at 1366×768
 * and 390×844 go to {@code target/screenshots/}.
 */
class ConsoleBrowserIT {
    static final String MAC = "80:5e:c0:00:18:08";
    static final String PASSWORD = "correct horse battery";
    @TempDir
    static Path work;
    static TestServer server;
    WebDriver browser;

    @BeforeAll
    static void start() throws IOException {
        Sipp.requireInstalled();
        server = TestServer.withSip(Map.of(Setting.SIP_NOTIFY_TIMEOUT_SECONDS, "5"));
        server.createTrustingSite("Lausanne", "Europe/Zurich");
        server.createTrustingSite("Zug", "Europe/Zurich");
        StringBuilder csv = new StringBuilder("mac,model,serial,site,extension,display_name,handset\n");
        csv.append(MAC).append(",T46U,LS-808,Lausanne,1808,Accueil Lausanne,\n");
        for (int i = 1; i <= 60; i++) {
            csv.append(String.format("00:04:13:00:19:%02x,D785,ZG-%d,Zug,%d,Desk %d,%n", i, i, 1900 + i, i));
        }
        assertThat(server.importCsv(csv.toString()).errors()).isEmpty();
        Person setup = new Person("setup", null, Access.ADMIN, "127.0.0.1");
        server.server().console().accounts().create("anna.tech", PASSWORD, Access.TECHNICIAN, false, setup);
        server.server().console().accounts().create("victor.view", PASSWORD, Access.VIEWER, false, setup);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void openBrowser() {
        browser = Chromium.start();
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    void signIn(String name) {
        browser.get(server.adminUrl() + "/fleet");
        waiting().until(ExpectedConditions.urlContains("/signin"));
        browser.findElement(By.id("name")).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("signin")).click();
        try {
            waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("fleet")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("not signed in: at " + browser.getCurrentUrl() + "\n" + browser.getPageSource(), e);
        }
    }

    /** The page at 1366×768 and at a phone's 390×844, into target/screenshots/. */
    void screenshots(String name) {
        Chromium.screenshots(browser, name);
    }

    @Test
    void aTechnicianFindsADeviceByADashedMacPreviewsItsFileRebootsItAndSignsOut() {
        signIn("anna.tech");
        long total = server.server().inventory().search().page(io.phonehome.inventory.DeviceFilter.ALL, null, 1).total();
        assertThat(total).isGreaterThanOrEqualTo(61);
        assertThat(browser.findElement(By.id("fleet-count")).getText()).contains("of " + total);
        screenshots("fleet");

        WebElement search = browser.findElement(By.id("f-q"));
        search.sendKeys("80-5E-C0-00-18-08");
        browser.findElement(By.id("apply-filters")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("fleet-count"), "1–1"));
        List<WebElement> rows = browser.findElements(By.cssSelector("#fleet tbody tr"));
        assertThat(rows).hasSize(1);
        rows.get(0).findElement(By.linkText(MAC)).click();
        waiting().until(ExpectedConditions.textToBe(By.id("device-mac"), MAC));
        assertThat(browser.findElement(By.id("lines")).getText()).contains("1808").contains("Accueil Lausanne");

        // the file the phone gets next, highlighted, with its diff from what it last fetched (never: all added)
        browser.findElement(By.linkText("805ec0001808.cfg")).click();
        WebElement preview = waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("preview")));
        assertThat(preview.getText()).contains("Accueil Lausanne").contains(line(MAC).authUser());
        assertThat(browser.findElements(By.cssSelector("#preview .hk"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#diff .da"))).isNotEmpty();
        screenshots("file");
        browser.navigate().back();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("reboot")));

        // a SIPp phone registered as this device's line answers the reboot's NOTIFY
        Line line = line(MAC);
        int port = Sipp.freeUdpPort();
        Path inf = Sipp.injection(work, List.of(Sipp.credentials(line.extension(), line.authUser(), line.password())));
        registerAt(port, inf);
        Path scenario = Sipp.fromTemplate(work, "uas-notify.xml", Map.of("EVENT", "check-sync;reboot=true", "CODE", "200"));
        Sipp.Run phone = Sipp.start(work, scenario.toString(), null, port, "u1", null, 1, 20, Map.of());
        phone.awaitBound(port);
        browser.navigate().refresh();
        assertThat(browser.findElement(By.id("registrations")).getText()).contains("1808").contains("127.0.0.1");
        browser.findElement(By.id("reboot")).click();
        WebElement flash = waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("flash")));
        assertThat(flash.getText()).contains("Reboot").contains("accepted by the phone").contains("200");
        assertThat(phone.await(20)).as(phone.output()).isZero();
        // the event list refreshes itself (htmx) and shows the NOTIFY's outcome
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("events"), "sip_notify"));
        screenshots("device");
        String audit = server.adminGet("/api/v1/audit?action=action.reboot", server.adminToken()).body();
        assertThat(audit).contains("anna.tech").contains("80:5e:c0:00:18:08");

        browser.findElement(By.id("signout")).click();
        waiting().until(ExpectedConditions.urlContains("/signin"));
        browser.get(server.adminUrl() + "/fleet");
        waiting().until(ExpectedConditions.urlContains("/signin"));
        screenshots("signin");
    }

    static Line line(String mac) {
        return server.firstLine(mac.replace(":", ""));
    }

    /**
     * Registers the line from {@code port}; again when SIPp gave up on a late answer to its own
     * retransmission (the loaded machine: a second 401 for the first REGISTER is not a refusal).
     */
    static void registerAt(int port, Path inf) {
        String output = "";
        for (int attempt = 0; attempt < 3; attempt++) {
            Sipp.Run reg = Sipp.start(work, "register-auth.xml", "127.0.0.1:" + server.server().sipPort(), port, "u1", inf, 1, 15,
                    Map.of("domain", "127.0.0.1", "expires", "300"));
            if (reg.await(25) == 0) {
                return;
            }
            output = reg.output();
        }
        throw new AssertionError("the SIPp phone could not register: " + output);
    }

    @Test
    void aTechnicianImportsASemicolonCsvSeesTheBadCellFlaggedFixesItAndApplies() {
        signIn("anna.tech");
        browser.findElement(By.linkText("Import")).click();
        WebElement box = waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("csv")));
        // a Swiss spreadsheet's export: semicolons; the second row's MAC is not one
        box.sendKeys("mac;model;serial;site;extension;display_name\n"
                + "80:5e:c0:00:20:01;T46U;IM-1;Lausanne;2001;Salle A\n"
                + "80:5e:c0:00:20:0Z;T46U;IM-2;Lausanne;2002;Salle B\n");
        browser.findElement(By.id("import-check")).click();
        WebElement result = waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("import-result")));
        assertThat(result.getText()).contains("1 problem");
        List<WebElement> flagged = browser.findElements(By.cssSelector("#import-rows td.problem"));
        assertThat(flagged).hasSize(1);
        assertThat(flagged.get(0).getText()).contains("80:5e:c0:00:20:0Z");
        assertThat(browser.findElements(By.id("import-apply"))).isEmpty();
        screenshots("import");

        WebElement again = browser.findElement(By.id("csv"));
        String fixed = again.getAttribute("value").replace("80:5e:c0:00:20:0Z", "80:5e:c0:00:20:02");
        again.clear();
        again.sendKeys(fixed);
        browser.findElement(By.id("import-check")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-result"), "No problem"));
        assertThat(server.server().inventory().devices().findByMac(io.phonehome.inventory.Mac.parse("805ec0002001"))).as("a dry run writes nothing")
                .isEmpty();
        browser.findElement(By.id("import-apply")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-result"), "Imported 2 row(s)"));
        assertThat(server.server().inventory().devices().findByMac(io.phonehome.inventory.Mac.parse("805ec0002002"))).isPresent();
        assertThat(server.adminGet("/api/v1/audit?action=device.import", server.adminToken()).body()).contains("anna.tech");
    }

    @Test
    void aViewerSeesNoSipPasswordAnywhereInThePages() {
        signIn("victor.view");
        Line line = server.firstLine("805ec0001808");
        assertThat(line.password()).isNotBlank();
        assertThat(browser.getPageSource()).doesNotContain(line.password());
        browser.get(server.adminUrl() + "/devices/805ec0001808");
        waiting().until(ExpectedConditions.textToBe(By.id("device-mac"), MAC));
        String html = browser.getPageSource();
        assertThat(html).contains("1808").doesNotContain(line.password()).doesNotContain("id=\"reboot\"");
        // the preview is a technician's: the viewer is refused it
        browser.get(server.adminUrl() + "/devices/805ec0001808/files/805ec0001808.cfg");
        assertThat(browser.findElement(By.id("error-message")).getText()).contains("technician");
        assertThat(browser.getPageSource()).doesNotContain(line.password());
    }

    @Test
    void theFleetTableAndItsFiltersWorkFromTheKeyboardAlone() {
        signIn("anna.tech");
        // Tab from the top of the page: skip link, menu, language, sign-out, then the filters
        List<String> reached = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
            WebElement f = browser.switchTo().activeElement();
            reached.add(f.getTagName() + "#" + f.getAttribute("id") + "[" + f.getAttribute("name") + "]" + f.getText());
            if ("f-q".equals(f.getAttribute("id"))) {
                f.sendKeys("Desk 7");
                f.sendKeys(Keys.ENTER);
                break;
            }
        }
        assertThat(reached).as("tab order").anyMatch(s -> s.startsWith("a#") && s.contains("Skip"));
        try {
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("fleet-count"), "of 1"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("at " + browser.getCurrentUrl() + " after " + reached, e);
        }
        // on through the table: a row's checkbox, then its device link, opened with Enter
        boolean opened = false;
        for (int i = 0; i < 80 && !opened; i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
            WebElement f = browser.switchTo().activeElement();
            String href = f.getAttribute("href");
            if (href != null && href.contains("/devices/")) {
                f.sendKeys(Keys.ENTER);
                opened = true;
            }
        }
        assertThat(opened).as("a device link is reachable by Tab").isTrue();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("device-mac")));
        assertThat(browser.findElement(By.id("lines")).getText()).contains("Desk 7");
    }

    @Test
    void theMainPagesPassTheAccessibilityCheck() {
        signIn("anna.tech");
        assertThat(accessibilityProblems()).as("fleet").isEmpty();
        browser.get(server.adminUrl() + "/devices/805ec0001808");
        assertThat(accessibilityProblems()).as("device").isEmpty();
        browser.get(server.adminUrl() + "/devices/805ec0001808/files/805ec0001808.cfg");
        assertThat(accessibilityProblems()).as("file").isEmpty();
        browser.get(server.adminUrl() + "/lang/de?back=/fleet");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Geräte");
        assertThat(accessibilityProblems()).as("fleet in German").isEmpty();
    }

    /**
     * The serious WCAG failures a page can have that a machine can find, checked in the page
     * (axe-core's WebJar is not served by the Maven repository this project builds from, so the
     * test carries the rules it needs): the document has a language and a title; every form control
     * has an accessible name; every link and button has text; ids are unique; images have
     * alternative text; tables have header cells; exactly one h1.
     */
    List<String> accessibilityProblems() {
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) ((JavascriptExecutor) browser).executeScript("""
                const p = [];
                if (!document.documentElement.lang) p.push('html has no lang');
                if (!document.title.trim()) p.push('no title');
                const name = el => (el.getAttribute('aria-label') || '').trim() || (el.labels && [...el.labels].map(l => l.textContent).join('').trim())
                    || (el.getAttribute('aria-labelledby') && document.getElementById(el.getAttribute('aria-labelledby'))?.textContent.trim()) || '';
                document.querySelectorAll('input:not([type=hidden]), select, textarea').forEach(el => { if (!name(el)) p.push('unlabelled ' + el.outerHTML.slice(0, 80)); });
                document.querySelectorAll('a[href], button').forEach(el => { if (!(el.textContent.trim() || el.getAttribute('aria-label'))) p.push('empty ' + el.outerHTML.slice(0, 80)); });
                const ids = {};
                document.querySelectorAll('[id]').forEach(el => { if (ids[el.id]) p.push('duplicate id ' + el.id); ids[el.id] = 1; });
                document.querySelectorAll('img:not([alt])').forEach(el => p.push('img without alt'));
                document.querySelectorAll('table').forEach(t => { if (!t.querySelector('th')) p.push('table without headers ' + t.id); });
                if (document.querySelectorAll('h1').length !== 1) p.push(document.querySelectorAll('h1').length + ' h1');
                return p;
                """);
        return problems;
    }
}
