package io.antbot.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.launcher.AntBot;
import io.antbot.launcher.LaunchOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault suite's fuzzers, against the whole runtime: random and mutated bodies to every
 * request/reply address of the bus and to every route of the HTTP API, as admin and anonymous.
 * Every answer is a success or a failure code of the shared vocabulary other than 500 — never a
 * timeout, never a stack trace — and the runtime starts again on whatever state the fuzz left. The
 * seed is printed (and taken from {@code -Dantbot.fuzz.seed}) so a failure replays.
 */
class FuzzTest {

  private static final Logger log = LoggerFactory.getLogger(FuzzTest.class);

  /**
   * Publish-only addresses, and the drain that would stop the HTTP server under the HTTP fuzzer.
   */
  private static final Set<String> NOT_REQUESTS =
      Set.of(
          Addresses.CONFIG_CHANGED,
          Addresses.CONFIG_REJECTED,
          Addresses.ALERTS,
          Addresses.SECURITY_EVENTS,
          Addresses.LAUNCHER_LIFECYCLE,
          Addresses.CLUSTER_MEMBERSHIP,
          Addresses.BOTS_COMMAND,
          Addresses.HTTP_DRAIN,
          // Prefixes of one cluster member's addresses, served in a cluster only; their hostile
          // inputs are in ClusterRevocationsTest, ClusterUsersTest, ClusterConfigConfirmTest and
          // ClusterLockoutsTest.
          Addresses.CONFIG_CONFIRM,
          Addresses.SECURITY_REVOCATION_CONFIRM,
          Addresses.SECURITY_USER_CONFIRM,
          Addresses.SECURITY_LOCKOUT_CONFIRM);

  private static final Set<Integer> CODES = Set.of(400, 401, 403, 404, 409, 413, 429, 503);

  /**
   * Field names the records read: a random body hits real fields with wrong values, not just
   * unknown fields.
   */
  private static final List<String> FIELDS =
      List.of(
          "key",
          "value",
          "default",
          "user",
          "username",
          "password",
          "token",
          "jti",
          "refresh_token",
          "source_ip",
          "user_agent",
          "limit",
          "name",
          "metric",
          "amount",
          "level",
          "logger",
          "component",
          "message",
          "fields",
          "flag",
          "context",
          "version",
          "data_b64",
          "envelope",
          "hash",
          "kind",
          "roles",
          "permissions",
          "ttl_s",
          "action",
          "resource",
          "input",
          "method",
          "path",
          "query",
          "headers",
          "body",
          "side",
          "status",
          "threshold",
          "comparator",
          "severity",
          "labels",
          "cost",
          "policy",
          "yaml",
          "file",
          "remote_ip",
          "forwarded_for",
          "route_class",
          "operation",
          "duration_ms",
          "success",
          "enabled",
          "reason",
          "actor",
          "since",
          "text",
          "correlation_id",
          "total",
          "layer",
          "active",
          "format",
          "for_s",
          "profit_loss",
          "symbol",
          "dry_run",
          "expect_version",
          "client_ip",
          "token_only",
          "type");

  private static final int BODIES_PER_ADDRESS = 25;
  private static final int BODIES_PER_ROUTE = 6;

  @TempDir Path dir;

