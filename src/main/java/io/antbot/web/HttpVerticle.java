package io.antbot.web;

import io.antbot.bus.Addresses;
import io.antbot.bus.FailureCode;
import io.antbot.bus.HealthReport;
import io.antbot.bus.ScrapeReply;
import io.antbot.bus.ScrapeRequest;
import io.antbot.bus.ServiceStatus;
import io.antbot.bus.Services;
import io.antbot.local.LocalServices;
import io.antbot.local.PrometheusScraper;
import io.antbot.service.BusRequest;
import io.antbot.service.ConfigFollower;
import io.antbot.service.NodeLocal;
import io.antbot.service.ServiceVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge: one router on {@code http.host:http.port} serving the health routes, {@code
 * /metrics}, the JWKS and the {@code /api/v1} API behind the {@link EdgeChain}, with problem+json
 * errors and security headers on every response. The health routes, {@code /metrics} and {@code
 * /.well-known/jwks.json} stay outside the JWT chain.
 *
 * <p>The web package imports no service class. Handlers reach the services over the bus, except on
 * the two hot paths where a service in the same Vert.x instance hands over a thread-safe object
 * through {@link io.antbot.local.LocalServices}: the security service's edge gate (a decision per
 * API request) and the metrics service's scraper ({@code /metrics}); without them the same work
 * goes over the bus.
 */
public class HttpVerticle extends ServiceVerticle {

  private static final Logger log = LoggerFactory.getLogger(HttpVerticle.class);

  private HttpOptions options;
  private HttpServer server;

  public HttpVerticle() {
    super(Services.HTTP);
  }

  @Override
  protected Future<?> startService() {
    handle(Addresses.HTTP_DRAIN, this::drain);
    return ConfigFollower.open(vertx, Services.HTTP)
        .map(config -> HttpOptions.fromJson(config.section()))
        .compose(this::listen);
  }

  private Future<HttpServer> listen(HttpOptions options) {
    this.options = options;
    return serverOptions(options)
        .compose(
            serverOptions -> {
              server = vertx.createHttpServer(serverOptions);
              Router router = router();
              boolean tls = options.tls();
              return server
                  .requestHandler(
                      request -> {
                        if (!InvalidRequests.answerAmbiguous(request)) {
                          EdgeChain.front(request, tls);
                          router.handle(request);
                        }
                      })
                  .invalidRequestHandler(InvalidRequests::answer)
                  .listen()
                  .recover(
                      failure ->
                          Future.failedFuture(
                              "cannot listen on "
                                  + options.host()
                                  + ":"
                                  + options.port()
                                  + ": "
                                  + failure.getMessage()));
            })
        .onSuccess(
            s ->
                log.info(
                    "HTTP listening on {}://{}:{}{}; CORS {}",
                    options.tls() ? "https" : "http",
                    options.host(),
                    s.actualPort(),
                    options.tls() ? " (HTTP/2, HTTP/1.1; " + options.tlsVersions() + ")" : "",
                    options.cors() ? "for " + options.corsOrigins() : "off"));
  }

  /**
   * HTTP/1.1 with keep-alive (the Vert.x default) always; with {@code http.tls}, TLS from the PEM
   * files checked by {@link TlsMaterial} on a worker, HTTP/2 offered through ALPN, and only the TLS
   * versions from {@code http.tls.min_version} up.
   */
  private Future<HttpServerOptions> serverOptions(HttpOptions options) {
    // A connection whose client sends nothing for http.idle_timeout_s is closed: a keep-alive
    // connection left idle, a client that never finishes its request, and one whose request Vert.x
    // never handed over (a connection accepted as the server binds can miss its metrics object and
    // fail inside Vert.x): its client gets a closed connection, not a wait without end. Only reads
    // are watched: watching writes adds a listener to every response's write (about 5 % of the
    // API's throughput). An /events stream, which the client only reads, switches its connection to
    // no traffic either way (VertxInternals.closeWhenSilentEitherWay): its heartbeat keeps it open.
    HttpServerOptions server =
        new HttpServerOptions()
            .setHost(options.host())
            .setPort(options.port())
            .setReadIdleTimeout((int) options.idleTimeoutS())
            .setIdleTimeoutUnit(TimeUnit.SECONDS)
            .setMaxHeaderSize(InvalidRequests.MAX_HEADER_BYTES)
            // Plain HTTP is HTTP/1.1 only: no h2c (Vert.x offers it by default, by upgrade and by
            // prior knowledge), and no WebSocket extensions (no route takes a WebSocket). Each is a
            // handler every request and response of every connection passes through.
            .setHttp2ClearTextEnabled(false)
            .setPerMessageWebSocketCompressionSupported(false)
            .setPerFrameWebSocketCompressionSupported(false);
    if (!options.tls()) {
      return Future.succeededFuture(server);
    }
    return vertx
        .executeBlocking(
            () ->
                TlsMaterial.read(
                    Path.of(options.tlsCert()), Path.of(options.tlsKey()), Clock.systemUTC()))
        .map(
            tls -> {
              tls.warnings().forEach(warning -> log.warn("{}", warning));
              return server
                  .setSsl(true)
                  .setKeyCertOptions(tls.keyCertOptions())
                  .setEnabledSecureTransportProtocols(options.tlsVersions())
                  .setUseAlpn(true)
                  .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
            });
  }

