package io.antbot.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.testing.TestConf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * CORS on the HTTP edge over real HTTP: off unless {@code http.cors.allowed_origins} lists origins;
 * then a preflight from a listed origin is answered before the edge chain (no token needed), and
 * other origins get no CORS headers. Config and HTTP services only: a preflight that reached the
 * edge chain would fail for want of a security service.
 */
@ExtendWith(VertxExtension.class)
class CorsHttpTest {

  private static final String ALLOWED = "https://ops.example.com";
  private static final String OTHER = "https://evil.example.net";

  @TempDir Path dir;

  private Future<WebClient> start(Vertx vertx, JsonObject http) {
    Path conf = TestConf.copyIsolated(dir.resolve("conf"));
    JsonObject overrides = new JsonObject().put("http", http.copy().put("port", 0));
    return TestConf.deployConfig(vertx, conf, "staging", overrides)
        .compose(id -> vertx.deployVerticle(new HttpVerticle()))
        .compose(
            id -> vertx.eventBus().<JsonObject>request(Addresses.HTTP_STATUS, new JsonObject()))
        .map(
            status -> {
              port = status.body().getJsonObject("details").getInteger("port");
              return WebClient.create(
                  vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
            });
  }

  /** The port of the server {@link #start} started. */
  private int port;

  private static JsonObject corsFor(String... origins) {
    return new JsonObject()
        .put("cors", new JsonObject().put("allowed_origins", new JsonArray(List.of(origins))));
  }

  private static Future<HttpResponse<Buffer>> preflight(WebClient client, String origin) {
    return client
        .request(HttpMethod.OPTIONS, "/api/v1/config/trading.dry_run")
        .putHeader("Origin", origin)
        .putHeader("Access-Control-Request-Method", "PUT")
        .putHeader("Access-Control-Request-Headers", "authorization, content-type")
        .send();
  }

  private static List<String> corsHeaders(HttpResponse<Buffer> response) {
    return response.headers().names().stream()
        .filter(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-"))
        .toList();
  }

  @Test
  @DisplayName(
      "a preflight from an allowed origin is answered without a token, with the methods and headers allowed")
  void preflightAllowed(Vertx vertx, VertxTestContext test) {
    start(vertx, corsFor(ALLOWED, "http://localhost:3000"))
        .compose(client -> preflight(client, ALLOWED))
        .onComplete(
            test.succeeding(
                response ->
                    test.verify(
                        () -> {
                          assertThat(response.statusCode()).isEqualTo(204);
                          assertThat(response.getHeader("Access-Control-Allow-Origin"))
                              .isEqualTo(ALLOWED);
                          assertThat(response.getHeader("Access-Control-Allow-Methods"))
                              .isEqualTo("GET,POST,PUT,PATCH,DELETE,OPTIONS");
                          assertThat(response.getHeader("Access-Control-Allow-Headers"))
                              .isEqualTo("Authorization,Content-Type,X-Correlation-Id");
                          assertThat(response.getHeader("Access-Control-Max-Age")).isEqualTo("600");
                          assertThat(response.getHeader("Access-Control-Allow-Credentials"))
                              .isNull();
                          assertThat(response.getHeader("Vary")).containsIgnoringCase("Origin");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "a request from an allowed origin gets Access-Control-Allow-Origin and the headers it may read")
  void simpleRequestAllowed(Vertx vertx, VertxTestContext test) {
    start(vertx, corsFor(ALLOWED))
        .compose(client -> client.get("/health/live").putHeader("Origin", ALLOWED).send())
        .onComplete(
            test.succeeding(
                response ->
                    test.verify(
                        () -> {
                          assertThat(response.statusCode()).isEqualTo(200);
                          assertThat(response.getHeader("Access-Control-Allow-Origin"))
                              .isEqualTo(ALLOWED);
                          assertThat(response.getHeader("Access-Control-Expose-Headers"))
                              .isEqualTo("X-Correlation-Id,RateLimit,RateLimit-Policy,Retry-After");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "with CORS on, the console's own requests (Origin: the server's own origin) are same-origin, not refused")
  void sameOriginIsNotCors(Vertx vertx, VertxTestContext test) {
    start(vertx, corsFor(ALLOWED))
        .compose(
            client -> {
              String self = "http://127.0.0.1:" + port;
              return client
                  .get("/console/js/app.js")
                  .putHeader("Origin", self)
                  .send()
                  .compose(
                      file ->
                          client
                              .post("/api/v1/auth/login")
                              .putHeader("Origin", self)
                              .sendJsonObject(
                                  new JsonObject().put("username", "nobody").put("password", "x"))
                              .map(login -> List.of(file, login)));
            })
        .onComplete(
            test.succeeding(
                responses ->
                    test.verify(
                        () -> {
                          // Only config and HTTP run here: past CORS, the edge admission answers
                          // 503 (no security service), which shows the request got through.
                          for (HttpResponse<Buffer> response : responses) {
                            assertThat(response.statusCode()).isEqualTo(503);
                            assertThat(corsHeaders(response)).isEmpty();
                          }
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("a preflight or a request from an origin not listed gets no Access-Control headers")
  void otherOrigin(Vertx vertx, VertxTestContext test) {
    start(vertx, corsFor(ALLOWED))
        .compose(
            client ->
                Future.all(
                    preflight(client, OTHER),
                    client.get("/health/live").putHeader("Origin", OTHER).send()))
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          HttpResponse<Buffer> preflight = all.resultAt(0);
                          HttpResponse<Buffer> request = all.resultAt(1);
                          assertThat(corsHeaders(preflight)).isEmpty();
                          assertThat(corsHeaders(request)).isEmpty();
                          for (HttpResponse<Buffer> refused : List.of(preflight, request)) {
                            assertThat(refused.statusCode()).isEqualTo(403);
                            assertThat(refused.getHeader("Content-Type"))
                                .isEqualTo(Problem.CONTENT_TYPE);
                            assertThat(refused.bodyAsJsonObject().getString("detail"))
                                .isEqualTo("origin not allowed");
                          }
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "CORS is off by default: a cross-origin preflight or request gets no Access-Control headers")
  void offByDefault(Vertx vertx, VertxTestContext test) {
    start(vertx, new JsonObject())
        .compose(
            client ->
                Future.all(
                    preflight(client, ALLOWED),
                    client.get("/health/live").putHeader("Origin", ALLOWED).send()))
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          HttpResponse<Buffer> preflight = all.resultAt(0);
                          HttpResponse<Buffer> request = all.resultAt(1);
                          assertThat(preflight.statusCode()).isEqualTo(404);
                          assertThat(corsHeaders(preflight)).isEmpty();
                          assertThat(request.statusCode()).isEqualTo(200);
                          assertThat(corsHeaders(request)).isEmpty();
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "a wildcard or an origin with a path is refused at start by the configuration schema")
  void wildcardRefused(Vertx vertx, VertxTestContext test) {
    start(vertx, corsFor("*", "https://ops.example.com/app"))
        .onComplete(
            test.failing(
                failure ->
                    test.verify(
                        () -> {
                          String rule =
                              "must match https?://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?";
                          assertThat(failure)
                              .hasMessage(
                                  "command-line: http.cors.allowed_origins[0]: "
                                      + rule
                                      + ", got \"*\"; "
                                      + "command-line: http.cors.allowed_origins[1]: "
                                      + rule
                                      + ", got \"https://ops.example.com/app\"");
                          test.completeNow();
                        })));
  }
}
