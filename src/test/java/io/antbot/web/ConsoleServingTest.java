package io.antbot.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.launcher.AntBot;
import io.antbot.launcher.LaunchOptions;
import io.antbot.security.SecurityTestSupport;
import io.antbot.testing.TestConf;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator console as files over HTTP: where it is served, with which headers, what a first
 * load weighs, that {@code http.console.enabled: false} takes it away, and that signing out revokes
 * the session.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Operator console: served by the runtime")
class ConsoleServingTest {

  /** What the page loads on first open: the document, its style sheet, icon and modules. */
  private static final List<String> FIRST_LOAD =
      List.of(
          "",
          "app.css",
          "favicon.svg",
          "js/app.js",
          "js/api.js",
          "js/dom.js",
          "js/events.js",
          "js/chart.js",
          "js/pages/schema.js",
          "js/pages/overview.js",
          "js/pages/config.js",
          "js/pages/flags.js",
          "js/pages/logs.js",
          "js/pages/metrics.js",
          "js/pages/alerts.js",
          "js/pages/security.js");

  @TempDir static Path dir;
  private static ApiRuntime runtime;

  @BeforeAll
  static void start(Vertx vertx) {
    runtime = ApiRuntime.start(vertx, dir);
  }

  private static HttpResponse<Buffer> get(String path) {
    return runtime.client.get(path).followRedirects(false).timeout(10_000).send().await();
  }

  @Test
  @DisplayName("/ and /console redirect to /console/, which is the console's page")
  void redirects() {
    for (String path : List.of("/", "/console")) {
      HttpResponse<Buffer> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(302);
      assertThat(response.getHeader("Location")).isEqualTo("/console/");
    }
    HttpResponse<Buffer> page = get("/console/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.bodyAsString()).contains("<script type=\"module\" src=\"js/app.js\">");
  }

  @Test
  @DisplayName(
      "every console file carries the strict CSP and the edge's security headers, and no inline script or style")
  void headers() {
    for (String file : FIRST_LOAD) {
      HttpResponse<Buffer> response = get("/console/" + file);
      assertThat(response.statusCode()).as(file).isEqualTo(200);
      assertThat(response.getHeader("Content-Security-Policy"))
          .as(file)
          .isEqualTo(ConsoleRoutes.CONTENT_SECURITY_POLICY)
          .contains("default-src 'self'", "script-src 'self'", "style-src 'self'")
          .doesNotContain("unsafe-inline", "unsafe-eval");
      assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
      assertThat(response.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
      assertThat(response.getHeader("X-Correlation-Id")).isNotBlank();
      String body = response.bodyAsString();
      assertThat(body).as(file).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML");
      assertThat(body).as(file).doesNotContain("eval(", "new Function", "localStorage.");
      assertThat(body).as(file).doesNotContain("sessionStorage.", "document.write");
    }
    String html = get("/console/").bodyAsString();
    assertThat(html).doesNotContain("style=", "<style", "onclick", "onload");
    assertThat(html.replace("<script type=\"module\" src=\"js/app.js\"></script>", ""))
        .doesNotContain("<script");
    assertThat(get("/console/js/app.js").getHeader("Content-Type")).contains("javascript");
    assertThat(get("/console/app.css").getHeader("Content-Type")).startsWith("text/css");
  }

  @Test
  @DisplayName("the first load (page, style sheet, icon and every module) is under 300 KB")
  void firstLoadSize() {
    long total = 0;
    for (String file : FIRST_LOAD) {
      total += get("/console/" + file).body().length();
    }
    assertThat(total).as("bytes of the first load").isLessThan(300 * 1024);
  }

  @Test
  @DisplayName("a missing console file is a 404 problem, and the directory is not listed")
  void missing() {
    assertThat(get("/console/nope.js").statusCode()).isEqualTo(404);
    assertThat(get("/console/js/").statusCode()).isIn(403, 404);
  }

  @Test
  @DisplayName(
      "POST /auth/logout revokes the caller's own token, even for a viewer without tokens:revoke")
  void logoutRevokes() {
    String token = runtime.login("viewer1", ApiRuntime.PASSWORD);
    HttpResponse<Buffer> out =
        runtime.client.post("/api/v1/auth/logout").bearerTokenAuthentication(token).send().await();
    assertThat(out.statusCode()).as(out.bodyAsString()).isEqualTo(200);
    assertThat(out.bodyAsJsonObject()).isEqualTo(new JsonObject().put("signed_out", "viewer1"));
    HttpResponse<Buffer> after =
        runtime.client.get("/api/v1/auth/me").bearerTokenAuthentication(token).send().await();
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.bodyAsJsonObject().getString("detail")).isEqualTo("token rejected: revoked");
    assertThat(runtime.call(HttpMethod.POST, "/auth/logout", null, null).statusCode())
        .isEqualTo(401);
  }

  @Test
  @DisplayName("with http.console.enabled: false, / and /console/ are 404 and the API still works")
  void disabled(Vertx vertx) throws Exception {
    Vertx other = Vertx.vertx();
    try {
      Path conf = TestConf.copyIsolated(dir.resolve("off/conf"));
      SecurityTestSupport.presetRsaKey(conf.resolve("var"));
      Path application = conf.resolve("application.yaml");
      String text = Files.readString(application);
      assertThat(text).contains("  console:\n    enabled: true\n");
      Files.writeString(
          application,
          text.replace("  console:\n    enabled: true\n", "  console:\n    enabled: false\n"));
      AntBot.start(other, new LaunchOptions(conf.toString(), "staging", 0)).await();
      int port =
          other
              .eventBus()
              .<JsonObject>request(io.antbot.bus.Addresses.HTTP_STATUS, new JsonObject())
              .await()
              .body()
              .getJsonObject("details")
              .getInteger("port");
      WebClient client =
          WebClient.create(
              other, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
      assertThat(client.get("/").send().await().statusCode()).isEqualTo(404);
      assertThat(client.get("/console/").send().await().statusCode()).isEqualTo(404);
      assertThat(client.get("/health/live").send().await().statusCode()).isEqualTo(200);
    } finally {
      other.close().await();
    }
  }
}
