package io.antbot.security;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** The config and security services deployed in a scratch directory, for benchmarks. */
final class BenchServices implements AutoCloseable {

  static final String PASSWORD = SecurityTestSupport.ADMIN_PASSWORD;

  final Vertx vertx = Vertx.vertx();
  final Path dir;

  BenchServices(JsonObject overrides) {
    try {
      dir = Files.createTempDirectory("antbot-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SecurityTestSupport.deploy(
            vertx,
            dir,
            overrides,
            "development",
            Clock.systemUTC(),
            Map.of("ANTBOT_ADMIN_PASSWORD", PASSWORD))
        .await();
  }

  @Override
  public void close() {
    vertx.close().await();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
