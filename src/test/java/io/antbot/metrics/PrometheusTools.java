package io.antbot.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Prometheus tools the tests check the exposition with: {@code promtool} (Debian package
 * {@code prometheus}) and the reference Python parser ({@code python3-prometheus-client}); {@code
 * scripts/ci-deps.sh} installs both. Under CI ({@code CI=true}) a missing tool fails the test;
 * elsewhere the test is skipped.
 */
final class PrometheusTools {

  /** A finished process: its exit code and what it wrote. */
  record Result(int exit, String out, String err) {}

  private static final java.util.function.Supplier<Path> SCRIPT =
      new java.util.function.Supplier<>() {
        private Path extracted;

        @Override
        public synchronized Path get() {
          if (extracted == null) {
            extracted = extractScript();
          }
          return extracted;
        }
      };
  private static String python;

  private PrometheusTools() {}

  static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  private static void missing(String what) {
    String text =
        what
            + " is not installed: run scripts/ci-deps.sh (apt-get install prometheus python3-prometheus-client)";
    if (underCi()) {
      fail(text);
    }
    Assumptions.abort(text);
  }

  static String promtool() {
    for (String candidate : List.of("/usr/bin/promtool", "/usr/local/bin/promtool")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    missing("promtool");
    return null;
  }

  /**
   * A Python interpreter that can import prometheus_client (the Debian package installs it for
   * /usr/bin/python3).
   */
  static synchronized String python() {
    if (python != null) {
      return python;
    }
    for (String candidate : List.of("/usr/bin/python3", "python3")) {
      try {
        if (run(List.of(candidate, "-c", "import prometheus_client"), "").exit() == 0) {
          python = candidate;
          return candidate;
        }
      } catch (UncheckedIOException notThere) {
        // try the next one
      }
    }
    missing("python3-prometheus-client");
    return null;
  }

  /** {@code promtool check metrics} on {@code text}: must exit 0 without a single lint remark. */
  static void checkMetrics(String text) {
    Result result = run(List.of(promtool(), "check", "metrics"), text);
    assertThat(result.out() + result.err()).as("promtool check metrics output").isBlank();
    assertThat(result.exit()).as("promtool check metrics exit code").isZero();
  }

  /** {@code promtool check rules} on {@code file}. */
  static Result checkRules(Path file) {
    return run(List.of(promtool(), "check", "rules", file.toString()), "");
  }

  /**
   * The families of {@code text} as the Python client parses them: {@code {family: {type, help,
   * samples}}}.
   */
  static JsonObject parse(String text, String format) {
    Result result = run(List.of(python(), SCRIPT.get().toString(), format), text);
    assertThat(result.exit()).as("python parser: " + result.err()).isZero();
    return new JsonObject(result.out());
  }

  private static Path extractScript() {
    try (InputStream in = PrometheusTools.class.getResourceAsStream("parse_exposition.py")) {
      Path script = Files.createTempFile("parse_exposition", ".py");
      Files.write(script, in.readAllBytes());
      script.toFile().deleteOnExit();
      return script;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Result run(List<String> command, String stdin) {
    try {
      Path errors = Files.createTempFile("prometheus-tool", ".err");
      try {
        Process process =
            new ProcessBuilder(new ArrayList<>(command))
                .redirectError(ProcessBuilder.Redirect.to(errors.toFile()))
                .start();
        Thread writer =
            new Thread(
                () -> {
                  try (var in = process.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                  } catch (IOException ignored) {
                    // the process may exit before reading everything; its exit code tells
                  }
                });
        writer.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          fail(command + " did not finish in 60 s");
        }
        writer.join();
        return new Result(process.exitValue(), out, Files.readString(errors));
      } finally {
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
