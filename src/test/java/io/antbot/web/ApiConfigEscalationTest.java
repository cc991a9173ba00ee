package io.antbot.web;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * No principal raises itself through the configuration: a write is authorized on every key it
 * changes (set of a parent key, unset, revert alike), the security sections need {@code
 * security:config:write}, which {@code operator} does not hold, and a role may be given only grants
 * the writer holds.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("REST API: configuration writes cannot raise a principal")
class ApiConfigEscalationTest {

  @TempDir static Path dir;

  private static ApiRuntime runtime;

  /** An admin whose role denies config:write on security.*. */
  private static String limited;

  /** A deputy: config:* and security:config:write, nothing else. */
  private static String deputy;

  @BeforeAll
  static void start(Vertx vertx) {
    runtime = ApiRuntime.start(vertx, dir);
    ok(
        runtime.call(
            PUT,
            "/config/security.roles.limited",
            "admin",
            new JsonObject()
                .put("value", new JsonArray().add("*").add("!config:write@security.*"))));
    ok(
        runtime.call(
            PUT,
            "/config/security.roles.deputy",
            "admin",
            new JsonObject()
                .put("value", new JsonArray().add("config:*").add("security:config:write"))));
    limited = user("limited1", "limited");
    deputy = user("deputy1", "deputy");
  }

  @Test
  @DisplayName(
      "operator cannot write security.roles: not the key, not the parent section; trading keys still")
  void operatorCannotWriteRoles() {
    HttpResponse<Buffer> direct =
        runtime.call(
            PUT,
            "/config/security.roles.operator",
            "operator",
            new JsonObject().put("value", new JsonArray().add("*")));
    assertForbidden(
        direct,
        "security.roles.operator (security:config:write): no permission of roles [operator]");
    HttpResponse<Buffer> parent =
        runtime.call(
            PUT,
            "/config/security",
            "operator",
            new JsonObject()
                .put(
                    "value",
                    new JsonObject()
                        .put("roles", new JsonObject().put("operator", new JsonArray().add("*")))));
    assertForbidden(parent, " (security:config:write): no permission of roles [operator]");
    assertThat(
            runtime
                .call(GET, "/config/security.roles.operator", "admin", null)
                .bodyAsJsonObject()
                .getJsonArray("value"))
        .doesNotContain("*");
    ok(
        runtime.call(
            PUT,
            "/config/trading.max_open_positions",
            "operator",
            new JsonObject().put("value", 11)));
  }

  @Test
  @DisplayName(
      "an admin's !config:write@security.* holds against a parent write, an unset and a revert")
  void denialHoldsForEveryWriteKind() {
    JsonObject set =
        runtime
            .call(
                PUT,
                "/config/security.lockout.max_failures_per_user",
                "admin",
                new JsonObject().put("value", 999))
            .bodyAsJsonObject();
    long withOverride = set.getLong("version");

    HttpResponse<Buffer> parent =
        as(
            limited,
            PUT,
            "/config/security",
            new JsonObject()
                .put(
                    "value",
                    new JsonObject()
                        .put("lockout", new JsonObject().put("max_failures_per_user", 3))));
    assertForbidden(
        parent, "security.lockout.max_failures_per_user (config:write): denied by role limited");
    assertForbidden(
        as(limited, DELETE, "/config/security.lockout.max_failures_per_user", null),
        "denied by role limited: !config:write@security.*");
    assertForbidden(
        as(limited, POST, "/config/revert", new JsonObject().put("version", withOverride - 1)),
        "security.lockout.max_failures_per_user (config:write): denied by role limited");
    assertThat(
            runtime
                .call(GET, "/config/security.lockout.max_failures_per_user", "admin", null)
                .bodyAsJsonObject()
                .getInteger("value"))
        .isEqualTo(999);
    ok(as(limited, PUT, "/config/trading.max_open_positions", new JsonObject().put("value", 9)));
  }

