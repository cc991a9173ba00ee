package io.antbot.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.testing.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TCP event-bus bridge of a whole runtime, driven as a bot in another language drives it: a
 * plain socket, length-prefixed JSON frames, a bearer token from the HTTP login.
 */
@ExtendWith(VertxExtension.class)
class BridgeRuntimeTest {

  private static ApiRuntime runtime;
  private static int bridgePort;

  @BeforeAll
  static void start(Vertx vertx, @TempDir Path dir) {
    runtime = ApiRuntime.start(vertx, dir);
    bridgePort =
        vertx
            .eventBus()
            .<JsonObject>request("antbot.bridge.status", new JsonObject())
            .await()
            .body()
            .getJsonObject("details")
            .getInteger("port");
    assertThat(bridgePort).isPositive();
  }

  @AfterAll
  static void stop() {
    runtime.client.close();
  }

  /** A blocking bridge client: one frame out, one frame in, each within 5 s. */
  private static final class Client implements AutoCloseable {
    final Socket socket;
    final DataOutputStream out;
    final DataInputStream in;

    Client() throws IOException {
      socket = new Socket("127.0.0.1", bridgePort);
      socket.setSoTimeout(5_000);
      out = new DataOutputStream(socket.getOutputStream());
      in = new DataInputStream(socket.getInputStream());
    }