  private Router router() {
    Router router = Router.router(vertx);
    boolean tls = options.tls();
    if (options.cors()) {
      // Before every route, so that a preflight is answered here and never reaches the edge chain
      // (it has no token).
      router
          .route()
          .handler(
              ctx -> {
                ctx.response().headers().add("Vary", "Origin");
                ctx.next();
              });
      io.vertx.ext.web.handler.CorsHandler cors = CorsPolicy.handler(options.corsOrigins());
      router
          .route()
          .handler(
              ctx -> {
                if (CorsPolicy.sameOrigin(ctx.request(), tls)) {
                  ctx.next();
                } else {
                  cors.handle(ctx);
                }
              });
      // Only the CORS handler fails a request with 403: an Origin that is not listed.
      router.errorHandler(
          403, ctx -> Problem.send(ctx, FailureCode.FORBIDDEN, "origin not allowed"));
    }
    // Routes are tried in order on every request: the API first (most requests), then the probes,
    // the scrape and the keys (a few a minute), then the console, whose routes (a regex among them)
    // take no path under /api/v1. The paths do not overlap, so the order changes no answer.
    ApiRouter.mount(router, vertx, options);
    router.get("/health/live").handler(this::live);
    router.get("/health/ready").handler(this::ready);
    router.get("/health").handler(this::health);
    router.get("/metrics").handler(this::metrics);
    router.get("/.well-known/jwks.json").handler(this::jwks);
    if (options.consoleEnabled()) {
      ConsoleRoutes.mount(router, vertx, options);
    }
    RouteFailures.answerOn(router, options);
    return router;
  }

  private void live(RoutingContext ctx) {
    ctx.json(new JsonObject().put("status", "UP"));
  }

  /**
   * 200 when the metrics service's health report is healthy or degraded, else 503 naming the
   * failing checks. Without a metrics service, 200 when every service answers its status as ready
   * within the timeout. {@link Readiness} decides.
   */
  private void ready(RoutingContext ctx) {
    healthReport()
        .map(Readiness::fromHealth)
        .recover(
            failure ->
                Readiness.withoutHealthService(failure)
                    ? serviceStates().map(Readiness::fromStatuses)
                    : Future.failedFuture(failure))
        .onSuccess(
            answer -> {
              if (answer.ready()) {
                ctx.json(answer.body());
              } else {
                Problem.send(ctx, FailureCode.NOT_READY, answer.detail());
              }
            })
        .onFailure(failure -> Problem.send(ctx, failure));
  }

  /** The detailed health report: 200 when healthy or degraded, 503 when unhealthy. */
  private void health(RoutingContext ctx) {
    healthReport()
        .onSuccess(
            report ->
                ctx.response()
                    .setStatusCode(report.serving() ? 200 : 503)
                    .putHeader("Content-Type", "application/json")
                    .end(report.toJson().encode()))
        .onFailure(failure -> Problem.send(ctx, failure));
  }

