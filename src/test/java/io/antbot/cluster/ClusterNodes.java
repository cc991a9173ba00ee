package io.antbot.cluster;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runtime JVMs started as cluster members under one directory, driven over HTTP as an operator
 * would: each node runs the built jar in its own process (so that a kill or a stop is a real
 * signal), logs to {@code <root>/<name>/console.log}, and shares {@code <root>/keys} with the
 * others.
 */
final class ClusterNodes implements AutoCloseable {

  static final Duration START = Duration.ofSeconds(120);
  private static final String ADMIN_PASSWORD = "cluster-nodes-admin-password-0123";

  private final Path root;
  private final String secret;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private String token;

  ClusterNodes(Path root, String secret) {
    this.root = root;
    this.secret = secret;
  }

  /**
   * Writes a configuration directory {@code name}: the shipped files with {@code development.yaml}
   * naming the members, the shared keys directory and {@code extra} YAML (whole sections).
   */
  void conf(String name, List<Integer> hazelcastPorts, String cluster, String extra)
      throws IOException {
    StringBuilder members = new StringBuilder("[");
    for (int port : hazelcastPorts) {
      members.append(members.length() > 1 ? ", " : "").append("\"127.0.0.1:").append(port);
      members.append('"');
    }
    members.append(']');
    Path dir = TestConf.copyShipped(root.resolve(name));
    Files.writeString(
        dir.resolve("development.yaml"),
        "trading:\n  dry_run: true\n"
            + "cluster:\n  members: "
            + members
            + "\n"
            + cluster
            + "security:\n  keys_dir: \""
            + root.resolve("keys")
            + "\"\n"
            + "  rate_limits:\n    policies:\n"
            + "      login: {capacity: 1000, refill: 1000, period_s: 60}\n"
            + "bridge:\n  enabled: false\n"
            + extra);
  }

  /** Starts node {@code name} with configuration {@code conf}, as a core node serving HTTP. */
  Process start(String name, String conf, int clusterPort, int httpPort) throws IOException {
    Process process =
        ClusterProcesses.launch(
            root.resolve(name),
            name,
            "core",
            root.resolve(conf),
            httpPort,
            Map.of(
                "ANTBOT_CLUSTER__SECRET",
                secret,
                "ANTBOT_CLUSTER__PORT",
                String.valueOf(clusterPort),
                // The nodes start at once: each would otherwise make a password for the first
                // account.
                "ANTBOT_ADMIN_PASSWORD",
                ADMIN_PASSWORD));
    processes.put(name, process);
    return process;
  }

  /**
   * Makes the shared keys before core nodes start together, as docs/cluster.md tells an operator:
   * {@code antbot-core keys init}, a process of its own, on the nodes' configuration. Nodes that
   * each made their own would not start: their keys differ. Returns the fingerprint it printed.
   */
  String makeKeys(String conf) throws Exception {
    Path work = root.resolve("keys-maker");
    Files.createDirectories(work);
    Process init =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                Path.of(ClusterProcesses.JAR).toAbsolutePath().toString(),
                "io.antbot.launcher.Main",
                "keys",
                "init",
                "--conf",
                root.resolve(conf).toString(),
                "--env",
                "development")
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("console.log").toFile())
            .start();
    assertThat(init.waitFor(60, TimeUnit.SECONDS)).as("keys init ends").isTrue();
    String out = Files.readString(work.resolve("console.log"));
    assertThat(init.exitValue()).as(out).isZero();
    java.util.regex.Matcher fingerprint =
        java.util.regex.Pattern.compile("(?m)^fingerprint ([0-9a-f]{32})$").matcher(out);
    assertThat(fingerprint.find()).as(out).isTrue();
    return fingerprint.group(1);
  }

  /** Waits until node {@code name}'s console shows {@code text}; fails at once if it exited. */
  void awaitLog(String name, String text) throws Exception {
    ClusterProcesses.awaitLog(root.resolve(name), text, processes.get(name), START);
  }

  /** Sends {@code SIGSTOP} or {@code SIGCONT} to node {@code name}: frozen, it is silent. */
  void signal(String name, String signal) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, String.valueOf(processes.get(name).pid()))
            .inheritIO()
            .start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -" + signal).isZero();
  }

  void login(int port) throws Exception {
    String password = ADMIN_PASSWORD;
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(15))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("username", "admin")
                            .put("password", password)
                            .encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    token = new JsonObject(response.body()).getString("access_token");
  }

  HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(15))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@link #get}, 200 expected, as JSON; {@code null} on any failure (for polling). */
  JsonObject getQuietly(int port, String path) {
    try {
      HttpResponse<String> response = get(port, path);
      return response.statusCode() == 200 ? new JsonObject(response.body()) : null;
    } catch (Exception e) {
      return null;
    }
  }

  HttpResponse<String> put(int port, String key, Object value) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/config/" + key))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .PUT(
                HttpRequest.BodyPublishers.ofString(
                    new JsonObject().put("value", value).put("reason", "cluster test").encode()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** How many members node at {@code port} lists, or -1 when it does not answer. */
  int members(int port) {
    JsonObject cluster = getQuietly(port, "/api/v1/cluster");
    return cluster == null ? -1 : cluster.getJsonArray("members").size();
  }

  String log(String name) {
    return ClusterProcesses.read(root.resolve(name).resolve("console.log"));
  }

  /** Resumes any frozen node, then stops every node (forcibly after 20 s). */
  @Override
  public void close() throws Exception {
    for (Map.Entry<String, Process> node : processes.entrySet()) {
      if (node.getValue().isAlive()) {
        try {
          signal(node.getKey(), "CONT");
        } catch (Exception | AssertionError e) {
          // stopped below either way
        }
        node.getValue().destroy();
      }
    }
    for (Process process : processes.values()) {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