  @Test
  @DisplayName(
      "bus and HTTP fuzzing: no 500, no timeout, no stack trace; the runtime restarts on the state left")
  void fuzz() throws Exception {
    long seed = Long.getLong("antbot.fuzz.seed", System.nanoTime());
    log.info("fuzz seed {} (replay with -Dantbot.fuzz.seed={})", seed, seed);
    Random random = new Random(seed);
    List<String> problems = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    ApiRuntime runtime = ApiRuntime.start(vertx, dir);
    try {
      DeliveryOptions options = new DeliveryOptions().setSendTimeout(10_000);
      for (String address : requestAddresses()) {
        for (int i = 0; i < BODIES_PER_ADDRESS; i++) {
          Object body = i == 0 ? new JsonObject() : i == 1 ? "not an object" : randomBody(random);
          String problem = busProblem(vertx, address, body, options);
          if (problem != null) {
            problems.add(address + " " + shorten(body) + " → " + problem);
          }
        }
      }
      for (ApiRoutes.Route route : ApiRoutes.all()) {
        for (int i = 0; i < BODIES_PER_ROUTE; i++) {
          String role = i % 2 == 0 ? "admin" : null;
          String path =
              "/api/v1"
                  + route.path().replaceAll(":[a-z]+", i < 2 ? "x" : randomPathSegment(random));
          Object body = i == 0 ? null : randomBody(random);
          String problem = httpProblem(runtime, route.method(), path, role, body);
          if (problem != null) {
            problems.add(route.method() + " " + path + " " + shorten(body) + " → " + problem);
          }
        }
      }
      // Hostile headers and query strings, written as raw bytes: what a client library would refuse
      // to send too.
      io.vertx.core.net.NetClient raw = vertx.createNetClient();
      for (ApiRoutes.Route route : ApiRoutes.all()) {
        for (int i = 0; i < RAW_PER_ROUTE; i++) {
          String path = "/api/v1" + route.path().replaceAll(":[a-z]+", "x");
          String query = QUERIES.get(random.nextInt(QUERIES.size()));
          String[] header = HEADERS.get(random.nextInt(HEADERS.size()));
          String token =
              header[0].equalsIgnoreCase("Authorization") || random.nextBoolean()
                  ? null
                  : runtime.token("admin");
          String problem =
              rawProblem(
                  raw, runtime.port, route.method().name(), path + query, header, token, random);
          if (problem != null) {
            problems.add(
                route.method()
                    + " "
                    + shorten(path + query)
                    + " ["
                    + header[0]
                    + ": "
                    + shorten(header[1])
                    + "] → "
                    + problem);
          }
        }
      }
      assertThat(problems).as("seed " + seed).isEmpty();
      HttpResponse<Buffer> ready =
          runtime.client.get("/health/ready").timeout(10_000).send().await();
      assertThat(ready.statusCode())
          .as("ready after the fuzz: " + ready.bodyAsString())
          .isEqualTo(200);
    } finally {
      vertx.close().await();
    }
    Vertx again = Vertx.vertx();
    try {
      AntBot.start(again, new LaunchOptions(runtime.conf.toString(), "staging", 0)).await();
    } finally {
      again.close().await();
    }
  }

