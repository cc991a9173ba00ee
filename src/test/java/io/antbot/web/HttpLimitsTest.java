package io.antbot.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.security.SecurityTestSupport;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request limits of the HTTP edge over real HTTP, with the edge chain in place (config,
 * security and HTTP services): {@code http.request_timeout_ms} turns an API request whose service
 * never answers into a 503, and {@code http.body_limit_bytes} turns a larger body into a 413, both
 * problem+json. The logging service is stood in for by a consumer that never replies.
 */
@ExtendWith(VertxExtension.class)
class HttpLimitsTest {

  private static final long TIMEOUT_MS = 1_000;
  private static final long BODY_LIMIT = 1024;
  private static final int IDLE_TIMEOUT_S = 4;
  private static final String ORIGIN = "https://ops.example.com";

  @TempDir static Path dir;

  private static WebClient client;
  private static int port;
  private static String token;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext test) {
    JsonObject http =
        new JsonObject()
            .put("port", 0)
            .put("request_timeout_ms", TIMEOUT_MS)
            .put("body_limit_bytes", BODY_LIMIT)
            .put("idle_timeout_s", IDLE_TIMEOUT_S)
            .put("cors", new JsonObject().put("allowed_origins", new JsonArray().add(ORIGIN)));
    vertx
        .eventBus()
        .consumer(
            Addresses.LOG_QUERY,
            message -> {
              // Never answers: the service behind the route hangs.
            });
    SecurityTestSupport.deploy(vertx, dir, new JsonObject().put("http", http))
        .compose(id -> vertx.deployVerticle(new HttpVerticle()))
        .compose(
            id -> vertx.eventBus().<JsonObject>request(Addresses.HTTP_STATUS, new JsonObject()))
        .compose(
            status -> {
              port = status.body().getJsonObject("details").getInteger("port");
              client =
                  WebClient.create(
                      vertx,
                      new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
              // Over the bus, so that a slow bcrypt on a busy machine does not meet the short HTTP
              // timeout.
              return vertx
                  .eventBus()
                  .<JsonObject>request(
                      Addresses.SECURITY_LOGIN,
                      new JsonObject()
                          .put("username", "admin")
                          .put("password", SecurityTestSupport.ADMIN_PASSWORD)
                          .put("source_ip", "127.0.0.1"));
            })
        .onComplete(
            test.succeeding(
                login -> {
                  token = login.body().getString("access_token");
                  test.verify(() -> assertThat(token).isNotNull());
                  test.completeNow();
                }));
  }

  @Test
  @DisplayName(
      "an API request whose service does not answer in request_timeout_ms is a 503 problem+json")
  void requestTimeout(VertxTestContext test) {
    long started = System.nanoTime();
    client
        .get("/api/v1/logs")
        .bearerTokenAuthentication(token)
        .putHeader("X-Correlation-Id", "slow-1")
        .send()
        .onComplete(
            test.succeeding(
                response ->
                    test.verify(
                        () -> {
                          long elapsedMs = (System.nanoTime() - started) / 1_000_000;
                          assertThat(response.statusCode()).isEqualTo(503);
                          assertThat(response.getHeader("Content-Type"))
                              .isEqualTo(Problem.CONTENT_TYPE);
                          JsonObject problem = response.bodyAsJsonObject();
                          assertThat(problem.getInteger("status")).isEqualTo(503);
                          assertThat(problem.getString("title")).isEqualTo("Service Unavailable");
                          assertThat(problem.getString("detail"))
                              .isEqualTo("no answer within " + TIMEOUT_MS + " ms");
                          assertThat(problem.getString("correlation_id")).isEqualTo("slow-1");
                          assertThat(elapsedMs).isBetween(TIMEOUT_MS, TIMEOUT_MS + 2_000);
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "the /events stream outlives request_timeout_ms: an event published after it still arrives")
  void streamOutlivesTimeout(Vertx vertx, VertxTestContext test) {
    expectLateEvent(vertx, test, "late.event", TIMEOUT_MS * 3 / 2, () -> {});
  }

  @Test
  @DisplayName(
      "a body over body_limit_bytes is a 413 problem+json naming the limit, and the connection is closed")
  void bodyLimit(VertxTestContext test) {
    Future<HttpResponse<Buffer>> large =
        client
            .post("/api/v1/security/scan")
            .bearerTokenAuthentication(token)
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer("x".repeat((int) BODY_LIMIT + 1)));
    large.onComplete(
        test.succeeding(
            response ->
                test.verify(
                    () -> {
                      assertThat(response.statusCode()).isEqualTo(413);
                      assertThat(response.getHeader("Content-Type"))
                          .isEqualTo(Problem.CONTENT_TYPE);
                      assertThat(response.getHeader("Connection")).isEqualTo("close");
                      JsonObject problem = response.bodyAsJsonObject();
                      assertThat(problem.getInteger("status")).isEqualTo(413);
                      assertThat(problem.getString("detail"))
                          .isEqualTo("request body larger than " + BODY_LIMIT + " bytes");
                      test.completeNow();
                    })));
  }

  @Test
  @DisplayName("a body of exactly body_limit_bytes passes the size check")
  void bodyAtLimit(VertxTestContext test) {
    String text = "a".repeat((int) BODY_LIMIT - "{\"input\":\"\"}".length());
    client
        .post("/api/v1/security/scan")
        .bearerTokenAuthentication(token)
        .sendJsonObject(new JsonObject().put("input", text))
        .onComplete(
            test.succeeding(
                response ->
                    test.verify(
                        () -> {
                          assertThat(response.statusCode()).isEqualTo(200);
                          assertThat(response.bodyAsJsonObject().getBoolean("threat")).isFalse();
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "with CORS on, an API refusal from an allowed origin carries the CORS headers the browser needs")
  void refusalReadableCrossOrigin(VertxTestContext test) {
    client
        .get("/api/v1/config")
        .putHeader("Origin", ORIGIN)
        .send()
        .onComplete(
            test.succeeding(
                response ->
                    test.verify(
                        () -> {
                          assertThat(response.statusCode()).isEqualTo(401);
                          assertThat(response.getHeader("Access-Control-Allow-Origin"))
                              .isEqualTo(ORIGIN);
                          assertThat(response.getHeader("Access-Control-Expose-Headers"))
                              .contains("X-Correlation-Id");
                          assertThat(response.bodyAsJsonObject().getString("detail"))
                              .isEqualTo("missing bearer token");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "an /events stream outlives idle_timeout_s while events flow, though its client sends"
          + " nothing after the request")
  void streamOutlivesIdleTimeout(Vertx vertx, VertxTestContext test) {
    // An event a second: the connection carries traffic one way only, from the server.
    long ticks =
        vertx.setPeriodic(
            1_000,
            id ->
                vertx
                    .eventBus()
                    .publish(
                        Addresses.CONFIG_CHANGED,
                        new JsonObject().put("key", "tick").put("version", 1)));
    expectLateEvent(
        vertx, test, "after.idle", IDLE_TIMEOUT_S * 1000L + 2_500, () -> vertx.cancelTimer(ticks));
  }

  /**
   * Opens {@code /events} and, {@code afterMs} later, publishes a configuration change of {@code
   * key}: the test passes when the stream delivers it, fails when the stream ends or breaks first.
   * {@code cleanup} runs either way.
   */
  private static void expectLateEvent(
      Vertx vertx, VertxTestContext test, String key, long afterMs, Runnable cleanup) {
    HttpClient http = vertx.createHttpClient();
    StringBuilder received = new StringBuilder();
    http.request(HttpMethod.GET, port, "127.0.0.1", "/api/v1/events")
        .compose(request -> request.putHeader("Authorization", "Bearer " + token).send())
        .onComplete(
            test.succeeding(
                response -> {
                  test.verify(() -> assertThat(response.statusCode()).isEqualTo(200));
                  response.handler(
                      chunk -> {
                        received.append(chunk.toString());
                        if (received.toString().contains("\"key\":\"" + key + "\"")) {
                          cleanup.run();
                          test.completeNow();
                          http.close();
                        }
                      });
                  Handler<String> broken =
                      why -> {
                        if (!test.completed()) {
                          cleanup.run();
                          test.failNow("stream " + why + " after " + received.length() + " chars");
                        }
                      };
                  response.endHandler(v -> broken.handle("closed"));
                  response.exceptionHandler(failure -> broken.handle("broken: " + failure));
                  vertx.setTimer(
                      afterMs,
                      id ->
                          vertx
                              .eventBus()
                              .publish(
                                  Addresses.CONFIG_CHANGED,
                                  new JsonObject().put("key", key).put("version", 2)));
                }));
  }

  @Test
  @DisplayName("a connection that sends nothing is closed after idle_timeout_s")
  void idleConnectionClosed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      long started = System.nanoTime();
      assertThat(socket.getInputStream().read()).as("end of stream, no byte").isEqualTo(-1);
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;
      assertThat(elapsedMs)
          .isBetween(IDLE_TIMEOUT_S * 1000L - 500, IDLE_TIMEOUT_S * 1000L + 10_000);
    }
  }

  @Test
  @DisplayName(
      "plain HTTP is HTTP/1.1 only: an h2c upgrade is answered in HTTP/1.1 without switching, an"
          + " HTTP/2 preface gets no HTTP/2 frame")
  void noCleartextHttp2() throws Exception {
    String upgrade =
        "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\n"
            + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n";
    String answer = exchange(upgrade, "{\"status\":\"UP\"}");
    assertThat(answer).startsWith("HTTP/1.1 200 OK").doesNotContainIgnoringCase("upgrade: h2c");
    // The client preface of HTTP/2 with prior knowledge (RFC 9113, 3.4), then an empty SETTINGS
    // frame: a server speaking h2c would answer with its own SETTINGS frame (type 4).
    String preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      var out = socket.getOutputStream();
      out.write(preface.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
      out.flush();
      byte[] head = socket.getInputStream().readNBytes(9);
      boolean settingsFrame = head.length == 9 && head[3] == 4;
      assertThat(settingsFrame).as("an HTTP/2 SETTINGS frame in reply").isFalse();
    }
  }

  /** Sends {@code request} on a new connection and reads until {@code until} or the end. */
  private static String exchange(String request, String until) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      StringBuilder answer = new StringBuilder();
      var in = socket.getInputStream();
      byte[] chunk = new byte[4096];
      int read;
      while (answer.indexOf(until) < 0 && (read = in.read(chunk)) > 0) {
        answer.append(new String(chunk, 0, read, java.nio.charset.StandardCharsets.US_ASCII));
      }
      return answer.toString();
    }
  }
}
