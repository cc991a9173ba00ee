package io.antbot.web;

import io.antbot.bus.Addresses;
import io.antbot.bus.BusException;
import io.antbot.bus.FailureCode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.util.Map;

/**
 * The protection steps every API request passes, in this order: correlation id (router-wide, before this) → IP
 * lists → rate limit → body size limit (413, by the body handler) → threat scan of path, query, headers and body →
 * JWT authentication → permission check → the route's handler.
 *
 * <p>The decisions are the security service's: this class only carries the request to
 * {@link Addresses#SECURITY_EDGE_ADMIT} (before the body is read) and {@link Addresses#SECURITY_EDGE_INSPECT} (after),
 * and turns a refusal into problem+json with the headers the service asked for ({@code Retry-After},
 * {@code RateLimit}, ...). The body of a refusal never names the rule that matched.
 */
final class EdgeChain {

  static final String CLIENT_IP = "antbot.client-ip";
  static final String PRINCIPAL = "antbot.principal";
  private static final String ACTION = "antbot.action";
  private static final String RESOURCE = "antbot.resource";

  private final Vertx vertx;
  private final DeliveryOptions options;

  EdgeChain(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMs);
  }

  /** Security headers on every response (router-wide); HSTS only when the server speaks TLS. */
  static void securityHeaders(RoutingContext ctx, boolean tls) {
    MultiMap headers = ctx.response().headers();
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    if (tls) {
      headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    ctx.next();
  }

  /** {@code Cache-Control: no-store} on the API: its answers are never cacheable. */
  static void noStore(RoutingContext ctx) {
    ctx.response().headers().set("Cache-Control", "no-store");
    ctx.next();
  }

  /** Marks the request with the permission it needs ({@code action}) on a resource, for {@link #inspect}. */
  static void require(RoutingContext ctx, String action, String resource) {
    ctx.put(ACTION, action);
    ctx.put(RESOURCE, resource);
  }

  /**
   * {@link #admit} as a security-policy handler, which vertx-web lets run before the body handler: the request is
   * paused while the security service decides, and the body handler resumes it.
   */
  SecurityPolicyHandler admitting(String routeClass) {
    return ctx -> admit(ctx, routeClass);
  }

  /** IP lists and rate limits, before the body is read. */
  void admit(RoutingContext ctx, String routeClass) {
    HttpServerRequest request = ctx.request();
    if (!request.isEnded()) {
      request.pause();
    }
    JsonObject body = new JsonObject()
      .put("remote_ip", request.remoteAddress() == null ? null : request.remoteAddress().hostAddress())
      .put("forwarded_for", request.getHeader("X-Forwarded-For"))
      .put("route_class", routeClass);
    vertx.eventBus().<JsonObject>request(Addresses.SECURITY_EDGE_ADMIT, body, options)
      .onSuccess(reply -> {
        JsonObject decision = reply.body();
        copyHeaders(ctx, decision.getJsonObject("headers"));
        if (decision.getBoolean("allowed", false)) {
          ctx.put(CLIENT_IP, decision.getString("client_ip"));
          ctx.next();
        } else {
          refuse(ctx, decision);
          resumeUnlessEnded(request);
        }
      })
      .onFailure(failure -> {
        Problem.send(ctx, failure);
        resumeUnlessEnded(request);
      });
  }

  private static void resumeUnlessEnded(HttpServerRequest request) {
    if (!request.isEnded()) {
      request.resume();
    }
  }

  /** Threat scan, authentication and the permission check, after the body is read. */
  void inspect(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    JsonObject headers = new JsonObject();
    for (Map.Entry<String, String> header : request.headers()) {
      String name = header.getKey().toLowerCase(java.util.Locale.ROOT);
      if (!name.equals("authorization") && !name.equals("cookie")) {
        headers.put(name, header.getValue());
      }
    }
    JsonObject body = new JsonObject()
      .put("client_ip", ctx.<String>get(CLIENT_IP))
      .put("method", request.method().name())
      .put("path", request.path())
      .put("query", request.query())
      .put("headers", headers)
      .put("body", ctx.body() == null || ctx.body().length() == 0 ? null : ctx.body().asString())
      .put("content_type", request.getHeader("Content-Type"))
      .put("token", bearer(request.getHeader("Authorization")))
      .put("user_agent", request.getHeader("User-Agent"))
      .put("action", ctx.<String>get(ACTION))
      .put("resource", ctx.<String>get(RESOURCE));
    vertx.eventBus().<JsonObject>request(Addresses.SECURITY_EDGE_INSPECT, body, options)
      .onSuccess(reply -> {
        JsonObject decision = reply.body();
        copyHeaders(ctx, decision.getJsonObject("headers"));
        if (decision.getBoolean("allowed", false)) {
          JsonObject principal = decision.getJsonObject("principal");
          if (principal != null) {
            ctx.put(PRINCIPAL, Principal.fromJson(principal));
          }
          ctx.next();
        } else {
          refuse(ctx, decision);
        }
      })
      .onFailure(failure -> Problem.send(ctx, failure));
  }

  /** The token of an {@code Authorization: Bearer <token>} header, or {@code null}. */
  static String bearer(String authorization) {
    if (authorization == null || authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorization.substring(7).strip();
    return token.isEmpty() ? null : token;
  }

  private static void copyHeaders(RoutingContext ctx, JsonObject headers) {
    if (headers != null) {
      headers.forEach(header -> ctx.response().headers().set(header.getKey(), String.valueOf(header.getValue())));
    }
  }

  private static void refuse(RoutingContext ctx, JsonObject decision) {
    FailureCode code = FailureCode.of(decision.getInteger("status", FailureCode.FORBIDDEN.code()));
    String detail = decision.getString("detail", code.title());
    Problem.send(ctx, new BusException(code, detail));
  }
}
