package io.antbot.logging;

import io.antbot.testing.TestConf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Deploys the config service on a copy of the shipped conf/ and the logging service writing under a
 * temp dir.
 */
final class LoggingTestSupport {

  private LoggingTestSupport() {}

  /** The log directory used under {@code dir}. */
  static Path logDir(Path dir) {
    return dir.resolve("log");
  }

  /**
   * Config (on a copy of conf/, environment {@code env}, console off, files under {@code dir}/log,
   * then {@code logging} merged over that) and the logging service; completes with the logging
   * deployment id.
   */
  static Future<String> deploy(Vertx vertx, Path dir, String env, JsonObject logging) {
    return deploy(vertx, dir, env, logging, new JsonObject());
  }

  static Future<String> deploy(
      Vertx vertx, Path dir, String env, JsonObject logging, JsonObject otherOverrides) {
    Path conf = TestConf.copyShipped(dir.resolve("conf"));
    JsonObject section =
        new JsonObject()
            .put("dir", logDir(dir).toString())
            .put("console", false)
            .mergeIn(logging, true);
    JsonObject overrides = otherOverrides.copy().put("logging", section);
    return TestConf.deployConfig(vertx, conf, env, overrides)
        .compose(id -> vertx.deployVerticle(new LoggingVerticle()));
  }

  /** Every line of every {@code *.json} file of {@code dir}. */
  static List<String> jsonLines(Path dir) {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  /** See {@link io.antbot.testing.Eventually}. */
  static Future<Void> eventually(Vertx vertx, long timeoutMs, Supplier<Future<Boolean>> check) {
    return io.antbot.testing.Eventually.eventually(vertx, timeoutMs, check);
  }
}
