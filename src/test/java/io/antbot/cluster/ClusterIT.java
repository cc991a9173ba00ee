package io.antbot.cluster;

import static io.antbot.cluster.ClusterProcesses.await;
import static io.antbot.cluster.ClusterProcesses.freePort;
import static io.antbot.cluster.ClusterProcesses.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.testing.TestConf;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three JVMs on loopback form a cluster — two core nodes (a, b) and a bots node (c) whose {@link
 * RecorderBot} reports what its view sees — and are driven as operators and bots would: through
 * HTTP on the core nodes and through the bot's files. Processes, not threads: a kill is a real
 * {@code kill -9}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  private static final String SECRET = "cluster-it-secret-0123456789";
  private static final Duration START = Duration.ofSeconds(120);
  private static final String KEY = "trading.max_position_size";

  @TempDir static Path root;
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static int[] hazelcast;
  private static int httpA;
  private static int httpB;
  private static Process a;
  private static Process b;
  private static Process c;
  private static String token;

  @BeforeAll
  static void formCluster() throws Exception {
    hazelcast = new int[] {freePort(), freePort(), freePort()};
    httpA = freePort();
    httpB = freePort();
    String members = members();
    conf("conf-core", members, "bots: []\n");
    conf(
        "conf-bots",
        members,
        "bots:\n  - name: recorder\n    class: "
            + RecorderBot.class.getName()
            + "\n    config:\n      dir: \""
            + root.resolve("c")
            + "\"\n");
    a = node("a", "core", "conf-core", hazelcast[0], httpA, SECRET);
    awaitLog("a", "runtime started", a);
    token = login(httpA, Files.readString(root.resolve("keys/admin-password")).strip());
    b = node("b", "core", "conf-core", hazelcast[1], httpB, SECRET);
    c = node("c", "bots", "conf-bots", hazelcast[2], 0, SECRET);
    awaitLog("b", "runtime started", b);
    awaitLog("c", "runtime started", c);
  }

  @AfterAll
  static void stop() throws Exception {
    for (Process process : new Process[] {a, b, c}) {
      if (process != null) {
        process.destroy();
      }
    }
    for (Process process : new Process[] {a, b, c}) {
      if (process != null && !process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Test
  @Order(1)
  @DisplayName("three JVMs form one cluster; each core node lists the members with their roles")
  void membersListed() throws Exception {
    for (int port : new int[] {httpA, httpB}) {
      JsonObject cluster = get(port, "/api/v1/cluster");
      assertThat(cluster.getBoolean("clustered")).isTrue();
      JsonArray members = cluster.getJsonArray("members");
      Map<String, String> roles = new java.util.TreeMap<>();
      members.forEach(
          m ->
              roles.put(
                  ((JsonObject) m).getString("node_name"), ((JsonObject) m).getString("role")));
      assertThat(roles).isEqualTo(Map.of("a", "core", "b", "core", "c", "bots"));
    }
    JsonArray bots = get(httpB, "/api/v1/bots").getJsonArray("bots");
    assertThat(bots).hasSize(1);
    assertThat(bots.getJsonObject(0).getString("name")).isEqualTo("recorder");
    assertThat(bots.getJsonObject(0).getString("node")).isEqualTo("c");
    assertThat(bots.getJsonObject(0).getString("kind")).isEqualTo(RecorderBot.class.getName());
    assertThat(bots.getJsonObject(0).getString("status")).isEqualTo("running");
    JsonObject health = get(httpA, "/api/v1/health");
    JsonObject clusterCheck =
        health.getJsonArray("checks").stream()
            .map(JsonObject.class::cast)
            .filter(check -> "cluster".equals(check.getString("name")))
            .findFirst()
            .orElseThrow();
    assertThat(clusterCheck.getString("detail")).startsWith("3 member(s): ").contains("c (bots");
    assertThat(get(httpA, "/api/v1/cluster").getString("node")).isEqualTo("a");
    assertThat(get(httpB, "/api/v1/cluster").getString("node")).isEqualTo("b");
    // a and b read the same files (their ports and names come from the environment).
    JsonObject view = get(httpA, "/api/v1/cluster");
    assertThat(view.getJsonArray("config_differs")).isEmpty();
    Map<String, String> digests = new java.util.TreeMap<>();
    view.getJsonArray("members")
        .forEach(
            m ->
                digests.put(
                    ((JsonObject) m).getString("node_name"), ((JsonObject) m).getString("config")));
    assertThat(digests.get("a")).matches("[0-9a-f]{32}").isEqualTo(digests.get("b"));
  }

  @Test
  @Order(2)
  @DisplayName("a change on node a is served by node b and seen by the view of a bot on node c")
  void changePropagates() throws Exception {
    JsonObject reply = put(httpA, KEY, 0.31);
    long version = reply.getLong("version");
    // b's config service serves the version from a's reply on (a asked it before replying).
    JsonObject onB = get(httpB, "/api/v1/config/" + KEY);
    assertThat(onB.getLong("version")).isEqualTo(version);
    assertThat(onB.getDouble("value")).isEqualTo(0.31);
    await(
        "node c's bot sees version " + version,
        () -> viewLog().contains(version + " " + KEY + "=0.31"),
        Duration.ofSeconds(10));
  }

  @Test
  @Order(3)
  @DisplayName("concurrent sets on two nodes get versions of one sequence: no number twice, no gap")
  void oneVersionSequence() throws Exception {
    List<Long> versions = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> onA =
        CompletableFuture.runAsync(() -> writes(httpA, KEY, 0.2, versions));
    CompletableFuture<Void> onB =
        CompletableFuture.runAsync(() -> writes(httpB, "trading.risk_tolerance", 0.01, versions));
    CompletableFuture.allOf(onA, onB).get(120, TimeUnit.SECONDS);
    assertThat(versions).hasSize(24);
    Set<Long> distinct = new HashSet<>(versions);
    assertThat(distinct).as("versions handed out: %s", versions).hasSameSizeAs(versions);
    long min = Collections.min(versions);
    long max = Collections.max(versions);
    assertThat(max - min + 1).as("versions %s", versions).isEqualTo(versions.size());
    await(
        "both nodes at version " + max,
        () -> {
          JsonObject onNodeA = getQuietly(httpA, "/api/v1/config/" + KEY);
          JsonObject onNodeB = getQuietly(httpB, "/api/v1/config/" + KEY);
          return onNodeA != null
              && onNodeB != null
              && onNodeA.getLong("version") == max
              && onNodeB.getLong("version") == max;
        },
        Duration.ofSeconds(10));
  }

  @Test
  @Order(4)
  @DisplayName("a token revoked on node a is refused on node b from the revocation's reply on")
  void revocationShared() throws Exception {
    String second = login(httpA, Files.readString(root.resolve("keys/admin-password")).strip());
    assertThat(status(httpB, "/api/v1/auth/me", second)).isEqualTo(200);
    HttpResponse<String> revoked =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpA + "/api/v1/auth/revoke"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject().put("token", second).encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(status(httpB, "/api/v1/auth/me", second)).isEqualTo(401);
    assertThat(status(httpA, "/api/v1/auth/me", second)).isEqualTo(401);
    assertThat(status(httpB, "/api/v1/auth/me", token)).isEqualTo(200);
  }

  @Test
  @Order(5)
  @DisplayName("a user added on node a logs in on node b; b took a's accounts when it joined")
  void userShared() throws Exception {
    HttpResponse<String> added =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpA + "/api/v1/users"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("username", "carol")
                            .put("password", "a-long-enough-password-42")
                            .put("roles", new JsonArray().add("viewer"))
                            .encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    HttpResponse<String> login = loginResponse(httpB, "carol", "a-long-enough-password-42");
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    assertThat(read(root.resolve("b/console.log"))).doesNotContain("created user admin");
    // Each node's audit trail is its own hash chain, every entry naming the node.
    String trailA = read(root.resolve("a/var/audit/audit.jsonl"));
    assertThat(trailA).contains("\"user_added\"").contains("\"node\":\"a\"");
    assertThat(read(root.resolve("b/var/audit/audit.jsonl"))).contains("\"node\":\"b\"");
  }

  @Test
  @Order(6)
  @DisplayName(
      "a refresh token from a login on node a is rotated on node b; replayed on a, it revokes the"
          + " session on every node")
  void refreshFamilyShared() throws Exception {
    JsonObject login = loginPair(httpA);
    String first = login.getString("refresh_token");
    String session = first.substring(0, first.indexOf('.'));
    HttpResponse<String> rotated = refresh(httpB, first);
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    String second = new JsonObject(rotated.body()).getString("refresh_token");
    String access = new JsonObject(rotated.body()).getString("access_token");
    assertThat(second).startsWith(session + ".").isNotEqualTo(first);
    assertThat(status(httpA, "/api/v1/auth/me", access)).isEqualTo(200);

    HttpResponse<String> replayed = refresh(httpA, first);
    assertThat(replayed.statusCode()).isEqualTo(401);
    assertThat(replayed.body()).contains("refresh token reuse detected");
    HttpResponse<String> newest = refresh(httpB, second);
    assertThat(newest.statusCode()).isEqualTo(401);
    assertThat(newest.body()).contains("the session of this refresh token was revoked");
    assertThat(status(httpB, "/api/v1/auth/me", access)).isEqualTo(401);
    assertThat(status(httpA, "/api/v1/auth/me", access)).isEqualTo(401);
    // Each node keeps its copy of the cluster's families on disk.
    for (String node : new String[] {"a", "b"}) {
      await(
          node + " saves the revoked session",
          () -> {
            String saved = read(root.resolve(node + "/var/state/sessions.json"));
            if (saved.isEmpty()) {
              return false;
            }
            return new JsonObject(saved)
                .getJsonArray("families").stream()
                    .map(JsonObject.class::cast)
                    .anyMatch(
                        family ->
                            session.equals(family.getString("id")) && family.getBoolean("revoked"));
          },
          Duration.ofSeconds(10));
    }
  }

  @Test
  @Order(7)
  @DisplayName(
      "one refresh token presented at once on nodes a and b is rotated once: the other is a reuse"
          + " and ends the session")
  void concurrentRotationOnce() throws Exception {
    for (int round = 0; round < 4; round++) {
      String token = loginPair(round % 2 == 0 ? httpA : httpB).getString("refresh_token");
      CompletableFuture<HttpResponse<String>> onA =
          CompletableFuture.supplyAsync(() -> refreshQuietly(httpA, token));
      CompletableFuture<HttpResponse<String>> onB =
          CompletableFuture.supplyAsync(() -> refreshQuietly(httpB, token));
      List<HttpResponse<String>> both =
          List.of(onA.get(30, TimeUnit.SECONDS), onB.get(30, TimeUnit.SECONDS));
      List<HttpResponse<String>> won =
          both.stream().filter(response -> response.statusCode() == 200).toList();
      assertThat(won)
          .as("round %d: %s / %s", round, both.get(0).body(), both.get(1).body())
          .hasSize(1);
      HttpResponse<String> lost =
          both.stream().filter(response -> response.statusCode() != 200).findFirst().orElseThrow();
      assertThat(lost.statusCode()).isEqualTo(401);
      assertThat(lost.body()).contains("refresh token reuse detected");
      String next = new JsonObject(won.get(0).body()).getString("refresh_token");
      assertThat(refresh(httpA, next).statusCode()).isEqualTo(401);
    }
  }

  @Test
  @Order(52)
  @DisplayName(
      "a rate limit of 5 admits exactly 5 of 12 checks a bot on node c sends to both core nodes")
  void rateLimitShared() throws Exception {
    put(httpA, "trading.max_open_positions", 77);
    await(
        "the bot's rate-limit checks",
        () -> !read(root.resolve("c/ratelimit-77")).isEmpty(),
        Duration.ofSeconds(20));
    assertThat(read(root.resolve("c/ratelimit-77"))).isEqualTo("5");
  }

  @Test
  @Order(53)
  @DisplayName(
      "five wrong passwords for carol on node a lock her out on node b from the fifth reply on")
  void lockoutShared() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(loginStatus(httpA, "carol", "wrong-password-" + i)).isEqualTo(401);
    }
    // From the fifth 401 on: a's reply waited until b had the lock (ClusterLockouts).
    HttpResponse<String> onB = loginResponse(httpB, "carol", "a-long-enough-password-42");
    assertThat(onB.statusCode()).as("carol locked on b, right password and all").isEqualTo(429);
    assertThat(new JsonObject(onB.body()).getString("detail")).startsWith("too many failed logins");
  }

  private static int loginStatus(int port, String user, String password) throws Exception {
    return loginResponse(port, user, password).statusCode();
  }

  /** {@code POST /api/v1/auth/login} on node {@code port} with {@code user}'s {@code password}. */
  private static HttpResponse<String> loginResponse(int port, String user, String password)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/login"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    new JsonObject().put("username", user).put("password", password).encode()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(55)
  @DisplayName("a JVM with another cluster secret cannot join: it says why in one line and exits 1")
  void straySecretRefused() throws Exception {
    Process stray = node("stray", "bots", "conf-bots", freePort(), 0, "another-secret-0123456789");
    try {
      assertThat(stray.waitFor(90, TimeUnit.SECONDS)).as("the stray JVM gives up").isTrue();
      assertThat(stray.exitValue()).isEqualTo(1);
      String out = Files.readString(root.resolve("stray/console.log"));
      assertThat(out.strip().lines().reduce((x, y) -> y).orElse(""))
          .contains("no core node")
          .contains("cluster.secret");
    } finally {
      stray.destroyForcibly();
    }
    assertThat(get(httpA, "/api/v1/cluster").getJsonArray("members")).hasSize(3);
  }

  @Test
  @Order(56)
  @DisplayName(
      "a core node whose keys are not the others' does not start: one line naming the node, exit 1")
  void otherKeysRefused() throws Exception {
    conf("conf-other-keys", members(), "bots: []\n", "other-keys");
    Process other = node("other", "core", "conf-other-keys", freePort(), freePort(), SECRET);
    try {
      assertThat(other.waitFor(90, TimeUnit.SECONDS)).as("the node gives up").isTrue();
      assertThat(other.exitValue()).isEqualTo(1);
      String out = Files.readString(root.resolve("other/console.log"));
      assertThat(out).contains("are not those of core node");
      assertThat(out.strip().lines().reduce((x, y) -> y).orElse(""))
          .contains("every core node needs the same var/keys");
      // Its files differ from a's too (security.keys_dir): a saw it when it joined.
      assertThat(read(root.resolve("a/console.log")))
          .contains("the configuration files of core node other differ from this node's");
    } finally {
      other.destroyForcibly();
    }
    ClusterProcesses.await(
        "the refused node is no longer a member",
        () -> {
          try {
            return get(httpA, "/api/v1/cluster").getJsonArray("members").size() == 3;
          } catch (Exception e) {
            return false;
          }
        },
        Duration.ofSeconds(30));
  }

  @Test
  @Order(60)
  @DisplayName(
      "kill -9 of core node a under writes on b: every acknowledged write is on b and on a"
          + " restarted, a session a started is refreshed on b then on a restarted; c's bot keeps"
          + " reading and sees b's changes")
  void coreNodeLost() throws Exception {
    List<double[]> acknowledged = Collections.synchronizedList(new ArrayList<>());
    long readsBefore = reads()[0];
    String issuedOnA = loginPair(httpA).getString("refresh_token");
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 1; i <= 40; i++) {
                double value = 0.5 + i / 1000.0;
                try {
                  HttpResponse<String> response = putRaw(httpB, KEY, value);
                  if (response.statusCode() == 200) {
                    acknowledged.add(
                        new double[] {new JsonObject(response.body()).getLong("version"), value});
                  }
                } catch (Exception e) {
                  // not acknowledged: a request that failed may or may not have been applied
                }
              }
            });
    await("some writes acknowledged", () -> acknowledged.size() >= 5, Duration.ofSeconds(30));
    a.destroyForcibly();
    assertThat(a.waitFor(10, TimeUnit.SECONDS)).isTrue();
    writer.get(120, TimeUnit.SECONDS);
    double[] last = acknowledged.get(acknowledged.size() - 1);
    assertThat(acknowledged.size()).isGreaterThanOrEqualTo(20);
    JsonObject onB = get(httpB, "/api/v1/config/" + KEY);
    assertThat(onB.getDouble("value")).isEqualTo(last[1]);
    assertThat(onB.getLong("version")).isEqualTo((long) last[0]);
    await(
        "c's bot sees b's last write",
        () -> viewLog().contains((long) last[0] + " " + KEY + "=" + last[1]),
        Duration.ofSeconds(15));
    long readsAfterKill = reads()[0];
    assertThat(readsAfterKill).isGreaterThan(readsBefore);
    await("c's bot keeps reading", () -> reads()[0] > readsAfterKill + 20, Duration.ofSeconds(15));

    // The session a acknowledged outlived a: the cluster's backup of its family answers on b.
    HttpResponse<String> rotatedOnB = refresh(httpB, issuedOnA);
    assertThat(rotatedOnB.statusCode()).as(rotatedOnB.body()).isEqualTo(200);
    String newest = new JsonObject(rotatedOnB.body()).getString("refresh_token");

    a = node("a", "core", "conf-core", hazelcast[0], httpA, SECRET);
    awaitLog("a", "runtime started", a);
    HttpResponse<String> rotatedOnA = refresh(httpA, newest);
    assertThat(rotatedOnA.statusCode()).as(rotatedOnA.body()).isEqualTo(200);
    assertThat(refresh(httpA, issuedOnA).body()).contains("refresh token reuse detected");
    await(
        "a, restarted, serves b's last write",
        () -> {
          JsonObject value = getQuietly(httpA, "/api/v1/config/" + KEY);
          return value != null && value.getLong("version") == (long) last[0];
        },
        Duration.ofSeconds(20));
    assertThat(get(httpA, "/api/v1/config/" + KEY).getDouble("value")).isEqualTo(last[1]);
    // The versions made while a was away are in a's history as b recorded them, not as one jump.
    JsonArray history = get(httpA, "/api/v1/config/history?limit=100").getJsonArray("versions");
    Map<Long, JsonObject> byVersion = new java.util.HashMap<>();
    history.forEach(
        entry -> byVersion.put(((JsonObject) entry).getLong("version"), (JsonObject) entry));
    for (double[] write : acknowledged) {
      JsonObject entry = byVersion.get((long) write[0]);
      assertThat(entry).as("a's history has version %d", (long) write[0]).isNotNull();
      assertThat(entry.getString("source")).isEqualTo("runtime");
      assertThat(entry.getString("reason")).isEqualTo("cluster test");
      assertThat(entry.getJsonArray("changes").getJsonObject(0).getDouble("new"))
          .isEqualTo(write[1]);
    }
    assertThat(get(httpA, "/api/v1/cluster").getJsonArray("members")).hasSize(3);
  }

  // --- helpers ---

  private static void writes(int port, String key, double base, List<Long> versions) {
    for (int i = 1; i <= 12; i++) {
      try {
        // 409: the other node's write moved the version between this write's check and its
        // application (the edge's optimistic guard); a client checks again, as here.
        HttpResponse<String> response = putRaw(port, key, base + i / 1000.0);
        for (int retry = 0; response.statusCode() == 409 && retry < 20; retry++) {
          response = putRaw(port, key, base + i / 1000.0);
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        versions.add(new JsonObject(response.body()).getLong("version"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static String members() {
    return "[\"127.0.0.1:"
        + hazelcast[0]
        + "\", \"127.0.0.1:"
        + hazelcast[1]
        + "\", \"127.0.0.1:"
        + hazelcast[2]
        + "\"]";
  }

  private static void conf(String name, String members, String bots) throws IOException {
    conf(name, members, bots, "keys");
  }

  private static void conf(String name, String members, String bots, String keys)
      throws IOException {
    Path dir = TestConf.copyShipped(root.resolve(name));
    Files.writeString(
        dir.resolve("development.yaml"),
        "trading:\n  dry_run: true\n"
            + "cluster:\n  members: "
            + members
            + "\n  join_timeout_s: 10\n"
            + "security:\n  keys_dir: \""
            + root.resolve(keys)
            + "\"\n"
            // The HTTP edge limits logins per address on each node: this test logs in more often.
            + "  rate_limits:\n    policies:\n"
            + "      login: {capacity: 1000, refill: 1000, period_s: 60}\n"
            + "      cluster_test: {capacity: 5, refill: 5, period_s: 60}\n"
            + "bridge:\n  enabled: false\n"
            + bots);
  }

  private static Process node(
      String name, String role, String conf, int clusterPort, int httpPort, String secret)
      throws IOException {
    return ClusterProcesses.launch(
        root.resolve(name),
        name,
        role,
        root.resolve(conf),
        httpPort,
        Map.of(
            "ANTBOT_CLUSTER__SECRET", secret, "ANTBOT_CLUSTER__PORT", String.valueOf(clusterPort)));
  }

  private static void awaitLog(String node, String text, Process process) throws Exception {
    ClusterProcesses.awaitLog(root.resolve(node), text, process, START);
  }

  private static String viewLog() {
    return read(root.resolve("c/view.log"));
  }

  private static long[] reads() {
    String text = read(root.resolve("c/reads")).strip();
    if (text.isEmpty()) {
      return new long[] {0, 0};
    }
    String[] parts = text.split(" ");
    return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
  }

  private static JsonObject loginPair(int port) throws Exception {
    HttpResponse<String> response =
        loginResponse(port, "admin", Files.readString(root.resolve("keys/admin-password")).strip());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static HttpResponse<String> refresh(int port, String refreshToken) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/refresh"))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(15))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    new JsonObject().put("refresh_token", refreshToken).encode()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> refreshQuietly(int port, String refreshToken) {
    try {
      return refresh(port, refreshToken);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String login(int port, String password) throws Exception {
    HttpResponse<String> response = loginResponse(port, "admin", password);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getString("access_token");
  }

  private static JsonObject get(int port, String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static int status(int port, String path, String bearer) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + bearer)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private static JsonObject getQuietly(int port, String path) {
    try {
      return get(port, path);
    } catch (Exception | AssertionError e) {
      return null;
    }
  }

  private static JsonObject put(int port, String key, Object value) throws Exception {
    HttpResponse<String> response = putRaw(port, key, value);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static HttpResponse<String> putRaw(int port, String key, Object value) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/config/" + key))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(15))
            .PUT(
                HttpRequest.BodyPublishers.ofString(
                    new JsonObject().put("value", value).put("reason", "cluster test").encode()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
