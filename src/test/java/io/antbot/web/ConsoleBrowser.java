package io.antbot.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium driven through Debian's {@code /usr/bin/chromedriver}, pointed at the
 * console of a runtime started by the test.
 *
 * <p>The driver and the browser are given by path, so Selenium Manager is never asked to find or
 * download either. Without them the tests are skipped with the reason, unless {@code
 * ANTBOT_REQUIRE_BROWSER=1} (set by CI), where they fail.
 */
final class ConsoleBrowser implements AutoCloseable {

  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path SCREENSHOTS = Path.of("docs", "console");

  /** How long a page may take to show what a test waits for: a bound, not a pause. */
  static final Duration WAIT = Duration.ofSeconds(10);

  final ChromeDriver driver;
  final WebDriverWait wait;
  private final String base;
  private final List<String> log = new ArrayList<>();

  private ConsoleBrowser(ChromeDriver driver, int port) {
    this.driver = driver;
    this.wait = new WebDriverWait(driver, WAIT);
    this.base = "http://127.0.0.1:" + port;
  }

  /** Skips (or, with {@code ANTBOT_REQUIRE_BROWSER=1}, fails) when Chromium is not installed. */
  static void requireChromium() {
    boolean present = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
    if ("1".equals(System.getenv("ANTBOT_REQUIRE_BROWSER"))) {
      assertThat(present)
          .as(
              "ANTBOT_REQUIRE_BROWSER=1 but %s or %s is missing (apt-get install chromium chromium-driver, see scripts/ci-deps.sh)",
              CHROMIUM, CHROMEDRIVER)
          .isTrue();
    }
    Assumptions.assumeTrue(
        present,
        "browser tests skipped: "
            + CHROMIUM
            + " and "
            + CHROMEDRIVER
            + " are needed (apt-get install chromium chromium-driver)");
  }

  static ConsoleBrowser open(int port) {
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,800",
        "--no-first-run",
        "--disable-extensions");
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    return new ConsoleBrowser(new ChromeDriver(service, options), port);
  }

  void go(String path) {
    driver.get(base + path);
  }

  WebElement find(String css) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  void type(String css, String text) {
    WebElement input = find(css);
    input.clear();
    input.sendKeys(text);
  }

  void click(String css) {
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
  }

  void waitForText(String css, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
  }

  /** Opens the console and signs in; waits for the navigation. */
  void signIn(String user, String password) {
    go("/");
    type("#username", user);
    type("#password", password);
    click("#sign-in-button");
    find("#nav a");
    waitForText("#who-name", user);
  }

  void signOut() {
    click("#sign-out");
    find("#sign-in-form");
  }

  /** Goes to a page of the console by its hash route and waits for it to be drawn. */
  void page(String id) {
    driver.navigate().to(base + "/console/#/" + id);
    wait.until(
        d ->
            id.equals(
                d.findElement(By.id("page")).getDomAttribute("data-page") == null
                    ? null
                    : d.findElement(By.id("page")).getDomAttribute("data-page")));
  }

  /** Whether a JavaScript dialog (an alert a script injection would open) is showing. */
  boolean alertShowing() {
    try {
      driver.switchTo().alert();
      return true;
    } catch (NoAlertPresentException e) {
      return false;
    }
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** Writes a PNG of the window to {@code docs/console/<name>.png}, for docs/console.md. */
  void screenshot(String name) {
    screenshot(name, null);
  }

  /** The same with the element {@code css} scrolled to the top of the window. */
  void screenshot(String name, String css) {
    try {
      Files.createDirectories(SCREENSHOTS);
      if (css == null) {
        script("window.scrollTo(0, 0)");
      } else {
        script("document.querySelector(arguments[0]).scrollIntoView()", css);
      }
      Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void size(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** The browser's console messages so far (collected: the browser hands each out once). */
  List<String> browserLog() {
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      log.add(entry.getLevel() + " " + entry.getMessage());
    }
    return log;
  }

  @Override
  public void close() {
    browserLog();
    driver.quit();
  }
}
