package io.antbot.web;

import static io.vertx.core.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/events}, the Server-Sent Events stream, over real HTTP against the whole
 * runtime: each caller gets the streams its roles may read, announced by the first {@code ready}
 * event.
 *
 * <p>The stream is read with the Vert.x {@link HttpClient} (the web client under it), since the web
 * client hands out a response only once it has ended.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("REST API: the live event stream")
class ApiEventsStreamTest {

  /**
   * How long a stream may take to deliver an expected event before the test fails (not a sleep: a
   * bound).
   */
  private static final long WAIT_MS = 5_000;

  @TempDir static Path dir;

  private static ApiRuntime runtime;
  private static HttpClient http;

  @BeforeAll
  static void start(Vertx vertx) {
    runtime = ApiRuntime.start(vertx, dir);
    // Each open stream holds a connection: a pool larger than any test's streams, so that streams a
    // failed or slow test left open never make the next test's requests wait for a connection
    // (the default pool of 5 did, once: a stream that never opened, then a hang).
    http =
        vertx.createHttpClient(
            new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(runtime.port),
            new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
  }

  @Test
  @DisplayName(
      "an operator's stream delivers the config event of a PUT /config/{key} within one second of the change")
  void configChangeWithinOneSecond() {
    EventStream operator = EventStream.open(runtime, http, "operator");
    assertThat(operator.ready())
        .isEqualTo(new JsonObject().put("alert", true).put("config", true).put("security", false));

    long sent = System.nanoTime();
    HttpResponse<Buffer> put =
        runtime.call(
            PUT,
            "/config/trading.max_open_positions",
            "admin",
            new JsonObject().put("value", 17).put("reason", "stream test"));
    assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(200);
    long version = put.bodyAsJsonObject().getLong("version");
    JsonObject event = operator.next("config", data -> data.getLong("version", 0L) == version);
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);

    assertThat(elapsedMs).as("ms from the PUT to the event").isLessThan(1_000);
    JsonObject change = event.getJsonArray("changes").getJsonObject(0);
    assertThat(change.getString("key")).isEqualTo("trading.max_open_positions");
    assertThat(change.getInteger("new")).isEqualTo(17);
    assertThat(event.getString("actor")).isEqualTo("admin");
    operator.close();
  }

  @Test
  @DisplayName(
      "security events reach an admin's stream but never the stream of an operator, who may not read them")
  void securityEventsFilteredByRole() {
    EventStream admin = EventStream.open(runtime, http, "admin");
    EventStream operator = EventStream.open(runtime, http, "operator");
    assertThat(admin.ready().getBoolean("security")).isTrue();
    assertThat(operator.ready().getBoolean("security")).isFalse();

    HttpResponse<Buffer> failed =
        runtime.call(
            HttpMethod.POST,
            "/auth/login",
            null,
            new JsonObject().put("username", "operator1").put("password", "not the password"));
    assertThat(failed.statusCode()).isEqualTo(401);
    JsonObject event =
        admin.next("security", data -> "login_failed".equals(data.getString("type")));
    assertThat(event.getString("user")).isEqualTo("operator1");

    // A config change published after the security event: once the operator has it, the security
    // event is past too.
    HttpResponse<Buffer> put =
        runtime.call(
            PUT, "/config/trading.max_open_positions", "admin", new JsonObject().put("value", 18));
    long version = put.bodyAsJsonObject().getLong("version");
    operator.next("config", data -> data.getLong("version", 0L) == version);
    assertThat(operator.names()).contains("ready", "config").doesNotContain("security");
    admin.close();
    operator.close();
  }

  @Test
  @DisplayName(
      "without a token the stream is refused with 401, and a role without events:read with 403")
  void refused() {
    HttpResponse<Buffer> none = runtime.client.get("/api/v1/events").send().await();
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.getHeader("Content-Type")).isEqualTo(Problem.CONTENT_TYPE);
    assertThat(none.bodyAsJsonObject().getString("detail")).isEqualTo(RouteCase.MISSING_TOKEN);

