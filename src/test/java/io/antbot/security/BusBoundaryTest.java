package io.antbot.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.antbot.bus.Addresses;
import io.antbot.bus.TrustedHeaders;
import io.antbot.testing.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What any bus client can send the security service: typed edge requests, and no forged
 * configuration change.
 */
class BusBoundaryTest {

  @TempDir Path dir;

  private final Vertx vertx = Vertx.vertx();

  @BeforeEach
  void deploy() {
    SecurityTestSupport.deploy(vertx, dir, new JsonObject()).await();
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName(
      "edge.admit and edge.inspect refuse wrongly typed input with a 400 naming the field, never a 500")
  void edgeRequestsAreTyped() {
    List<String> failures =
        Stream.of(
                List.of(Addresses.SECURITY_EDGE_ADMIT, new JsonObject().put("remote_ip", 42)),
                List.of(
                    Addresses.SECURITY_EDGE_ADMIT,
                    new JsonObject().put("remote_ip", "127.0.0.1").put("route_class", "API!")),
                List.of(
                    Addresses.SECURITY_EDGE_ADMIT,
                    new JsonObject().put("remote_ip", "127.0.0.1").put("evil", true)),
                List.of(Addresses.SECURITY_EDGE_INSPECT, new JsonObject().put("method", "GET")),
                List.of(
                    Addresses.SECURITY_EDGE_INSPECT,
                    new JsonObject()
                        .put("method", "GET")
                        .put("path", "/")
                        .put("headers", new JsonObject().put("x", new JsonObject()))),
                List.of(
                    Addresses.SECURITY_EDGE_INSPECT,
                    new JsonObject().put("method", 7).put("path", "/")),
                List.of(
                    Addresses.SECURITY_EDGE_INSPECT,
                    new JsonObject()
                        .put("method", "GET")
                        .put("path", "/")
                        .put("token_only", "yes")))
            .map(call -> failure((String) call.get(0), (JsonObject) call.get(1)))
            .toList();
    assertThat(failures)
        .containsExactly(
            "400 remote_ip: expected a string, got 42",
            "400 route_class: expected a route class (a-z, at most 32), got \"API!\"",
            "400 evil: unknown field (expected one of forwarded_for, remote_ip, route_class)",
            "400 path: required",
            "400 headers.x: expected a string or a list of strings, got an object",
            "400 method: expected a string, got 7",
            "400 token_only: expected a boolean, got \"yes\"");
    JsonObject admitted =
        vertx
            .eventBus()
            .<JsonObject>request(
                Addresses.SECURITY_EDGE_ADMIT,
                new JsonObject().put("remote_ip", "127.0.0.1").put("route_class", "api"))
            .await()
            .body();
    assertThat(admitted.getBoolean("allowed")).isTrue();
  }

  @Test
  @DisplayName(
      "a config.changed broadcast not published by the config service is audited as unverified, not as a change")
  void forgedConfigChangeNotRecorded() {
    vertx
        .eventBus()
        .publish(
            Addresses.CONFIG_CHANGED,
            new JsonObject()
                .put("version", 9999)
                .put("source", "runtime")
                .put(
                    "changes",
                    new JsonArray()
                        .add(new JsonObject().put("key", "security.roles.viewer").put("new", "*"))),
            new DeliveryOptions().addHeader(TrustedHeaders.PUBLISHER, "me"));
    Eventually.eventually(
            vertx, () -> audit("config_event_unverified").map(entries -> !entries.isEmpty()))
        .await();
    assertThat(audit("config_event_unverified").await().getJsonObject(0).getString("version"))
        .isEqualTo("9999");
    assertThat(
            audit("config_changed").await().stream()
                .filter(
                    entry -> Long.valueOf(9999).equals(((JsonObject) entry).getLong("version"))))
        .isEmpty();
  }

  @Test
  @DisplayName(
      "a flood from a denied address writes one audit entry per interval, not one per request")
  void deniedFloodAggregated() {
    vertx
        .eventBus()
        .request(
            Addresses.CONFIG_SET,
            new JsonObject()
                .put("key", "security.ip_lists.deny")
                .put("value", new JsonArray().add("198.51.100.7")))
        .await();
    Eventually.eventually(
            vertx,
            () ->
                vertx
                    .eventBus()
                    .<JsonObject>request(
                        Addresses.SECURITY_EDGE_ADMIT,
                        new JsonObject().put("remote_ip", "198.51.100.7").put("route_class", "api"))
                    .map(reply -> !reply.body().getBoolean("allowed")))
        .await();
    for (int i = 0; i < 200; i++) {
      JsonObject decision =
          vertx
              .eventBus()
              .<JsonObject>request(
                  Addresses.SECURITY_EDGE_ADMIT,
                  new JsonObject().put("remote_ip", "198.51.100.7").put("route_class", "api"))
              .await()
              .body();
      assertThat(decision.getBoolean("allowed")).isFalse();
    }
    assertThat(audit("ip_denied").await().size()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "per-client limits key an IPv6 client by its /64: rotating addresses share one bucket; IPv4 unchanged")
  void ipv6ClientsKeyedByPrefix() {
    vertx
        .eventBus()
        .request(
            Addresses.CONFIG_SET,
            new JsonObject()
                .put("key", "security.rate_limits.policies.ip")
                .put(
                    "value",
                    new JsonObject().put("capacity", 3).put("refill", 3).put("period_s", 3600)))
        .await();
    Eventually.eventually(
            vertx,
            () ->
                admit("2001:db8:9:9::1")
                    .map(allowed -> !allowed)
                    .compose(
                        limited ->
                            limited
                                ? io.vertx.core.Future.succeededFuture(true)
                                : admit("2001:db8:9:9::1").map(allowed -> !allowed)))
        .await();
    List<Boolean> rotating =
        List.of(admit("2001:db8:9:9::2").await(), admit("2001:db8:9:9:ffff::3").await());
    assertThat(rotating).as("other addresses of the same /64").containsExactly(false, false);
    assertThat(admit("2001:db8:9:8::1").await()).as("another /64").isTrue();
    assertThat(admit("192.0.2.1").await()).isTrue();
  }

  @Test
  @DisplayName(
      "token.issue on behalf of a principal: not for another user without tokens:issue, never beyond its own")
  void issueOnBehalfOfPrincipal() {
    vertx
        .eventBus()
        .request(
            Addresses.SECURITY_USERS_ADD,
            new JsonObject()
                .put("username", "vic")
                .put("password", "vics-password-long")
                .put("roles", new JsonArray().add("viewer")))
        .await();
    DeliveryOptions asVic = new DeliveryOptions().addHeader(TrustedHeaders.PRINCIPAL, "vic");
    assertThat(
            failure(Addresses.SECURITY_TOKEN_ISSUE, new JsonObject().put("user", "admin"), asVic))
        .isEqualTo("403 token.issue: vic may not issue tokens for admin (needs tokens:issue)");
    assertThat(
            failure(
                Addresses.SECURITY_TOKEN_ISSUE,
                new JsonObject()
                    .put("user", "vic")
                    .put("permissions", new JsonArray().add("config:write")),
                asVic))
        .startsWith("403 ");
    JsonObject own =
        vertx
            .eventBus()
            .<JsonObject>request(
                Addresses.SECURITY_TOKEN_ISSUE,
                new JsonObject()
                    .put("user", "vic")
                    .put("permissions", new JsonArray().add("metrics:read")),
                asVic)
            .await()
            .body();
    assertThat(own.getString("access_token")).isNotBlank();
    JsonObject byAdmin =
        vertx
            .eventBus()
            .<JsonObject>request(
                Addresses.SECURITY_TOKEN_ISSUE,
                new JsonObject().put("user", "vic"),
                new DeliveryOptions().addHeader(TrustedHeaders.PRINCIPAL, "admin"))
            .await()
            .body();
    assertThat(byAdmin.getString("access_token")).isNotBlank();
  }

  @Test
  @DisplayName(
      "a full disk does not lock everyone out: logins go on from memory, an alert fires, then resolves")
  void loginsSurviveUnwritableSessions() throws Exception {
    List<JsonObject> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
    vertx
        .eventBus()
        .<JsonObject>consumer(
            Addresses.ALERTS,
            message -> {
              if ("session_storage_unavailable".equals(message.body().getString("name"))) {
                alerts.add(message.body());
              }
            })
        .completion()
        .await();
    JsonObject login =
        new JsonObject()
            .put("username", "admin")
            .put("password", SecurityTestSupport.ADMIN_PASSWORD)
            .put("source_ip", "127.0.0.1");
    Path state = dir.resolve("state");
    Path aside = dir.resolve("state-aside");
    java.nio.file.Files.move(state, aside);
    java.nio.file.Files.writeString(state, "not a directory");
    JsonObject pair =
        vertx.eventBus().<JsonObject>request(Addresses.SECURITY_LOGIN, login).await().body();
    assertThat(pair.getString("access_token")).isNotBlank();
    Eventually.eventually(vertx, () -> io.vertx.core.Future.succeededFuture(alerts.size() == 1))
        .await();
    assertThat(alerts.get(0).getString("state")).isEqualTo("firing");

    java.nio.file.Files.delete(state);
    java.nio.file.Files.move(aside, state);
    vertx.eventBus().<JsonObject>request(Addresses.SECURITY_LOGIN, login).await();
    Eventually.eventually(vertx, () -> io.vertx.core.Future.succeededFuture(alerts.size() == 2))
        .await();
    assertThat(alerts.get(1).getString("state")).isEqualTo("resolved");
  }

  @Test
  @DisplayName(
      "authenticate takes the seed's 'Bearer <jwt>' (any case, one space or more) as well as the bare token")
  void authenticateWithScheme() {
    String token =
        vertx
            .eventBus()
            .<JsonObject>request(
                Addresses.SECURITY_LOGIN,
                new JsonObject()
                    .put("username", "admin")
                    .put("password", SecurityTestSupport.ADMIN_PASSWORD)
                    .put("source_ip", "127.0.0.1"))
            .await()
            .body()
            .getString("access_token");
    List<String> users =
        Stream.of(token, "Bearer " + token, "bearer   " + token, "BEARER\t" + token)
            .map(
                form ->
                    vertx
                        .eventBus()
                        .<JsonObject>request(
                            Addresses.SECURITY_AUTHENTICATE,
                            new JsonObject()
                                .put("source_ip", "127.0.0.1")
                                .put("token", form)
                                .put("user_agent", "seed-client/1.0"))
                        .await()
                        .body()
                        .getString("user"))
            .toList();
    assertThat(users).containsExactly("admin", "admin", "admin", "admin");
    assertThat(
            failure(
                Addresses.SECURITY_AUTHENTICATE,
                new JsonObject().put("source_ip", "127.0.0.1").put("token", "Bearer   ")))
        .isEqualTo("400 token: nothing after the Bearer scheme");
    assertThat(
            failure(
                Addresses.SECURITY_AUTHENTICATE,
                new JsonObject().put("source_ip", "127.0.0.1").put("token", "Basic " + token)))
        .startsWith("401 ");
  }

  @Test
  @DisplayName(
      "source_ip is an IP literal (IPv4, IPv6, brackets, zone, port): a name or a malformed address is a 400")
  void sourceIpIsALiteral() {
    List<String> answers =
        Stream.of(
                "localhost",
                "999.1.1.1",
                "1.2.3",
                "2001:db8::1::2",
                "[::1",
                "1.2.3.4:99999",
                "192.0.2.1",
                "192.0.2.1:8080",
                "2001:db8::1",
                "[2001:db8::1]:443",
                "fe80::1%eth0",
                "::ffff:192.0.2.1")
            .map(
                ip ->
                    failure(
                            Addresses.SECURITY_AUTHENTICATE,
                            new JsonObject().put("source_ip", ip).put("token", "x.y.z"))
                        .substring(0, 3))
            .toList();
    assertThat(answers)
        .containsExactly(
            "400", "400", "400", "400", "400", "400", "401", "401", "401", "401", "401", "401");
    assertThat(
            failure(
                Addresses.SECURITY_AUTHENTICATE,
                new JsonObject().put("source_ip", "localhost").put("token", "x.y.z")))
        .isEqualTo("400 source_ip: expected an IP address literal, got \"localhost\"");
  }

  @Test
  @DisplayName(
      "authorize names a user by the account rule and bounds action and resource; revoke takes only token forms")
  void authorizeAndRevokeBounded() {
    assertThat(
            failure(
                Addresses.SECURITY_AUTHORIZE,
                new JsonObject()
                    .put("user", "u".repeat(70_000))
                    .put("action", "trade")
                    .put("resource", "SOL/USDC")))
        .isEqualTo("400 user: at most 4096 characters, got 70000");
    assertThat(
            failure(
                Addresses.SECURITY_AUTHORIZE,
                new JsonObject()
                    .put("user", "User 1")
                    .put("action", "trade")
                    .put("resource", "SOL/USDC")))
        .startsWith("400 user: expected 1 to 64 lowercase letters");
    assertThat(
            failure(
                Addresses.SECURITY_AUTHORIZE,
                new JsonObject()
                    .put("user", "admin")
                    .put("action", "a".repeat(129))
                    .put("resource", "*")))
        .isEqualTo("400 action: at most 128 characters, got 129");
    assertThat(
            failure(
                Addresses.SECURITY_AUTHORIZE,
                new JsonObject()
                    .put("user", "admin")
                    .put("action", "trade")
                    .put("resource", "r".repeat(513))))
        .isEqualTo("400 resource: at most 512 characters, got 513");
    assertThat(
            failure(Addresses.SECURITY_TOKEN_REVOKE, new JsonObject().put("token", "not a token")))
        .startsWith(
            "400 token: expected an access token (a JWT, header.payload.signature in base64url) or a refresh");
    String token =
        vertx
            .eventBus()
            .<JsonObject>request(
                Addresses.SECURITY_LOGIN,
                new JsonObject()
                    .put("username", "admin")
                    .put("password", SecurityTestSupport.ADMIN_PASSWORD)
                    .put("source_ip", "127.0.0.1"))
            .await()
            .body()
            .getString("access_token");
    vertx
        .eventBus()
        .request(Addresses.SECURITY_TOKEN_REVOKE, new JsonObject().put("token", "Bearer " + token))
        .await();
    assertThat(
            failure(
                Addresses.SECURITY_AUTHENTICATE,
                new JsonObject().put("source_ip", "127.0.0.1").put("token", token)))
        .startsWith("401 ");
  }

  @Test
  @DisplayName(
      "password.verify refuses a hash of cost 31 at once with 400; password.hash takes no cost from the caller")
  void callerCannotRaiseBcryptCost() {
    String hash =
        vertx
            .eventBus()
            .<JsonObject>request(
                Addresses.SECURITY_PASSWORD_HASH,
                new JsonObject().put("password", "a-long-enough-password"))
            .await()
            .body()
            .getString("hash");
    String costly = hash.substring(0, 4) + "31" + hash.substring(6);
    assertThat(
            failure(
                Addresses.SECURITY_PASSWORD_VERIFY,
                new JsonObject().put("password", "a-long-enough-password").put("hash", costly)))
        .startsWith("400 hash: bcrypt cost 31 is above the highest this service verifies (");
    assertThat(
            failure(
                Addresses.SECURITY_PASSWORD_HASH,
                new JsonObject().put("password", "a-long-enough-password").put("cost", 31)))
        .isEqualTo("400 cost: unknown field (expected one of password)");
    assertThat(
            vertx
                .eventBus()
                .<JsonObject>request(
                    Addresses.SECURITY_PASSWORD_VERIFY,
                    new JsonObject().put("password", "a-long-enough-password").put("hash", hash))
                .await()
                .body()
                .getBoolean("valid"))
        .isTrue();
  }

  @Test
  @DisplayName(
      "scan refuses an input or a body over 1 MiB with 413; scan and edge.inspect bound header values")
  void scanInputBounded() {
    String huge = "x".repeat(io.antbot.bus.SecurityScanRequest.MAX_SCANNED_CHARS + 1);
    assertThat(failure(Addresses.SECURITY_SCAN, new JsonObject().put("input", huge)))
        .isEqualTo("413 input: at most 1048576 characters, got 1048577");
    assertThat(
            failure(
                Addresses.SECURITY_SCAN,
                new JsonObject().put("method", "POST").put("path", "/").put("body", huge)))
        .isEqualTo("413 body: at most 1048576 characters, got 1048577");
    assertThat(
            failure(
                Addresses.SECURITY_SCAN,
                new JsonObject()
                    .put("method", "GET")
                    .put("path", "/")
                    .put("headers", new JsonObject().put("x-big", "h".repeat(65_537)))))
        .isEqualTo("400 headers.x-big: at most 65536 characters, got 65537");
    assertThat(
            failure(
                Addresses.SECURITY_EDGE_INSPECT,
                new JsonObject()
                    .put("method", "GET")
                    .put("path", "/")
                    .put(
                        "headers",
                        new JsonObject().put("x-big", new JsonArray().add("h".repeat(65_537))))))
        .isEqualTo("400 headers.x-big: at most 65536 characters, got 65537");
    assertThat(
            failure(
                Addresses.SECURITY_SCAN,
                new JsonObject()
                    .put("method", "GET")
                    .put("path", "/")
                    .put("query", new JsonObject().put("q", 1))))
        .isEqualTo("400 query.q: expected a string or a list of strings, got 1");
  }

  private String failure(String address, JsonObject body, DeliveryOptions options) {
    Throwable failure =
        catchThrowable(() -> vertx.eventBus().request(address, body, options).await());
    assertThat(failure).as(address + " " + body).isInstanceOf(ReplyException.class);
    return ((ReplyException) failure).failureCode() + " " + failure.getMessage();
  }

  private io.vertx.core.Future<Boolean> admit(String ip) {
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.SECURITY_EDGE_ADMIT,
            new JsonObject().put("remote_ip", ip).put("route_class", "api"))
        .map(reply -> reply.body().getBoolean("allowed"));
  }

  private io.vertx.core.Future<JsonArray> audit(String type) {
    return vertx
        .eventBus()
        .<JsonObject>request(Addresses.SECURITY_AUDIT_QUERY, new JsonObject().put("type", type))
        .map(reply -> reply.body().getJsonArray("entries"));
  }

  private String failure(String address, JsonObject body) {
    Throwable failure = catchThrowable(() -> vertx.eventBus().request(address, body).await());
    assertThat(failure).as(address + " " + body).isInstanceOf(ReplyException.class);
    return ((ReplyException) failure).failureCode() + " " + failure.getMessage();
  }
}
