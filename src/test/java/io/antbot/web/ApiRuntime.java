package io.antbot.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.launcher.AntBot;
import io.antbot.launcher.LaunchOptions;
import io.antbot.security.SecurityTestSupport;
import io.antbot.testing.TestConf;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole runtime (staging, port 0) for tests of the REST API, with one logged-in user per role.
 *
 * <p>The users are created through {@code POST /api/v1/users} as {@code admin} (whose password the
 * security service generated into the keys directory), and each logs in once: the tests reuse these
 * tokens rather than log in again. Roles: the four defaults ({@code admin}, {@code operator},
 * {@code trader}, {@code viewer}) and {@code outsider}, a test-only role that grants nothing the
 * API asks for, the "wrong role" of the routes every default role may read.
 */
final class ApiRuntime {

  static final String PASSWORD = "correct horse battery staple";
  static final List<String> ROLES =
      List.of("admin", "operator", "trader", "viewer", "outsider", "bot");

  /**
   * Test settings appended to {@code staging.yaml}: cheap bcrypt and keys, and rate limits high
   * enough that the hundreds of requests of one test class never meet them (the limits have tests
   * of their own).
   */
  private static final String SETTINGS =
      """

    security:
      bcrypt_cost: 4
      rsa: {key_bits: 2048}
      jwt: {rsa_bits: 2048}
      audit: {fsync: false}
      rate_limits:
        policies:
          ip: {capacity: 100000, refill: 100000, period_s: 60}
          user: {capacity: 100000, refill: 100000, period_s: 60}
          login: {capacity: 1000, refill: 1000, period_s: 60}
      lockout: {max_failures_per_user: 1000, max_failures_per_ip: 1000}
      roles:
        outsider: ["market:read"]
    metrics:
      system_interval_s: 1
    http:
      events: {recheck_s: 1}
    bridge:
      enabled: true
      recheck_s: 1
    """;

  final Vertx vertx;
  final WebClient client;
  final int port;
  final Path conf;
  private final Map<String, String> tokens = new LinkedHashMap<>();

  private ApiRuntime(Vertx vertx, WebClient client, int port, Path conf) {
    this.vertx = vertx;
    this.client = client;
    this.port = port;
    this.conf = conf;
  }

  /**
   * Starts the runtime on a copy of {@code conf/} under {@code dir}; blocks until every role has a
   * token.
   */
  static ApiRuntime start(Vertx vertx, Path dir) {
    Path conf = TestConf.copyIsolated(dir.resolve("conf"));
    SecurityTestSupport.presetRsaKey(conf.resolve("var"));
    try {
      Files.writeString(conf.resolve("staging.yaml"), SETTINGS, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AntBot.start(vertx, new LaunchOptions(conf.toString(), "staging", 0)).await();
    int port =
        vertx
            .eventBus()
            .<JsonObject>request(Addresses.HTTP_STATUS, new JsonObject())
            .await()
            .body()
            .getJsonObject("details")
            .getInteger("port");
    WebClient client =
        WebClient.create(
            vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    ApiRuntime runtime = new ApiRuntime(vertx, client, port, conf);
    String adminPassword =
        vertx
            .fileSystem()
            .readFile(conf.resolve("var/keys/admin-password").toString())
            .await()
            .toString()
            .strip();
    runtime.tokens.put("admin", runtime.login("admin", adminPassword));
    for (String role : ROLES.subList(1, ROLES.size())) {
      HttpResponse<Buffer> created =
          runtime.call(
              HttpMethod.POST,
              "/users",
              "admin",
              new JsonObject()
                  .put("username", role + "1")
                  .put("password", PASSWORD)
                  .put("roles", new JsonArray().add(role)));
      assertThat(created.statusCode())
          .as("create %s: %s", role, created.bodyAsString())
          .isEqualTo(201);
      runtime.tokens.put(role, runtime.login(role + "1", PASSWORD));
    }
    return runtime;
  }

  /** Logs in and returns the access token. */
  String login(String username, String password) {
    HttpResponse<Buffer> response =
        client
            .post("/api/v1/auth/login")
            .sendJsonObject(new JsonObject().put("username", username).put("password", password))
            .await();
    assertThat(response.statusCode())
        .as("login %s: %s", username, response.bodyAsString())
        .isEqualTo(200);
    return response.bodyAsJsonObject().getString("access_token");
  }

  /** The access token of the user holding {@code role}. */
  String token(String role) {
    return tokens.get(role);
  }

  /**
   * One request under {@code /api/v1}, as the user holding {@code role} ({@code null}: without a
   * token), with a JSON body ({@link JsonObject}), a raw body ({@link String}, sent as {@code
   * text/plain}) or none ({@code null}).
   */
  HttpResponse<Buffer> call(HttpMethod method, String path, String role, Object body) {
    HttpRequest<Buffer> request = client.request(method, "/api/v1" + path).timeout(10_000);
    if (role != null) {
      request.bearerTokenAuthentication(tokens.get(role));
    }
    if (body instanceof JsonObject json) {
      return request.sendJsonObject(json).await();
    }
    if (body instanceof String text) {
      return request
          .putHeader("Content-Type", "text/plain")
          .sendBuffer(Buffer.buffer(text))
          .await();
    }
    return request.send().await();
  }

  /**
   * A request without a body, as a future: for a check polled from an event loop (where {@link
   * #call}'s wait would block it).
   */
  io.vertx.core.Future<HttpResponse<Buffer>> send(HttpMethod method, String path, String role) {
    HttpRequest<Buffer> request = client.request(method, "/api/v1" + path).timeout(10_000);
    if (role != null) {
      request.bearerTokenAuthentication(tokens.get(role));
    }
    return request.send();
  }

  /**
   * One request with {@code rawJson} sent as it is, as {@code application/json} (for numbers Java
   * cannot write).
   */
  HttpResponse<Buffer> callRawJson(HttpMethod method, String path, String role, String rawJson) {
    HttpRequest<Buffer> request =
        client
            .request(method, "/api/v1" + path)
            .timeout(10_000)
            .putHeader("Content-Type", "application/json");
    if (role != null) {
      request.bearerTokenAuthentication(tokens.get(role));
    }
    return request.sendBuffer(Buffer.buffer(rawJson)).await();
  }
}
