package io.antbot.web;

import io.antbot.bus.FailureCode;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers of requests the router fails, each a problem like every other refusal: no route (404;
 * the last route catches every method, so a method no route takes is a 404 too), a 405 from
 * vertx-web answered as 400, a query string that cannot be decoded (400), a body over the limit
 * (413), no answer in time (503), and an unexpected failure (500, logged once with its stack
 * trace).
 */
final class RouteFailures {

  private static final Logger log = LoggerFactory.getLogger(RouteFailures.class);

  /**
   * How long the rest of a too large body is read and dropped before the connection is closed
   * anyway.
   */
  static final long DRAIN_MS = 2_000;

  private RouteFailures() {}

  /** Adds the last route (no route matched) and the error handlers to {@code router}. */
  static void answerOn(Router router, HttpOptions options) {
    router.route().last().handler(RouteFailures::noRoute);
    // A request target that is no path (`OPTIONS *`, `CONNECT host:port`) is failed with 404 by
    // vertx-web before any route: the same problem as no route.
    router.errorHandler(404, RouteFailures::noRoute);
    // vertx-web's body step fails a request whose Expect is not 100-continue with 417.
    router.errorHandler(
        417,
        ctx ->
            Problem.send(
                ctx,
                FailureCode.BAD_REQUEST,
                "Expect: only 100-continue is understood, got "
                    + Problem.bounded(String.valueOf(ctx.request().getHeader("Expect")))));
    router.errorHandler(
        405,
        ctx ->
            Problem.send(
                ctx,
                FailureCode.BAD_REQUEST,
                "method " + ctx.request().method() + " not allowed on " + ctx.request().path()));
    // A query string Vert.x cannot decode (broken percent-encoding such as "?%" or "%E0%A4%A")
    // fails the request with 400 before any route; the answer is a problem like every other
    // refusal.
    router.errorHandler(
        400,
        ctx ->
            Problem.send(
                ctx,
                FailureCode.BAD_REQUEST,
                ctx.failure() == null
                    ? "the request could not be read"
                    : "the request could not be read: "
                        + Problem.bounded(ctx.failure().getMessage())));
    router.errorHandler(413, ctx -> tooLarge(ctx, options.bodyLimitBytes()));
    router.errorHandler(503, ctx -> timedOut(ctx, options.requestTimeoutMs()));
    router.errorHandler(500, RouteFailures::unexpected);
  }

  /** No route takes the request: 404, and on the API {@code no-store}. */
  static void noRoute(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path != null && path.startsWith(ApiRouter.PREFIX + "/")) {
      EdgeChain.noStore(ctx);
    }
    Problem.send(
        ctx,
        FailureCode.NOT_FOUND,
        "no route for "
            + ctx.request().method()
            + " "
            + Problem.bounded(path == null ? ctx.request().uri() : path));
  }

  /**
   * The body limit was exceeded. The connection cannot carry another request, so the answer closes
   * it — but only once the rest of the body has been read and dropped, or after {@value #DRAIN_MS}
   * ms: closing a socket with unread bytes makes the kernel answer the client's pending writes with
   * a reset, which can destroy the 413 before the client has read it.
   */
  private static void tooLarge(RoutingContext ctx, long bodyLimitBytes) {
    HttpServerRequest request = ctx.request();
    ctx.response().putHeader("Connection", "close");
    Problem.send(
            ctx, FailureCode.TOO_LARGE, "request body larger than " + bodyLimitBytes + " bytes")
        .onComplete(
            done -> {
              if (request.isEnded()) {
                request.connection().close();
                return;
              }
              long deadline = ctx.vertx().setTimer(DRAIN_MS, id -> request.connection().close());
              request.handler(dropped -> {});
              request.endHandler(
                  end -> {
                    ctx.vertx().cancelTimer(deadline);
                    request.connection().close();
                  });
              request.resume();
            });
  }

  /**
   * An API request not answered within {@code http.request_timeout_ms} (the routes' timeout handler
   * fails it).
   */
  private static void timedOut(RoutingContext ctx, long requestTimeoutMs) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
    } else {
      Problem.send(ctx, FailureCode.NOT_READY, "no answer within " + requestTimeoutMs + " ms");
    }
  }

  private static void unexpected(RoutingContext ctx) {
    log.error(
        "unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
    Problem.send(
        ctx,
        FailureCode.INTERNAL,
        "internal error (correlation id " + WebCorrelation.id(ctx) + ")");
  }
}
