package io.antbot.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.testing.FreePorts;
import io.antbot.testing.TestConf;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged fat jar, run as a user runs it: a separate process, real signals, real exit codes.
 */
class FatJarIT {

  private static final String JAR = System.getProperty("antbot.jar", "target/antbot-core.jar");

  private static Process start(String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).start();
  }

  private static int freePort() throws IOException {
    return FreePorts.next();
  }

  /**
   * Waits until {@code file} contains {@code text}, woken by the file system each time the file's
   * directory changes (no polling); fails when the process ends first or the time is up. The
   * console goes to a file here because {@code Process.destroy()} closes a pipe's reading end.
   */
  private static void awaitText(Path file, String text, Process process, Duration limit)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    try (java.nio.file.WatchService watcher = file.getFileSystem().newWatchService()) {
      file.toAbsolutePath()
          .getParent()
          .register(
              watcher,
              java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY,
              java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
      while (!Files.readString(file).contains(text)) {
        long left = deadline - System.nanoTime();
        assertThat(process.isAlive() && left > 0)
            .as("\"" + text + "\" in the console:\n" + Files.readString(file))
            .isTrue();
        java.nio.file.WatchKey key =
            watcher.poll(Math.min(left, 1_000_000_000L), TimeUnit.NANOSECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
    }
  }

  /**
   * Starts the jar in {@code work} (its working directory, so the shipped relative paths such as
   * {@code var/state} land there and never in the project), console and errors to {@code output}.
   */
  private static Process startIn(Path work, Path output, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of(JAR).toAbsolutePath().toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .directory(work.toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }

  /**
   * The process's threads, for a failure message: a start that does not finish says where it stands
   * instead of only that it timed out.
   */
  private static String threadDump(Process process) {
    try {
      Process jcmd =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  String.valueOf(process.pid()),
                  "Thread.print")
              .redirectErrorStream(true)
              .start();
      String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      jcmd.waitFor(20, TimeUnit.SECONDS);
      return dump;
    } catch (IOException e) {
      return "no thread dump: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "no thread dump: interrupted";
    }
  }

  @Test
  @DisplayName(
      "the fat jar starts on the shipped conf/, answers ready, serves the console, and stops cleanly on SIGTERM within 10 s")
  void startsAndStops(@TempDir Path work) throws Exception {
    TestConf.copyShipped(work.resolve("conf"));
    Path output = work.resolve("output.txt");
    int port = freePort();
    Process process =
        startIn(
            work, output, "--conf", "conf", "--env", "development", "--port", String.valueOf(port));
    try {
      try {
        awaitText(output, "runtime started", process, Duration.ofSeconds(90));
      } catch (AssertionError notStarted) {
        throw new AssertionError(
            notStarted.getMessage() + "\nthreads of the process:\n" + threadDump(process),
            notStarted);
      }
      assertThat(Files.readString(output))
          .as("no Micrometer registration warning at start")
          .doesNotContain("already registered");
      // core.compact_after_start (on by default): the start's garbage collected once it started,
      // and the heap it used given back (never grown by it).
      awaitText(output, "start-up memory released", process, Duration.ofSeconds(30));
      java.util.regex.Matcher released =
          java.util.regex.Pattern.compile(
                  "start-up memory released: heap used (\\d+) MB -> (\\d+) MB, committed (\\d+) MB"
                      + " -> (\\d+) MB")
              .matcher(Files.readString(output));
      assertThat(released.find()).as("the release names its figures").isTrue();
      // Not strictly less: the figures are whole megabytes, and a young collection during the start
      // can leave the full one little to free (17 MB -> 17 MB was seen once on CI).
      assertThat(Long.parseLong(released.group(2)))
          .as("heap in use after the collection")
          .isLessThanOrEqualTo(Long.parseLong(released.group(1)));
      assertThat(Long.parseLong(released.group(4)))
          .as("heap committed after the collection")
          .isLessThanOrEqualTo(Long.parseLong(released.group(3)));
      HttpResponse<String> ready =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      HttpResponse<String> console =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/console/js/app.js"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(console.statusCode()).as("the console is served from the jar").isEqualTo(200);
      assertThat(console.headers().firstValue("Content-Security-Policy")).isPresent();
      process.destroy();
      assertThat(process.waitFor(10, TimeUnit.SECONDS))
          .as("exited within 10 s:\n" + Files.readString(output))
          .isTrue();
      assertThat(process.exitValue()).as(Files.readString(output)).isZero();
      assertThat(work.resolve("var/audit/audit.jsonl"))
          .as("the shipped relative paths resolve in the working directory")
          .exists();
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  @DisplayName(
      "a stop that cannot write acknowledged audit entries (disk full) exits 1 and says how many were lost")
  void stopWithUnwrittenAuditExitsOne(@TempDir Path work) throws Exception {
    Path full = Path.of("/dev/full");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full), "needs Linux /dev/full");
    Path conf = TestConf.copyIsolated(work.resolve("conf"));
    int port = freePort();
    Path output = work.resolve("output.txt");
    Process process =
        startIn(
            work,
            output,
            "--conf",
            conf.toString(),
            "--env",
            "development",
            "--port",
            String.valueOf(port));
    try {
      awaitText(output, "runtime started", process, Duration.ofSeconds(60));
      // The disk fills under the audit trail: every write to its file now fails with ENOSPC.
      Path audit = conf.resolve("var/audit/audit.jsonl");
      assertThat(audit).exists();
      Files.delete(audit);
      Files.createSymbolicLink(audit, full);
      HttpResponse<String> refused =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/api/v1/auth/login"))
                      .timeout(Duration.ofSeconds(10))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"username\":\"admin\",\"password\":\"not-the-password\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
      process.destroy();
      assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("exited within 15 s").isTrue();
      assertThat(process.exitValue()).as("an unclean stop is not exit 0").isEqualTo(1);
      // Logging stops before security, so the last words are on the console, as a supervisor's
      // journal keeps them.
      assertThat(Files.readString(output))
          .contains("1 audit entries could not be written before the stop and are lost")
          .contains("the stop was not clean, exit status 1");
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  @DisplayName("an invalid configuration exits 1 with one line naming the service and the cause")
  void invalidConfigExitsOne(@TempDir Path conf) throws Exception {
    Files.writeString(conf.resolve("application.yaml"), "http:\n  port: [\n");
    Process process = start("--conf", conf.toString(), "--env", "production");
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(stderr.lines().toList()).hasSize(1);
    assertThat(stderr).startsWith("config: " + conf.resolve("application.yaml") + ":");
  }

  @Test
  @DisplayName("a wrong flag prints usage and exits 2")
  void wrongFlagExitsTwo() throws Exception {
    Process process = start("--frobnicate");
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(stderr).startsWith("antbot-core: unknown option: --frobnicate\nUsage: antbot-core");
  }
}
