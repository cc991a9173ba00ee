package io.antbot.web;

import io.antbot.bus.Addresses;
import io.antbot.bus.BusException;
import io.antbot.bus.JsonFields;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * The REST API under {@code /api/v1}: each route is one bus request, behind the edge chain and a
 * permission.
 *
 * <p>Permissions are {@code <area>:<verb>} actions checked by the security service against the
 * caller's roles, with a resource (a config key, a flag, a logger name) so rules such as {@code
 * config:write} on {@code trading.*} work.
 */
final class ApiRoutes {

  /** Builds the bus request body of a route from the HTTP request and the caller. */
  @FunctionalInterface
  interface BusBody {
    JsonObject from(RoutingContext ctx, Principal caller);
  }

  /** Names the resource a route acts on, for the permission check. */
  @FunctionalInterface
  interface Resource {
    String of(RoutingContext ctx);
  }

  /**
   * One route.
   *
   * @param method HTTP method
   * @param path path under {@code /api/v1}, vertx-web syntax ({@code :key})
   * @param action the permission needed, or {@code null} for a public route (login, refresh)
   * @param resource what the action is on
   * @param routeClass the rate-limit class: {@code login} or {@code api}
   * @param address the bus address
   * @param body the bus request body
   * @param status the HTTP status of a success
   */
  record Route(
      HttpMethod method,
      String path,
      String action,
      Resource resource,
      String routeClass,
      String address,
      BusBody body,
      int status) {}

  static final String LOGIN = "login";
  static final String API = "api";

  /**
   * Reading the audit trail: the action the default {@code operator} role grants ({@code
   * security:audit:read}).
   */
  static final String AUDIT_READ = "security:audit:read";

  private static final Set<String> FEATURE_SET_FIELDS = Set.of("value", "reason");

  private ApiRoutes() {}

  private static Route route(
      HttpMethod method,
      String path,
      String action,
      Resource resource,
      String address,
      BusBody body) {
    return new Route(method, path, action, resource, API, address, body, 200);
  }

  private static Resource any() {
    return ctx -> "*";
  }

  private static Resource param(String name) {
    return ctx -> ctx.pathParam(name);
  }

