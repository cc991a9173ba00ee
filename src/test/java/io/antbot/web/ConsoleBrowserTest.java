package io.antbot.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.service.Correlation;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The operator console in headless Chromium against the whole runtime: one browser for the class (a
 * second one for the live-update test), each test signing in as the role it needs and out again.
 * The screenshots of docs/console.md are taken here.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Operator console in a real browser")
class ConsoleBrowserTest {

  static final String XSS = "<img src=x onerror=alert(1)>";
  static final String KEY = "trading.max_open_positions";

  @TempDir static Path dir;
  private static ApiRuntime runtime;
  private static ConsoleBrowser browser;
  private static String adminPassword;
  private static final List<String> browserLog = new ArrayList<>();

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    ConsoleBrowser.requireChromium();
    runtime = ApiRuntime.start(vertx, dir);
    adminPassword = Files.readString(runtime.conf.resolve("var/keys/admin-password")).strip();
    browser = ConsoleBrowser.open(runtime.port);
  }

  @AfterEach
  void signOutAndCollect() {
    if (browser == null) {
      return;
    }
    if (!browser.all("#sign-out").isEmpty() && browser.all("#sign-out").get(0).isDisplayed()) {
      browser.signOut();
    }
    browserLog.addAll(browser.browserLog());
    browser.browserLog().clear();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  private static HttpResponse<Buffer> put(String key, Object value, String reason) {
    HttpResponse<Buffer> response =
        runtime.call(
            HttpMethod.PUT,
            "/config/" + key,
            "admin",
            new JsonObject().put("value", value).put("reason", reason));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response;
  }

  private static Object valueOf(String key) {
    return runtime
        .call(HttpMethod.GET, "/config/" + key, "viewer", null)
        .bodyAsJsonObject()
        .getValue("value");
  }

  /**
   * Milliseconds from the navigation's start until the modules ran and the page was ready
   * (DOMContentLoaded waits for module scripts).
   */
  private static double readyMs() {
    return ((Number)
            browser.script(
                "return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
        .doubleValue();
  }

  private static String row(String key) {
    return ".cfg-row[data-key=\"" + key + "\"]";
  }

  @Test
  @Order(1)
  @DisplayName(
      "/ opens the sign-in form; signing in shows the pages, signing out returns to the form")
  void signInAndOut() {
    browser.go("/");
    assertThat(browser.driver.getCurrentUrl()).endsWith("/console/");
    browser.find("#sign-in-form");
    // The first load after the runtime started is cold (classes loaded, files read from the jar
    // for the first time): the bound is on a second, ordinary load.
    browserLog.add("TIMING cold load: console ready after " + readyMs() + " ms");
    browser.go("/");
    browser.find("#sign-in-form");
    double ready = readyMs();
    browserLog.add("TIMING second load: console ready after " + ready + " ms");
    assertThat(ready).as("ms until the console is usable").isLessThan(1_000);
    browser.screenshot("sign-in");
    browser.signIn("admin", adminPassword);
    List<String> pages = browser.all("#nav a").stream().map(WebElement::getText).toList();
    assertThat(pages)
        .containsExactly(
            "Overview", "Configuration", "Feature flags", "Logs", "Metrics", "Alerts", "Security");
    browser.waitForText("#overview-status", "Runtime:");
    browser.find("#stat-trades");
    browser.waitForText("#stream-state", "live");
    browser.screenshot("overview");
    browser.signOut();
    assertThat(browser.find("#sign-in").isDisplayed()).isTrue();
    assertThat(browser.all("#nav a")).allMatch(a -> !a.isDisplayed());
  }

  @Test
  @Order(2)
  @DisplayName("a wrong password is shown as such, and no page opens")
  void wrongPassword() {
    browser.go("/");
    browser.type("#username", "admin");
    browser.type("#password", "not the password");
    browser.click("#sign-in-button");
    browser.waitForText("#sign-in-error", "invalid username or password");
    assertThat(browser.driver.findElement(By.id("nav")).isDisplayed()).isFalse();
  }

  @Test
  @Order(3)
  @DisplayName(
      "a config change made in the form takes effect, and a second session sees it arrive through the event stream")
  void changeConfigLive() {
    try (ConsoleBrowser second = ConsoleBrowser.open(runtime.port)) {
      second.signIn("operator1", ApiRuntime.PASSWORD);
      second.page("config");
      second.waitForText("#stream-state", "live");
      second.find(row(KEY));

      browser.signIn("admin", adminPassword);
      browser.page("config");
      browser.type("#config-filter", KEY);
      browser.click(row(KEY) + " button");
      browser.type("#edit-value", "23");
      browser.type("#edit-reason", "browser test");
      browser.click("#edit-review");
      browser.waitForText("#edit-diff", "→ 23");
      browser.screenshot("config");
      browser.click("#edit-apply");
      browser.waitForText(row(KEY) + " .cfg-value", "23");
      assertThat(valueOf(KEY)).isEqualTo(23);

      // No reload in the second session: the value comes over /api/v1/events.
      second.waitForText(row(KEY) + " .cfg-value", "23");
      second.waitForText("#config-live", KEY);
      second.browserLog();
      browserLog.addAll(second.browserLog());
    }
  }

  @Test
  @Order(4)
  @DisplayName("a value the schema refuses is rejected inline on the field, and nothing changes")
  void badValueInline() {
    Object before = valueOf(KEY);
    browser.signIn("admin", adminPassword);
    browser.page("config");
    browser.type("#config-filter", KEY);
    browser.click(row(KEY) + " button");
    WebElement input = browser.find("#edit-value");
    assertThat(input.getDomAttribute("type")).isEqualTo("number");
    assertThat(input.getDomAttribute("min")).isEqualTo("1");
    assertThat(input.getDomAttribute("max")).isEqualTo("10000");
    browser.type("#edit-value", "0");
    browser.click("#edit-review");
    browser.waitForText("#edit-value-error", KEY + ": must be at least 1, got 0");
    assertThat(browser.find("#edit-value").getDomAttribute("aria-invalid")).isEqualTo("true");
    assertThat(browser.all("#edit-apply")).isEmpty();
    assertThat(valueOf(KEY)).isEqualTo(before);
  }

  @Test
  @Order(5)
  @DisplayName("reverting from the history restores the value before a change")
  void revertFromHistory() {
    Object before = valueOf(KEY);
    long version = put(KEY, 31, "to be reverted").bodyAsJsonObject().getLong("version");
    browser.signIn("admin", adminPassword);
    browser.page("config");
    String entry = "#config-history li[data-version=\"" + version + "\"]";
    browser.waitForText(entry, "to be reverted");
    browser.click(entry + " button.revert");
    browser.waitForText(row(KEY) + " .cfg-value", String.valueOf(before));
    assertThat(valueOf(KEY)).isEqualTo(before);
    browser.waitForText("#config-history", "reverted to v" + (version - 1));
  }

  @Test
  @Order(6)
  @DisplayName(
      "a flag's rollout changed in the form is in force, and 'who gets it' asks the runtime")
  void flagRollout() {
    browser.signIn("admin", adminPassword);
    browser.page("flags");
    browser.type("#flag-enable_flywheel-rollout", "40");
    browser.type("#flag-enable_flywheel-reason", "half rollout");
    browser.click("#flag-enable_flywheel-save");
    browser.waitForText("#flag-enable_flywheel-rollout-now", "40 %");
    JsonObject flags =
        runtime
            .call(HttpMethod.GET, "/features", "viewer", null)
            .bodyAsJsonObject()
            .getJsonObject("value");
    assertThat(flags.getJsonObject("enable_flywheel").getValue("rollout_percent")).isEqualTo(40);
    browser.click("[data-flag=\"enable_flywheel\"] details summary");
    browser.type("#flag-enable_flywheel-who-bot", "bot-7");
    browser.click("[data-flag=\"enable_flywheel\"] form.inline button");
    browser.waitForText("#flag-enable_flywheel-who-answer", "rollout at 40%");
    browser.screenshot("flags", "[data-flag=\"enable_flywheel\"]");
  }

  @Test
  @Order(7)
  @DisplayName(
      "a log line is found by its correlation id, its markup shown as text; a logger's level set for a minute")
  void logByCorrelationId(Vertx vertx) {
    String correlation = "c0ffee00c0ffee00c0ffee00c0ffee01";
    vertx
        .eventBus()
        .request(
            Addresses.LOG_WRITE,
            new JsonObject()
                .put("component", "ConsoleTest")
                .put("level", "WARN")
                .put("message", "order rejected " + XSS),
            new DeliveryOptions().addHeader(Correlation.HEADER, correlation))
        .await();
    browser.signIn("admin", adminPassword);
    browser.page("logs");
    browser.type("#log-correlation", correlation);
    browser.click("#log-search");
    browser.waitForText("#log-count", "1 line(s)");
    WebElement line = browser.find("#log-results .log-line");
    assertThat(line.getText()).contains("order rejected " + XSS, correlation, "ConsoleTest");
    assertThat(browser.all("#log-results img")).isEmpty();
    assertThat(browser.alertShowing()).isFalse();
    browser.screenshot("logs");

    browser.type("#logger-name", "io.antbot.web");
    browser.driver.findElement(By.cssSelector("#logger-level option[value=\"DEBUG\"]")).click();
    browser.type("#logger-ttl", "60");
    browser.click("#logger-set");
    browser.waitForText("#logger-current", "DEBUG");
    JsonObject level =
        runtime
            .call(HttpMethod.GET, "/logs/levels/io.antbot.web", "viewer", null)
            .bodyAsJsonObject();
    assertThat(level.getString("level")).isEqualTo("DEBUG");
  }

  @Test
  @Order(8)
  @DisplayName("a viewer gets a read-only console, and an edit forced through the API is refused")
  void viewerReadOnly() {
    browser.signIn("viewer1", ApiRuntime.PASSWORD);
    browser.page("config");
    browser.find(row(KEY));
    browser.find("#read-only");
    assertThat(browser.all("#config-tree button")).isEmpty();
    assertThat(browser.all("#config-history button")).isEmpty();
    assertThat(browser.all("#yaml-doc")).isEmpty();
    browser.page("flags");
    browser.find("[data-flag=\"enable_flywheel\"]");
    assertThat(browser.all("#flag-enable_flywheel-save")).isEmpty();
    browser.page("alerts");
    browser.find("#alert-rules table");
    assertThat(browser.all("#rule-add")).isEmpty();
    assertThat(browser.all("#alert-rules button")).isEmpty();
    browser.page("security");
    browser.find("#users table");
    assertThat(browser.all("#new-user-add")).isEmpty();
    assertThat(browser.all("#audit-verify"))
        .as("the viewer role may not read the audit trail")
        .isEmpty();

    HttpResponse<Buffer> forced =
        runtime.call(HttpMethod.PUT, "/config/" + KEY, "viewer", new JsonObject().put("value", 99));
    assertThat(forced.statusCode()).isEqualTo(403);
    assertThat(forced.bodyAsJsonObject().getString("detail"))
        .isEqualTo("no permission of roles [viewer] allows config:write on " + KEY);
  }

  @Test
  @Order(9)
  @DisplayName("markup in a config value, a change reason and a log line renders as inert text")
  void xssInert(Vertx vertx) {
    // Over the bus, as a configuration file or a bot could set it: the HTTP edge's threat scan
    // refuses such a body before it reaches the service.
    vertx
        .eventBus()
        .request(
            Addresses.CONFIG_SET,
            new JsonObject()
                .put("key", "features.enable_compounding.description")
                .put("value", XSS)
                .put("reason", "reason " + XSS)
                .put("actor", "admin"))
        .await();
    browser.signIn("admin", adminPassword);
    browser.page("config");
    String description = row("features.enable_compounding.description") + " .cfg-value";
    browser.waitForText(description, XSS);
    browser.waitForText("#config-history", "reason " + XSS);
    browser.page("flags");
    browser.waitForText("[data-flag=\"enable_compounding\"]", XSS);
    browser.page("security");
    browser.waitForText("#audit", XSS);
    assertThat(browser.all("#page img")).isEmpty();
    assertThat(browser.alertShowing()).isFalse();
    assertThat(browser.script("return document.querySelectorAll('[onerror]').length"))
        .isEqualTo(0L);
  }

  @Test
  @Order(10)
  @DisplayName(
      "metrics, alerts and security pages draw from the API (screenshots), also at phone width")
  void otherPages() {
    browser.signIn("admin", adminPassword);
    browser.page("metrics");
    browser.find("#charts svg");
    browser.screenshot("metrics");
    browser.page("alerts");
    browser.type("#rule-name", "console_rule");
    browser.type("#rule-metric", "antbot_operation_error_ratio");
    browser.type("#rule-threshold", "0.5");
    browser.click("#rule-add");
    browser.find("#alert-rules tr[data-rule=\"console_rule\"]");
    browser.screenshot("alerts");
    browser.click("#alert-rules tr[data-rule=\"console_rule\"] button");
    browser.wait.until(
        d -> d.findElements(By.cssSelector("tr[data-rule=\"console_rule\"]")).isEmpty());
    browser.page("security");
    browser.find("#users tr[data-user=\"viewer1\"]");
    browser.click("#audit-verify");
    browser.waitForText("#audit-verdict", "chain intact");
    browser.screenshot("security");
    browser.size(390, 844);
    try {
      browser.page("overview");
      browser.waitForText("#overview-status", "Runtime:");
      Object overflow =
          browser.script(
              "return document.documentElement.scrollWidth > document.documentElement.clientWidth");
      assertThat(overflow).as("no sideways scrolling at phone width").isEqualTo(false);
      browser.screenshot("phone");
    } finally {
      browser.size(1280, 800);
    }
  }

  @Test
  @Order(11)
  @DisplayName(
      "keyboard only: sign in with Tab and Enter, open a page from the menu; every control on every page has a label")
  void keyboardAndLabels() {
    browser.go("/");
    browser.find("#username").click();
    browser.driver.switchTo().activeElement().sendKeys("admin", Keys.TAB);
    browser.driver.switchTo().activeElement().sendKeys(adminPassword, Keys.ENTER);
    browser.find("#nav a");
    WebElement logs = browser.find("#nav-logs");
    browser.script("arguments[0].focus()", logs);
    browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    browser.wait.until(
        d -> "logs".equals(d.findElement(By.id("page")).getDomAttribute("data-page")));
    for (String page :
        List.of("overview", "config", "flags", "logs", "metrics", "alerts", "security")) {
      browser.page(page);
      browser.find("#page h1");
      Object unlabelled =
          browser.script(
              "return [...document.querySelectorAll('#page input, #page select, #page textarea')]"
                  + ".filter(e => !e.labels.length && !e.getAttribute('aria-label'))"
                  + ".map(e => e.id || e.outerHTML.slice(0, 80))");
      assertThat((List<?>) unlabelled).as("controls without a label on %s", page).isEmpty();
    }
  }

  @Test
  @Order(12)
  @DisplayName(
      "the token pair is rotated through /auth/refresh, kept out of the URL and web storage, and sign-out revokes it")
  void rotationAndSignOut() {
    browser.signIn("operator1", ApiRuntime.PASSWORD);
    browser.page("config");
    browser.find(row(KEY));
    // The module the page runs is the one a dynamic import returns: its state is the page's.
    List<?> tokens =
        (List<?>)
            browser.driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "import('/console/js/api.js').then(async (m) => {"
                    + "  const before = m.token(); await m.rotate(); const after = m.token();"
                    + "  const me = await m.get('/auth/me');"
                    + "  done([before, after, me.user, localStorage.length, sessionStorage.length,"
                    + "    document.cookie, location.href]);"
                    + "}).catch((e) => done(['failed', String(e)]));");
    assertThat(tokens).hasSize(7);
    String before = (String) tokens.get(0);
    String after = (String) tokens.get(1);
    assertThat(after).isNotBlank().isNotEqualTo(before);
    assertThat(tokens.get(2)).isEqualTo("operator1");
    assertThat(List.<Object>copyOf(tokens.subList(3, 6))).containsExactly(0L, 0L, "");
    assertThat((String) tokens.get(6)).doesNotContain(after).doesNotContain(before);

    browser.signOut();
    HttpResponse<Buffer> me =
        runtime.client.get("/api/v1/auth/me").bearerTokenAuthentication(after).send().await();
    assertThat(me.statusCode()).isEqualTo(401);
    assertThat(me.bodyAsJsonObject().getString("detail")).isEqualTo("token rejected: revoked");
  }

  @Test
  @Order(13)
  @DisplayName("an admin adds a user on the Security page and disables it")
  void addAndDisableUser() {
    browser.signIn("admin", adminPassword);
    browser.page("security");
    browser.type("#new-user-name", "desk1");
    browser.type("#new-user-password", ApiRuntime.PASSWORD);
    browser.type("#new-user-roles", "viewer, trader");
    browser.click("#new-user-add");
    String row = "#users tr[data-user=\"desk1\"]";
    browser.waitForText(row, "viewer, trader");
    browser.click(row + " summary");
    browser.find(row + " button.small");
    browser.driver.findElements(By.cssSelector(row + " button")).stream()
        .filter(button -> button.getText().equals("Disable"))
        .findFirst()
        .orElseThrow()
        .click();
    browser.waitForText(row, "disabled");
    JsonObject desk =
        runtime
            .call(HttpMethod.GET, "/users", "admin", null)
            .bodyAsJsonObject()
            .getJsonArray("users")
            .stream()
            .map(JsonObject.class::cast)
            .filter(user -> "desk1".equals(user.getString("username")))
            .findFirst()
            .orElseThrow();
    assertThat(desk.getBoolean("enabled")).isFalse();
    assertThat(desk.getJsonArray("roles")).containsExactly("viewer", "trader");
  }

  @Test
  @Order(100)
  @DisplayName("the browser reported no Content-Security-Policy violation on any page")
  void noCspViolations() throws java.io.IOException {
    browserLog.addAll(browser.browserLog());
    // Kept for a look after a failing run: what the browser printed while the tests drove it.
    Files.write(Path.of("target", "console-browser.log"), browserLog);
    assertThat(browserLog)
        .noneMatch(line -> line.contains("Content Security Policy"))
        .noneMatch(line -> line.contains("Refused to"));
  }
}
