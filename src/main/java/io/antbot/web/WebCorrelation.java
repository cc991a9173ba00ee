package io.antbot.web;

import io.antbot.service.Correlation;
import io.antbot.vertx.VertxInternals;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * What every request gets first, before routing: takes the correlation id from {@code
 * X-Correlation-Id}, else from the trace id of a W3C {@code traceparent}, else creates one; binds
 * it to the request's context so every bus message sent while handling the request carries it;
 * echoes it in the response.
 */
public final class WebCorrelation {

  // Header names as Netty's ASCII strings: they carry their hash, which a lookup by a
  // java.lang.String recomputes.
  private static final CharSequence HTTP_HEADER =
      HttpHeaders.createOptimized(Correlation.HTTP_HEADER);
  private static final CharSequence TRACEPARENT = HttpHeaders.createOptimized("traceparent");

  private WebCorrelation() {}

  /** Run first on every request, before routing ({@link EdgeChain#front}). */
  static void bind(HttpServerRequest request) {
    String id = request.getHeader(HTTP_HEADER);
    if (!Correlation.isValid(id)) {
      id = Correlation.fromTraceparent(request.getHeader(TRACEPARENT));
    }
    if (!Correlation.isValid(id)) {
      id = Correlation.newId();
    }
    // Vert.x runs each request on its own duplicated context, so the id is this request's alone.
    Correlation.bind(VertxInternals.contextOf(request), id);
    // add, not set: the response has no headers yet.
    request.response().headers().add(HTTP_HEADER, id);
  }

  /** The id of this request, or {@code null} before the correlation handler ran. */
  public static String id(RoutingContext ctx) {
    return Correlation.get(VertxInternals.contextOf(ctx.request()));
  }
}