  static List<Route> all() {
    return List.of(
        new Route(
            HttpMethod.POST,
            "/auth/login",
            null,
            any(),
            LOGIN,
            Addresses.SECURITY_LOGIN,
            (ctx, who) -> json(ctx).put("source_ip", EdgeChain.clientIp(ctx)),
            200),
        new Route(
            HttpMethod.POST,
            "/auth/refresh",
            null,
            any(),
            LOGIN,
            Addresses.SECURITY_TOKEN_REFRESH,
            (ctx, who) -> json(ctx).put("source_ip", EdgeChain.clientIp(ctx)),
            200),
        route(
            HttpMethod.POST,
            "/auth/revoke",
            "tokens:revoke",
            any(),
            Addresses.SECURITY_TOKEN_REVOKE,
            (ctx, who) -> json(ctx).put("actor", who.user())),
        route(
            HttpMethod.GET,
            "/users",
            "users:read",
            any(),
            Addresses.SECURITY_USERS_LIST,
            (ctx, who) -> new JsonObject()),
        new Route(
            HttpMethod.POST,
            "/users",
            "users:write",
            any(),
            API,
            Addresses.SECURITY_USERS_ADD,
            (ctx, who) -> json(ctx).put("actor", who.user()),
            201),
        route(
            HttpMethod.POST,
            "/users/:username/unlock",
            "users:write",
            param("username"),
            Addresses.SECURITY_USERS_UNLOCK,
            (ctx, who) ->
                new JsonObject()
                    .put("username", ctx.pathParam("username"))
                    .put("actor", who.user())),
        route(
            HttpMethod.PATCH,
            "/users/:username",
            "users:write",
            param("username"),
            Addresses.SECURITY_USERS_UPDATE,
            (ctx, who) ->
                json(ctx).put("username", ctx.pathParam("username")).put("actor", who.user())),
        route(
            HttpMethod.GET,
            "/config",
            "config:read",
            any(),
            Addresses.CONFIG_SNAPSHOT,
            (ctx, who) -> new JsonObject()),
        route(
            HttpMethod.GET,
            "/config/history",
            "config:read",
            any(),
            Addresses.CONFIG_HISTORY,
            (ctx, who) -> query(ctx, "limit")),
        route(
            HttpMethod.POST,
            "/config/revert",
            "config:write",
            any(),
            Addresses.CONFIG_REVERT,
            (ctx, who) -> json(ctx).put("actor", who.user())),
        route(
            HttpMethod.POST,
            "/config/validate",
            "config:write",
            any(),
            Addresses.CONFIG_VALIDATE,
            (ctx, who) -> new JsonObject().put("yaml", ctx.body().asString())),
        route(
            HttpMethod.GET,
            "/config/schema",
            "config:read",
            any(),
            Addresses.CONFIG_SCHEMA,
            (ctx, who) -> new JsonObject()),
        route(
            HttpMethod.GET,
            "/config/:key",
            "config:read",
            param("key"),
            Addresses.CONFIG_GET,
            (ctx, who) -> new JsonObject().put("key", ctx.pathParam("key"))),
        route(
            HttpMethod.PUT,
            "/config/:key",
            "config:write",
            param("key"),
            Addresses.CONFIG_SET,
            (ctx, who) -> json(ctx).put("key", ctx.pathParam("key")).put("actor", who.user())),
        route(
            HttpMethod.DELETE,
            "/config/:key",
            "config:write",
            param("key"),
            Addresses.CONFIG_UNSET,
            (ctx, who) ->
                new JsonObject()
                    .put("key", ctx.pathParam("key"))
                    .put("actor", who.user())
                    .put("reason", ctx.queryParams().get("reason"))),
        route(
            HttpMethod.GET,
            "/features",
            "config:read",
            any(),
            Addresses.CONFIG_GET,
            (ctx, who) -> new JsonObject().put("key", "features").put("default", new JsonObject())),
        route(
            HttpMethod.GET,
            "/features/:flag",
            "config:read",
            param("flag"),
            Addresses.CONFIG_FEATURE,
            (ctx, who) ->
                new JsonObject()
                    .put("flag", ctx.pathParam("flag"))
                    .put("context", strings(ctx, "bot", "symbol", "exchange", "user"))),
        route(
            HttpMethod.PUT,
            "/features/:flag",
            "config:write",
            ctx -> "features." + ctx.pathParam("flag"),
            Addresses.CONFIG_SET,
            (ctx, who) -> featureSet(ctx, who)),
        route(
            HttpMethod.GET,
            "/logs",
            "logs:read",
            any(),
            Addresses.LOG_QUERY,
            (ctx, who) -> {
              JsonObject query =
                  query(ctx, "level", "component", "correlation_id", "since", "until", "limit");
              String text = ctx.queryParams().get("q");
              return text == null ? query : query.put("text", text);
            }),
        route(
            HttpMethod.GET,
            "/logs/levels/:logger",
            "logs:read",
            param("logger"),
            Addresses.LOG_LEVEL_GET,
            (ctx, who) -> new JsonObject().put("logger", ctx.pathParam("logger"))),
        route(
            HttpMethod.PUT,
            "/logs/levels/:logger",
            "logs:write",
            param("logger"),
            Addresses.LOG_LEVEL_SET,
            (ctx, who) -> json(ctx).put("logger", ctx.pathParam("logger"))),
        route(
            HttpMethod.GET,
            "/system",
            "metrics:read",
            any(),
            Addresses.METRICS_SYSTEM,
            (ctx, who) -> new JsonObject()),
        route(
            HttpMethod.GET,
            "/metrics/history",
            "metrics:read",
            any(),
            Addresses.METRICS_HISTORY,
            (ctx, who) -> query(ctx, "limit")),
        route(
            HttpMethod.GET,
            "/alerts",
            "metrics:read",
            any(),
            Addresses.METRICS_ALERT_LIST,
            (ctx, who) -> new JsonObject()),
        route(
            HttpMethod.GET,
            "/alerts/rules",
            "metrics:read",
            any(),
            Addresses.METRICS_ALERT_LIST,
            (ctx, who) -> new JsonObject()),
        new Route(
            HttpMethod.POST,
            "/alerts/rules",
            "alerts:write",
            any(),
            API,
            Addresses.METRICS_ALERT_ADD,
            (ctx, who) -> json(ctx),
            201),
        route(
            HttpMethod.DELETE,
            "/alerts/rules/:name",
            "alerts:write",
            param("name"),
            Addresses.METRICS_ALERT_REMOVE,
            (ctx, who) -> new JsonObject().put("name", ctx.pathParam("name"))),
        route(
            HttpMethod.GET,
            "/bots",
            "bots:read",
            any(),
            Addresses.BOTS_LIST,
            (ctx, who) -> new JsonObject()),
        route(
            HttpMethod.POST,
            "/bots/:name/pause",
            "bots:write",
            param("name"),
            Addresses.BOTS_PAUSE,
            (ctx, who) ->
                new JsonObject().put("name", ctx.pathParam("name")).put("actor", who.user())),
        route(
            HttpMethod.POST,
            "/bots/:name/resume",
            "bots:write",
            param("name"),
            Addresses.BOTS_RESUME,
            (ctx, who) ->
                new JsonObject().put("name", ctx.pathParam("name")).put("actor", who.user())),
        route(
            HttpMethod.GET,
            "/cluster",
            "metrics:read",
            any(),
            Addresses.CLUSTER_MEMBERS,
            (ctx, who) -> new JsonObject()),
        route(
            HttpMethod.GET,
            "/health",
            "metrics:read",
            any(),
            Addresses.METRICS_HEALTH,
            (ctx, who) -> new JsonObject()),
        route(
            HttpMethod.POST,
            "/security/scan",
            "security:scan",
            any(),
            Addresses.SECURITY_SCAN,
            (ctx, who) -> json(ctx)),
        route(
            HttpMethod.POST,
            "/security/encrypt",
            "security:encrypt",
            any(),
            Addresses.SECURITY_ENCRYPT,
            (ctx, who) -> json(ctx)),
        route(
            HttpMethod.POST,
            "/security/decrypt",
            "security:decrypt",
            any(),
            Addresses.SECURITY_DECRYPT,
            (ctx, who) -> json(ctx)),
        route(
            HttpMethod.GET,
            "/security/audit",
            AUDIT_READ,
            any(),
            Addresses.SECURITY_AUDIT_QUERY,
            (ctx, who) -> query(ctx, "limit", "since", "type", "actor")),
        route(
            HttpMethod.POST,
            "/security/audit/verify",
            AUDIT_READ,
            any(),
            Addresses.SECURITY_AUDIT_VERIFY,
            (ctx, who) -> new JsonObject()),
        route(
            HttpMethod.GET,
            "/security/events",
            "security:read",
            any(),
            Addresses.SECURITY_EVENTS_QUERY,
            (ctx, who) -> query(ctx, "limit")));
  }

