package io.antbot.cluster;

import static io.antbot.cluster.ClusterProcesses.await;
import static io.antbot.cluster.ClusterProcesses.freePort;
import static io.antbot.cluster.ClusterProcesses.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.testing.TestConf;
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
import java.util.List;
import java.util.Map;
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
 * The clustered event bus with mutual TLS ({@code cluster.tls.cert/key/ca}), in JVM processes on
 * loopback: a core node and a bots node whose certificates the cluster's CA signed exchange bus
 * messages; a third node whose certificate another CA signed joins Hazelcast (it has the secret)
 * but cannot exchange a single bus message with them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTlsIT {

  private static final String SECRET = "cluster-tls-it-secret-0123456789";
  private static final String KEY = "trading.max_position_size";
  private static final Duration START = Duration.ofSeconds(120);

  @TempDir static Path root;
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final List<Process> processes = new ArrayList<>();
  private static int[] hazelcast;
  private static int httpCore;
  private static Process core;
  private static Process bots;
  private static String token;

  @BeforeAll
  static void formCluster() throws Exception {
    TestCertificateAuthority ca = TestCertificateAuthority.create("antbot cluster CA");
    ca.writeCertificate(root.resolve("tls/ca.pem"));
    ca.issue(root.resolve("tls/core"), "core");
    ca.issue(root.resolve("tls/bots"), "bots");
    TestCertificateAuthority.create("someone else's CA").issue(root.resolve("tls/rogue"), "rogue");
    hazelcast = new int[] {freePort(), freePort(), freePort()};
    httpCore = freePort();
    String members =
        "[\"127.0.0.1:"
            + hazelcast[0]
            + "\", \"127.0.0.1:"
            + hazelcast[1]
            + "\", \"127.0.0.1:"
            + hazelcast[2]
            + "\"]";
    conf("conf-core", members, "bots: []\n");
    conf(
        "conf-bots",
        members,
        "bots:\n  - name: recorder\n    class: "
            + RecorderBot.class.getName()
            + "\n    config:\n      dir: \""
            + root.resolve("bots")
            + "\"\n");
    core = node("core", "core", "conf-core", hazelcast[0], httpCore);
    awaitLog("core", "runtime started", core);
    token = login(Files.readString(root.resolve("keys/admin-password")).strip());
    bots = node("bots", "bots", "conf-bots", hazelcast[1], 0);
    awaitLog("bots", "runtime started", bots);
  }

  @AfterAll
  static void stop() throws Exception {
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    // The nodes' consoles outlive the temporary directory, for a failure to be read.
    Path kept = Files.createDirectories(Path.of("target/cluster-tls-it"));
    for (String node : List.of("core", "bots", "rogue")) {
      Path console = root.resolve(node + "/console.log");
      if (Files.exists(console)) {
        Files.copy(
            console,
            kept.resolve(node + ".log"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  @Test
  @Order(1)
  @DisplayName(
      "two nodes with certificates of the cluster's CA talk over the TLS bus: a change on the core"
          + " node reaches the bot on the bots node, whose reads are answered")
  void tlsNodesTalk() throws Exception {
    long version = put(0.27).getLong("version");
    await(
        "the bots node's bot sees version " + version,
        () -> read(root.resolve("bots/view.log")).contains(version + " " + KEY + "=0.27"),
        Duration.ofSeconds(15));
    long answered = reads()[0];
    await("the bot's reads are answered", () -> reads()[0] > answered + 5, Duration.ofSeconds(15));
  }

  @Test
  @Order(2)
  @DisplayName(
      "a node whose certificate another CA signed exchanges no bus message: it logs the refused"
          + " handshake, exits 1 saying why, and the TLS nodes go on")
  void foreignCertificateRefused() throws Exception {
    long failedBefore = reads()[1];
    Process rogue = node("rogue", "bots", "conf-core", hazelcast[2], 0);
    assertThat(rogue.waitFor(90, TimeUnit.SECONDS)).as("the rogue node gives up").isTrue();
    assertThat(rogue.exitValue()).isEqualTo(1);
    String out = read(root.resolve("rogue/console.log"));
    assertThat(out.strip().lines().reduce((x, y) -> y).orElse(""))
        .contains("no core node")
        .contains("cluster.tls");
    // Its event bus client is refused by the core node's server, which requires a certificate of
    // the cluster's CA: every request it sent timed out.
    assertThat(out)
        .contains("SSLHandshakeException: Received fatal alert: bad_certificate")
        .contains("Timed out after waiting");
    await(
        "the core node sees the rogue node leave",
        () -> read(root.resolve("core/console.log")).contains("cluster member left: rogue"),
        Duration.ofSeconds(15));

    long version = put(0.28).getLong("version");
    await(
        "the bots node's bot sees version " + version,
        () -> read(root.resolve("bots/view.log")).contains(version + " " + KEY + "=0.28"),
        Duration.ofSeconds(15));
    long answered = reads()[0];
    await("the bot's reads are answered", () -> reads()[0] > answered + 5, Duration.ofSeconds(15));
    assertThat(reads()[1]).as("the bot's failed reads").isEqualTo(failedBefore);
    JsonObject cluster = get("/api/v1/cluster");
    assertThat(cluster.getJsonArray("members")).hasSize(2);
  }

  // --- helpers ---

  private static void conf(String name, String members, String bots) throws IOException {
    Path dir = TestConf.copyShipped(root.resolve(name));
    Files.writeString(
        dir.resolve("development.yaml"),
        "trading:\n  dry_run: true\n"
            + "cluster:\n  members: "
            + members
            + "\n  join_timeout_s: 10\n"
            + "security:\n  keys_dir: \""
            + root.resolve("keys")
            + "\"\n"
            + "bridge:\n  enabled: false\n"
            + bots);
  }

  /** A node with the certificate and key of {@code tls/<name>}, trusting the cluster's CA. */
  private static Process node(String name, String role, String conf, int clusterPort, int httpPort)
      throws IOException {
    Process process =
        ClusterProcesses.launch(
            root.resolve(name),
            name,
            role,
            root.resolve(conf),
            httpPort,
            Map.of(
                "ANTBOT_CLUSTER__SECRET",
                SECRET,
                "ANTBOT_CLUSTER__PORT",
                String.valueOf(clusterPort),
                "ANTBOT_CLUSTER__TLS__CERT",
                root.resolve("tls/" + name + "/cert.pem").toString(),
                "ANTBOT_CLUSTER__TLS__KEY",
                root.resolve("tls/" + name + "/key.pem").toString(),
                "ANTBOT_CLUSTER__TLS__CA",
                root.resolve("tls/ca.pem").toString()));
    processes.add(process);
    return process;
  }

  private static void awaitLog(String node, String text, Process process) throws Exception {
    ClusterProcesses.awaitLog(root.resolve(node), text, process, START);
  }

  private static long[] reads() {
    String text = read(root.resolve("bots/reads")).strip();
    if (text.isEmpty()) {
      return new long[] {0, 0};
    }
    String[] parts = text.split(" ");
    return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
  }

  private static String login(String password) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpCore + "/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("username", "admin")
                            .put("password", password)
                            .encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getString("access_token");
  }

  private static JsonObject get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpCore + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static JsonObject put(double value) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpCore + "/api/v1/config/" + KEY))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(15))
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject().put("value", value).put("reason", "tls test").encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }
}