  private Future<HealthReport> healthReport() {
    DeliveryOptions timeout = new DeliveryOptions().setSendTimeout(options.readyTimeoutMs() * 2);
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.METRICS_HEALTH,
            new JsonObject(),
            NodeLocal.options(vertx, Addresses.METRICS_HEALTH, timeout))
        .map(reply -> HealthReport.fromJson(reply.body()));
  }

  /**
   * The Prometheus scrape, in OpenMetrics when the Accept header asks for it: from the metrics
   * service's local {@link PrometheusScraper} when it runs in this Vert.x instance, else over
   * {@code antbot.metrics.scrape}.
   *
   * <p>The local scrape runs here, on the event loop, as vertx-micrometer's own {@code
   * PrometheusScrapingHandler} does: it is about a millisecond of CPU work that never waits (see
   * {@link PrometheusScraper}), once per scraper interval (seconds), so a hand-off to a worker and
   * back would add two thread switches to every scrape to spare the other requests on this loop a
   * delay they would not notice. The exposition is written once, as the bytes sent.
   */
  private void metrics(RoutingContext ctx) {
    ScrapeRequest scrape = ScrapeRequest.forAccept(ctx.request().getHeader("Accept"));
    Future<ScrapeReply> reply =
        LocalServices.lookup(vertx, LocalServices.METRICS_SCRAPER, PrometheusScraper.class)
            .map(
                local ->
                    Future.<ScrapeReply>future(promise -> promise.complete(local.scrape(scrape)))
                        .onFailure(failure -> log.error("local scrape failed", failure)))
            .orElseGet(
                () ->
                    vertx
                        .eventBus()
                        .<JsonObject>request(
                            Addresses.METRICS_SCRAPE,
                            scrape.toJson(),
                            NodeLocal.options(vertx, Addresses.METRICS_SCRAPE))
                        .map(message -> ScrapeReply.fromJson(message.body())));
    reply
        .onSuccess(
            exposition ->
                ctx.response()
                    .putHeader("Content-Type", exposition.contentType())
                    .end(exposition.bytes()))
        .onFailure(failure -> Problem.send(ctx, failure));
  }

  /** Every service's status, asked in parallel; one that fails or times out is unreachable. */
  private Future<List<Readiness.ServiceState>> serviceStates() {
    DeliveryOptions timeout = new DeliveryOptions().setSendTimeout(options.readyTimeoutMs());
    List<Future<Readiness.ServiceState>> checks = new ArrayList<>();
    for (String service : Services.DEPLOYMENT_ORDER) {
      checks.add(
          vertx
              .eventBus()
              .<JsonObject>request(
                  Addresses.status(service),
                  new JsonObject(),
                  NodeLocal.options(vertx, Addresses.status(service), timeout))
              .map(
                  reply -> Readiness.ServiceState.of(service, ServiceStatus.fromJson(reply.body())))
              .otherwise(failure -> Readiness.ServiceState.unreachable(service)));
    }
    return Future.all(checks).map(all -> all.list());
  }

  /**
   * The public keys that verify access tokens (empty while tokens are HMAC-signed), from the
   * security service.
   */
  private void jwks(RoutingContext ctx) {
    vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.SECURITY_JWKS,
            new JsonObject(),
            NodeLocal.options(vertx, Addresses.SECURITY_JWKS))
        .onSuccess(
            reply ->
                ctx.response()
                    .putHeader("Cache-Control", "max-age=300")
                    .putHeader("Content-Type", "application/json")
                    .end(reply.body().encode()))
        .onFailure(failure -> Problem.send(ctx, failure));
  }

  /** Stops accepting connections and lets requests in flight finish (up to 5 s). */
  private Future<JsonObject> drain(BusRequest request) {
    if (server == null) {
      return Future.succeededFuture(new JsonObject().put("drained", false));
    }
    return server.shutdown(5, TimeUnit.SECONDS).map(v -> new JsonObject().put("drained", true));
  }

  @Override
  protected JsonObject details() {
    JsonObject details = new JsonObject();
    if (options != null) {
      details
          .put("host", options.host())
          .put("port", server == null ? options.port() : server.actualPort());
    }
    return details;
  }

  @Override
  protected Future<?> stopService() {
    return server == null ? Future.succeededFuture() : server.shutdown(5, TimeUnit.SECONDS);
  }
}
