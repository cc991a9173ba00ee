package io.antbot.web;

import io.antbot.bus.Addresses;
import io.antbot.bus.BusException;
import io.antbot.local.EdgeDecision;
import io.antbot.local.EdgeGate;
import io.antbot.local.EdgeInspection;
import io.antbot.local.LocalServices;
import io.antbot.vertx.VertxInternals;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Timer;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The protection steps every API request passes, in this order: correlation id (set before routing,
 * ahead of this) → IP lists → rate limit → body size limit (413, by the body handler) → threat scan
 * of path, query, headers and body → JWT authentication → permission check → the route's handler.
 *
 * <p>The decisions are the security service's {@link EdgeGate}. When the security service runs in
 * this Vert.x instance it hands the gate over through {@link LocalServices}, and a decision is a
 * method call on this event loop (microseconds: no copy, no hop to another thread); otherwise the
 * same decisions come over the bus ({@link Addresses#SECURITY_EDGE_ADMIT}, {@link
 * Addresses#SECURITY_EDGE_INSPECT}). This class turns a refusal into problem+json with the headers
 * the gate asked for ({@code Retry-After}, {@code RateLimit}, ...); the body of a refusal never
 * names the rule that matched.
 */
final class EdgeChain {

  private static final int FEW_HEADERS = 32;

  /**
   * What the chain learns about one request, kept in the request's context ({@link
   * VertxInternals.Slots#EDGE}).
   */
  private static final class State {
    /**
     * A stream (Server-Sent Events) answers for as long as the client listens: no request timeout.
     */
    final boolean stream;

    String clientIp;

    /**
     * The key the gate counts this client under (an IPv6 address as its network); per-client caps
     * use it too.
     */
    String clientKey;

    Principal caller;
    boolean deadline;

    /** The gate that admitted the request, which inspects it too. */
    EdgeGate gate;

    State(boolean stream) {
      this.stream = stream;
    }
  }

  private final Vertx vertx;
  private final long timeoutMs;
  private final LocalServices.Handle<EdgeGate> localGate;
  private final EdgeGate overBus;

  EdgeChain(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
    this.localGate = LocalServices.handle(vertx, LocalServices.EDGE_GATE, EdgeGate.class);
    this.overBus = new BusEdgeGate(vertx, new DeliveryOptions().setSendTimeout(timeoutMs));
  }

  /**
   * What every request gets before the router sees it: the correlation id bound ({@link
   * WebCorrelation}) and the security headers of its response. In the server's request handler
   * rather than as the router's first handler, which was a routing step on every request (about 4 %
   * of a small API request's cost, measured side by side).
   */
  static void front(HttpServerRequest request, boolean tls) {
    WebCorrelation.bind(request);
    securityHeaders(request.response(), tls);
  }

  /**
   * Security headers on every response; HSTS only when the server speaks TLS. Added, not set: the
   * response has no headers yet, and setting looks for a header to replace first.
   */
  static void securityHeaders(io.vertx.core.http.HttpServerResponse response, boolean tls) {
    MultiMap headers = response.headers();
    headers.add(X_CONTENT_TYPE_OPTIONS, NOSNIFF);
    headers.add(X_FRAME_OPTIONS, DENY);
    headers.add(REFERRER_POLICY, NO_REFERRER);
    if (tls) {
      headers.add(STRICT_TRANSPORT_SECURITY, HSTS);
    }
  }

  /**
   * The client address the chain's first step settled on (after trusted proxies), or {@code null}
   * before it.
   */
  static String clientIp(RoutingContext ctx) {
    State state = state(ctx);
    return state == null ? null : state.clientIp;
  }

  /**
   * The key per-client limits count this client under (see {@link EdgeDecision#clientKey()}), or
   * {@code null}.
   */
  static String clientKey(RoutingContext ctx) {
    State state = state(ctx);
    return state == null ? null : state.clientKey;
  }

  /**
   * The authenticated caller, or {@code null} (before the last step, or on a public route without a
   * token).
   */
  static Principal caller(RoutingContext ctx) {
    State state = state(ctx);
    return state == null ? null : state.caller;
  }

  private static State state(RoutingContext ctx) {
    return (State) VertxInternals.Slots.EDGE.get(VertxInternals.contextOf(ctx.request()));
  }

  /**
   * {@code Cache-Control: no-store} on the API: its answers are never cacheable. Called first thing
   * on a route, before any handler could have set the header, so it is added without looking for
   * one to replace.
   */
  static void noStore(RoutingContext ctx) {
    ctx.response().headers().add(HttpHeaders.CACHE_CONTROL, NO_STORE);
  }

  /**
   * The first step of an API route ({@link #admit}) as a security-policy handler, which vertx-web
   * lets run before the body handler: the request is paused while the gate decides, and the body
   * handler resumes it.
   */
  SecurityPolicyHandler admitting(String routeClass) {
    return ctx -> admit(ctx, routeClass, false, null);
  }

  /**
   * {@link #admitting}, then {@code admitted} in place of the route's next handler when the gate
   * lets the request through at once (the gate of this instance; a decision over the bus keeps the
   * route's order, whose body step resumes the paused request): a request that carries no body
   * needs no body step, and {@code admitted} may call the route's last step from there, two routing
   * steps fewer on most API requests. {@code admitted} calls {@code ctx.next()} for the route's own
   * order.
   */
  SecurityPolicyHandler admitting(String routeClass, Handler<RoutingContext> admitted) {
    return ctx -> admit(ctx, routeClass, false, admitted);
  }

  /**
   * {@link #admitting} for a route that streams its answer: the request timeout does not apply to
   * it.
   */
  SecurityPolicyHandler admittingStream(String routeClass) {
    return ctx -> admit(ctx, routeClass, true, null);
  }

  /** No-store, then the IP lists and rate limits, before the body is read. */
  private void admit(
      RoutingContext ctx, String routeClass, boolean stream, Handler<RoutingContext> then) {
    State state = new State(stream);
    state.gate = gate();
    VertxInternals.Slots.EDGE.put(VertxInternals.contextOf(ctx.request()), state);
    noStore(ctx);
    HttpServerRequest request = ctx.request();
    Future<EdgeDecision> decided =
        state.gate.admit(
            VertxInternals.remoteHostAddress(request), forwardedFor(request), routeClass);
    if (decided.isComplete()) {
      if (carriesBody(request)) {
        deadline(ctx);
      }
      admitted(ctx, decided, then);
      return;
    }
    deadline(ctx);
    if (!request.isEnded()) {
      request.pause();
    }
    onThisContext(decided)
        .onComplete(
            done -> {
              // The request was paused for the decision: the route's own order, whose body step
              // resumes it.
              admitted(ctx, done, null);
              if (!request.isEnded() && (done.failed() || !done.result().allowed())) {
                request.resume();
              }
            });
  }

  private static void admitted(
      RoutingContext ctx, AsyncResult<EdgeDecision> done, Handler<RoutingContext> then) {
    if (done.failed()) {
      Problem.send(ctx, done.cause());
      return;
    }
    EdgeDecision decision = done.result();
    copyHeaders(ctx, decision, false);
    if (decision.allowed()) {
      state(ctx).clientIp = decision.clientIp();
      state(ctx).clientKey = decision.clientKey();
      if (then == null) {
        ctx.next();
      } else {
        then.handle(ctx);
      }
    } else {
      refuse(ctx, decision);
    }
  }

  /**
   * The last step of an API route: threat scan, authentication and the check that the caller holds
   * {@code action} on {@code resource}, after the body is read; then {@code handler}, the route's
   * own.
   *
   * @param action the permission needed, or {@code null} for a route open to anyone (the token,
   *     when one comes, is still checked)
   */
  void inspect(
      RoutingContext ctx, String action, String resource, Handler<RoutingContext> handler) {
    inspect(ctx, action, resource, false, handler);
  }

  /** {@link #inspect} for a route open to any authenticated caller, whatever their permissions. */
  void inspectCaller(RoutingContext ctx, Handler<RoutingContext> handler) {
    inspect(ctx, null, null, true, handler);
  }

  private void inspect(
      RoutingContext ctx,
      String action,
      String resource,
      boolean tokenOnly,
      Handler<RoutingContext> handler) {
    HttpServerRequest request = ctx.request();
    State state = state(ctx);
    String body = ctx.body() == null || ctx.body().length() == 0 ? null : ctx.body().asString();
    EdgeInspection inspection =
        new EdgeInspection(
            state == null ? null : state.clientIp,
            request.method().name(),
            request.path(),
            request.query(),
            scannedHeaders(request.headers()),
            body,
            request.getHeader(HttpHeaders.CONTENT_TYPE),
            bearer(request),
            request.getHeader(HttpHeaders.USER_AGENT),
            action,
            resource == null ? "*" : resource,
            tokenOnly);
    Future<EdgeDecision> decided =
        (state == null || state.gate == null ? gate() : state.gate).inspect(inspection);
    if (decided.isComplete()) {
      inspected(ctx, decided, handler);
    } else {
      deadline(ctx);
      onThisContext(decided).onComplete(done -> inspected(ctx, done, handler));
    }
  }

  private void inspected(
      RoutingContext ctx, AsyncResult<EdgeDecision> done, Handler<RoutingContext> handler) {
    if (done.failed()) {
      Problem.send(ctx, done.cause());
      return;
    }
    EdgeDecision decision = done.result();
    copyHeaders(ctx, decision, true);
    if (!decision.allowed()) {
      refuse(ctx, decision);
      return;
    }
    io.antbot.bus.Principal principal = decision.principal();
    if (principal != null) {
      state(ctx).caller = Principal.of(principal);
    }
    handler.handle(ctx);
    if (!ctx.response().ended()) {
      deadline(ctx);
    }
  }

  /**
   * The headers the threat scan reads, by lower-case name: all but the credentials ({@code
   * Authorization} is checked as a token; cookies are scanned one by one). Unmodifiable, as the
   * scanner keeps them (it copies anything else); built in one pass when the request has at most
   * {@value #FEW_HEADERS} header lines (repeated names are found by comparing with those seen),
   * else through a hash map, so that thousands of tiny headers cost no quadratic time. The lines
   * are counted while reading them: {@code MultiMap.size()} would build a sorted set of the names.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, List<String>> scannedHeaders(MultiMap given) {
    // Room for the usual few names, grown when more come (an array of FEW_HEADERS each was most of
    // this method's allocation).
    String[] names = new String[4];
    List<String>[] values = new List[4];
    int count = 0;
    int lines = 0;
    for (Map.Entry<String, String> header : given) {
      if (++lines > FEW_HEADERS) {
        return manyHeaders(given);
      }
      String name = lowerCaseName(header.getKey());
      if (name == AUTHORIZATION) {
        continue;
      }
      if (count == names.length) {
        names = Arrays.copyOf(names, FEW_HEADERS);
        values = Arrays.copyOf(values, FEW_HEADERS);
      }
      int seen = 0;
      while (seen < count && !names[seen].equals(name)) {
        seen++;
      }
      if (seen < count) {
        List<String> more = new ArrayList<>(values[seen]);
        more.add(header.getValue());
        values[seen] = List.copyOf(more);
      } else {
        names[count] = name;
        values[count++] = List.of(header.getValue());
      }
    }
    Map.Entry<String, List<String>>[] entries = new Map.Entry[count];
    for (int i = 0; i < count; i++) {
      entries[i] = Map.entry(names[i], values[i]);
    }
    return Map.ofEntries(entries);
  }

  /** {@link #scannedHeaders} for a request with many: repeated names found by hashing. */
  private static Map<String, List<String>> manyHeaders(MultiMap given) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> header : given) {
      String name = lowerCaseName(header.getKey());
      if (name != AUTHORIZATION) {
        headers.computeIfAbsent(name, n -> new ArrayList<>(1)).add(header.getValue());
      }
    }
    headers.replaceAll((name, values) -> List.copyOf(values));
    return Map.copyOf(headers);
  }

  /**
   * {@code name} in lower case; for the names most requests carry, the one shared string (hash
   * computed once, no copy per request).
   */
  private static String lowerCaseName(String name) {
    for (String known : COMMON_NAMES) {
      if (sameIgnoringCase(known, name)) {
        return known;
      }
    }
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * Whether {@code name} is {@code lower} (lower-case ASCII) in any case; {@code equalsIgnoreCase}
   * folds Unicode.
   */
  private static boolean sameIgnoringCase(String lower, String name) {
    if (lower.length() != name.length()) {
      return false;
    }
    for (int i = 0; i < lower.length(); i++) {
      char k = lower.charAt(i);
      char c = name.charAt(i);
      if (c != k && !(k >= 'a' && k <= 'z' && c == k - ('a' - 'A'))) {
        return false;
      }
    }
    return true;
  }

  private static final String AUTHORIZATION = "authorization";
  private static final String COOKIE = "cookie";
  private static final String[] COMMON_NAMES = {
    "host",
    AUTHORIZATION,
    "user-agent",
    "accept",
    "content-type",
    "content-length",
    "accept-encoding",
    "connection",
    "x-forwarded-for",
    "x-correlation-id",
    "traceparent",
    COOKIE
  };

  /**
   * Whether the body handler will wait for a body: the same test it makes (HTTP/1.x announces a
   * body with {@code Content-Length} or {@code Transfer-Encoding}; HTTP/2 ends the stream when
   * there is none).
   */
  static boolean carriesBody(HttpServerRequest request) {
    if (request.isEnded()) {
      return false;
    }
    if (request.version() == HttpVersion.HTTP_2) {
      return true;
    }
    MultiMap headers = request.headers();
    String length = headers.get(HttpHeaders.CONTENT_LENGTH);
    return headers.contains(HttpHeaders.TRANSFER_ENCODING) || length != null && !length.equals("0");
  }

  /**
   * Starts the {@code http.request_timeout_ms} clock of a request that has to wait (for its body, a
   * decision over the bus, or a reply): when it runs out before the response ends, the request
   * fails with 503. A request answered without waiting, as most are, needs no timer — vertx-web's
   * {@code TimeoutHandler} would start and cancel one on every request. Started at most once per
   * request, when it first has to wait: the steps before run on this event loop without waiting
   * (admitting a request without a body, scanning its head, a remembered token), so it runs out
   * {@code http.request_timeout_ms} after the request was admitted, but for those microseconds, and
   * before the timeout of a bus request the handler sent since. No clock read per request.
   */
  private void deadline(RoutingContext ctx) {
    State state = state(ctx);
    if (state == null || state.stream || state.deadline || ctx.response().ended()) {
      return;
    }
    state.deadline = true;
    Timer timer = vertx.timer(timeoutMs);
    int ended = ctx.addEndHandler(done -> timer.cancel());
    timer.onSuccess(
        fired -> {
          ctx.removeEndHandler(ended);
          if (!ctx.request().isEnded()) {
            ctx.request().resume();
          }
          ctx.fail(503);
        });
  }

  /** The security service's gate in this instance, or the same decisions over the bus. */
  private EdgeGate gate() {
    EdgeGate local = localGate.get();
    return local == null ? overBus : local;
  }

  /**
   * A decision that completes later (over the bus, or after an audit entry on the security
   * service's context) is handed back to this request's context before the chain goes on.
   */
  private static <T> Future<T> onThisContext(Future<T> future) {
    Promise<T> promise = VertxInternals.promise(Vertx.currentContext());
    future.onComplete(promise);
    return promise.future();
  }

  /**
   * The bearer token of {@code request}, or {@code null}. The token cut from a connection's header
   * is kept on the connection: a client sends the same header on each of its requests, and the copy
   * of a token (hundreds of characters) was the chain's largest allocation per request.
   */
  private static String bearer(HttpServerRequest request) {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    return authorization == null
        ? null
        : VertxInternals.perConnection(request, BEARER, authorization, EdgeChain::bearer);
  }

  private static final io.netty.util.AttributeKey<VertxInternals.Derived<String>> BEARER =
      io.netty.util.AttributeKey.valueOf("antbot.bearer");

  /** The token of an {@code Authorization: Bearer <token>} header, or {@code null}. */
  static String bearer(String authorization) {
    if (authorization == null
        || authorization.length() < 7
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorization.substring(7).strip();
    return token.isEmpty() ? null : token;
  }

  /**
   * The headers the gate asks for. The first decision's are added (no header of theirs is set yet);
   * the second's replace them, as a refusal by the per-user limit must.
   */
  private static void copyHeaders(RoutingContext ctx, EdgeDecision decision, boolean replace) {
    if (decision.headers().isEmpty()) {
      return;
    }
    MultiMap headers = ctx.response().headers();
    for (Map.Entry<String, String> header : decision.headers().entrySet()) {
      CharSequence name = GATE_HEADERS.getOrDefault(header.getKey(), header.getKey());
      if (replace) {
        headers.set(name, header.getValue());
      } else {
        headers.add(name, header.getValue());
      }
    }
  }

  /**
   * The names of the headers the gate asks for, in the form Netty writes without re-checking each
   * character.
   */
  private static final Map<String, CharSequence> GATE_HEADERS =
      Map.of(
          "RateLimit-Policy", HttpHeaders.createOptimized("RateLimit-Policy"),
          "RateLimit", HttpHeaders.createOptimized("RateLimit"),
          "Retry-After", HttpHeaders.createOptimized("Retry-After"));

  private static void refuse(RoutingContext ctx, EdgeDecision decision) {
    Problem.send(ctx, new BusException(decision.status(), decision.detail()));
  }

  /**
   * The gate's decisions over the bus, for an HTTP verticle whose security service runs elsewhere.
   */
  private record BusEdgeGate(Vertx vertx, DeliveryOptions options) implements EdgeGate {

    @Override
    public Future<EdgeDecision> admit(String remoteIp, String forwardedFor, String routeClass) {
      JsonObject body =
          new JsonObject()
              .put("remote_ip", remoteIp)
              .put("forwarded_for", forwardedFor)
              .put("route_class", routeClass);
      return vertx
          .eventBus()
          .<JsonObject>request(Addresses.SECURITY_EDGE_ADMIT, body, options)
          .map(reply -> EdgeDecision.fromJson(reply.body()));
    }

    @Override
    public Future<EdgeDecision> inspect(EdgeInspection request) {
      return vertx
          .eventBus()
          .<JsonObject>request(Addresses.SECURITY_EDGE_INSPECT, request.toJson(), options)
          .map(reply -> EdgeDecision.fromJson(reply.body()));
    }
  }

  private static final CharSequence X_CONTENT_TYPE_OPTIONS =
      HttpHeaders.createOptimized("X-Content-Type-Options");
  private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
  private static final CharSequence X_FRAME_OPTIONS =
      HttpHeaders.createOptimized("X-Frame-Options");
  private static final CharSequence DENY = HttpHeaders.createOptimized("DENY");
  private static final CharSequence REFERRER_POLICY =
      HttpHeaders.createOptimized("Referrer-Policy");
  private static final CharSequence NO_REFERRER = HttpHeaders.createOptimized("no-referrer");
  private static final CharSequence STRICT_TRANSPORT_SECURITY =
      HttpHeaders.createOptimized("Strict-Transport-Security");
  private static final CharSequence HSTS =
      HttpHeaders.createOptimized("max-age=31536000; includeSubDomains");
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  private static final CharSequence X_FORWARDED_FOR =
      HttpHeaders.createOptimized("X-Forwarded-For");

  /**
   * Every {@code X-Forwarded-For} line in order, joined with commas (RFC 9110, 5.3: one list): a
   * proxy that adds its own line (HAProxy's {@code option forwardfor}) puts the address it saw
   * last, and reading only the first line would let the client choose its address. {@code null}
   * when there is none.
   */
  static String forwardedFor(HttpServerRequest request) {
    String first = request.getHeader(X_FORWARDED_FOR);
    if (first == null) {
      return null;
    }
    java.util.List<String> lines = request.headers().getAll(X_FORWARDED_FOR);
    return lines.size() == 1 ? first : String.join(",", lines);
  }
}