    void raw(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    void send(JsonObject frame) throws IOException {
      byte[] json = frame.encode().getBytes(StandardCharsets.UTF_8);
      out.writeInt(json.length);
      out.write(json);
      out.flush();
    }

    JsonObject read() throws IOException {
      int length = in.readInt();
      byte[] json = new byte[length];
      in.readFully(json);
      return new JsonObject(new String(json, StandardCharsets.UTF_8));
    }

    JsonObject request(String address, JsonObject body, String token) throws IOException {
      JsonObject frame =
          new JsonObject()
              .put("type", "send")
              .put("address", address)
              .put("replyAddress", "r-" + System.nanoTime())
              .put("body", body);
      if (token != null) {
        frame.put("headers", new JsonObject().put("authorization", "Bearer " + token));
      }
      send(frame);
      return read();
    }

    /** Whether the server closed the connection (end of stream) within the read timeout. */
    boolean closedByServer() throws IOException {
      try {
        while (true) {
          read();
        }
      } catch (EOFException | java.net.SocketException e) {
        return true;
      } catch (SocketTimeoutException e) {
        return false;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static JsonObject ping() {
    return new JsonObject().put("type", "ping");
  }

  @Test
  @DisplayName(
      "before a token only ping is answered; a send gets err 401; a bot token then reads config through the bridge")
  void authenticatesPerConnection() throws Exception {
    try (Client client = new Client()) {
      client.send(ping());
      assertThat(client.read()).isEqualTo(new JsonObject().put("type", "pong"));
      JsonObject refused =
          client.request("antbot.config.get", new JsonObject().put("key", "trading"), null);
      assertThat(refused.getString("type")).isEqualTo("err");
      assertThat(refused.getInteger("failureCode")).isEqualTo(401);
      assertThat(refused.getString("message")).startsWith("not authenticated");

      JsonObject reply =
          client.request(
              "antbot.config.get",
              new JsonObject().put("key", "trading.dry_run"),
              runtime.token("bot"));
      assertThat(reply.getString("type")).isEqualTo("message");
      assertThat(reply.getJsonObject("body").getValue("value")).isEqualTo(true);
      // Later frames need no token: the connection is bound to bot1.
      JsonObject again =
          client.request("antbot.config.get", new JsonObject().put("key", "trading.dry_run"), null);
      assertThat(again.getString("type")).isEqualTo("message");
    }
  }

  @Test
  @DisplayName(
      "an address outside the bridge, or a permission the role lacks, gets err 403 naming the address; a bad token 401")
  void authorizesPerMessage() throws Exception {
    try (Client client = new Client()) {
      JsonObject denied =
          client.request(
              "antbot.security.token.issue",
              new JsonObject().put("user", "admin"),
              runtime.token("bot"));
      assertThat(denied.getString("type")).isEqualTo("err");
      assertThat(denied.getInteger("failureCode")).isEqualTo(403);
      assertThat(denied.getString("message"))
          .isEqualTo("access denied: send to antbot.security.token.issue is not allowed for bot1");
    }
    try (Client viewer = new Client()) {
      JsonObject denied =
          viewer.request(
              "antbot.log.write",
              new JsonObject().put("component", "x").put("level", "INFO").put("message", "m"),
              runtime.token("viewer"));
      assertThat(denied.getInteger("failureCode")).isEqualTo(403);
    }
    try (Client forged = new Client()) {
      JsonObject refused =
          forged.request("antbot.config.get", new JsonObject().put("key", "a"), "not-a-token");
      assertThat(refused.getInteger("failureCode")).isEqualTo(401);
    }
  }

  @Test
  @DisplayName("a failed request comes back as err with the service's code and text")
  void serviceFailures() throws Exception {
    try (Client client = new Client()) {
      JsonObject missing =
          client.request(
              "antbot.config.get",
              new JsonObject().put("key", "no.such.key"),
              runtime.token("bot"));
      assertThat(missing.getString("type")).isEqualTo("err");
      assertThat(missing.getInteger("failureCode")).isEqualTo(404);
      assertThat(missing.getString("message")).isEqualTo("no.such.key: no such key");
      assertThat(missing.getString("address")).startsWith("r-");
    }
  }

  @Test
  @DisplayName("a registered antbot.config.changed pushes a change made over HTTP within a second")
  void pushesConfigChanges() throws Exception {
    try (Client client = new Client()) {
      client.send(
          new JsonObject()
              .put("type", "register")
              .put("address", "antbot.config.changed")
              .put(
                  "headers",
                  new JsonObject().put("authorization", "Bearer " + runtime.token("bot"))));
      client.send(ping());
      assertThat(client.read().getString("type")).isEqualTo("pong");
      long before = System.nanoTime();
      assertThat(
              runtime
                  .call(
                      HttpMethod.PUT,
                      "/config/trading.max_open_positions",
                      "admin",
                      new JsonObject().put("value", 17))
                  .statusCode())
          .isEqualTo(200);
      JsonObject pushed = client.read();
      assertThat((System.nanoTime() - before) / 1_000_000).isLessThan(1_000);
      assertThat(pushed.getString("type")).isEqualTo("message");
      assertThat(pushed.getString("address")).isEqualTo("antbot.config.changed");
      assertThat(pushed.getJsonObject("body").getJsonArray("changes").getJsonObject(0))
          .isEqualTo(
              new JsonObject()
                  .put("key", "trading.max_open_positions")
                  .put(
                      "old",
                      pushed
                          .getJsonObject("body")
                          .getJsonArray("changes")
                          .getJsonObject(0)
                          .getValue("old"))
                  .put("new", 17));
    }
  }

  @Test
  @DisplayName(
      "bad JSON and an unknown frame type get err 400 and the connection goes on answering; an oversized length is closed")
  void malformedFrames() throws Exception {
    try (Client client = new Client()) {
      byte[] junk = "{not json".getBytes(StandardCharsets.UTF_8);
      client.out.writeInt(junk.length);
      client.raw(junk);
      JsonObject bad = client.read();
      assertThat(bad.getInteger("failureCode")).isEqualTo(400);
      assertThat(bad.getString("message")).isEqualTo("malformed frame: expected a JSON object");
      client.send(new JsonObject().put("type", "frobnicate").put("address", "a"));
      JsonObject unknown = client.read();
      assertThat(unknown.getInteger("failureCode")).isEqualTo(400);
      assertThat(unknown.getString("message")).startsWith("type: expected send, publish");
      client.send(ping());
      assertThat(client.read().getString("type"))
          .as("no stall after an unknown type")
          .isEqualTo("pong");
    }
    try (Client client = new Client()) {
      client.out.writeInt(Integer.MAX_VALUE);
      client.out.flush();
      JsonObject tooLarge = client.read();
      assertThat(tooLarge.getInteger("failureCode")).isEqualTo(413);
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  @DisplayName("a disabled user's connection is closed within seconds of the change")
  void revokedRightsEndTheConnection() throws Exception {
    JsonObject created =
        runtime
            .call(
                HttpMethod.POST,
                "/users",
                "admin",
                new JsonObject()
                    .put("username", "shortlived")
                    .put("password", ApiRuntime.PASSWORD)
                    .put("roles", new io.vertx.core.json.JsonArray().add("bot")))
            .bodyAsJsonObject();
    assertThat(created).isNotNull();
    String token = runtime.login("shortlived", ApiRuntime.PASSWORD);
    try (Client client = new Client()) {
      JsonObject ok =
          client.request(
              "antbot.config.get", new JsonObject().put("key", "trading.dry_run"), token);
      assertThat(ok.getString("type")).isEqualTo("message");
      assertThat(
              runtime
                  .call(
                      HttpMethod.PATCH,
                      "/users/shortlived",
                      "admin",
                      new JsonObject().put("enabled", false))
                  .statusCode())
          .isEqualTo(200);
      client.socket.setSoTimeout(8_000);
      JsonObject ended = client.read();
      assertThat(ended.getString("type")).isEqualTo("err");
      assertThat(ended.getInteger("failureCode")).isEqualTo(401);
      assertThat(ended.getString("message")).startsWith("the token is no longer valid");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  @DisplayName(
      "random and mutated frames on several connections: each gets err frames or is closed, and a fresh connection still works")
  void fuzz() throws Exception {
    Random random = new Random(42);
    List<Client> clients = new ArrayList<>();
    try {
      for (int c = 0; c < 3; c++) {
        Client client = new Client();
        clients.add(client);
        for (int i = 0; i < 40; i++) {
          JsonObject frame =
              new JsonObject()
                  .put(
                      "type",
                      List.of("send", "publish", "register", "ping", "x").get(random.nextInt(5)))
                  .put("address", random.nextBoolean() ? "antbot.config.get" : "antbot.\u0000" + i)
                  .put("body", random.nextBoolean() ? new JsonObject() : null);
          byte[] json = frame.encode().getBytes(StandardCharsets.UTF_8);
          if (random.nextInt(4) == 0) {
            json[random.nextInt(json.length)] = (byte) random.nextInt(256);
          }
          try {
            client.out.writeInt(json.length);
            client.raw(json);
          } catch (IOException closed) {
            break;
          }
        }
      }
      for (Client client : clients) {
        client.socket.setSoTimeout(1_000);
        try {
          while (true) {
            JsonObject frame = client.read();
            assertThat(frame.getString("type")).isIn("err", "pong", "message");
          }
        } catch (IOException endOrQuiet) {
          // Read until the server has nothing more to say or has closed the connection.
        }
      }
    } finally {
      for (Client client : clients) {
        client.close();
      }
    }
    try (Client fresh = new Client()) {
      JsonObject reply =
          fresh.request(
              "antbot.config.get",
              new JsonObject().put("key", "trading.dry_run"),
              runtime.token("bot"));
      assertThat(reply.getString("type")).isEqualTo("message");
    }
    JsonObject status =
        runtime
            .vertx
            .eventBus()
            .<JsonObject>request("antbot.bridge.status", new JsonObject())
            .await()
            .body();
    assertThat(status.getString("state")).isEqualTo("ready");
  }

  @Test
  @DisplayName("the bridge's frames and refusals are counted on /metrics")
  void countedOnMetrics(Vertx vertx) throws Exception {
    try (Client client = new Client()) {
      client.send(ping());
      client.read();
      client.request("antbot.config.get", new JsonObject().put("key", "a"), null);
    }
    String text =
        metricsWhen(
            vertx,
            scrape ->
                scrape.contains("bridge_frames_total{")
                    && scrape.contains("bridge_rejected_total{"));
    assertThat(text)
        .contains("bridge_frames_total{type=\"ping\"")
        .contains("bridge_rejected_total{reason=\"unauthenticated\"")
        .contains("bridge_connections");
  }

  @Test
  @DisplayName(
      "a connection that ends inside a header or a frame is counted as truncated; the bridge goes on")
  void truncatedFramesAtTheEnd(Vertx vertx) throws Exception {
    try (Client client = new Client()) {
      client.raw(new byte[] {'\n'});
    }
    try (Client client = new Client()) {
      client.raw(new byte[] {0, 0, 0, 10, '{', '"', 't'});
    }
    String text =
        metricsWhen(
            vertx, scrape -> scrape.contains("bridge_rejected_total{reason=\"truncated\"} 2"));
    assertThat(text).contains("bridge_rejected_total{reason=\"truncated\"} 2");
    try (Client client = new Client()) {
      client.send(ping());
      assertThat(client.read()).isEqualTo(new JsonObject().put("type", "pong"));
    }
  }

  /**
   * The {@code /metrics} text once {@code ready} holds for it (asked again on a Vert.x timer, never
   * waiting on a thread), or the last text after 15 s for the assertion to show.
   */
  private static String metricsWhen(Vertx vertx, java.util.function.Predicate<String> ready) {
    java.util.concurrent.atomic.AtomicReference<String> last =
        new java.util.concurrent.atomic.AtomicReference<>("");
    Eventually.eventually(
            vertx,
            15_000,
            () ->
                runtime
                    .client
                    .get("/metrics")
                    .send()
                    .map(
                        response -> {
                          last.set(response.bodyAsString());
                          return ready.test(last.get());
                        }))
        .otherwiseEmpty()
        .await();
    return last.get();
  }
}