  /**
   * {@code PUT /features/{flag}}: {@code {value: {...}, reason?}}, or the flag's settings
   * themselves with an optional {@code reason} beside them ({@code {enabled: false, reason:
   * "..."}}). The reason goes through as sent, so the config service's typed read rejects a
   * non-string with its name.
   */
  private static JsonObject featureSet(RoutingContext ctx, Principal who) {
    JsonObject body = json(ctx);
    Object value;
    if (body.containsKey("value")) {
      JsonFields.rejectUnknown(body, FEATURE_SET_FIELDS);
      value = body.getValue("value");
    } else {
      JsonObject settings = body.copy();
      settings.remove("reason");
      value = settings;
    }
    JsonObject set =
        new JsonObject()
            .put("key", "features." + ctx.pathParam("flag"))
            .put("value", value)
            .put("actor", who.user());
    if (body.containsKey("reason")) {
      set.put("reason", body.getValue("reason"));
    }
    return set;
  }

  /** The request body as a JSON object; {@code {}} when empty; a 400 when it is anything else. */
  static JsonObject json(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() == 0) {
      return new JsonObject();
    }
    try {
      Object value = ctx.body().asJsonObject();
      if (value == null) {
        return new JsonObject();
      }
      return (JsonObject) value;
    } catch (DecodeException | ClassCastException e) {
      throw BusException.badRequest("body: expected a JSON object");
    }
  }

  /**
   * The named query parameters that are present, all as strings (a bot id {@code 12} is a name, not
   * a number).
   */
  static JsonObject strings(RoutingContext ctx, String... names) {
    JsonObject query = new JsonObject();
    for (String name : names) {
      String value = ctx.queryParams().get(name);
      if (value != null) {
        query.put(name, value);
      }
    }
    return query;
  }

  /**
   * The named query parameters that are present. Numbers stay strings here: the service's typed
   * read rejects a non-number with the field's name ({@code limit: expected an integer, got
   * "ten"}), except that plain integers are passed as numbers so they are accepted.
   */
  static JsonObject query(RoutingContext ctx, String... names) {
    JsonObject query = new JsonObject();
    for (String name : names) {
      String value = ctx.queryParams().get(name);
      if (value != null) {
        query.put(name, value.matches("-?\\d{1,15}") ? (Object) Long.parseLong(value) : value);
      }
    }
    return query;
  }
}