    HttpResponse<Buffer> trader =
        runtime
            .client
            .get("/api/v1/events")
            .bearerTokenAuthentication(runtime.token("trader"))
            .send()
            .await();
    assertThat(trader.statusCode()).isEqualTo(403);
    assertThat(trader.bodyAsJsonObject().getString("detail"))
        .isEqualTo("no permission of roles [trader] allows events:read on *");
  }

  @Test
  @DisplayName(
      "a stream ends with an end event once its token is revoked, within the recheck interval")
  void revokedTokenEndsTheStream() {
    String token = login("viewer1");
    EventStream stream = EventStream.openWith(http, token);
    assertThat(stream.ready().getBoolean("config")).isTrue();
    HttpResponse<Buffer> revoked =
        runtime.call(
            HttpMethod.POST, "/auth/revoke", "admin", new JsonObject().put("token", token));
    assertThat(revoked.statusCode()).as(revoked.bodyAsString()).isEqualTo(200);
    JsonObject end = stream.next("end", data -> true);
    assertThat(end.getString("reason"))
        .startsWith("the token is no longer valid: token rejected: revoked");
  }

  @Test
  @DisplayName("a token scoped to events:read gets no stream its own permissions do not cover")
  void scopedTokenGetsOnlyItsStreams() {
    JsonObject issued =
        runtime
            .vertx
            .eventBus()
            .<JsonObject>request(
                io.antbot.bus.Addresses.SECURITY_TOKEN_ISSUE,
                new JsonObject()
                    .put("user", "admin")
                    .put("permissions", new io.vertx.core.json.JsonArray().add("events:read")))
            .await()
            .body();
    EventStream stream = EventStream.openWith(http, issued.getString("access_token"));
    assertThat(stream.ready())
        .isEqualTo(
            new JsonObject().put("alert", false).put("config", false).put("security", false));
    stream.close();
  }

  @Test
  @DisplayName(
      "one user may hold at most http.events.max_per_user open streams; one more is a 429 problem")
  void streamsPerUserCapped() {
    HttpResponse<Buffer> created =
        runtime.call(
            HttpMethod.POST,
            "/users",
            "admin",
            new JsonObject()
                .put("username", "streamer")
                .put("password", ApiRuntime.PASSWORD)
                .put("roles", new io.vertx.core.json.JsonArray().add("viewer")));
    assertThat(created.statusCode()).isEqualTo(201);
    String token = login("streamer");
    List<EventStream> open = new ArrayList<>();
    for (int i = 0; i < HttpOptions.defaults().eventsPerUser(); i++) {
      open.add(EventStream.openWith(http, token));
    }
    // Each stream counted (its ready event came) before the one too many; bounded, so that a
    // stream answered by mistake fails the test instead of holding it.
    open.forEach(EventStream::ready);
    HttpResponse<Buffer> refused =
        runtime
            .client
            .get("/api/v1/events")
            .bearerTokenAuthentication(token)
            .timeout(10_000)
            .send()
            .await();
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.getHeader("Content-Type")).isEqualTo(Problem.CONTENT_TYPE);
    assertThat(refused.bodyAsJsonObject().getString("detail"))
        .isEqualTo("too many open event streams for this user (at most 4)");
    open.forEach(EventStream::close);
  }

  @Test
  @DisplayName(
      "the per-address cap counts an IPv6 client as its network (ipv6_prefix_bits, /64): with 16 streams "
          + "from 16 addresses of one /64, a 17th address of it is a 429, while another /64 still gets a stream")
  void streamsPerIpv6NetworkCapped(Vertx vertx) {
    // Behind a trusted proxy the client is the X-Forwarded-For address; the deny entry shows when
    // the security service
    // has the new lists (a request from it is refused), so no stream is counted before that.
    JsonObject lists =
        new JsonObject()
            .put("trusted_proxies", new io.vertx.core.json.JsonArray().add("127.0.0.1"))
            .put("deny", new io.vertx.core.json.JsonArray().add("2001:db8:ffff::/48"));
    assertThat(
            runtime
                .call(
                    PUT, "/config/security.ip_lists", "admin", new JsonObject().put("value", lists))
                .statusCode())
        .isEqualTo(200);
    io.antbot.testing.Eventually.eventually(
            vertx,
            WAIT_MS,
            () ->
                runtime
                    .client
                    .get("/api/v1/auth/me")
                    .putHeader("X-Forwarded-For", "2001:db8:ffff::1")
                    .send()
                    .map(r -> r.statusCode() == 403))
        .await();
    HttpClient wide =
        vertx.createHttpClient(
            new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(runtime.port),
            new io.vertx.core.http.PoolOptions().setHttp1MaxSize(40));
    List<EventStream> open = new ArrayList<>();
    try {
      int perUser = HttpOptions.defaults().eventsPerUser();
      int perIp = HttpOptions.defaults().eventsPerIp();
      for (int u = 0; u <= perIp / perUser; u++) {
        HttpResponse<Buffer> created =
            runtime.call(
                HttpMethod.POST,
                "/users",
                "admin",
                new JsonObject()
                    .put("username", "netsix" + u)
                    .put("password", ApiRuntime.PASSWORD)
                    .put("roles", new io.vertx.core.json.JsonArray().add("viewer")));
        assertThat(created.statusCode()).isEqualTo(201);
      }
      for (int n = 0; n < perIp; n++) {
        open.add(
            EventStream.openWith(
                wide,
                login("netsix" + n / perUser),
                "2001:db8:1:2::" + Integer.toHexString(n + 1)));
      }
      String fresh = login("netsix" + perIp / perUser);
      // Read with the plain client: a stream that is not refused never ends, and the web client
      // answers at the end.
      // The body is asked for in the same callback as the answer, before any of it can arrive and
      // be missed.
      String refused =
          wide.request(HttpMethod.GET, "/api/v1/events")
              .compose(
                  request ->
                      request
                          .putHeader("Authorization", "Bearer " + fresh)
                          .putHeader("X-Forwarded-For", "2001:db8:1:2:ffff::99")
                          .send())
              .compose(
                  answer -> {
                    if (answer.statusCode() != 429) {
                      answer.request().connection().close();
                      return Future.succeededFuture("status " + answer.statusCode());
                    }
                    return answer.body().map(Buffer::toString);
                  })
              .await();
      assertThat(refused).startsWith("{");
      assertThat(new JsonObject(refused).getString("detail"))
          .isEqualTo("too many open event streams from this address (at most " + perIp + ")");
      open.add(EventStream.openWith(wide, fresh, "2001:db8:1:3::1"));
    } finally {
      open.forEach(EventStream::close);
      runtime.call(
          PUT,
          "/config/security.ip_lists",
          "admin",
          new JsonObject()
              .put(
                  "value",
                  new JsonObject()
                      .put("trusted_proxies", new io.vertx.core.json.JsonArray())
                      .put("deny", new io.vertx.core.json.JsonArray())));
      wide.close();
    }
  }

  @Test
  @DisplayName(
      "streams the server ends (revoked token) give back their place under the per-user cap")
  void endedStreamsReleaseTheirPlace() {
    HttpResponse<Buffer> created =
        runtime.call(
            HttpMethod.POST,
            "/users",
            "admin",
            new JsonObject()
                .put("username", "prober")
                .put("password", ApiRuntime.PASSWORD)
                .put("roles", new io.vertx.core.json.JsonArray().add("viewer")));
    assertThat(created.statusCode()).isEqualTo(201);
    for (int i = 0; i <= HttpOptions.defaults().eventsPerUser(); i++) {
      String token = login("prober");
      EventStream stream = EventStream.openWith(http, token);
      stream.ready();
      runtime.call(HttpMethod.POST, "/auth/revoke", "admin", new JsonObject().put("token", token));
      stream.next("end", data -> true);
    }
  }

  private static String login(String user) {
    return runtime
        .call(
            HttpMethod.POST,
            "/auth/login",
            null,
            new JsonObject().put("username", user).put("password", ApiRuntime.PASSWORD))
        .bodyAsJsonObject()
        .getString("access_token");
  }

  /**
   * One open {@code text/event-stream}: its events as they arrive, and a bounded wait for the next
   * matching one.
   */
  private static final class EventStream {

    private final StringBuilder pending = new StringBuilder();
    private final List<String[]> events = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private HttpClientResponse response;
    private Future<JsonObject> readyData;

    private record Waiter(String name, Predicate<JsonObject> match, Promise<JsonObject> found) {}

    static EventStream open(ApiRuntime runtime, HttpClient http, String role) {
      return openWith(http, runtime.token(role));
    }

    static EventStream openWith(HttpClient http, String token) {
      return openWith(http, token, null);
    }

    /**
     * Opens a stream as {@code token}, from {@code forwardedFor} (sent as X-Forwarded-For) when not
     * null.
     */
    static EventStream openWith(HttpClient http, String token, String forwardedFor) {
      EventStream stream = new EventStream();
      Future<JsonObject> ready = stream.waitFor("ready", data -> true);
      HttpClientResponse response =
          http.request(HttpMethod.GET, "/api/v1/events")
              .compose(
                  request -> {
                    if (forwardedFor != null) {
                      request.putHeader("X-Forwarded-For", forwardedFor);
                    }
                    // The data handler is set by a listener on the response's own future, which
                    // runs on the context that delivers the response's chunks before the first
                    // chunk: a chunk that comes with no handler set is dropped, and the ready event
                    // comes in the same packet as the headers. (A listener further down the chain
                    // may run on another event loop, after that chunk.)
                    return request
                        .putHeader("Authorization", "Bearer " + token)
                        .putHeader("Accept", "text/event-stream")
                        .send()
                        .map(
                            answer -> {
                              answer.handler(stream::received);
                              return answer;
                            });
                  })
              .await();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("Content-Type")).isEqualTo("text/event-stream");
      stream.response = response;
      stream.readyData = ready;
      return stream;
    }

    JsonObject ready() {
      return bounded(readyData, "ready");
    }

    /**
     * The data of the next event called {@code name} that matches, or of one that already came;
     * fails after 5 s.
     */
    JsonObject next(String name, Predicate<JsonObject> match) {
      return bounded(waitFor(name, match), name);
    }

    synchronized List<String> names() {
      return events.stream().map(event -> event[0]).toList();
    }

    void close() {
      response.request().connection().close().await();
    }

    private synchronized Future<JsonObject> waitFor(String name, Predicate<JsonObject> match) {
      for (String[] event : events) {
        if (event[0].equals(name) && match.test(new JsonObject(event[1]))) {
          return Future.succeededFuture(new JsonObject(event[1]));
        }
      }
      Promise<JsonObject> found = Promise.promise();
      waiters.add(new Waiter(name, match, found));
      return found.future();
    }

    private static JsonObject bounded(Future<JsonObject> event, String name) {
      try {
        return event.toCompletionStage().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        throw new AssertionError("no " + name + " event within " + WAIT_MS + " ms", e);
      }
    }

    /**
     * Splits the text into {@code event:}/{@code data:} frames (blank-line separated); comments are
     * skipped.
     */
    private synchronized void received(Buffer chunk) {
      pending.append(chunk.toString());
      int end;
      while ((end = pending.indexOf("\n\n")) >= 0) {
        String frame = pending.substring(0, end);
        pending.delete(0, end + 2);
        String name = null;
        StringBuilder data = new StringBuilder();
        for (String line : frame.split("\n")) {
          if (line.startsWith("event: ")) {
            name = line.substring(7);
          } else if (line.startsWith("data: ")) {
            data.append(line.substring(6));
          }
        }
        if (name != null) {
          arrived(name, data.toString());
        }
      }
    }

    private void arrived(String name, String data) {
      events.add(new String[] {name, data});
      JsonObject json = new JsonObject(data);
      waiters.removeIf(
          waiter -> {
            if (waiter.name().equals(name) && waiter.match().test(json)) {
              waiter.found().tryComplete(json);
              return true;
            }
            return false;
          });
    }
  }
}
