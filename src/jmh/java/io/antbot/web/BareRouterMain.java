package io.antbot.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * The baseline of the edge-chain benchmark: a bare vertx-web router that answers {@code GET /api/v1/config/:key}
 * with a fixed body, on one event loop like the runtime's HTTP verticle. Args: port, body.
 */
public final class BareRouterMain {

  private BareRouterMain() {
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    String body = args[1];
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.get("/api/v1/config/:key").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json").end(body));
    vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)).requestHandler(router).listen()
      .onSuccess(server -> System.out.println("bare router listening on " + server.actualPort()))
      .onFailure(e -> {
        System.err.println("bare router: " + e.getMessage());
        vertx.close();
      });
  }
}
