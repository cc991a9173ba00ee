package io.antbot.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.antbot.bus.Addresses;
import io.antbot.bus.Authenticate;
import io.antbot.bus.Authorize;
import io.antbot.bus.BusException;
import io.antbot.bus.FailureCode;
import io.antbot.bus.TokenRevoke;
import io.antbot.bus.TrustedHeaders;
import io.antbot.local.ConfigReader;
import io.antbot.local.LocalServices;
import io.antbot.service.NodeLocal;
import io.antbot.vertx.VertxInternals;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /api/v1} routes: those of {@link ApiRoutes} behind the {@link EdgeChain}, the caller's
 * own principal ({@code /auth/me}), the OpenAPI document and the {@code /events} Server-Sent Events
 * stream.
 */
final class ApiRouter {

  /**
   * Event streams of {@code GET /events}: the SSE event name, its bus address, and the permission
   * it needs.
   */
  private static final List<String[]> STREAMS =
      List.of(
          new String[] {"alert", Addresses.ALERTS, "metrics:read"},
          new String[] {"config", Addresses.CONFIG_CHANGED, "config:read"},
          new String[] {"security", Addresses.SECURITY_EVENTS, "security:read"});

  private static final long HEARTBEAT_MS = 15_000;

  /**
   * Open {@code /events} streams by {@code user:<name>} and {@code ip:<address>}, shared by the
   * HTTP verticles.
   */
  private static final String OPEN_STREAMS = "antbot.http.events.open";

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ApiRouter.class);

  /** Where the API lives on the router. */
  static final String PREFIX = "/api/v1";

  /**
   * The methods for which the body handler may decode a form; the others it refuses to (an
   * exception).
   */
  private static final java.util.Set<HttpMethod> FORM_METHODS =
      java.util.Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  /**
   * Jackson's streaming encoder: {@code ctx.json} goes through the default codec, which with
   * jackson-databind on the class path serialises through an {@code ObjectMapper}, several times
   * slower for a small object.
   */
  private static final JacksonCodec STREAMING_JSON = new JacksonCodec();

  private final Vertx vertx;
  private final HttpOptions options;
  private final EdgeChain edge;
  private final Buffer openapi;
  private final DeliveryOptions busOptions;

  /** How much longer than the request's deadline a bus request behind it may wait. */
  private static final long BUS_GRACE_MS = 250;

  private final ConfigWriteAuthorizer configWrites;
  private final LocalServices.Handle<ConfigReader> configReader;

  /** The routes' addresses that change the configuration: authorized on every key they change. */
  private static final java.util.Set<String> CONFIG_WRITES =
      java.util.Set.of(Addresses.CONFIG_SET, Addresses.CONFIG_UNSET, Addresses.CONFIG_REVERT);

  /**
   * Bounded by the security service's memory of verified tokens, which holds the keys: no size
   * bound here, so reads are not recorded for an eviction policy; clean-up of collected keys runs
   * on the caller.
   */
  private final Cache<io.antbot.bus.Principal, Buffer> encodedCallers =
      Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();

  private ApiRouter(Vertx vertx, HttpOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.edge = new EdgeChain(vertx, options.requestTimeoutMs());
    this.openapi = loadOpenApi();
    // The request's own deadline (http.request_timeout_ms, "no answer within N ms") answers first;
    // the bus request gives up a little later, when that answer is already out.
    this.busOptions =
        new DeliveryOptions().setSendTimeout(options.requestTimeoutMs() + BUS_GRACE_MS);
    this.configWrites = new ConfigWriteAuthorizer(vertx, busOptions);
    this.configReader =
        LocalServices.handle(vertx, LocalServices.CONFIG_READER, ConfigReader.class);
  }

  /**
   * Adds the API's routes, under {@value #PREFIX}, to {@code router}: on the main router itself
   * rather than a sub-router, since a sub-router is one more routing pass on every request.
   */
  static void mount(Router router, Vertx vertx, HttpOptions options) {
    new ApiRouter(vertx, options).mount(router);
  }

  private static boolean isForm(String contentType) {
    String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
    return type.contains("multipart/form-data")
        || type.contains("application/x-www-form-urlencoded");
  }

  /**
   * Each route is three handlers: the edge's admission (IP lists, rate limits; a security-policy
   * handler, which vertx-web runs before the body handler), the body handler (the size limit), and
   * the inspection (threat scan, token, permission) that calls the route's own handler when it lets
   * the request through. A request without a body goes from the admission to the inspection
   * directly ({@link #unlessBody}): each handler is a routing step.
   */
  private void mount(Router router) {
    BodyHandler bodyHandler = BodyHandler.create(false).setBodyLimit(options.bodyLimitBytes());
    // The API takes JSON (and YAML or XML where a route says so), never forms: vertx-web's body
    // handler decodes a form itself and merges it into the parameters, where a GET with a form type
    // throws (a 500) and a POST whose query cannot be decoded never answers. A form is refused
    // first.
    Handler<RoutingContext> body =
        ctx -> {
          if (!isForm(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            bodyHandler.handle(ctx);
          } else if (!FORM_METHODS.contains(ctx.request().method())) {
            Problem.send(
                ctx,
                FailureCode.BAD_REQUEST,
                "a " + ctx.request().method() + " request carries no form body");
          } else {
            Problem.send(
                ctx,
                FailureCode.BAD_REQUEST,
                "form bodies are not accepted: send application/json");
          }
        };
    router
        .get(PREFIX + "/openapi.json")
        .handler(edge.admitting(ApiRoutes.API))
        .handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(openapi));
    Handler<RoutingContext> me = ctx -> edge.inspectCaller(ctx, this::whoAmI);
    router
        .get(PREFIX + "/auth/me")
        .handler(edge.admitting(ApiRoutes.API, unlessBody(me)))
        .handler(body)
        .handler(me);
    Handler<RoutingContext> logout = ctx -> edge.inspectCaller(ctx, this::logout);
    router
        .post(PREFIX + "/auth/logout")
        .handler(edge.admitting(ApiRoutes.API, unlessBody(logout)))
        .handler(body)
        .handler(logout);
    router
        .get(PREFIX + "/events")
        .handler(edge.admittingStream(ApiRoutes.API))
        .handler(body)
        .handler(ctx -> edge.inspect(ctx, "events:read", "*", this::events));
    // The routes of ApiRoutes as one route and a table of ours (see ApiRouteTable): the first
    // handler finds the request's route and admits it as that route's class, the second reads the
    // body, the third inspects and calls the route. A request no route of the table takes gets the
    // router's own answer for no route: nothing under /api/v1 is registered after the API.
    List<ApiRoutes.Route> routes = ApiRoutes.all();
    ApiRouteTable table = new ApiRouteTable(routes);
    Handler<RoutingContext> inspectAndCall =
        ctx -> {
          ApiRoutes.Route route =
              (ApiRoutes.Route)
                  VertxInternals.Slots.API_ROUTE.get(VertxInternals.contextOf(ctx.request()));
          edge.inspect(
              ctx,
              route.action(),
              route.action() == null ? null : route.resource().of(ctx),
              c -> call(c, route));
        };
    Handler<RoutingContext> afterAdmission = unlessBody(inspectAndCall);
    java.util.Map<String, SecurityPolicyHandler> admitters = new java.util.HashMap<>();
    for (ApiRoutes.Route route : routes) {
      admitters.computeIfAbsent(
          route.routeClass(), routeClass -> edge.admitting(routeClass, afterAdmission));
    }
    SecurityPolicyHandler find =
        ctx -> {
          ApiRouteTable.Match match;
          try {
            match =
                table.find(ctx.request().method(), ctx.normalizedPath().substring(PREFIX.length()));
          } catch (IllegalArgumentException brokenEncoding) {
            ctx.fail(400);
            return;
          }
          if (match == null) {
            RouteFailures.noRoute(ctx);
            return;
          }
          // A query whose percent-encoding is broken is refused on every API route, before
          // anything reads it (vertx-web's matching used to find it out on routes with path
          // parameters only); only a query with a '%' can be broken.
          String query = ctx.request().query();
          if (query != null && query.indexOf('%') >= 0) {
            try {
              ctx.queryParams();
            } catch (RuntimeException brokenEncoding) {
              ctx.fail(400);
              return;
            }
          }
          for (int i = 0; i < match.names().length; i++) {
            ctx.pathParams().put(match.names()[i], match.values()[i]);
          }
          VertxInternals.Slots.API_ROUTE.put(
              VertxInternals.contextOf(ctx.request()), match.route());
          admitters.get(match.route().routeClass()).handle(ctx);
        };
    router.route(PREFIX + "/*").handler(find).handler(body).handler(inspectAndCall);
  }

  /**
   * What follows the admission on a route that reads a body: {@code last}, the route's last step,
   * at once for a request that carries no body and announces no form (which the body step refuses);
   * else the route's next step, the body.
   */
  private static Handler<RoutingContext> unlessBody(Handler<RoutingContext> last) {
    return ctx -> {
      HttpServerRequest request = ctx.request();
      if (EdgeChain.carriesBody(request) || isForm(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
        ctx.next();
      } else {
        last.handle(ctx);
      }
    };
  }

  /**
   * {@code GET /auth/me}: the caller as the token says. The security service keeps one principal
   * object per verified token, so its encoding is kept beside it (weakly, by identity: it goes when
   * the principal goes) rather than redone on each of the token's requests.
   */
  private void whoAmI(RoutingContext ctx) {
    Principal caller = EdgeChain.caller(ctx);
    Buffer body =
        encodedCallers.get(
            caller.source(), source -> STREAMING_JSON.toBuffer(caller.toJson(), false));
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
  }

  /**
   * {@code POST /auth/logout}: the caller's own access token revoked, and with it the session its
   * refresh token belongs to. Open to every authenticated caller: signing out needs no permission
   * ({@code /auth/revoke}, which revokes anyone's token, needs {@code tokens:revoke}).
   */
  private void logout(RoutingContext ctx) {
    Principal caller = EdgeChain.caller(ctx);
    vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.SECURITY_TOKEN_REVOKE,
            new TokenRevoke(bearer(ctx), null, caller.user()).toJson(),
            TrustedHeaders.onBehalfOf(busOptions, caller.user()))
        .onSuccess(reply -> ctx.json(new JsonObject().put("signed_out", caller.user())))
        .onFailure(failure -> Problem.send(ctx, failure));
  }

  private void call(RoutingContext ctx, ApiRoutes.Route route) {
    JsonObject body;
    try {
      body = route.body().from(ctx, EdgeChain.caller(ctx));
    } catch (BusException e) {
      Problem.send(ctx, e);
      return;
    }
    Principal caller = EdgeChain.caller(ctx);
    ConfigReader reader = Addresses.CONFIG_GET.equals(route.address()) ? configReader.get() : null;
    if (reader != null && !body.containsKey("default")) {
      sendConfig(ctx, route, reader, body.getString("key"));
      return;
    }
    Future<Object> reply =
        reader != null
            ? readConfig(reader, body)
            : CONFIG_WRITES.contains(route.address())
                ? configWrites.write(route.address(), body, caller)
                : vertx
                    .eventBus()
                    .<Object>request(
                        route.address(),
                        body,
                        NodeLocal.options(
                            vertx,
                            route.address(),
                            caller == null
                                ? busOptions
                                : TrustedHeaders.onBehalfOf(busOptions, caller.user())))
                    .map(message -> message.body());
    reply
        .onSuccess(
            result -> {
              if (!ctx.response().ended()) {
                ctx.response()
                    .setStatusCode(route.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .end(encoded(result));
              }
            })
        .onFailure(
            failure -> {
              if (!ctx.response().ended()) {
                Problem.send(ctx, failure);
              }
            });
  }

  /**
   * A reply as JSON text: with the streaming codec for JSON objects (Vert.x's default encoder goes
   * through Jackson's databind, which builds a serializer provider per call).
   */
  private static Buffer encoded(Object result) {
    if (result == null) {
      return Buffer.buffer("{}");
    }
    return result instanceof JsonObject object
        ? STREAMING_JSON.toBuffer(object, false)
        : Buffer.buffer(result.toString());
  }

  /**
   * {@code GET /config/{key}} answered by the configuration service of this Vert.x instance: the
   * bus reply's text, as that service keeps it for the current version.
   */
  private static void sendConfig(
      RoutingContext ctx, ApiRoutes.Route route, ConfigReader reader, String key) {
    Buffer text;
    try {
      text = reader.getEncoded(key);
    } catch (RuntimeException e) {
      Problem.send(ctx, e);
      return;
    }
    ctx.response()
        .setStatusCode(route.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .end(text);
  }

  /**
   * A configuration read answered by the configuration service of this Vert.x instance in-process:
   * the bus reply (same version, same masking) without the round trip.
   */
  private static Future<Object> readConfig(ConfigReader reader, JsonObject body) {
    try {
      return Future.succeededFuture(reader.get(body));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Server-Sent Events: each stream the caller may read, as {@code event: <name>} with the bus
   * event as data.
   *
   * <p>A stream lives only as long as its right: each kind is authorized for this caller with its
   * token's own permissions; the token is checked again every {@code http.events.recheck_s} (a
   * revoked token or a disabled user ends the stream) and the stream ends when the token expires,
   * each time with a last {@code event: end} saying why. A reader that does not keep up (the send
   * queue full) is dropped rather than buffered. A user and a client address may hold only so many
   * open streams ({@code http.events.max_per_user}, {@code max_per_ip}; 429 beyond; an IPv6 address
   * counts as its network of {@code security.ip_lists.ipv6_prefix_bits}, as the rate limits do).
   */
  private void events(RoutingContext ctx) {
    Principal caller = EdgeChain.caller(ctx);
    String clientIp = String.valueOf(EdgeChain.clientIp(ctx));
    String userKey = "user:" + caller.user();
    // Counted as the gate counts the client: an IPv6 address as its network
    // (security.ip_lists.ipv6_prefix_bits).
    String ipKey = "ip:" + EdgeChain.clientKey(ctx);
    if (!openStream(userKey, options.eventsPerUser())) {
      Problem.send(
          ctx,
          new BusException(
              FailureCode.RATE_LIMITED,
              "too many open event streams for this user (at most "
                  + options.eventsPerUser()
                  + ")"));
      return;
    }
    if (!openStream(ipKey, options.eventsPerIp())) {
      closeStream(userKey);
      Problem.send(
          ctx,
          new BusException(
              FailureCode.RATE_LIMITED,
              "too many open event streams from this address (at most "
                  + options.eventsPerIp()
                  + ")"));
      return;
    }
    String token = bearer(ctx);
    List<Future<JsonObject>> checks = new ArrayList<>();
    for (String[] stream : STREAMS) {
      checks.add(
          vertx
              .eventBus()
              .<JsonObject>request(
                  Addresses.SECURITY_AUTHORIZE,
                  new Authorize(caller.user(), stream[2], "*", caller.source().permissions())
                      .toJson(),
                  NodeLocal.options(vertx, Addresses.SECURITY_AUTHORIZE, busOptions))
              .map(reply -> reply.body()));
    }
    Future.all(checks)
        .onComplete(
            done -> {
              if (done.failed()) {
                closeStream(userKey);
                closeStream(ipKey);
                Problem.send(ctx, done.cause());
                return;
              }
              // The client of a stream only reads: its connection is closed after
              // http.idle_timeout_s without traffic either way, not without a byte from the client.
              VertxInternals.closeWhenSilentEitherWay(ctx.request().connection());
              HttpServerResponse response =
                  ctx.response()
                      .setChunked(true)
                      .putHeader("Content-Type", "text/event-stream")
                      .putHeader("X-Accel-Buffering", "no");
              List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
              JsonObject granted = new JsonObject();
              for (int i = 0; i < STREAMS.size(); i++) {
                String[] stream = STREAMS.get(i);
                boolean allowed = checks.get(i).result().getBoolean("allowed", false);
                granted.put(stream[0], allowed);
                if (allowed) {
                  consumers.add(
                      vertx
                          .eventBus()
                          .<JsonObject>consumer(
                              stream[1],
                              message ->
                                  write(
                                      ctx,
                                      "event: "
                                          + stream[0]
                                          + "\ndata: "
                                          + message.body().encode()
                                          + "\n\n")));
                }
              }
              long heartbeat =
                  vertx.setPeriodic(HEARTBEAT_MS, id -> write(ctx, ": keep-alive\n\n"));
              long recheck =
                  vertx.setPeriodic(
                      options.eventsRecheckS() * 1000,
                      id ->
                          vertx
                              .eventBus()
                              .<JsonObject>request(
                                  Addresses.SECURITY_AUTHENTICATE,
                                  new Authenticate(clientIp, token, null).toJson(),
                                  NodeLocal.options(
                                      vertx, Addresses.SECURITY_AUTHENTICATE, busOptions))
                              .onFailure(
                                  failure ->
                                      end(
                                          ctx,
                                          failure
                                                      instanceof
                                                      io.vertx.core.eventbus.ReplyException reply
                                                  && reply.failureCode()
                                                      == FailureCode.UNAUTHENTICATED.code()
                                              ? "the token is no longer valid: "
                                                  + reply.getMessage()
                                              : null)));
              long untilExpiry = caller.source().expiresAt() * 1000 - System.currentTimeMillis();
              long expiry =
                  vertx.setTimer(Math.max(1, untilExpiry), id -> end(ctx, "the token expired"));
              java.util.concurrent.atomic.AtomicBoolean released =
                  new java.util.concurrent.atomic.AtomicBoolean();
              Runnable release =
                  () -> {
                    if (released.compareAndSet(false, true)) {
                      vertx.cancelTimer(heartbeat);
                      vertx.cancelTimer(recheck);
                      vertx.cancelTimer(expiry);
                      consumers.forEach(MessageConsumer::unregister);
                      closeStream(userKey);
                      closeStream(ipKey);
                    }
                  };
              // Once, whichever comes first: the client goes away, or the stream is ended here
              // (end()).
              ctx.put(RELEASE_STREAM, release);
              response.closeHandler(v -> release.run());
              Future.all(consumers.stream().map(MessageConsumer::completion).toList())
                  .onComplete(
                      registered -> write(ctx, "event: ready\ndata: " + granted.encode() + "\n\n"));
            });
  }

  /**
   * Writes to a stream, or drops the reader whose send queue is full: events are not buffered
   * without bound.
   */
  private void write(RoutingContext ctx, String text) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.writeQueueFull()) {
      log.info(
          "event stream of {} dropped: the reader does not keep up", EdgeChain.caller(ctx).user());
      ctx.request().connection().close();
      return;
    }
    response.write(text);
  }

  /**
   * Ends a stream with a last {@code event: end} saying why; a {@code null} reason (a check that
   * failed) waits.
   */
  private void end(RoutingContext ctx, String reason) {
    HttpServerResponse response = ctx.response();
    if (reason == null || response.ended() || response.closed()) {
      return;
    }
    response.end("event: end\ndata: " + new JsonObject().put("reason", reason).encode() + "\n\n");
    // A response ended here gets no close handler call: its timers, consumers and places under the
    // caps go now.
    Runnable release = ctx.get(RELEASE_STREAM);
    if (release != null) {
      release.run();
    }
  }

  private static final String RELEASE_STREAM = "antbot.events.release";

  private boolean openStream(String key, int cap) {
    LocalMap<String, Integer> open = vertx.sharedData().getLocalMap(OPEN_STREAMS);
    Integer now = open.merge(key, 1, Integer::sum);
    if (now > cap) {
      closeStream(key);
      return false;
    }
    return true;
  }

  private void closeStream(String key) {
    vertx
        .sharedData()
        .<String, Integer>getLocalMap(OPEN_STREAMS)
        .computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
  }

  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    return header == null
        ? ""
        : header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : header;
  }

  private static Buffer loadOpenApi() {
    try (InputStream in = ApiRouter.class.getResourceAsStream("/io/antbot/web/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json missing from the jar");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