  @Test
  @DisplayName("a role may be given only what the writer holds; a denial may always be added")
  void grantOnlyWhatYouHold() {
    assertForbidden(
        as(
            deputy,
            PUT,
            "/config/security.roles.deputy",
            new JsonObject()
                .put(
                    "value",
                    new JsonArray().add("config:*").add("security:config:write").add("users:*"))),
        "security.roles.deputy grants users:* (users:*): ");
    assertForbidden(
        as(
            deputy,
            PUT,
            "/config/security.roles.viewer",
            new JsonObject().put("value", new JsonArray().add("*"))),
        "security.roles.viewer grants * (*): ");
    ok(
        as(
            deputy,
            PUT,
            "/config/security.roles.deputy",
            new JsonObject()
                .put(
                    "value",
                    new JsonArray()
                        .add("config:*")
                        .add("security:config:write")
                        .add("!config:write@trading.*"))));
  }

  @Test
  @DisplayName("PUT /features/{flag} is authorized on features.<flag> and on each key it changes")
  void featureWritesAuthorizedOnTheirKeys() {
    ok(
        runtime.call(
            PUT,
            "/config/security.roles.flagger",
            "admin",
            new JsonObject().put("value", new JsonArray().add("config:write@features.beta.*"))));
    String flagger = user("flagger1", "flagger");
    assertForbidden(
        as(flagger, PUT, "/features/beta", new JsonObject().put("enabled", true)),
        "no permission of roles [flagger] allows config:write on features.beta");
  }

  @Test
  @DisplayName(
      "dry_run answers the authorized diff and writes nothing; a stale expect_version is a 409")
  void dryRunAndExpectedVersion() {
    JsonObject preview =
        runtime
            .call(
                PUT,
                "/config/trading.max_open_positions",
                "operator",
                new JsonObject().put("value", 17).put("dry_run", true))
            .bodyAsJsonObject();
    assertThat(preview.getBoolean("dry_run")).isTrue();
    assertThat(preview.getJsonArray("changes").getJsonObject(0).getMap())
        .containsEntry("key", "trading.max_open_positions")
        .containsEntry("new", 17);
    assertThat(
            runtime
                .call(GET, "/config/trading.max_open_positions", "operator", null)
                .bodyAsJsonObject()
                .getInteger("value"))
        .isNotEqualTo(17);
    HttpResponse<Buffer> stale =
        runtime.call(
            PUT,
            "/config/trading.max_open_positions",
            "operator",
            new JsonObject()
                .put("value", 17)
                .put("expect_version", preview.getLong("version") - 1));
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(stale.bodyAsJsonObject().getString("detail"))
        .contains("as when the change was checked");
    assertForbidden(
        runtime.call(
            PUT,
            "/config/security.roles.operator",
            "operator",
            new JsonObject().put("value", new JsonArray().add("*")).put("dry_run", true)),
        "(security:config:write)");
    HttpResponse<Buffer> typed =
        runtime.call(
            PUT,
            "/config/trading.max_open_positions",
            "operator",
            new JsonObject().put("value", 17).put("expect_version", "latest"));
    assertThat(typed.statusCode()).isEqualTo(400);
    assertThat(typed.bodyAsJsonObject().getString("detail"))
        .isEqualTo("expect_version: expected an integer, got \"latest\"");
  }

  private static void assertForbidden(HttpResponse<Buffer> response, String detailPart) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(403);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("detail")).contains(detailPart);
  }

  private static void ok(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
  }

  /**
   * Adds a user; a role just written to the config reaches the security service with the change
   * event, so wait.
   */
  private static String user(String name, String role) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    HttpResponse<Buffer> created;
    do {
      created =
          runtime.call(
              POST,
              "/users",
              "admin",
              new JsonObject()
                  .put("username", name)
                  .put("password", ApiRuntime.PASSWORD)
                  .put("roles", new JsonArray().add(role)));
    } while (created.statusCode() == 400
        && created.bodyAsString().contains("unknown role")
        && System.nanoTime() < deadline);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return runtime
        .call(
            POST,
            "/auth/login",
            null,
            new JsonObject().put("username", name).put("password", ApiRuntime.PASSWORD))
        .bodyAsJsonObject()
        .getString("access_token");
  }

  private static HttpResponse<Buffer> as(
      String token, HttpMethod method, String path, JsonObject body) {
    HttpRequest<Buffer> request =
        runtime
            .client
            .request(method, "/api/v1" + path)
            .timeout(10_000)
            .bearerTokenAuthentication(token);
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }
}
