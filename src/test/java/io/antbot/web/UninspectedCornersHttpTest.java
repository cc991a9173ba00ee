package io.antbot.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.launcher.AntBot;
import io.antbot.launcher.LaunchOptions;
import io.antbot.security.SecurityTestSupport;
import io.antbot.testing.Eventually;
import io.antbot.testing.TestConf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corners of a request the threat scan used to leave unread, each sent through real HTTP to the
 * whole runtime: an attack hidden beyond a limit is refused (413 / 400 problem+json, the default
 * policy) or found (policy {@code scan}), never passed; an attack in a cookie, a header name, a
 * JSON key or a JSON body declared as {@code text/plain} is blocked.
 */
@ExtendWith(VertxExtension.class)
class UninspectedCornersHttpTest {

  private static final String SQLI = "1' union select password from users--";

  @TempDir static Path dir;

  private static WebClient client;

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
        rate_limits:
          policies:
            login: {capacity: 500, refill: 500, period_s: 60}
      """,
        StandardOpenOption.APPEND);
    AntBot.start(vertx, new LaunchOptions(conf.toString(), "staging", 0))
        .compose(
            id -> vertx.eventBus().<JsonObject>request(Addresses.HTTP_STATUS, new JsonObject()))
        .onComplete(
            test.succeeding(
                status -> {
                  int port = status.body().getJsonObject("details").getInteger("port");
                  client =
                      WebClient.create(
                          vertx,
                          new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
                  test.completeNow();
                }));
  }

  private static Future<HttpResponse<Buffer>> post(String contentType, String body) {
    return client
        .post("/api/v1/auth/login")
        .putHeader("Content-Type", contentType)
        .sendBuffer(Buffer.buffer(body));
  }

  /** An attack 40 levels deep: {@code {"a":{"a":…{"note":"…"}}}}. */
  private static String deepJson() {
    JsonObject node = new JsonObject().put("note", SQLI);
    for (int i = 0; i < 40; i++) {
      node = new JsonObject().put("a", node);
    }
    return node.encode();
  }

  /** 5,000 harmless values, then the attack. */
  private static String manyValues() {
    JsonArray values = new JsonArray();
    for (int i = 0; i < 5000; i++) {
      values.add("v" + i);
    }
    return new JsonObject().put("list", values).put("note", SQLI).encode();
  }

  /** 5,000 harmless values and nothing else. */
  private static String manyHarmlessValues() {
    JsonArray values = new JsonArray();
    for (int i = 0; i < 5000; i++) {
      values.add("v" + i);
    }
    return new JsonObject().put("list", values).encode();
  }

  /** One value of 9,000 characters that ends with the attack. */
  private static String longValue() {
    return new JsonObject().put("note", "x ".repeat(4400) + SQLI).encode();
  }

  private static Future<Void> policy(Vertx vertx, String policy) {
    return vertx
        .eventBus()
        .request(
            Addresses.CONFIG_SET,
            new JsonObject()
                .put("key", "security.threats.uninspectable")
                .put("value", policy)
                .put("reason", "test")
                .put("actor", "tester"))
        .mapEmpty();
  }

  @Test
  @DisplayName(
      "by default a request beyond the scan limits is refused (400 for JSON 40 deep, 413 for 5,000 values); a 9,000-character value is read in full and its attack blocked")
  void refusedBeyondTheLimits(VertxTestContext test) {
    Future<HttpResponse<Buffer>> deep = post("application/json", deepJson());
    Future<HttpResponse<Buffer>> many = post("application/json", manyValues());
    Future<HttpResponse<Buffer>> lengthy = post("application/json", longValue());
    Future.all(deep, many, lengthy)
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          assertThat(deep.result().statusCode()).isEqualTo(400);
                          assertThat(deep.result().getHeader("Content-Type"))
                              .startsWith("application/problem+json");
                          assertThat(deep.result().bodyAsJsonObject().getString("detail"))
                              .isEqualTo(
                                  "request cannot be inspected: request JSON is nested deeper"
                                      + " than 32 levels");
                          assertThat(many.result().statusCode()).isEqualTo(413);
                          assertThat(many.result().bodyAsJsonObject().getString("detail"))
                              .isEqualTo(
                                  "request cannot be inspected: request has more than 4096"
                                      + " values");
                          assertThat(lengthy.result().statusCode()).isEqualTo(403);
                          assertThat(lengthy.result().bodyAsJsonObject().getString("detail"))
                              .isEqualTo("request blocked");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "with uninspectable: scan the same requests are read in full and the hidden attack is blocked (403); with flag 5,000 harmless values are blocked as uninspectable")
  void scannedOrFlagged(Vertx vertx, VertxTestContext test) {
    // A configuration change reaches the security service just after the write is acknowledged.
    policy(vertx, "scan")
        .compose(v -> untilStatus(vertx, deepJson(), 403))
        .compose(
            v ->
                Future.all(
                    post("application/json", deepJson()),
                    post("application/json", manyValues()),
                    post("application/json", longValue())))
        .compose(
            scanned -> {
              test.verify(
                  () -> {
                    for (int i = 0; i < 3; i++) {
                      HttpResponse<Buffer> response = scanned.resultAt(i);
                      assertThat(response.statusCode()).as("request %d", i).isEqualTo(403);
                      assertThat(response.bodyAsJsonObject().getString("detail"))
                          .isEqualTo("request blocked");
                    }
                  });
              return policy(vertx, "flag");
            })
        .compose(v -> untilStatus(vertx, manyHarmlessValues(), 403))
        .compose(v -> policy(vertx, "refuse"))
        .compose(v -> untilStatus(vertx, deepJson(), 400))
        .onComplete(test.succeedingThenComplete());
  }

  /** Sends {@code body} until it is answered with {@code status} (at most 10 s). */
  private static Future<Void> untilStatus(Vertx vertx, String body, int status) {
    return Eventually.eventually(
        vertx,
        () -> post("application/json", body).map(response -> response.statusCode() == status));
  }

  @Test
  @DisplayName(
      "an attack in a cookie, a header name, a JSON key or a JSON body sent as text/plain is blocked")
  void hiddenPlaces(VertxTestContext test) {
    Future<HttpResponse<Buffer>> cookie =
        client
            .post("/api/v1/auth/login")
            .putHeader("Cookie", "theme=dark; session=$(whoami)")
            .sendJsonObject(new JsonObject().put("username", "u").put("password", "p"));
    Future<HttpResponse<Buffer>> headerName =
        client
            .post("/api/v1/auth/login")
            .putHeader("X-|whoami|", "1")
            .sendJsonObject(new JsonObject().put("username", "u").put("password", "p"));
    Future<HttpResponse<Buffer>> key =
        post("application/json", new JsonObject().put("$(cat /etc/passwd)", 1).encode());
    String plain =
        new JsonObject()
            .put("pad", "a ".repeat(4000))
            .put("more", "b ".repeat(4000))
            .put("note", SQLI)
            .encode();
    Future<HttpResponse<Buffer>> textPlain = post("text/plain", plain);
    Future<HttpResponse<Buffer>> harmlessCookie =
        client
            .post("/api/v1/auth/login")
            .putHeader("Cookie", "theme=dark; lang=en-GB")
            .sendJsonObject(new JsonObject().put("username", "nobody").put("password", "x"));
    Future.all(cookie, headerName, key, textPlain, harmlessCookie)
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          assertThat(cookie.result().statusCode()).as("cookie").isEqualTo(403);
                          assertThat(headerName.result().statusCode())
                              .as("header name")
                              .isEqualTo(403);
                          assertThat(key.result().statusCode()).as("JSON key").isEqualTo(403);
                          assertThat(textPlain.result().statusCode())
                              .as("JSON as text/plain")
                              .isEqualTo(403);
                          assertThat(harmlessCookie.result().statusCode())
                              .as("harmless cookie")
                              .isEqualTo(401);
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "a JSON object in a query parameter, a cookie or a header is read string by string: an"
          + " injection that only shows inside its string is blocked; harmless JSON there passes")
  void jsonInsideValues(VertxTestContext test) {
    // "1) or 1=1" is SQL only as the string it is: read whole, the JSON's quotes hide the shape.
    String filter = new JsonObject().put("id", "1) or 1=1").encode();
    String harmless = new JsonObject().put("symbol", "BTC-USD").put("side", "buy").encode();
    JsonObject login = new JsonObject().put("username", "nobody").put("password", "x");
    Future<HttpResponse<Buffer>> query =
        client.post("/api/v1/auth/login").addQueryParam("filter", filter).sendJsonObject(login);
    Future<HttpResponse<Buffer>> cookie =
        client
            .post("/api/v1/auth/login")
            .putHeader(
                "Cookie", "prefs=" + java.net.URLEncoder.encode(filter, StandardCharsets.UTF_8))
            .sendJsonObject(login);
    Future<HttpResponse<Buffer>> header =
        client.post("/api/v1/auth/login").putHeader("X-Filter", filter).sendJsonObject(login);
    Future<HttpResponse<Buffer>> harmlessQuery =
        client
            .post("/api/v1/auth/login")
            .addQueryParam("filter", harmless)
            .putHeader("X-Forwarded-For", "[::1]")
            .sendJsonObject(login);
    Future.all(query, cookie, header, harmlessQuery)
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          assertThat(query.result().statusCode()).as("query").isEqualTo(403);
                          assertThat(cookie.result().statusCode()).as("cookie").isEqualTo(403);
                          assertThat(header.result().statusCode()).as("header").isEqualTo(403);
                          assertThat(harmlessQuery.result().statusCode())
                              .as("harmless JSON")
                              .isEqualTo(401);
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "a parameter name that walks a bean to its class loader (Spring4Shell) is scanned and blocked,"
          + " though it is made of letters and dots")
  void classLoaderParameterName(VertxTestContext test) {
    client
        .post("/api/v1/auth/login")
        .addQueryParam(
            "class.module.classLoader.resources.context.parent.pipeline.first.pattern", "x")
        .sendJsonObject(new JsonObject().put("username", "nobody").put("password", "x"))
        .onComplete(
            test.succeeding(
                response ->
                    test.verify(
                        () -> {
                          assertThat(response.statusCode()).isEqualTo(403);
                          test.completeNow();
                        })));
  }
}
