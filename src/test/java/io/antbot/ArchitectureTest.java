package io.antbot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the README's architecture section, read from the sources: a service package
 * never names another service's package, the contract ({@code io.antbot.bus}) names no service, and
 * only {@code io.antbot.vertx} reaches into {@code io.vertx.core.internal}.
 */
class ArchitectureTest {

  private static final Path MAIN = Path.of("src/main/java/io/antbot");
  private static final List<String> SERVICES =
      List.of("config", "security", "logging", "metrics", "web", "bridge");
  private static final Pattern SERVICE_REFERENCE =
      Pattern.compile("\\bio\\.antbot\\.(config|security|logging|metrics|web|bridge)\\.");

  /** Comments and string literals, which may name any class without depending on it. */
  private static final Pattern NOT_CODE =
      Pattern.compile("//[^\\n]*|/\\*[\\s\\S]*?\\*/|\"(?:\\\\.|[^\"\\\\\\n])*\"");

  @Test
  @DisplayName("no service package names another service's package; bus names none")
  void servicesStayApart() throws IOException {
    List<String> violations = new ArrayList<>();
    for (String own : SERVICES) {
      violations.addAll(references(MAIN.resolve(own), own));
    }
    violations.addAll(references(MAIN.resolve("bus"), "bus"));
    assertThat(violations).isEmpty();
  }

  @Test
  @DisplayName("only io.antbot.vertx uses io.vertx.core.internal")
  void internalsBehindOneAdapter() throws IOException {
    List<String> users = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        if (!file.startsWith(MAIN.resolve("vertx"))
            && code(file).contains("io.vertx.core.internal")) {
          users.add(file.toString());
        }
      }
    }
    assertThat(users).isEmpty();
  }

  private static List<String> references(Path dir, String own) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher matcher = SERVICE_REFERENCE.matcher(code(file));
        while (matcher.find()) {
          if (!matcher.group(1).equals(own)) {
            found.add(file + " names io.antbot." + matcher.group(1));
          }
        }
      }
    }
    return found;
  }

  private static String code(Path file) throws IOException {
    return NOT_CODE.matcher(Files.readString(file)).replaceAll(" ");
  }
}
