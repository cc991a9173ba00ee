package io.antbot.web;

import static io.antbot.web.RouteCase.badInput;
import static io.antbot.web.RouteCase.noToken;
import static io.antbot.web.RouteCase.ok;
import static io.antbot.web.RouteCase.refused;
import static io.antbot.web.RouteCase.wrongRole;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.testing.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The system, alert and health routes over real HTTP against the whole runtime. Every default role
 * holds {@code metrics:read}, so the "wrong role" of the read routes is {@code outsider}, a test
 * role granting nothing the API asks for; {@code alerts:write} is {@code operator}'s and not {@code
 * viewer}'s.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("REST API: system, alerts and health")
class ApiMetricsRoutesTest {

  @TempDir static Path dir;

  private static ApiRuntime runtime;

  @BeforeAll
  static void start(Vertx vertx) {
    runtime = ApiRuntime.start(vertx, dir);
    vertx
        .eventBus()
        .request(
            Addresses.BOTS_ANNOUNCE,
            new JsonObject().put("name", "grid-bot").put("node", "py-host").put("kind", "python"))
        .await();
    assertThat(runtime.call(POST, "/alerts/rules", "admin", rule("to_remove")).statusCode())
        .isEqualTo(201);
    // The first system sample is taken on a worker after the start; GET /system answers 503 until
    // then.
    Eventually.eventually(
            vertx,
            10_000,
            // Polled from an event loop: the check must not wait there.
            () ->
                runtime.send(GET, "/system", "admin").map(response -> response.statusCode() == 200))
        .await();
  }

  private static JsonObject rule(String name) {
    return new JsonObject()
        .put("name", name)
        .put("metric", "antbot_failed_fills")
        .put("comparator", ">")
        .put("threshold", 0)
        .put("severity", "critical");
  }

