package io.antbot.web;

import static io.antbot.web.RouteCase.badInput;
import static io.antbot.web.RouteCase.noToken;
import static io.antbot.web.RouteCase.ok;
import static io.antbot.web.RouteCase.wrongRole;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
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
 * The security routes over real HTTP against the whole runtime. Scan, encrypt and decrypt are
 * {@code admin}'s only; the audit trail is {@code security:audit:read} ({@code operator}; not
 * {@code viewer}, whose role denies it, nor {@code trader}); the recent security events are {@code
 * security:read} ({@code viewer}; not {@code operator}).
 */
@ExtendWith(VertxExtension.class)
@DisplayName("REST API: security")
class ApiSecurityRoutesTest {

  /** "hello, fernet" in base64. */
  private static final String DATA_B64 = "aGVsbG8sIGZlcm5ldA==";

  @TempDir static Path dir;

  private static ApiRuntime runtime;
  private static String fernetToken;

  @BeforeAll
  static void start(Vertx vertx) {
    runtime = ApiRuntime.start(vertx, dir);
    HttpResponse<Buffer> encrypted =
        runtime.call(
            POST, "/security/encrypt", "admin", new JsonObject().put("data_b64", DATA_B64));
    assertThat(encrypted.statusCode()).isEqualTo(200);
    fernetToken = encrypted.bodyAsJsonObject().getString("token");
  }

  /** Called by JUnit after {@link #start}, so the Fernet token made there is set. */
  static Stream<RouteCase> routes() {
    return Stream.of(
        ok(
            POST,
            "/security/scan",
            "admin",
            new JsonObject().put("input", "a plain sentence about SOL/USDC"),
            200,
            body -> {
              assertThat(body.getBoolean("threat")).isFalse();
              assertThat(body.getInteger("score")).isZero();
              assertThat(body.getJsonArray("matches")).isEmpty();
            }),
        ok(
            POST,
            "/security/scan",
            "admin",
            new JsonObject().put("method", "GET").put("path", "/orders").put("query", "symbol=SOL"),
            200,
            body -> assertThat(body.getBoolean("threat")).isFalse()),
        noToken(POST, "/security/scan", new JsonObject().put("input", "hello")),
        wrongRole(
            POST,
            "/security/scan",
            "operator",
            new JsonObject().put("input", "hello"),
            "security:scan",
            "*"),
        badInput(
            POST,
            "/security/scan",
            "admin",
            new JsonObject(),
            "input: required (or a request: method, path, query, headers, body)"),
        badInput(
            POST,
            "/security/scan",
            "admin",
            new JsonObject().put("input", "x").put("path", "/"),
            "path: not allowed with input (send either {input} or a request)"),
        ok(
            POST,
            "/security/encrypt",
            "admin",
            new JsonObject().put("data_b64", DATA_B64),
            200,
            body -> {
              assertThat(body.getString("token")).startsWith("gAAAAA");
              assertThat(body.encode()).doesNotContain(DATA_B64);
            }),
        noToken(POST, "/security/encrypt", new JsonObject().put("data_b64", DATA_B64)),
        wrongRole(
            POST,
            "/security/encrypt",
            "viewer",
            new JsonObject().put("data_b64", DATA_B64),
            "security:encrypt",
            "*"),
        badInput(
            POST,
            "/security/encrypt",
            "admin",
            new JsonObject().put("data_b64", "not base64!"),
            "data_b64: not valid base64 (RFC 4648, standard alphabet, padded)"),
        badInput(POST, "/security/encrypt", "admin", new JsonObject(), "data_b64: required"),
        ok(
            POST,
            "/security/decrypt",
            "admin",
            new JsonObject().put("token", fernetToken),
            200,
            body -> assertThat(body.getString("data_b64")).isEqualTo(DATA_B64)),
        noToken(POST, "/security/decrypt", new JsonObject().put("token", fernetToken)),
        wrongRole(
            POST,
            "/security/decrypt",
            "operator",
            new JsonObject().put("token", fernetToken),
            "security:decrypt",
            "*"),
        badInput(POST, "/security/decrypt", "admin", new JsonObject(), "token: required"),
        badInput(
            POST,
            "/security/decrypt",
            "admin",
            new JsonObject().put("token", fernetToken).put("ttl_s", -1),
            "ttl_s: expected zero or more seconds, got -1"),
        // The detail names the format, not the field: the security service's crypto failures carry
        // no field name.
        RouteCase.refused(
            "POST /security/decrypt with a token that is not Fernet → 400",
            POST,
            "/security/decrypt",
            "admin",
            new JsonObject().put("token", "gAAAAAnot-a-token"),
            400,
            "token: Fernet: the token is not url-safe base64"),
        ok(
            GET,
            "/security/audit?limit=5",
            "operator",
            null,
            200,
            body -> {
              assertThat(body.getJsonArray("entries")).isNotEmpty().hasSizeLessThanOrEqualTo(5);
              assertThat(body.getJsonArray("entries").getJsonObject(0).getString("type"))
                  .isNotBlank();
            }),
        RouteCase.refused(
            "GET /security/audit as viewer → 403 (viewers are kept off the audit trail)",
            GET,
            "/security/audit",
            "viewer",
            null,
            403,
            "denied by role viewer: !security:audit:read"),
        ok(
            GET,
            "/security/audit?type=user_added",
            "operator",
            null,
            200,
            body ->
                assertThat(
                        body.getJsonArray("entries").stream()
                            .map(e -> ((JsonObject) e).getString("type")))
                    .isNotEmpty()
                    .containsOnly("user_added")),
        noToken(GET, "/security/audit", null),
        wrongRole(GET, "/security/audit", "trader", null, "security:audit:read", "*"),
        badInput(
            GET,
            "/security/audit?limit=abc",
            "operator",
            null,
            "limit: expected an integer, got \"abc\""),
        badInput(
            GET,
            "/security/audit?since=yesterday",
            "operator",
            null,
            "since: expected an ISO-8601 instant like 2025-01-02T03:04:05Z, got \"yesterday\""),

        // POST /security/audit/verify takes neither a body nor a parameter: there is no bad input
        // to send it.
        ok(
            POST,
            "/security/audit/verify",
            "operator",
            null,
            200,
            body -> {
              assertThat(body.getBoolean("intact")).isTrue();
              assertThat(body.getLong("entries")).isPositive();
            }),
        noToken(POST, "/security/audit/verify", null),
        wrongRole(POST, "/security/audit/verify", "trader", null, "security:audit:read", "*"),
        ok(
            GET,
            "/security/events?limit=5",
            "viewer",
            null,
            200,
            body ->
                assertThat(body.getJsonArray("events")).isNotNull().hasSizeLessThanOrEqualTo(5)),
        noToken(GET, "/security/events", null),
        wrongRole(GET, "/security/events", "operator", null, "security:read", "*"),
        badInput(
            GET, "/security/events?limit=0", "viewer", null, "limit: expected 1 to 10000, got 0"),
        badInput(
            GET,
            "/security/events?limit=abc",
            "viewer",
            null,
            "limit: expected an integer, got \"abc\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void route(RouteCase call) {
    call.verify(runtime);
  }
}
