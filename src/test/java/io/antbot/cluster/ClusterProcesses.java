package io.antbot.cluster;

import io.antbot.testing.FreePorts;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * What the cluster tests need to watch JVM processes from outside: the other JVMs give no signal to
 * wait on but their files and HTTP answers.
 */
final class ClusterProcesses {

  private static final ScheduledExecutorService CHECKS =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "cluster-it-checks");
            thread.setDaemon(true);
            return thread;
          });

  static final String JAR = System.getProperty("antbot.jar", "target/antbot-core.jar");

  private ClusterProcesses() {}

  /**
   * Starts the built runtime as cluster member {@code name} in {@code work} (its console in {@code
   * work/console.log}), with configuration {@code conf}, role {@code role} ({@code null}: alone,
   * without {@code --cluster}), HTTP on {@code httpPort} (0: none) and {@code env} added to the
   * environment (the cluster secret and port, TLS files, an admin password).
   */
  static Process launch(
      Path work, String name, String role, Path conf, int httpPort, Map<String, String> env)
      throws IOException {
    Files.createDirectories(work);
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-cp",
                Path.of(JAR).toAbsolutePath()
                    + File.pathSeparator
                    + Path.of("target/test-classes").toAbsolutePath(),
                "io.antbot.launcher.Main",
                "--conf",
                conf.toString(),
                "--env",
                "development"));
    if (role != null) {
      command.addAll(List.of("--cluster", "--node-name", name, "--role", role));
    }
    if (httpPort > 0) {
      command.addAll(List.of("--port", String.valueOf(httpPort)));
    }
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("console.log").toFile());
    builder.environment().putAll(env);
    return builder.start();
  }

  /**
   * Waits on a future that a scheduler completes once {@code condition} holds (checked every 100
   * ms); fails naming {@code what} when {@code limit} passes first, or with what the condition
   * threw.
   */
  static void await(String what, BooleanSupplier condition, Duration limit) throws Exception {
    CompletableFuture<Void> met = new CompletableFuture<>();
    ScheduledFuture<?> checks =
        CHECKS.scheduleWithFixedDelay(
            () -> {
              try {
                if (condition.getAsBoolean()) {
                  met.complete(null);
                }
              } catch (Throwable failure) {
                met.completeExceptionally(failure);
              }
            },
            0,
            100,
            TimeUnit.MILLISECONDS);
    try {
      met.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(what + " within " + limit);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      checks.cancel(false);
    }
  }

  /**
   * Waits until {@code process}'s console ({@code <dir>/console.log}) shows {@code text}; fails
   * with the console when the process exits first.
   */
  static void awaitLog(Path dir, String text, Process process, Duration limit) throws Exception {
    Path log = dir.resolve("console.log");
    await(
        dir.getFileName() + " logs \"" + text + "\"",
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError(
                dir.getFileName() + " exited " + process.exitValue() + ":\n" + read(log));
          }
          return read(log).contains(text);
        },
        limit);
  }

  /** The file's text; empty when it does not exist (yet) or cannot be read. */
  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** A free port below the ephemeral range ({@link FreePorts}). */
  static int freePort() throws IOException {
    return FreePorts.next();
  }
}
