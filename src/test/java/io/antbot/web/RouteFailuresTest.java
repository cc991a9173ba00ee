package io.antbot.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The problems a router answers when no route serves a request, on a bare router (no services): 404
 * (a method no route takes included) and an unexpected failure (500 with the correlation id).
 */
class RouteFailuresTest {

  private Vertx vertx;
  private HttpServer server;
  private WebClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.get("/only-get").handler(ctx -> ctx.end("ok"));
    router
        .get("/broken")
        .handler(
            ctx -> {
              throw new IllegalStateException("a bug");
            });
    RouteFailures.answerOn(router, HttpOptions.fromJson(new JsonObject()));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path) {
    return client.request(method, server.actualPort(), "127.0.0.1", path).send().await();
  }

  @Test
  @DisplayName("no route is a 404 problem naming the method and path; under /api/v1 never stored")
  void noRoute() {
    HttpResponse<Buffer> outside = send(HttpMethod.GET, "/nowhere");
    HttpResponse<Buffer> api = send(HttpMethod.GET, ApiRouter.PREFIX + "/nowhere");

    assertThat(outside.statusCode()).isEqualTo(404);
    assertThat(outside.getHeader("Content-Type")).isEqualTo(Problem.CONTENT_TYPE);
    assertThat(outside.bodyAsJsonObject().getString("detail"))
        .isEqualTo("no route for GET /nowhere");
    assertThat(outside.getHeader("Cache-Control")).isNull();
    assertThat(api.statusCode()).isEqualTo(404);
    assertThat(api.getHeader("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  @DisplayName("a method no route takes meets the last route: a 404 problem naming method and path")
  void methodNotTaken() {
    HttpResponse<Buffer> response = send(HttpMethod.DELETE, "/only-get");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject().getString("detail"))
        .isEqualTo("no route for DELETE /only-get");
  }

  @Test
  @DisplayName(
      "an unexpected failure is a 500 problem that gives the correlation id, not the cause")
  void unexpected() {
    HttpResponse<Buffer> response = send(HttpMethod.GET, "/broken");

    assertThat(response.statusCode()).isEqualTo(500);
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getString("detail"))
        .startsWith("internal error (correlation id ")
        .doesNotContain("a bug");
    assertThat(problem.getInteger("status")).isEqualTo(500);
  }
}
