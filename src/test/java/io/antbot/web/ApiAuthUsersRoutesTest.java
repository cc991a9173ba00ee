package io.antbot.web;

import static io.antbot.web.RouteCase.badInput;
import static io.antbot.web.RouteCase.noToken;
import static io.antbot.web.RouteCase.ok;
import static io.antbot.web.RouteCase.refused;
import static io.antbot.web.RouteCase.wrongRole;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
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
 * The token and user routes over real HTTP against the whole runtime. Login and refresh are public
 * (no 401 or 403): their rows are a success, bad input and bad credentials. The others need {@code
 * tokens:revoke}, {@code users:read} or {@code users:write}, which only {@code admin} holds ({@code
 * operator} and {@code viewer} may read users).
 */
@ExtendWith(VertxExtension.class)
@DisplayName("REST API: tokens and users")
class ApiAuthUsersRoutesTest {

  @TempDir static Path dir;

  private static ApiRuntime runtime;

  /** A refresh token for the refresh row, and a session of {@code viewer1} for the revoke rows. */
  private static String refreshToken;

  private static String revokedAccess;

  @BeforeAll
  static void start(Vertx vertx) {
    runtime = ApiRuntime.start(vertx, dir);
    refreshToken = login("trader1").getString("refresh_token");
    revokedAccess = login("viewer1").getString("access_token");
    assertThat(
            runtime
                .call(
                    POST,
                    "/users",
                    "admin",
                    new JsonObject()
                        .put("username", "patchme")
                        .put("password", ApiRuntime.PASSWORD)
                        .put("roles", new JsonArray().add("viewer")))
                .statusCode())
        .isEqualTo(201);
  }

