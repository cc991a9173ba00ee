package io.antbot.cluster;

import io.antbot.client.ConfigClient;
import io.antbot.client.ConfigView;
import io.antbot.client.SecurityClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bot for the cluster tests, deployed by a node's launcher like any bot: it writes what its
 * {@link ConfigView} sees to {@code <dir>/view.log} ({@code <version> <key>=<value>} per change)
 * and reads a key through {@link ConfigClient} every 100 ms, counting answers and failures in
 * {@code <dir>/reads} — what a test process can observe from outside the JVM.
 *
 * <p>Config: {@code {dir: PATH}}.
 */
public class RecorderBot extends VerticleBase {

  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private Path dir;

  @Override
  public Future<?> start() {
    dir = Path.of(config().getString("dir"));
    ConfigClient client = new ConfigClient(vertx, 1_000);
    return ConfigView.open(vertx, client)
        .onSuccess(
            view -> {
              append("started " + view.version());
              view.onChange(
                  "trading",
                  changes ->
                      changes.forEach(
                          change -> {
                            append(view.version() + " " + change.key() + "=" + change.newValue());
                            if ("trading.max_open_positions".equals(change.key())) {
                              rateLimits(String.valueOf(change.newValue()));
                            }
                          }));
              vertx.setPeriodic(
                  100,
                  id ->
                      client
                          .get("trading.max_position_size")
                          .onComplete(value -> count(ok), failure -> count(failed)));
            });
  }

  /**
   * Asked by the test through a config change: 12 checks of the {@code cluster_test} policy (5 a
   * minute, in the test's configuration) on one key, one after the other — the clustered bus sends
   * them to the core nodes by turns — and the number allowed written to {@code ratelimit-<tag>}.
   */
  private void rateLimits(String tag) {
    SecurityClient security = new SecurityClient(vertx);
    Future<Integer> chain = Future.succeededFuture(0);
    for (int i = 0; i < 12; i++) {
      chain =
          chain.compose(
              allowed ->
                  security
                      .checkRateLimit("cluster-it-" + tag, "cluster_test", 1)
                      .map(reply -> allowed + (reply.allowed() ? 1 : 0)));
    }
    chain.onComplete(
        allowed -> write("ratelimit-" + tag, String.valueOf(allowed)),
        failure -> write("ratelimit-" + tag, "failed: " + failure.getMessage()));
  }

  private void count(AtomicLong counter) {
    counter.incrementAndGet();
    write("reads", ok.get() + " " + failed.get());
  }

  private synchronized void append(String line) {
    try {
      Files.writeString(
          dir.resolve("view.log"),
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private synchronized void write(String name, String text) {
    try {
      // Whole or not at all: the test reads it while this writes.
      Path temporary = dir.resolve(name + ".tmp");
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      Files.move(
          temporary,
          dir.resolve(name),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
