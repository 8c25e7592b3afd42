package io.phonehome.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven through Debian's chromedriver, as the console's browser tests use it:
 * headless, a laptop-sized window, English, and the admin listener's certificate from
 * Phonehome's own CA accepted. Screenshots go to {@code target/screenshots/}, where a person
 * looks at them (the README's screenshots are copied from there).
 */
public final class Chromium {
    public static final Path SHOTS = Path.of("target/screenshots");
    /** The window every page is first drawn in, and the phone-sized one each screenshot is also taken at. */
    static final Dimension LAPTOP = new Dimension(1366, 768);
    static final Dimension PHONE = new Dimension(390, 844);

    private Chromium() {
    }

    /** A new headless browser; the caller quits it. */
    public static ChromeDriver start() {
        try {
            Files.createDirectories(SHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,768", "--lang=en-GB");
        o.setAcceptInsecureCerts(true); // the admin listener's certificate is from Phonehome's own CA
        ChromeDriver browser = new ChromeDriver(o);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return browser;
    }

    /** The page as it is now, at 1366×768 and at a phone's 390×844, into {@code target/screenshots/<name>-<width>.png}. */
    public static void screenshots(WebDriver browser, String name) {
        for (Dimension size : List.of(LAPTOP, PHONE)) {
            browser.manage().window().setSize(size);
            Path file = SHOTS.resolve(name + "-" + size.getWidth() + ".png");
            try {
                Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        browser.manage().window().setSize(LAPTOP);
    }
}