  private static JsonObject login(String user) {
    HttpResponse<Buffer> response =
        runtime.call(
            POST,
            "/auth/login",
            null,
            new JsonObject().put("username", user).put("password", ApiRuntime.PASSWORD));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  /** Called by JUnit after {@link #start}, so the tokens made there are set. */
  static Stream<RouteCase> routes() {
    JsonObject viewerLogin =
        new JsonObject().put("username", "viewer1").put("password", ApiRuntime.PASSWORD);
    return Stream.of(
        ok(
            POST,
            "/auth/login",
            null,
            viewerLogin,
            200,
            body -> {
              assertThat(body.getString("access_token")).isNotBlank();
              assertThat(body.getString("refresh_token")).isNotBlank();
              assertThat(body.getString("token_type")).isEqualTo("Bearer");
              assertThat(body.getLong("expires_in")).isEqualTo(900L);
            }),
        refused(
            "POST /auth/login with a wrong password → 401",
            POST,
            "/auth/login",
            null,
            viewerLogin.copy().put("password", "not the password"),
            401,
            "invalid username or password"),
        badInput(
            POST,
            "/auth/login",
            null,
            new JsonObject().put("username", "viewer1"),
            "password: required"),
        badInput(
            POST,
            "/auth/login",
            null,
            viewerLogin.copy().put("password", 42),
            "password: expected a string"),
        badInput(
            POST,
            "/auth/login",
            null,
            viewerLogin.copy().put("remember", true),
            "remember: unknown field (expected one of password, source_ip, username)"),
        badInput(POST, "/auth/login", null, "username=viewer1", "body: expected a JSON object"),
        ok(
            POST,
            "/auth/refresh",
            null,
            new JsonObject().put("refresh_token", refreshToken),
            200,
            body -> {
              assertThat(body.getString("access_token")).isNotBlank();
              assertThat(body.getString("refresh_token")).isNotBlank().isNotEqualTo(refreshToken);
            }),
        refused(
            "POST /auth/refresh with an unknown refresh token → 401",
            POST,
            "/auth/refresh",
            null,
            new JsonObject().put("refresh_token", "rt.not-a-session"),
            401,
            "refresh token rejected: unknown refresh token"),
        badInput(POST, "/auth/refresh", null, new JsonObject(), "refresh_token: required"),
        badInput(
            POST,
            "/auth/refresh",
            null,
            new JsonObject().put("refresh_token", 7),
            "refresh_token: expected a string, got 7"),
        ok(
            POST,
            "/auth/revoke",
            "admin",
            new JsonObject().put("token", revokedAccess),
            200,
            body -> {
              assertThat(body.getJsonArray("revoked")).isNotEmpty();
              assertThat(body.getInteger("sessions")).isEqualTo(1);
            }),
        noToken(POST, "/auth/revoke", new JsonObject().put("jti", "abc")),
        wrongRole(
            POST,
            "/auth/revoke",
            "viewer",
            new JsonObject().put("jti", "abc"),
            "tokens:revoke",
            "*"),
        badInput(
            POST,
            "/auth/revoke",
            "admin",
            new JsonObject(),
            "token, jti: give exactly one of them"),
        badInput(
            POST,
            "/auth/revoke",
            "admin",
            new JsonObject().put("token", "abc").put("jti", "abc"),
            "token, jti: give exactly one of them"),

        // GET /users takes neither a body nor a parameter: there is no bad input to send it.
        ok(
            GET,
            "/users",
            "operator",
            null,
            200,
            body -> {
              assertThat(
                      body.getJsonArray("users").stream()
                          .map(u -> ((JsonObject) u).getString("username")))
                  .contains("admin", "operator1", "trader1", "viewer1", "outsider1");
              assertThat(body.encode()).doesNotContain("password", "$2");
            }),
        noToken(GET, "/users", null),
        wrongRole(GET, "/users", "trader", null, "users:read", "*"),
        ok(
            POST,
            "/users",
            "admin",
            new JsonObject()
                .put("username", "newcomer")
                .put("password", ApiRuntime.PASSWORD)
                .put("roles", new JsonArray().add("trader")),
            201,
            body -> {
              assertThat(body.getJsonObject("user").getString("username")).isEqualTo("newcomer");
              assertThat(body.getJsonObject("user").getJsonArray("roles"))
                  .containsExactly("trader");
              assertThat(body.getJsonObject("user").getBoolean("enabled")).isTrue();
              assertThat(body.encode()).doesNotContain(ApiRuntime.PASSWORD);
            }),
        noToken(POST, "/users", new JsonObject().put("username", "x")),
        wrongRole(
            POST, "/users", "operator", new JsonObject().put("username", "x"), "users:write", "*"),
        badInput(
            POST,
            "/users",
            "admin",
            new JsonObject().put("username", "norole").put("password", ApiRuntime.PASSWORD),
            "roles: required"),
        badInput(
            POST,
            "/users",
            "admin",
            new JsonObject()
                .put("username", "badrole")
                .put("password", ApiRuntime.PASSWORD)
                .put("roles", new JsonArray().add(3)),
            "roles[0]: expected a string, got 3"),
        badInput(
            POST,
            "/users",
            "admin",
            new JsonObject()
                .put("username", "shorty")
                .put("password", "short")
                .put("roles", new JsonArray().add("viewer")),
            "password: at least 12 characters are required, got 5"),
        ok(
            PATCH,
            "/users/patchme",
            "admin",
            new JsonObject().put("roles", new JsonArray().add("viewer").add("trader")),
            200,
            body -> {
              assertThat(body.getJsonObject("user").getString("username")).isEqualTo("patchme");
              assertThat(body.getJsonObject("user").getJsonArray("roles"))
                  .containsExactly("viewer", "trader");
            }),
        noToken(PATCH, "/users/patchme", new JsonObject().put("enabled", false)),
        wrongRole(
            PATCH,
            "/users/patchme",
            "operator",
            new JsonObject().put("enabled", false),
            "users:write",
            "patchme"),
        badInput(
            PATCH,
            "/users/patchme",
            "admin",
            new JsonObject(),
            "password, roles, enabled: give at least one to change"),
        badInput(
            PATCH,
            "/users/patchme",
            "admin",
            new JsonObject().put("enabled", "yes"),
            "enabled: expected a boolean, got \"yes\""),
        ok(
            POST,
            "/users/patchme/unlock",
            "admin",
            null,
            200,
            body ->
                assertThat(body)
                    .isEqualTo(new JsonObject().put("user", "patchme").put("unlocked", 0))),
        noToken(POST, "/users/patchme/unlock", null),
        wrongRole(POST, "/users/patchme/unlock", "operator", null, "users:write", "patchme"),
        badInput(
            POST,
            "/users/Not%20A%20Name/unlock",
            "admin",
            null,
            "username: expected a user name, got \"Not A Name\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void route(RouteCase call) {
    call.verify(runtime);
  }

  @Test
  @DisplayName("a revoked access token is refused with 401 afterwards")
  void revokedTokenRefused() {
    String access = login("operator1").getString("access_token");
    HttpResponse<Buffer> revoked =
        runtime.call(POST, "/auth/revoke", "admin", new JsonObject().put("token", access));
    assertThat(revoked.statusCode()).isEqualTo(200);
    HttpResponse<Buffer> after =
        runtime.client.get("/api/v1/config").bearerTokenAuthentication(access).send().await();
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.bodyAsJsonObject().getString("detail")).startsWith("token rejected: ");
  }
}
