package io.antbot.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.antbot.logging.LoggingOptions;
import io.antbot.metrics.MetricsOptions;
import io.antbot.security.SecurityOptions;
import io.antbot.security.behaviour.AnomalyOptions;
import io.antbot.security.behaviour.LockoutOptions;
import io.antbot.security.iplist.IpListOptions;
import io.antbot.security.ratelimit.RateLimitOptions;
import io.antbot.security.threat.ThreatOptions;
import io.antbot.web.HttpOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The schema is the one place where a key's type, range, default and live-or-restart are stated:
 * every options record reads through it, and nothing in Java repeats it.
 */
class SettingsSchemaTest {

  private static final Path MAIN = Path.of("src/main/java/io/antbot");

  @Test
  @DisplayName("the packaged schema is conf/schema.yaml, byte for byte")
  void packagedIsConf() throws Exception {
    assertThat(Settings.shippedText()).isEqualTo(Files.readString(Path.of("conf/schema.yaml")));
  }

  @Test
  @DisplayName(
      "every options record reads only keys the schema has, with the schema's defaults (an unknown key or a missing default throws)")
  void everyRecordReadsTheSchema() {
    // Each defaults() reads every key of its record through the schema: a key without a rule, or a
    // primitive without a default, is an IllegalStateException here.
    assertThat(HttpOptions.defaults().port()).isEqualTo(Settings.defaultOf("http.port"));
    assertThat(LoggingOptions.defaults().queueSize())
        .isEqualTo(Settings.defaultOf("logging.queue_size"));
    assertThat(MetricsOptions.defaults().validate()).isEmpty();
    assertThat(MetricsOptions.defaults().alerts())
        .hasSize(((JsonArray) Settings.defaultOf("metrics.alerts")).size());
    assertThat(SecurityOptions.defaults().validate()).isEmpty();
    assertThat((long) SecurityOptions.defaults().bcryptCost())
        .isEqualTo(((Number) Settings.defaultOf("security.bcrypt_cost")).longValue());
    assertThat(SecurityOptions.defaults().stateDir())
        .isEqualTo(Settings.defaultOf("core.state_dir"));
    assertThat(ThreatOptions.defaults().validate()).isEmpty();
    assertThat(RateLimitOptions.defaults().validate()).isEmpty();
    assertThat(RateLimitOptions.defaults().policies())
        .containsOnlyKeys(
            ((JsonObject) Settings.defaultOf("security.rate_limits.policies")).fieldNames());
    assertThat(IpListOptions.defaults().validate()).isEmpty();
    assertThat(LockoutOptions.defaults().validate()).isEmpty();
    assertThat(AnomalyOptions.defaults().validate()).isEmpty();
  }

  @Test
  @DisplayName("a key read that the schema does not have fails loudly, naming the key")
  void unknownReadFails() {
    SectionReader reader = Settings.read("http", new JsonObject());
    assertThatThrownBy(() -> reader.integer("no_such_key"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("http.no_such_key: no rule in schema.yaml");
    assertThatThrownBy(() -> reader.string("port"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("http.port: read as string, the schema says integer");
  }

  @Test
  @DisplayName(
      "a bad value is reported with its path and the schema's range, and reads as the default")
  void badValueFallsBack() {
    SectionReader reader =
        Settings.read("security.lockout", new JsonObject().put("max_failures_per_user", 0));
    assertThat(reader.integer("max_failures_per_user"))
        .isEqualTo(
            ((Number) Settings.defaultOf("security.lockout.max_failures_per_user")).longValue());
    assertThat(reader.problems())
        .containsExactly(
            "security.lockout.max_failures_per_user: expected an integer from 1 to 1000, got 0");
  }

  @Test
  @DisplayName("the shipped application.yaml sections read without a problem")
  void shippedSectionsRead() throws Exception {
    JsonObject app = YamlDocument.read(Path.of("conf/application.yaml")).content();
    HttpOptions.fromJson(app.getJsonObject("http"));
    LoggingOptions.fromJson(app.getJsonObject("logging"));
    assertThat(MetricsOptions.fromJson(app.getJsonObject("metrics")).validate()).isEmpty();
    assertThat(SecurityOptions.fromJson(app.getJsonObject("security"), null).validate()).isEmpty();
  }

  @Test
  @DisplayName(
      "the four path keys are restart-only and can never be moved by a runtime override, by the schema alone")
  void pathKeysFixed() {
    for (String key :
        List.of("core.state_dir", "security.keys_dir", "logging.dir", "security.audit.dir")) {
      SchemaRule rule = Settings.shipped().ruleFor(SchemaRule.split(key));
      assertThat(rule).as(key).isNotNull();
      assertThat(rule.live()).as(key + " live").isFalse();
      assertThat(rule.override()).as(key + " override").isFalse();
    }
  }

  @Test
  @DisplayName(
      "no options record keeps a DEFAULT_ constant or a hand-kept restart-only list: the schema says both")
  void noJavaCopies() throws Exception {
    try (Stream<Path> files = Files.walk(MAIN)) {
      List<String> offenders =
          files
              .filter(f -> f.getFileName().toString().endsWith("Options.java"))
              .filter(f -> !f.startsWith(MAIN.resolve("launcher")))
              .filter(
                  f -> {
                    try {
                      String code = Files.readString(f);
                      return code.matches("(?s).*static final \\S+ DEFAULT_\\w+ =.*")
                          || code.contains("restartOnly");
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .map(Path::toString)
              .toList();
      assertThat(offenders).isEmpty();
    }
  }
}
