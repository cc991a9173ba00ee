package io.antbot.security.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.antbot.bus.BusException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The edge decisions and the fate of security events, without Vert.x. */
class EdgeGuardTest {

  private final List<JsonObject> events = new ArrayList<>();
  private final List<JsonObject> alerts = new ArrayList<>();
  private final List<String> audited = new ArrayList<>();

  private EdgeGuard guard(JsonObject security) {
    EdgeGuard.Sink sink =
        new EdgeGuard.Sink() {
          @Override
          public void event(JsonObject event) {
            events.add(event);
          }

          @Override
          public void alert(JsonObject alert) {
            alerts.add(alert);
          }

          @Override
          public Future<Void> audit(String type, JsonObject fields) {
            audited.add(type);
            return Future.succeededFuture();
          }
        };
    return new EdgeGuard(
        Protection.create(security, Clock.systemUTC()),
        EdgeGuard.EventOptions.fromJson(security),
        Clock.systemUTC(),
        (ip, token, agent) ->
            Future.failedFuture(BusException.unauthenticated("token rejected: bad signature")),
        (user, action, resource, permissions) ->
            Future.succeededFuture(new io.antbot.bus.Decision(true, "")),
        sink);
  }

  @Test
  @DisplayName(
      "a deny-listed address is refused as access denied and the event is published and audited")
  void denyList() {
    EdgeGuard guard =
        guard(
            new JsonObject()
                .put(
                    "ip_lists", new JsonObject().put("deny", new JsonArray().add("203.0.113.0/24")))
                .put("events", new JsonObject().put("alert_severity", "warning")));
    JsonObject reply =
        guard.admit(new JsonObject().put("remote_ip", "203.0.113.9").put("route_class", "api"));
    assertThat(reply.getBoolean("allowed")).isFalse();
    assertThat(reply.getInteger("status")).isEqualTo(403);
    assertThat(reply.getString("detail")).isEqualTo("access denied");
    assertThat(events).extracting(e -> e.getString("type")).containsExactly("ip_denied");
    assertThat(audited).containsExactly("ip_denied");
    assertThat(alerts)
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.getString("source")).isEqualTo("security");
              assertThat(alert.getString("state")).isEqualTo("firing");
              assertThat(alert.getString("severity")).isEqualTo("warning");
            });
    assertThat(guard.recent(10)).hasSize(1);
  }

  @Test
  @DisplayName("below the alert severity an event raises no alert")
  void noAlertBelowSeverity() {
    EdgeGuard guard =
        guard(
            new JsonObject()
                .put("ip_lists", new JsonObject().put("deny", new JsonArray().add("203.0.113.9"))));
    guard.admit(new JsonObject().put("remote_ip", "203.0.113.9").put("route_class", "api"));
    assertThat(events).hasSize(1);
    assertThat(alerts).isEmpty();
  }

  @Test
  @DisplayName("an allowed request carries the rate-limit headers of the binding policy")
  void admittedHeaders() {
    JsonObject reply =
        guard(new JsonObject())
            .admit(new JsonObject().put("remote_ip", "192.0.2.1").put("route_class", "login"));
    assertThat(reply.getBoolean("allowed")).isTrue();
    assertThat(reply.getString("client_ip")).isEqualTo("192.0.2.1");
    assertThat(reply.getJsonObject("headers").getString("RateLimit-Policy"))
        .isEqualTo("\"login\";q=5;w=60");
    assertThat(reply.getJsonObject("headers").getString("RateLimit"))
        .startsWith("\"login\";r=4;t=");
  }

  @Test
  @DisplayName(
      "inspect: a blocked request names no rule, a bad token is 401 with the reason, a public route passes")
  void inspect() {
    EdgeGuard guard = guard(new JsonObject());
    JsonObject blocked =
        guard
            .inspect(
                new JsonObject()
                    .put("client_ip", "192.0.2.1")
                    .put("method", "GET")
                    .put("path", "/api/v1/config")
                    .put("query", "q=%24%7Bjndi%3Aldap%3A%2F%2Fx%2Fa%7D"))
            .result();
    assertThat(blocked.encode()).doesNotContain("jndi-");
    assertThat(blocked.getInteger("status")).isEqualTo(403);
    assertThat(audited).containsExactly("threat_detected");
    JsonObject badToken =
        guard
            .inspect(
                new JsonObject()
                    .put("client_ip", "192.0.2.1")
                    .put("method", "GET")
                    .put("path", "/api/v1/config")
                    .put("token", "x.y.z")
                    .put("action", "config:read"))
            .result();
    assertThat(badToken.getInteger("status")).isEqualTo(401);
    assertThat(badToken.getString("detail")).isEqualTo("token rejected: bad signature");
    JsonObject open =
        guard
            .inspect(
                new JsonObject()
                    .put("client_ip", "192.0.2.1")
                    .put("method", "POST")
                    .put("path", "/api/v1/auth/login"))
            .result();
    assertThat(open.getBoolean("allowed")).isTrue();
  }

  @Test
  @DisplayName("a locked-out login is a 429 saying how long to wait")
  void lockout() {
    EdgeGuard guard =
        guard(new JsonObject().put("lockout", new JsonObject().put("max_failures_per_user", 2)));
    guard.loginFailed("alice", "192.0.2.1");
    guard.loginFailed("alice", "192.0.2.1");
    assertThatThrownBy(() -> guard.checkLogin("alice", "192.0.2.1"))
        .isInstanceOf(BusException.class)
        .hasMessage("too many failed logins; try again in 60 s");
    assertThat(events).extracting(e -> e.getString("type")).contains("login_lockout");
  }

  @Test
  @DisplayName(
      "a bad events setting is refused with its path and leaves the running settings alone")
  void badUpdate() {
    EdgeGuard guard = guard(new JsonObject());
    assertThat(
            guard.update(
                new JsonObject().put("events", new JsonObject().put("alert_severity", "loud"))))
        .containsExactly(
            "security.events.alert_severity: expected info, warning or critical, got \"loud\"");
  }
}
