package io.antbot.web;

import static io.antbot.web.RouteCase.badInput;
import static io.antbot.web.RouteCase.noToken;
import static io.antbot.web.RouteCase.ok;
import static io.antbot.web.RouteCase.wrongRole;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
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
 * The log routes over real HTTP against the whole runtime: {@code logs:read} ({@code viewer} and
 * {@code operator}, not {@code trader}) and {@code logs:write} ({@code operator}, not {@code
 * viewer}).
 */
@ExtendWith(VertxExtension.class)
@DisplayName("REST API: logs")
class ApiLogsRoutesTest {

  @TempDir static Path dir;

  private static ApiRuntime runtime;

  @BeforeAll
  static void start(Vertx vertx) {
    runtime = ApiRuntime.start(vertx, dir);
    // A change the config service logs ("configuration version N ..."), for the component row to
    // find.
    assertThat(
            runtime
                .call(
                    PUT,
                    "/config/trading.max_open_positions",
                    "admin",
                    new JsonObject().put("value", 9))
                .statusCode())
        .isEqualTo(200);
  }

  static Stream<RouteCase> routes() {
    return Stream.of(
        ok(
            GET,
            "/logs?level=INFO&limit=5",
            "viewer",
            null,
            200,
            body -> {
              assertThat(body.getJsonArray("events")).isNotEmpty().hasSizeLessThanOrEqualTo(5);
              assertThat(body.getJsonArray("events").getJsonObject(0).getString("message"))
                  .isNotBlank();
            }),
        ok(
            GET,
            "/logs?component=ConfigVerticle&q=configuration%20version",
            "operator",
            null,
            200,
            body ->
                assertThat(
                        body.getJsonArray("events").stream()
                            .map(e -> ((JsonObject) e).getString("message")))
                    .isNotEmpty()
                    .allMatch(message -> message.contains("configuration version"))),
        noToken(GET, "/logs", null),
        wrongRole(GET, "/logs", "trader", null, "logs:read", "*"),
        badInput(
            GET,
            "/logs?level=loud",
            "viewer",
            null,
            "level: expected one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, got \"loud\""),
        badInput(GET, "/logs?limit=abc", "viewer", null, "limit: expected an integer, got \"abc\""),
        badInput(
            GET,
            "/logs?since=yesterday",
            "viewer",
            null,
            "since: expected an ISO-8601 instant such as 2025-01-31T12:00:00Z, got \"yesterday\""),
        badInput(
            GET,
            "/logs?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z",
            "viewer",
            null,
            "since: must be before until"),
        ok(
            GET,
            "/logs/levels/io.antbot.config",
            "viewer",
            null,
            200,
            body -> {
              assertThat(body.getString("logger")).isEqualTo("io.antbot.config");
              assertThat(body.getString("level")).isEqualTo("INFO");
            }),
        noToken(GET, "/logs/levels/io.antbot.config", null),
        wrongRole(
            GET, "/logs/levels/io.antbot.config", "trader", null, "logs:read", "io.antbot.config"),
        badInput(
            GET,
            "/logs/levels/io.antbot%20config",
            "viewer",
            null,
            "logger: expected a logger name such as TradingEngine or io.vertx.core, got \"io.antbot config\""),
        ok(
            PUT,
            "/logs/levels/io.antbot.metrics",
            "operator",
            new JsonObject().put("level", "DEBUG").put("ttl_s", 60),
            200,
            body -> {
              assertThat(body.getString("logger")).isEqualTo("io.antbot.metrics");
              assertThat(body.getString("level")).isEqualTo("DEBUG");
              assertThat(body.getString("expires_at")).isNotBlank();
            }),
        noToken(PUT, "/logs/levels/io.antbot.metrics", new JsonObject().put("level", "DEBUG")),
        wrongRole(
            PUT,
            "/logs/levels/io.antbot.metrics",
            "viewer",
            new JsonObject().put("level", "DEBUG"),
            "logs:write",
            "io.antbot.metrics"),
        badInput(
            PUT,
            "/logs/levels/io.antbot.metrics",
            "operator",
            new JsonObject().put("level", "loud"),
            "level: expected one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got \"loud\""),
        badInput(
            PUT, "/logs/levels/io.antbot.metrics", "operator", new JsonObject(), "level: required"),
        badInput(
            PUT,
            "/logs/levels/io.antbot.metrics",
            "operator",
            new JsonObject().put("level", "WARN").put("ttl_s", 0),
            "ttl_s: expected more than 0 and at most 604800, got 0.0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void route(RouteCase call) {
    call.verify(runtime);
  }
}
