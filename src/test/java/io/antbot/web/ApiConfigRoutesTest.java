package io.antbot.web;

import static io.antbot.web.RouteCase.badInput;
import static io.antbot.web.RouteCase.noToken;
import static io.antbot.web.RouteCase.ok;
import static io.antbot.web.RouteCase.refused;
import static io.antbot.web.RouteCase.wrongRole;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The configuration and feature-flag routes over real HTTP against the whole runtime: success, no
 * token (401), a role without the permission (403: {@code trader} cannot read the configuration,
 * {@code viewer} cannot write it) and bad input (400 naming the field).
 */
@ExtendWith(VertxExtension.class)
@DisplayName("REST API: configuration and feature flags")
class ApiConfigRoutesTest {

  @TempDir static Path dir;

  private static ApiRuntime runtime;

  @BeforeAll
  static void start(Vertx vertx) {
    runtime = ApiRuntime.start(vertx, dir);
    // The override that the DELETE row removes.
    assertThat(
            runtime
                .call(
                    PUT,
                    "/config/trading.max_slippage",
                    "admin",
                    new JsonObject().put("value", 0.01))
                .statusCode())
        .isEqualTo(200);
  }

  static Stream<RouteCase> routes() {
    return Stream.of(
        // GET /config and GET /config/schema take neither a body nor a parameter: there is no bad
        // input to send it.
        ok(
            GET,
            "/config/schema",
            "viewer",
            null,
            200,
            body -> {
              JsonObject port =
                  body.getJsonArray("rules").stream()
                      .map(JsonObject.class::cast)
                      .filter(rule -> "http.port".equals(rule.getString("path")))
                      .findFirst()
                      .orElseThrow();
              assertThat(port.getString("type")).isEqualTo("integer");
              assertThat(port.getDouble("max")).isEqualTo(65535.0);
              assertThat(port.getBoolean("live")).isFalse();
              assertThat(
                      body.getJsonArray("rules").stream()
                          .map(JsonObject.class::cast)
                          .filter(rule -> rule.getBoolean("secret", false))
                          .noneMatch(rule -> rule.containsKey("default")))
                  .as("no secret's default is shown")
                  .isTrue();
            }),
        noToken(GET, "/config/schema", null),
        wrongRole(GET, "/config/schema", "outsider", null, "config:read", "*"),
        ok(
            GET,
            "/config",
            "viewer",
            null,
            200,
            body -> {
              assertThat(body.getLong("version")).isPositive();
              assertThat(
                      body.getJsonObject("config")
                          .getJsonObject("trading")
                          .getString("base_currency"))
                  .isEqualTo("USDC");
            }),
        noToken(GET, "/config", null),
        wrongRole(GET, "/config", "trader", null, "config:read", "*"),
        ok(
            GET,
            "/config/history?limit=2",
            "operator",
            null,
            200,
            body -> {
              assertThat(body.getJsonArray("versions")).isNotEmpty().hasSizeLessThanOrEqualTo(2);
              assertThat(body.getJsonArray("versions").getJsonObject(0).getLong("version"))
                  .isPositive();
            }),
        noToken(GET, "/config/history", null),
        wrongRole(GET, "/config/history", "trader", null, "config:read", "*"),
        badInput(
            GET,
            "/config/history?limit=abc",
            "operator",
            null,
            "limit: expected an integer, got \"abc\""),
        badInput(
            GET,
            "/config/history?limit=0",
            "operator",
            null,
            "limit: must be between 1 and 1000, got 0"),
        ok(
            GET,
            "/config/trading.base_currency",
            "viewer",
            null,
            200,
            body -> {
              assertThat(body.getString("key")).isEqualTo("trading.base_currency");
              assertThat(body.getString("value")).isEqualTo("USDC");
            }),
        noToken(GET, "/config/trading.base_currency", null),
        wrongRole(
            GET,
            "/config/trading.base_currency",
            "trader",
            null,
            "config:read",
            "trading.base_currency"),
        badInput(
            GET,
            "/config/trading..base_currency",
            "viewer",
            null,
            "key: not a valid key \"trading..base_currency\" (expected dotted names of letters, digits, '_' or '-', like "
                + "trading.max_position_size)"),
        ok(
            PUT,
            "/config/trading.max_open_positions",
            "operator",
            new JsonObject().put("value", 12).put("reason", "test"),
            200,
            body -> {
              assertThat(body.getJsonArray("changes").getJsonObject(0).getString("key"))
                  .isEqualTo("trading.max_open_positions");
              assertThat(body.getJsonArray("changes").getJsonObject(0).getInteger("new"))
                  .isEqualTo(12);
            }),
        noToken(PUT, "/config/trading.max_open_positions", new JsonObject().put("value", 12)),
        wrongRole(
            PUT,
            "/config/trading.max_open_positions",
            "viewer",
            new JsonObject().put("value", 12),
            "config:write",
            "trading.max_open_positions"),
        badInput(
            PUT,
            "/config/trading.max_open_positions",
            "operator",
            new JsonObject().put("reason", "no value"),
            "value: required (to remove an override, send antbot.config.unset)"),
        badInput(
            PUT,
            "/config/trading.max_open_positions",
            "operator",
            new JsonObject().put("value", "lots"),
            "trading.max_open_positions: expected an integer, got \"lots\""),
        badInput(
            PUT,
            "/config/trading.max_open_positions",
            "operator",
            new JsonObject().put("value", 3).put("colour", "red"),
            "colour: unknown field (expected one of actor, dry_run, expect_version, key, reason, value)"),
        ok(
            DELETE,
            "/config/trading.max_slippage?reason=test",
            "operator",
            null,
            200,
            body -> assertThat(body.getLong("version")).isPositive()),
        RouteCase.refused(
            "DELETE /config/trading.min_order_size without an override → 404",
            DELETE,
            "/config/trading.min_order_size",
            "operator",
            null,
            404,
            "trading.min_order_size: no runtime override to remove"),
        noToken(DELETE, "/config/trading.max_slippage", null),
        wrongRole(
            DELETE,
            "/config/trading.max_slippage",
            "viewer",
            null,
            "config:write",
            "trading.max_slippage"),
        badInput(
            DELETE,
            "/config/trading.max_slippage?reason=" + "x".repeat(501),
            "operator",
            null,
            "reason: expected one line of at most 500 characters"),
        ok(
            POST,
            "/config/validate",
            "operator",
            "trading:\n  max_position_size: 2\n",
            200,
            body -> {
              assertThat(body.getBoolean("valid")).isFalse();
              assertThat(body.getJsonArray("errors").encode())
                  .contains("trading.max_position_size");
            }),
        noToken(POST, "/config/validate", "trading:\n  dry_run: true\n"),
        wrongRole(
            POST, "/config/validate", "viewer", "trading:\n  dry_run: true\n", "config:write", "*"),
        badInput(POST, "/config/validate", "operator", null, "yaml: required"),
        refused(
            "POST /config/validate with a document over 256 KiB → 413",
            POST,
            "/config/validate",
            "operator",
            "a: " + "x".repeat(256 * 1024),
            413,
            "yaml: a document to validate has at most 262144 characters, got 262147"),
        ok(
            POST,
            "/config/revert",
            "operator",
            new JsonObject().put("version", 1).put("reason", "test"),
            200,
            body -> assertThat(body.getLong("version")).isPositive()),
        noToken(POST, "/config/revert", new JsonObject().put("version", 1)),
        wrongRole(
            POST,
            "/config/revert",
            "viewer",
            new JsonObject().put("version", 1),
            "config:write",
            "*"),
        badInput(
            POST,
            "/config/revert",
            "operator",
            new JsonObject().put("reason", "no version"),
            "version: required"),
        badInput(
            POST,
            "/config/revert",
            "operator",
            new JsonObject().put("version", "first"),
            "version: expected an integer, got \"first\""),

        // GET /features takes neither a body nor a parameter: there is no bad input to send it.
        ok(
            GET,
            "/features",
            "viewer",
            null,
            200,
            body -> {
              assertThat(body.getString("key")).isEqualTo("features");
              assertThat(body.getJsonObject("value").fieldNames())
                  .contains("enable_compounding", "enable_colony_expansion");
            }),
        noToken(GET, "/features", null),
        wrongRole(GET, "/features", "trader", null, "config:read", "*"),
        ok(
            GET,
            "/features/enable_colony_expansion?bot=12&symbol=SOL/USDC&exchange=kraken",
            "viewer",
            null,
            200,
            body -> {
              assertThat(body.getString("flag")).isEqualTo("enable_colony_expansion");
              assertThat(body.getBoolean("enabled")).isNotNull();
              assertThat(body.getString("reason")).isNotBlank();
            }),
        noToken(GET, "/features/enable_colony_expansion", null),
        wrongRole(
            GET,
            "/features/enable_colony_expansion",
            "trader",
            null,
            "config:read",
            "enable_colony_expansion"),
        badInput(
            GET,
            "/features/enable%20flywheel",
            "viewer",
            null,
            "flag: not a valid flag name \"enable flywheel\" (expected letters, digits, '_' or '-')"),
        ok(
            PUT,
            "/features/enable_flywheel",
            "operator",
            new JsonObject()
                .put("value", new JsonObject().put("rollout_percent", 40))
                .put("reason", "test"),
            200,
            body ->
                assertThat(body.getJsonArray("changes").encode())
                    .contains("features.enable_flywheel")),
        ok(
            PUT,
            "/features/enable_colony_expansion",
            "operator",
            new JsonObject()
                .put("rollout_percent", 30)
                .put("reason", "settings without the value wrapper"),
            200,
            body ->
                assertThat(body.getJsonArray("changes").encode())
                    .contains("features.enable_colony_expansion")
                    .doesNotContain("wrapper")),
        noToken(
            PUT,
            "/features/enable_flywheel",
            new JsonObject().put("value", new JsonObject().put("enabled", false))),
        wrongRole(
            PUT,
            "/features/enable_flywheel",
            "viewer",
            new JsonObject().put("value", new JsonObject().put("enabled", false)),
            "config:write",
            "features.enable_flywheel"),
        badInput(
            PUT,
            "/features/enable_flywheel",
            "operator",
            new JsonObject().put("value", new JsonObject().put("rollout_percent", 300)),
            "features.enable_flywheel.rollout_percent: must be at most 100, got 300"),
        badInput(
            PUT,
            "/features/enable_flywheel",
            "operator",
            new JsonObject().put("value", new JsonObject().put("enabled", false)).put("reason", 5),
            "reason: expected a string, got 5"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void route(RouteCase call) {
    call.verify(runtime);
  }

  /**
   * 76 KB of chained aliases (20 of them, the most SnakeYAML's default allows) that would expand
   * 1,458-fold to 55 million values — a 512 MB heap is exhausted in 7 s: refused on the first alias
   * of a list, in the time of a normal request, while the runtime goes on answering.
   */
  @Test
  @DisplayName(
      "POST /config/validate with an alias bomb answers a syntax error naming the alias's line, promptly")
  void aliasBomb() {
    StringBuilder bomb = new StringBuilder("l0: &l0 [" + "0,".repeat(38_000) + "0]\n");
    for (int i = 1; i <= 6; i++) {
      bomb.append("l")
          .append(i)
          .append(": &l")
          .append(i)
          .append(" [*l")
          .append(i - 1)
          .append(", *l")
          .append(i - 1)
          .append(", *l")
          .append(i - 1)
          .append("]\n");
    }
    String yaml = bomb.append("l7: [*l6, *l6]\n").toString();
    assertThat(yaml.length()).isBetween(70_000, 80_000);
    long started = System.nanoTime();
    HttpResponse<Buffer> response = runtime.call(POST, "/config/validate", "operator", yaml);
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject report = response.bodyAsJsonObject();
    assertThat(report.getBoolean("valid")).isFalse();
    assertThat(report.getJsonArray("errors")).hasSize(1);
    assertThat(report.getJsonArray("errors").getJsonObject(0).getString("rule"))
        .isEqualTo("syntax");
    assertThat(report.getJsonArray("errors").getJsonObject(0).getString("message"))
        .isEqualTo(
            "request:2: the alias *l0 repeats a mapping or a list, which configuration files do not allow; "
                + "write the values out");
    assertThat(tookMs).isLessThan(5_000);
    assertThat(runtime.call(GET, "/config/trading.base_currency", "viewer", null).statusCode())
        .isEqualTo(200);
  }

  @Test
  @DisplayName(
      "PUT /config/core with a state_dir inside is refused with 400 naming the override: false rule")
  void stateDirThroughSection() {
    HttpResponse<Buffer> response =
        runtime.call(
            PUT,
            "/config/core",
            "admin",
            new JsonObject()
                .put(
                    "value",
                    new JsonObject().put("state_dir", dir.resolve("elsewhere").toString())));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getString("detail"))
        .startsWith("core.state_dir: cannot be overridden at run time (")
        .contains(
            "schema.yaml:",
            "core.state_dir has override: false); set it in the configuration files");
    HttpResponse<Buffer> direct =
        runtime.call(
            PUT,
            "/config/security.keys_dir",
            "admin",
            new JsonObject().put("value", dir.resolve("elsewhere").toString()));
    assertThat(direct.statusCode()).isEqualTo(400);
    assertThat(direct.bodyAsJsonObject().getString("detail"))
        .startsWith("security.keys_dir: cannot be overridden");
  }

  @Test
  @DisplayName(
      "PUT /config/{key} with 1e400 (an infinity once parsed) is a 400, and nothing is stored")
  void nonFiniteNumberRefused() {
    HttpResponse<Buffer> response =
        runtime.callRawJson(
            PUT, "/config/trading.max_position_size", "admin", "{\"value\": 1e400}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("detail"))
        .isEqualTo("value: expected a finite number, got Infinity (out of the range of a double)");
    HttpResponse<Buffer> nested =
        runtime.callRawJson(
            PUT, "/config/features", "admin", "{\"value\": {\"x\": {\"rollout\": -1e999}}}");
    assertThat(nested.statusCode()).isEqualTo(400);
    assertThat(nested.bodyAsJsonObject().getString("detail"))
        .startsWith("value.x.rollout: expected a finite number");
    assertThat(
            runtime
                .call(GET, "/config/trading.max_position_size", "admin", null)
                .bodyAsJsonObject()
                .getValue("value"))
        .isNotEqualTo("Infinity");
  }

  @Test
  @DisplayName(
      "PUT /config/security.threats.rules with a rule that needs backtracking is a 400 naming the rule; "
          + "nothing is stored, and a linear rule passes")
  void backtrackingThreatRuleRefused() {
    JsonObject rule =
        new JsonObject()
            .put("id", "custom.backref")
            .put("category", "sqli")
            .put("score", 5)
            .put("pattern", "(a+)\\1x");
    HttpResponse<Buffer> response =
        runtime.call(
            PUT,
            "/config/security.threats.rules",
            "admin",
            new JsonObject().put("value", new JsonArray().add(rule)).put("reason", "test"));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("detail"))
        .startsWith(
            "security.threats.rules[0].pattern: refused: it uses a feature that needs backtracking");
    HttpResponse<Buffer> nested =
        runtime.call(
            PUT,
            "/config/security.threats.rules",
            "admin",
            new JsonObject()
                .put("value", new JsonArray().add(rule.copy().put("pattern", "(\\w+\\s?)+$"))));
    assertThat(nested.statusCode()).isEqualTo(400);
    assertThat(nested.bodyAsJsonObject().getString("detail"))
        .contains("a repeated group contains a repetition");
    assertThat(
            runtime
                .call(GET, "/config/security.threats.rules", "admin", null)
                .bodyAsJsonObject()
                .getJsonArray("value"))
        .isEmpty();
    // A dry run validates as the write would, and leaves the history alone for the other tests.
    HttpResponse<Buffer> linear =
        runtime.call(
            PUT,
            "/config/security.threats.rules",
            "admin",
            new JsonObject()
                .put("value", new JsonArray().add(rule.copy().put("pattern", "drop\\s+table")))
                .put("dry_run", true));
    assertThat(linear.statusCode()).as(linear.bodyAsString()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "PUT /config/{key} with a value over 256 KiB of JSON is a 413 problem with the bus's text")
  void oversizedValueRefused() {
    JsonArray bots = new JsonArray();
    for (int i = 0; i < 300; i++) {
      bots.add("b".repeat(1_000));
    }
    JsonObject flag =
        new JsonObject().put("enabled", true).put("allow", new JsonObject().put("bots", bots));
    HttpResponse<Buffer> response =
        runtime.call(PUT, "/config/features.wide", "admin", new JsonObject().put("value", flag));
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("detail"))
        .isEqualTo("value: at most 262144 characters of JSON, got " + flag.encode().length());
  }

  @Test
  @DisplayName(
      "GET /config/{key}, answered in-process, is the bus reply (same value, masking, version) and"
          + " sees a change at once")
  void readsMatchTheBus() {
    for (String key : new String[] {"trading", "security", "logging.level", "trading.exchanges"}) {
      HttpResponse<Buffer> http = runtime.call(GET, "/config/" + key, "admin", null);
      assertThat(http.statusCode()).as(key).isEqualTo(200);
      JsonObject bus =
          runtime
              .vertx
              .eventBus()
              .<JsonObject>request(
                  io.antbot.bus.Addresses.CONFIG_GET, new JsonObject().put("key", key))
              .await()
              .body();
      assertThat(http.bodyAsJsonObject()).as(key).isEqualTo(bus);
    }
    HttpResponse<Buffer> missing = runtime.call(GET, "/config/trading.no_such_key", "admin", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().getString("detail"))
        .isEqualTo("trading.no_such_key: no such key");

    JsonObject before =
        runtime.call(GET, "/config/trading.max_open_positions", "admin", null).bodyAsJsonObject();
    assertThat(
            runtime
                .call(GET, "/config/trading.max_open_positions", "admin", null)
                .bodyAsJsonObject())
        .as("a key read again (its reply kept for the version)")
        .isEqualTo(before);
    assertThat(before.getInteger("value")).isNotEqualTo(17);
    HttpResponse<Buffer> put =
        runtime.call(
            PUT,
            "/config/trading.max_open_positions",
            "admin",
            new JsonObject().put("value", 17).put("reason", "read-after-write"));
    assertThat(put.statusCode()).isEqualTo(200);
    JsonObject read =
        runtime.call(GET, "/config/trading.max_open_positions", "admin", null).bodyAsJsonObject();
    assertThat(read.getInteger("value")).isEqualTo(17);
    assertThat(read.getLong("version")).isEqualTo(put.bodyAsJsonObject().getLong("version"));
  }
}