  static Stream<RouteCase> routes() {
    return Stream.of(
        // GET /system, /alerts, /alerts/rules and /health take neither a body nor a parameter: no
        // bad input exists.
        ok(
            GET,
            "/system",
            "trader",
            null,
            200,
            body -> {
              assertThat(body.getString("at")).isNotBlank();
              assertThat(body.getJsonObject("cpu").getInteger("logical_processors")).isPositive();
              assertThat(body.getJsonObject("memory").getLong("total_bytes")).isPositive();
            }),
        noToken(GET, "/system", null),
        wrongRole(GET, "/system", "outsider", null, "metrics:read", "*"),
        ok(
            GET,
            "/cluster",
            "viewer",
            null,
            200,
            body -> {
              assertThat(body.getBoolean("clustered")).isFalse();
              assertThat(body.getJsonArray("members")).hasSize(1);
              JsonObject self = body.getJsonArray("members").getJsonObject(0);
              assertThat(self.getString("node_name")).isEqualTo(body.getString("node"));
              assertThat(self.getString("role")).isEqualTo("core");
              assertThat(self.getBoolean("local")).isTrue();
            }),
        noToken(GET, "/cluster", null),
        wrongRole(GET, "/cluster", "outsider", null, "metrics:read", "*"),
        // A bot behind the bridge, announced in start(); the launcher of this runtime deploys none.
        ok(
            GET,
            "/bots",
            "viewer",
            null,
            200,
            body -> {
              JsonObject bot = body.getJsonArray("bots").getJsonObject(0);
              assertThat(bot.getString("name")).isEqualTo("grid-bot");
              assertThat(bot.getString("node")).isEqualTo("py-host");
              assertThat(bot.getString("kind")).isEqualTo("python");
              assertThat(bot.getString("status")).isEqualTo("running");
              assertThat(bot.getString("last_heartbeat_at")).isNotBlank();
            }),
        noToken(GET, "/bots", null),
        wrongRole(GET, "/bots", "outsider", null, "bots:read", "*"),
        ok(
            POST,
            "/bots/grid-bot/pause",
            "operator",
            null,
            200,
            body -> {
              assertThat(body.getBoolean("paused")).isTrue();
              assertThat(body.getInteger("bots")).isEqualTo(1);
            }),
        noToken(POST, "/bots/grid-bot/pause", null),
        wrongRole(POST, "/bots/grid-bot/pause", "viewer", null, "bots:write", "grid-bot"),
        badInput(POST, "/bots/-x/pause", "operator", null, "name: expected a bot name, got \"-x\""),
        ok(
            POST,
            "/bots/grid-bot/resume",
            "operator",
            null,
            200,
            body -> assertThat(body.getBoolean("paused")).isFalse()),
        noToken(POST, "/bots/grid-bot/resume", null),
        wrongRole(POST, "/bots/grid-bot/resume", "viewer", null, "bots:write", "grid-bot"),
        badInput(
            POST, "/bots/-x/resume", "operator", null, "name: expected a bot name, got \"-x\""),
        ok(
            GET,
            "/metrics/history?limit=5",
            "viewer",
            null,
            200,
            body -> {
              assertThat(body.getInteger("interval_s")).isPositive();
              assertThat(body.getJsonArray("points")).isNotEmpty().hasSizeLessThanOrEqualTo(5);
              JsonObject point = body.getJsonArray("points").getJsonObject(0);
              assertThat(point.getString("at")).isNotBlank();
              assertThat(point.getLong("heap_used_bytes")).isPositive();
              assertThat(point.containsKey("latency_p95_ms")).isTrue();
            }),
        noToken(GET, "/metrics/history", null),
        wrongRole(GET, "/metrics/history", "outsider", null, "metrics:read", "*"),
        badInput(
            GET,
            "/metrics/history?limit=0",
            "viewer",
            null,
            "limit: must be between 1 and 100000, got 0"),
        ok(
            GET,
            "/alerts",
            "viewer",
            null,
            200,
            body -> {
              assertThat(body.getJsonArray("alerts")).isNotEmpty();
              assertThat(body.getJsonArray("anomalies")).isNotNull();
            }),
        noToken(GET, "/alerts", null),
        wrongRole(GET, "/alerts", "outsider", null, "metrics:read", "*"),
        ok(
            GET,
            "/alerts/rules",
            "operator",
            null,
            200,
            body ->
                assertThat(
                        body.getJsonArray("alerts").stream()
                            .map(a -> ((JsonObject) a).getString("name")))
                    .contains("cpu_high", "disk_full", "to_remove")),
        noToken(GET, "/alerts/rules", null),
        wrongRole(GET, "/alerts/rules", "outsider", null, "metrics:read", "*"),
        ok(
            GET,
            "/health",
            "trader",
            null,
            200,
            body -> {
              assertThat(body.getString("status")).isIn("healthy", "degraded");
              assertThat(
                      body.getJsonArray("checks").stream()
                          .map(c -> ((JsonObject) c).getString("name")))
                  .contains(
                      "service.config",
                      "service.security",
                      "service.logging",
                      "service.http",
                      "service.bridge",
                      "system");
            }),
        noToken(GET, "/health", null),
        wrongRole(GET, "/health", "outsider", null, "metrics:read", "*"),
        ok(
            POST,
            "/alerts/rules",
            "operator",
            rule("fills_failing"),
            201,
            body -> {
              assertThat(body.getString("name")).isEqualTo("fills_failing");
              assertThat(body.getString("state")).isEqualTo("inactive");
            }),
        noToken(POST, "/alerts/rules", rule("nobody")),
        wrongRole(POST, "/alerts/rules", "viewer", rule("viewers"), "alerts:write", "*"),
        badInput(
            POST,
            "/alerts/rules",
            "operator",
            rule("nometric").copy().put("metric", null),
            "metric: required"),
        badInput(
            POST,
            "/alerts/rules",
            "operator",
            rule("badcomp").put("comparator", "=>"),
            "comparator: expected one of > >= < <= ==, got \"=>\""),
        badInput(
            POST,
            "/alerts/rules",
            "operator",
            rule("badthreshold").put("threshold", "high"),
            "threshold: expected a number, got \"high\""),
        refused(
            "POST /alerts/rules with a taken name → 409",
            POST,
            "/alerts/rules",
            "operator",
            rule("cpu_high"),
            409,
            "name: an alert rule named cpu_high exists"),
        ok(
            DELETE,
            "/alerts/rules/to_remove",
            "operator",
            null,
            200,
            body -> assertThat(body.getString("removed")).isEqualTo("to_remove")),
        noToken(DELETE, "/alerts/rules/to_remove", null),
        wrongRole(DELETE, "/alerts/rules/to_remove", "viewer", null, "alerts:write", "to_remove"),
        badInput(
            DELETE,
            "/alerts/rules/no%20such%20rule",
            "operator",
            null,
            "name: expected 1 to 64 letters, digits, '_', '.' or '-', got \"no such rule\""),
        refused(
            "DELETE /alerts/rules/never_added → 404",
            DELETE,
            "/alerts/rules/never_added",
            "operator",
            null,
            404,
            "name: no alert rule named never_added"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void route(RouteCase call) {
    call.verify(runtime);
  }

  @org.junit.jupiter.api.Test
  @DisplayName("GET /alerts lists what other services raise on antbot.alerts until they resolve it")
  void raisedAlertsListed(Vertx vertx) {
    JsonObject firing =
        new JsonObject()
            .put("id", "security:session_storage")
            .put("source", "security")
            .put("name", "session_storage_unavailable")
            .put("severity", "critical")
            .put("state", "firing")
            .put("message", "sessions cannot be saved")
            .put("at", "2026-12-05T10:00:00Z");
    vertx.eventBus().publish(io.antbot.bus.Addresses.ALERTS, firing);
    Eventually.eventually(vertx, 5_000, () -> raisedLater().map(raised -> raised.contains(firing)))
        .await();
    vertx
        .eventBus()
        .publish(io.antbot.bus.Addresses.ALERTS, firing.copy().put("state", "resolved"));
    Eventually.eventually(vertx, 5_000, () -> raisedLater().map(JsonArray::isEmpty)).await();
  }

  private static Future<JsonArray> raisedLater() {
    return runtime
        .send(GET, "/alerts", "viewer")
        .map(response -> response.bodyAsJsonObject().getJsonArray("raised"));
  }
}
