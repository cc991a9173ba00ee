package io.antbot.config;

import io.antbot.testing.TestConf;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A private copy of the shipped conf/ and a private state directory, and the config service
 * deployed on them.
 */
final class ConfigFixture {

  final Path root;
  final Path conf;
  final Path state;

  ConfigFixture(Path root) {
    this.root = root;
    this.conf = root.resolve("conf");
    this.state = root.resolve("state");
    try {
      Files.createDirectories(conf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestConf.copyShipped(conf);
  }

  Future<String> deploy(Vertx vertx) {
    return deploy(vertx, "development", Map.of(), new JsonObject());
  }

  /** Deploys as cluster node {@code node} (on a clustered {@code vertx}). */
  Future<String> deployNode(Vertx vertx, String node) {
    JsonObject config =
        new JsonObject()
            .put("conf", conf.toString())
            .put("env", "development")
            .put("node", node)
            .put(
                "overrides",
                new JsonObject().put("core", new JsonObject().put("state_dir", state.toString())));
    return vertx.deployVerticle(
        new ConfigVerticle(Map.of(), Clock.systemUTC()), new DeploymentOptions().setConfig(config));
  }

  /**
   * Deploys with environment variables {@code env} and command-line {@code overrides} (the state
   * dir is added).
   */
  Future<String> deploy(
      Vertx vertx, String environment, Map<String, String> env, JsonObject overrides) {
    JsonObject commandLine = overrides.copy();
    JsonObject core = commandLine.getJsonObject("core", new JsonObject());
    commandLine.put("core", core.put("state_dir", state.toString()));
    JsonObject config =
        new JsonObject()
            .put("conf", conf.toString())
            .put("env", environment)
            .put("overrides", commandLine);
    return vertx.deployVerticle(
        new ConfigVerticle(env, Clock.systemUTC()), new DeploymentOptions().setConfig(config));
  }

  Path file(String name) {
    return conf.resolve(name);
  }

  String read(String name) {
    try {
      return Files.readString(file(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void write(String name, String content) {
    try {
      Files.writeString(file(name), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replaces the first occurrence of {@code from} in {@code name}, failing loudly if it is not
   * there.
   */
  void edit(String name, String from, String to) {
    String text = read(name);
    if (!text.contains(from)) {
      throw new IllegalStateException(name + " does not contain " + from);
    }
    write(
        name,
        text.replaceFirst(
            java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
  }

  /** The 1-based line of the first line of {@code name} containing {@code text}. */
  int lineOf(String name, String text) {
    String[] lines = read(name).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(text)) {
        return i + 1;
      }
    }
    throw new IllegalStateException(name + " has no line with " + text);
  }
}
