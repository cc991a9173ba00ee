package io.antbot.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.testing.FreePorts;
import io.antbot.testing.TestConf;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault suite's crash check: the packaged runtime is killed with {@code SIGKILL} while a client
 * writes through the API, then started again on the same directories; every write it acknowledged
 * (a 2xx) is there, the audit trail verifies, and it serves. Several rounds, each at a random
 * moment (seeded: {@code -Dantbot.fault.seed}).
 */
class KillNineIT {

  private static final Logger log = LoggerFactory.getLogger(KillNineIT.class);
  private static final String JAR =
      Path.of(System.getProperty("antbot.jar", "target/antbot-core.jar"))
          .toAbsolutePath()
          .toString();
  private static final String PASSWORD = "kill-nine-admin-password";
  private static final int ROUNDS = 3;

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  @DisplayName(
      "kill -9 under flag and user writes, several rounds: every acknowledged write survives (each user logs "
          + "in with its acknowledged password), the audit trail verifies")
  void acknowledgedWritesSurvive() throws Exception {
    long seed = Long.getLong("antbot.fault.seed", System.nanoTime());
    log.info("kill -9 seed {} (replay with -Dantbot.fault.seed={})", seed, seed);
    Random random = new Random(seed);
    Path conf = TestConf.copyIsolated(dir.resolve("conf"));
    Files.writeString(
        conf.resolve("staging.yaml"),
        """

      security:
        bcrypt_cost: 4
        rsa: {key_bits: 2048}
        jwt: {rsa_bits: 2048}
        rate_limits:
          policies:
            ip: {capacity: 100000, refill: 100000, period_s: 60}
            user: {capacity: 100000, refill: 100000, period_s: 60}
            login: {capacity: 100000, refill: 100000, period_s: 60}
      """,
        StandardOpenOption.APPEND);
    List<String> acknowledged = new CopyOnWriteArrayList<>();
    // User name → the passwords it may have after the crash: the acknowledged one, and a change in
    // flight when killed.
    Map<String, List<String>> users = new ConcurrentHashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      int port = freePort();
      Process process = start(conf, port);
      try {
        String token = login(port);
        // After each restart, not only the last: a later round's writes must not hide an earlier
        // round's loss.
        assertThat(lostUsers(port, users))
            .as("round " + round + ": acknowledged users who cannot log in")
            .isEmpty();
        AtomicBoolean stop = new AtomicBoolean();
        int thisRound = round;
        int killAfter = 5 + random.nextInt(40);
        CompletableFuture<Void> reached = new CompletableFuture<>();
        CompletableFuture<Void> writer =
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; !stop.get(); i++) {
                    if (i == killAfter) {
                      reached.complete(null);
                    }
                    String flag = "crash_r" + thisRound + "_" + i;
                    try {
                      HttpResponse<String> put =
                          send(
                              port,
                              token,
                              "PUT",
                              "/api/v1/features/" + flag,
                              new JsonObject()
                                  .put("value", new JsonObject().put("enabled", true))
                                  .encode());
                      if (put.statusCode() / 100 == 2) {
                        acknowledged.add(flag);
                      }
                    } catch (Exception e) {
                      return;
                    }
                  }
                });
        // A second client adds users and changes their passwords meanwhile (users.json, sessions,
        // the audit trail).
        CompletableFuture<Void> accounts =
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; !stop.get(); i++) {
                    String name = "kn" + thisRound + "u" + i;
                    try {
                      String first = "first-password-" + name;
                      HttpResponse<String> added =
                          send(
                              port,
                              token,
                              "POST",
                              "/api/v1/users",
                              new JsonObject()
                                  .put("username", name)
                                  .put("password", first)
                                  .put("roles", new JsonArray().add("viewer"))
                                  .encode());
                      if (added.statusCode() != 201) {
                        continue;
                      }
                      users.put(name, List.of(first));
                      if (i % 2 == 0) {
                        String second = "second-password-" + name;
                        users.put(
                            name,
                            List.of(second, first)); // in flight: either may be the one on disk
                        HttpResponse<String> changed =
                            send(
                                port,
                                token,
                                "PATCH",
                                "/api/v1/users/" + name,
                                new JsonObject().put("password", second).encode());
                        users.put(
                            name, changed.statusCode() == 200 ? List.of(second) : List.of(first));
                      }
                    } catch (Exception e) {
                      return;
                    }
                  }
                });
        // Killed while the writers go on: the last writes are in flight, some acknowledged and some
        // not.
        reached.get(60, TimeUnit.SECONDS);
        process.destroyForcibly();
        stop.set(true);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        writer.get(20, TimeUnit.SECONDS);
        accounts.get(20, TimeUnit.SECONDS);
      } finally {
        process.destroyForcibly();
      }
    }
    assertThat(acknowledged).as("acknowledged writes across the rounds").isNotEmpty();

    int port = freePort();
    Process process = start(conf, port);
    try {
      String token = login(port);
      JsonObject features =
          new JsonObject(send(port, token, "GET", "/api/v1/features", null).body());
      assertThat(features.getJsonObject("value").fieldNames()).containsAll(acknowledged);
      assertThat(users).as("acknowledged user additions across the rounds").isNotEmpty();
      assertThat(lostUsers(port, users))
          .as("acknowledged users who cannot log in with an acknowledged password")
          .isEmpty();
      JsonObject verified =
          new JsonObject(send(port, token, "POST", "/api/v1/security/audit/verify", null).body());
      assertThat(verified.getBoolean("intact")).as(verified.encode()).isTrue();
      log.info(
          "kill -9: {} acknowledged flag writes and {} users over {} rounds, all present; audit {}",
          acknowledged.size(),
          users.size(),
          ROUNDS,
          verified.encode());
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
      process.destroyForcibly();
    }
  }

  /**
   * The acknowledged users who cannot log in with any password they may hold, with what the login
   * answers.
   */
  private List<String> lostUsers(int port, Map<String, List<String>> users) throws Exception {
    List<String> lost = new ArrayList<>();
    for (Map.Entry<String, List<String>> user : users.entrySet()) {
      boolean in = false;
      for (String password : user.getValue()) {
        HttpResponse<String> login =
            send(
                port,
                null,
                "POST",
                "/api/v1/auth/login",
                new JsonObject().put("username", user.getKey()).put("password", password).encode());
        if (login.statusCode() == 200) {
          in = true;
          break;
        }
      }
      if (!in) {
        lost.add(
            user.getKey()
                + " "
                + user.getValue()
                + ": "
                + send(
                        port,
                        null,
                        "POST",
                        "/api/v1/auth/login",
                        new JsonObject()
                            .put("username", user.getKey())
                            .put("password", user.getValue().get(0))
                            .encode())
                    .body());
      }
    }
    return lost;
  }

  private Process start(Path conf, int port) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR,
                "--conf",
                conf.toString(),
                "--env",
                "staging",
                "--port",
                String.valueOf(port)));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().put("ANTBOT_ADMIN_PASSWORD", PASSWORD);
    Process process = builder.start();
    CompletableFuture<String> started =
        CompletableFuture.supplyAsync(
            () -> {
              StringBuilder seen = new StringBuilder();
              try {
                BufferedReader reader =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = reader.readLine()) != null) {
                  seen.append(line).append('\n');
                  if (line.contains("runtime started")) {
                    CompletableFuture.runAsync(() -> reader.lines().forEach(l -> {}));
                    return seen.toString();
                  }
                }
              } catch (IOException e) {
                seen.append(e);
              }
              throw new IllegalStateException("the runtime did not start:\n" + seen);
            });
    started.get(90, TimeUnit.SECONDS);
    return process;
  }

  private String login(int port) throws Exception {
    HttpResponse<String> response =
        send(
            port,
            null,
            "POST",
            "/api/v1/auth/login",
            new JsonObject().put("username", "admin").put("password", PASSWORD).encode());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getString("access_token");
  }

  private HttpResponse<String> send(int port, String token, String method, String path, String json)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json))
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    return FreePorts.next();
  }
}
