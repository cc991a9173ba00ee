package io.antbot.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;

/**
 * The baseline of the start-up benchmark ({@code scripts/bench.d/startup.sh}): the least a Vert.x 5
 * HTTP server is, on Vert.x core alone. It answers every request with 200 and a small JSON body, as
 * {@code /health/ready} does when the runtime is up. Args: {@code port}.
 */
public final class BareServerMain {

  private BareServerMain() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.builder().build();
    vertx
        .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(
            request ->
                request
                    .response()
                    .putHeader("Content-Type", "application/json")
                    .end("{\"status\":\"UP\"}"))
        .listen()
        .onFailure(
            e -> {
              System.err.println("bare server: " + e.getMessage());
              vertx.close();
            });
  }
}
