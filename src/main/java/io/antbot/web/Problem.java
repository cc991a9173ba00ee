package io.antbot.web;

import io.antbot.bus.BusException;
import io.antbot.bus.FailureCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * RFC 9457 problem details: the one mapping from the shared failure codes to HTTP.
 *
 * <p>The body is {@code {type, title, status, detail, instance, correlation_id}} as {@code
 * application/problem+json}.
 */
public final class Problem {

  public static final String CONTENT_TYPE = "application/problem+json";

  private Problem() {}

  /**
   * Ends the request with the problem for {@code failure} (any throwable: mapped by {@link
   * BusException#from}).
   */
  public static Future<Void> send(RoutingContext ctx, Throwable failure) {
    BusException bus = BusException.from(failure);
    return send(ctx, bus.code(), bus.getMessage());
  }

  public static Future<Void> send(RoutingContext ctx, FailureCode code, String detail) {
    if (ctx.response().ended() || ctx.response().closed()) {
      // Already answered (the request timed out first) or the client has gone: nothing to send.
      return Future.succeededFuture();
    }
    JsonObject body = body(code, detail, ctx.request().path(), WebCorrelation.id(ctx));
    return ctx.response()
        .setStatusCode(code.code())
        .putHeader("Content-Type", CONTENT_TYPE)
        .end(body.encode());
  }

  /** A failure's message fit for a reply: one line, at most 200 characters, never {@code null}. */
  static String bounded(String message) {
    if (message == null || message.isBlank()) {
      return "malformed";
    }
    String line = message.strip().lines().findFirst().orElse("malformed");
    return line.length() > 200 ? line.substring(0, 197) + "..." : line;
  }

  public static JsonObject body(
      FailureCode code, String detail, String instance, String correlationId) {
    JsonObject body =
        new JsonObject()
            .put("type", "about:blank")
            .put("title", code.title())
            .put("status", code.code())
            .put("detail", detail)
            .put("instance", instance);
    if (correlationId != null) {
      body.put("correlation_id", correlationId);
    }
    return body;
  }
}