  private static List<String> requestAddresses() throws IllegalAccessException {
    List<String> addresses = new ArrayList<>();
    for (Field field : Addresses.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        String address = (String) field.get(null);
        if (!NOT_REQUESTS.contains(address)) {
          addresses.add(address);
        }
      }
    }
    return addresses;
  }

  private static String busProblem(
      Vertx vertx, String address, Object body, DeliveryOptions options) {
    try {
      vertx.eventBus().request(address, body, options).await();
      return null;
    } catch (ReplyException e) {
      if (e.failureType() == ReplyFailure.RECIPIENT_FAILURE
          && CODES.contains(e.failureCode())
          && !e.getMessage().contains("\tat ")
          && !e.getMessage().contains("Exception")) {
        return null;
      }
      return e.failureType() + " " + e.failureCode() + " " + e.getMessage();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static String httpProblem(
      ApiRuntime runtime, HttpMethod method, String path, String role, Object body) {
    HttpRequest<Buffer> request = runtime.client.request(method, path).timeout(10_000);
    if (role != null) {
      request.bearerTokenAuthentication(runtime.token(role));
    }
    Future<HttpResponse<Buffer>> sent =
        body == null
            ? request.send()
            : body instanceof JsonObject json
                ? request.sendJsonObject(json)
                : request
                    .putHeader("Content-Type", "application/json")
                    .sendBuffer(Buffer.buffer(String.valueOf(body)));
    try {
      HttpResponse<Buffer> response = sent.await();
      String text = response.bodyAsString() == null ? "" : response.bodyAsString();
      if (response.statusCode() >= 500 && response.statusCode() != 503) {
        return response.statusCode() + " " + text;
      }
      // GET /logs answers log lines, which may quote the server-side stack traces of earlier
      // requests.
      if (!path.startsWith("/api/v1/logs")
          && (text.contains("\tat ") || text.contains("Exception"))) {
        return "a stack trace or exception in the reply: " + shorten(text);
      }
      if (response.statusCode() >= 400
          && !String.valueOf(response.getHeader("Content-Type"))
              .startsWith("application/problem+json")) {
        return response.statusCode() + " without problem+json";
      }
      return null;
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static final int RAW_PER_ROUTE = 4;

  /**
   * Query strings: repeated keys, broken percent-encoding, NUL, raw UTF-8 and raw non-UTF-8, many
   * keys, a long value.
   */
  private static final List<String> QUERIES =
      List.of(
          "",
          "?a=1&a=2&a=3&a=4",
          "?q=%zz",
          "?%",
          "?q=%",
          "?q=%00",
          "?q=%E0%A4%A",
          "?q=\u00e9\u6f22\ud83d\ude42",
          "?q=\u00ff\u00fe",
          "?" + "k=v&".repeat(600),
          "?q=" + "x".repeat(6000),
          "?q=%27%20OR%201%3D1--",
          "?=&&=&",
          "?limit=-1&limit=1e400",
          "?since=not-a-time&type=%0d%0aX-Injected:%201");

  /**
   * Header lines: odd Authorization forms, X-Forwarded-For garbage (several lines, many values),
   * Content-Type lies, a control character, non-UTF-8 bytes (as Latin-1 characters, written as
   * single bytes), a header over the limit.
   */
  private static final List<String[]> HEADERS =
      List.of(
          new String[] {"Authorization", "Bearer"},
          new String[] {"Authorization", "Bearer "},
          new String[] {"Authorization", "Basic eDp5"},
          new String[] {"Authorization", "Bearer " + "a".repeat(9000)},
          new String[] {"Authorization", "bearer a.b.c"},
          new String[] {"Authorization", "Bearer a.b.c.d.e"},
          new String[] {"Authorization", "Bearer \u00c3\u0028"},
          new String[] {"X-Forwarded-For", "garbage, ,,,::1, 999.1.1.1"},
          new String[] {
            "X-Forwarded-For", "1.2.3.4\r\nX-Forwarded-For: [::1]:80\r\nX-Forwarded-For: 10.0.0.1"
          },
          new String[] {"X-Forwarded-For", "5.6.7.8, ".repeat(400)},
          new String[] {"Content-Type", "application/json; charset=utf-16"},
          new String[] {"Content-Type", "text/plain"},
          new String[] {"Content-Type", "multipart/form-data; boundary=x"},
          new String[] {"Content-Type", "application/x-www-form-urlencoded"},
          new String[] {"Content-Type", "application/json\r\nContent-Type: application/xml"},
          new String[] {"X-Correlation-Id", "\u0001\u0002"},
          new String[] {"X-Request-Note", "\u00c3\u0028\u00ff"},
          new String[] {"Accept", "*/*".repeat(3000)},
          new String[] {"X-Large", "z".repeat(40_000)},
          new String[] {"Traceparent", "00-" + "f".repeat(32) + "-" + "0".repeat(16) + "-01"});

  /**
   * Sends one request as raw bytes (each character of the request line and headers one byte, so
   * non-UTF-8 and control bytes go as they are; the query's other characters as UTF-8) and checks
   * the answer as {@link #httpProblem} does; {@code null} when it is fine.
   */
  private static String rawProblem(
      io.vertx.core.net.NetClient client,
      int port,
      String method,
      String target,
      String[] header,
      String token,
      Random random) {
    String body = random.nextBoolean() ? "{\"value\": 1}" : "";
    StringBuilder head =
        new StringBuilder(method)
            .append(' ')
            .append(target)
            .append(" HTTP/1.1\r\n")
            .append("Host: 127.0.0.1\r\n")
            .append(header[0])
            .append(": ")
            .append(header[1])
            .append("\r\n");
    if (token != null) {
      head.append("Authorization: Bearer ").append(token).append("\r\n");
    }
    head.append("Content-Length: ")
        .append(body.length())
        .append("\r\nConnection: close\r\n\r\n")
        .append(body);
    Buffer request = Buffer.buffer();
    String text = head.toString();
    int queryStart = text.indexOf(' ') + 1;
    int queryEnd = text.indexOf(" HTTP/1.1");
    request.appendString(text.substring(0, queryStart), "ISO-8859-1");
    request.appendString(text.substring(queryStart, queryEnd), "UTF-8");
    request.appendString(text.substring(queryEnd), "ISO-8859-1");
    try {
      io.vertx.core.net.NetSocket socket = client.connect(port, "127.0.0.1").await();
      Buffer received = Buffer.buffer();
      io.vertx.core.Promise<Void> closed = io.vertx.core.Promise.promise();
      socket.handler(received::appendBuffer);
      socket.closeHandler(v -> closed.tryComplete());
      socket.write(request);
      try {
        closed.future().timeout(10, java.util.concurrent.TimeUnit.SECONDS).await();
      } catch (Exception e) {
        socket.close();
        return "no complete answer within 10 s";
      }
      String answer = received.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
      // Errors Vert.x raises while reading the request line (414) are written as HTTP/1.0.
      if (!answer.startsWith("HTTP/1.1 ") && !answer.startsWith("HTTP/1.0 ")) {
        return "not an HTTP answer: " + shorten(answer);
      }
      int status = Integer.parseInt(answer.substring(9, 12));
      int split = answer.indexOf("\r\n\r\n");
      String headers = split < 0 ? answer : answer.substring(0, split);
      String content = split < 0 ? "" : answer.substring(split + 4);
      if (status >= 500 && status != 503) {
        return status + " " + shorten(content);
      }
      if (!target.startsWith("/api/v1/logs")
          && (content.contains("\tat ") || content.contains("Exception"))) {
        return "a stack trace or exception in the reply: " + shorten(content);
      }
      if (status >= 400
          && !headers
              .toLowerCase(java.util.Locale.ROOT)
              .contains("content-type: application/problem+json")) {
        return status + " without problem+json";
      }
      return null;
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static Object randomBody(Random random) {
    if (random.nextInt(10) == 0) {
      return switch (random.nextInt(4)) {
        case 0 -> new JsonArray().add(1).add("x");
        case 1 -> 42;
        case 2 -> "{\"unterminated\": ";
        default -> "[".repeat(200);
      };
    }
    JsonObject body = new JsonObject();
    int fields = 1 + random.nextInt(5);
    for (int i = 0; i < fields; i++) {
      body.put(FIELDS.get(random.nextInt(FIELDS.size())), randomValue(random, 0));
    }
    return body;
  }

  private static Object randomValue(Random random, int depth) {
    return switch (random.nextInt(depth > 3 ? 9 : 12)) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> random.nextInt(2000) - 1000;
      case 3 -> random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
      case 4 -> random.nextDouble() * 1e6 - 5e5;
      case 5 -> "x".repeat(random.nextBoolean() ? 70_000 : 300);
      case 6 ->
          List.of(
                  "",
                  " ",
                  "Bearer ",
                  "../../etc/passwd",
                  "<script>alert(1)</script>",
                  "' OR 1=1 --",
                  "\u0000\n\r",
                  "é漢字🙂",
                  "127.0.0.1",
                  "admin",
                  "*",
                  "trading.max_open_positions",
                  "2025-01-02T03:04:05Z",
                  "-1",
                  "NaN")
              .get(random.nextInt(15));
      case 7 -> randomPathSegment(random);
      case 8 -> random.nextInt(5) - 1;
      case 9 ->
          new JsonObject()
              .put(FIELDS.get(random.nextInt(FIELDS.size())), randomValue(random, depth + 1));
      case 10 ->
          new JsonArray().add(randomValue(random, depth + 1)).add(randomValue(random, depth + 1));
      default -> nested(depth + 40);
    };
  }

  private static JsonObject nested(int levels) {
    JsonObject root = new JsonObject();
    JsonObject at = root;
    for (int i = 0; i < levels; i++) {
      JsonObject next = new JsonObject();
      at.put("n", next);
      at = next;
    }
    return root;
  }

  private static String randomPathSegment(Random random) {
    return List.of(
            "x",
            "%2e%2e",
            "a.b.c",
            "trading.max_open_positions",
            "features",
            "security.roles.operator",
            "..",
            "%00",
            "admin",
            "root",
            "y".repeat(300))
        .get(random.nextInt(11));
  }

  private static String shorten(Object value) {
    String text = String.valueOf(value);
    return text.length() > 160 ? text.substring(0, 157) + "..." : text;
  }
}
