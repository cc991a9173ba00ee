package io.antbot.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * The baseline of the edge-chain benchmark: a bare vertx-web router that answers GET requests on the given paths
 * with fixed bodies, on one event loop like the runtime's HTTP verticle. Args: port, then path and body pairs.
 */
public final class BareRouterMain {

  private BareRouterMain() {
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    for (int i = 1; i + 1 < args.length; i += 2) {
      String body = args[i + 1];
      router.get(args[i]).handler(ctx -> ctx.response().putHeader("Content-Type", "application/json").end(body));
    }
    vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)).requestHandler(router).listen()
      .onSuccess(server -> System.out.println("bare router listening on " + server.actualPort()))
      .onFailure(e -> {
        System.err.println("bare router: " + e.getMessage());
        vertx.close();
      });
  }
}
