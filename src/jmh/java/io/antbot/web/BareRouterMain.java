package io.antbot.web;

import io.antbot.metrics.MetricsBackend;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.Arrays;
import java.util.List;

/**
 * The baseline of the edge-chain benchmark: a bare vertx-web router that answers GET requests on
 * the given paths with fixed bodies, on one event loop like the runtime's HTTP verticle. Args:
 * {@code [--vertx-metrics] port} then path and body pairs. With {@code --vertx-metrics} the Vert.x
 * instance is built as the runtime builds its own (HTTP server and event-bus metrics into
 * Micrometer), so that the comparison isolates the edge chain.
 */
public final class BareRouterMain {

  private BareRouterMain() {}

  public static void main(String[] args) {
    List<String> rest = Arrays.asList(args);
    boolean metrics = !rest.isEmpty() && rest.get(0).equals("--vertx-metrics");
    if (metrics) {
      rest = rest.subList(1, rest.size());
    }
    int port = Integer.parseInt(rest.get(0));
    Vertx vertx =
        metrics
            ? Vertx.builder()
                .with(MetricsBackend.vertxOptions())
                .withMetrics(MetricsBackend.metricsFactory())
                .build()
            : Vertx.vertx();
    Router router = Router.router(vertx);
    for (int i = 1; i + 1 < rest.size(); i += 2) {
      String body = rest.get(i + 1);
      router
          .get(rest.get(i))
          .handler(ctx -> ctx.response().putHeader("Content-Type", "application/json").end(body));
    }
    vertx
        .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(router)
        .listen()
        .onSuccess(server -> System.out.println("bare router listening on " + server.actualPort()))
        .onFailure(
            e -> {
              System.err.println("bare router: " + e.getMessage());
              vertx.close();
            });
  }
}
