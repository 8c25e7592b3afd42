package io.phonehome.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.Chromium;
import io.phonehome.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's admin pages in Debian's chromium (headless, Selenium, one browser and one server
 * for the class): keyboard-only use of the fleet table and the import form (TAB reaches each
 * control, ENTER works it, the focused control shows a visible outline), an accessibility check
 * run in every main page with no violation, and screenshots of the overview at 1366×768 and
 * 390×844 into {@code target/screenshots/}.
 *
 * <p>The accessibility check is {@code src/test/resources/console/a11y-check.js}, run through
 * {@code executeScript}: axe-core's WebJar could not be resolved from Maven here, so the test
 * carries the rules that matter for these pages (see the script). The pages never load it, and
 * the CSP is not relaxed for it (a script run by WebDriver is not subject to the page's CSP).
 */
class ConsoleAdminBrowserIT {
    static final String PASSWORD = "Quiet-Harbour-Lugano-7";
    static TestServer server;
    static WebDriver browser;
    static String check;

    @BeforeAll
    static void start() throws IOException {
        server = new TestServer(Map.of());
        server.createTrustingSite("Lugano", "Europe/Zurich");
        server.createSite("Chur", "Europe/Zurich");
        server.createSite("Neuchâtel", "Europe/Zurich");
        StringBuilder csv = new StringBuilder("mac,model,serial,site,extension,display_name,handset\n");
        for (int i = 1; i <= 24; i++) {
            csv.append(String.format("80:5e:c0:00:31:%02x,%s,LG-%d,%s,%d,Desk %d,%n", i, i % 3 == 0 ? "T54W" : "T46U", i,
                    i <= 12 ? "Lugano" : i <= 20 ? "Chur" : "Neuchâtel", 3100 + i, i));
        }
        assertThat(server.importCsv(csv.toString()).errors()).isEmpty();
        for (int i = 1; i <= 9; i++) {
            String mac = String.format("805ec00031%02x", i);
            assertThat(server.get(mac + ".cfg", (i <= 6 ? "Yealink SIP-T46U 108.86.0.20 " : "Yealink SIP-T46U 108.86.0.11 ") + mac).statusCode())
                    .isEqualTo(200);
        }
        Instant now = Instant.now();
        server.server().events().insertNow(List.of(
                new io.phonehome.events.Event(0, now.minusSeconds(300), "auth_failure", "bad_password", "805ec0003114", null, "192.0.2.44", "digest refused"),
                new io.phonehome.events.Event(0, now.minusSeconds(200), "unknown_mac", "refused", null, null, "198.51.100.3", "805ec0ffee01"),
                new io.phonehome.events.Event(0, now.minusSeconds(100), "render_error", "failed", "805ec0003103", null, "127.0.0.1", "template line 9")));
        server.server().console().accounts().create("olivia.admin", PASSWORD, Access.ADMIN, false, new Person("setup", null, Access.ADMIN, "127.0.0.1"));
        try (InputStream in = ConsoleAdminBrowserIT.class.getResourceAsStream("/console/a11y-check.js")) {
            check = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        browser = Chromium.start();
        browser.get(server.adminUrl() + "/overview");
        waiting().until(ExpectedConditions.urlContains("/signin"));
        browser.findElement(By.id("name")).sendKeys("olivia.admin");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("signin")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("overview-totals")));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        server.close();
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    static WebElement active() {
        return browser.switchTo().activeElement();
    }

    /** Presses TAB until the focused element matches (at most {@code max} presses); fails if it never does. */
    static WebElement tabTo(String what, Predicate<WebElement> target, int max) {
        for (int i = 0; i < max; i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
            WebElement a = active();
            if (target.test(a)) {
                return a;
            }
        }
        throw new AssertionError("TAB never reached " + what + " in " + max + " presses; focus is on " + active().getTagName() + " "
                + active().getAttribute("outerHTML"));
    }

    /** The focused element draws an outline at least 2 px wide that is not the page's background: focus is visible. */
    static void focusIsVisible(WebElement e) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        String style = (String) js.executeScript("var s = getComputedStyle(arguments[0]); return s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor;", e);
        assertThat(style).as("focus style of " + e.getAttribute("outerHTML")).doesNotStartWith("none");
        assertThat(Double.parseDouble(style.split(" ")[1].replace("px", ""))).as(style).isGreaterThanOrEqualTo(2.0);
    }

    @SuppressWarnings("unchecked")
    static void accessible(String path) {
        browser.get(server.adminUrl() + path);
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1")));
        List<String> violations = (List<String>) ((JavascriptExecutor) browser).executeScript(check);
        assertThat(violations).as(path).isEmpty();
    }

    /** The page at 1366×768 and at a phone's 390×844, into target/screenshots/. */
    static void screenshots(String name) {
        Chromium.screenshots(browser, name);
    }

    @Test
    void theMainPagesPassTheAccessibilityCheckAndTheOverviewIsPhotographed() {
        for (String path : List.of("/overview", "/fleet", "/fleet?site=1&sort=serial&dir=desc", "/devices/805ec0003101", "/import", "/sites",
                "/sites/1", "/sites/new", "/tokens", "/audit", "/accounts")) {
            accessible(path);
        }
        browser.get(server.adminUrl() + "/overview");
        WebElement sites = waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("chart-sites")));
        assertThat(sites.findElements(By.tagName("rect"))).hasSizeGreaterThanOrEqualTo(3);
        assertThat(browser.findElement(By.id("chart-sites-title")).getAttribute("textContent")).contains("Lugano 12").contains("Chur 8");
        screenshots("overview");
        browser.get(server.adminUrl() + "/sites");
        screenshots("sites");
    }

    @Test
    void theFleetTableAndTheImportFormWorkWithTheKeyboardAlone() {
        browser.get(server.adminUrl() + "/fleet");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("fleet")));
        // the first TAB reaches the skip link; ENTER on it moves focus to the main content
        WebElement skip = tabTo("the skip link", e -> "skip".equals(e.getAttribute("class")), 3);
        focusIsVisible(skip);
        skip.sendKeys(Keys.ENTER);
        waiting().until(d -> "main".equals(active().getAttribute("id")));
        WebElement search = tabTo("the search box", e -> "f-q".equals(e.getAttribute("id")), 5);
        focusIsVisible(search);
        search.sendKeys("805ec000310b");
        WebElement apply = tabTo("the filter button", e -> "apply-filters".equals(e.getAttribute("id")), 12);
        focusIsVisible(apply);
        apply.sendKeys(Keys.ENTER);
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("fleet-count"), "1–1 of 1"));
        // through the table: a sort link in its header, the row's checkbox, the device's link; ENTER opens the device
        WebElement sort = tabTo("a sort link", e -> e.getTagName().equals("a") && String.valueOf(e.getAttribute("href")).contains("sort=mac"), 45);
        focusIsVisible(sort);
        WebElement box = tabTo("the row's checkbox", e -> "mac".equals(e.getAttribute("name")), 12);
        focusIsVisible(box);
        box.sendKeys(Keys.SPACE);
        assertThat(box.isSelected()).isTrue();
        WebElement device = tabTo("the device link", e -> String.valueOf(e.getAttribute("href")).endsWith("/devices/805ec000310b"), 3);
        focusIsVisible(device);
        device.sendKeys(Keys.ENTER);
        waiting().until(ExpectedConditions.urlContains("/devices/805ec000310b"));

        browser.get(server.adminUrl() + "/import");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("csv")));
        WebElement csv = tabTo("the CSV box", e -> "csv".equals(e.getAttribute("id")), 20);
        focusIsVisible(csv);
        csv.sendKeys("mac;model;site;extension" + Keys.SHIFT + Keys.ENTER + Keys.SHIFT + "80:5e:c0:00:31:99;T46U;Lugano;3199");
        WebElement mode = tabTo("the mode choice", e -> "mode".equals(e.getAttribute("name")), 4);
        focusIsVisible(mode);
        WebElement checkButton = tabTo("the Check button", e -> "import-check".equals(e.getAttribute("id")), 4);
        focusIsVisible(checkButton);
        checkButton.sendKeys(Keys.ENTER);
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-result"), "No problem"));
        WebElement applyImport = tabTo("the Apply button", e -> "import-apply".equals(e.getAttribute("id")), 30);
        applyImport.sendKeys(Keys.ENTER);
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-result"), "Imported 1 row(s)"));
        assertThat(server.server().inventory().devices().findByMac(io.phonehome.inventory.Mac.parse("80:5e:c0:00:31:99"))).isPresent();
    }
}
