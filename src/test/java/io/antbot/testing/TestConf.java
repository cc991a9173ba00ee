package io.antbot.testing;

import io.antbot.config.ConfigVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Test support: a private copy of the shipped {@code conf/} directory, and the config service
 * deployed on it.
 */
public final class TestConf {

  private TestConf() {}

  /**
   * Copies every file of the project's {@code conf/} (recursively) into {@code dir} and returns
   * {@code dir}.
   */
  public static Path copyShipped(Path dir) {
    Path source = Path.of("conf");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path target = dir.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /**
   * {@link #copyShipped} for tests that start the whole runtime: every {@code var/...} path in the
   * copied YAML files (state, logs, keys, audit) is moved under {@code dir/var/}, so nothing is
   * read from or left in the project's {@code var/}.
   */
  public static Path copyIsolated(Path dir) {
    copyShipped(dir);
    String var = dir.resolve("var").toString() + "/";
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        String text = Files.readString(file);
        Files.writeString(
            file,
            text.replaceAll("(:\\s+)var/", "$1" + java.util.regex.Matcher.quoteReplacement(var)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /**
   * Deploys the config service on {@code confDir} for {@code env}, with command-line style {@code
   * overrides}.
   *
   * <p>Unless {@code overrides} sets {@code core.state_dir}, the service keeps its state (runtime
   * overrides, history) in {@code <confDir>/.state}, so that a test never reads or leaves state in
   * the project's {@code var/state}.
   */
  public static Future<String> deployConfig(
      Vertx vertx, Path confDir, String env, JsonObject overrides) {
    JsonObject commandLine = overrides.copy();
    JsonObject core = commandLine.getJsonObject("core", new JsonObject());
    if (!core.containsKey("state_dir")) {
      commandLine.put("core", core.put("state_dir", confDir.resolve(".state").toString()));
    }
    JsonObject config =
        new JsonObject()
            .put("conf", confDir.toString())
            .put("env", env)
            .put("overrides", commandLine);
    return vertx.deployVerticle(new ConfigVerticle(), new DeploymentOptions().setConfig(config));
  }
}
