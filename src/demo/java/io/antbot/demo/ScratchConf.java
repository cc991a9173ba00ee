package io.antbot.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * A private copy of a configuration directory for one demo run, so the run never reads or leaves
 * state in the project: {@code <dir>/conf} holds the copy, and every relative {@code var/...} path
 * of its YAML files (state, logs, keys, audit) is rewritten to {@code <dir>/var/...}. The
 * hot-reload steps edit the copy, never the original.
 */
final class ScratchConf {

  private final Path dir;
  private final Path conf;

  private ScratchConf(Path dir) {
    this.dir = dir;
    this.conf = dir.resolve("conf");
  }

  /** Copies {@code source} into a new temporary directory. */
  static ScratchConf copy(Path source) throws IOException {
    if (!Files.isDirectory(source)) {
      throw new IOException(source + ": not a directory");
    }
    ScratchConf scratch = new ScratchConf(Files.createTempDirectory("antbot-demo-"));
    String var = Matcher.quoteReplacement(scratch.dir.resolve("var") + "/");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path target = scratch.conf.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (file.toString().endsWith(".yaml")) {
          Files.writeString(target, Files.readString(file).replaceAll("(:\\s+)var/", "$1" + var));
        } else {
          Files.copy(file, target);
        }
      }
    }
    return scratch;
  }

  /** The temporary directory: {@code conf/} and {@code var/}. */
  Path dir() {
    return dir;
  }

  /** The configuration copy the runtime runs on. */
  Path conf() {
    return conf;
  }

  /** Deletes the whole directory; what cannot be deleted is left. */
  void delete() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is not worth failing the demo for
    }
  }
}
