package io.antbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.antbot.bus.ConfigProblem;
import io.antbot.settings.ConfigException;
import io.antbot.settings.ConfigSchema;
import io.antbot.settings.SchemaRule;
import io.antbot.settings.YamlDocument;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigValidatorTest {

  private static final String SCHEMA =
      """
    core.name: {type: string, required: true, pattern: "[a-z][a-z0-9-]*", min: 3, max: 12}
    trading.max_position_size: {type: number, required: true, min: 0, max: 1}
    trading.retries: {type: integer, min: 1, max: 5}
    trading.mode: {type: string, enum: [paper, live]}
    trading.symbols: {type: list, min: 1, max: 2}
    trading.symbols[]: {type: string}
    trading.api_token: {type: string, secret: true}
    trading.plain_token_count: {type: integer, secret: false}
    bots[].class: {type: string, required: true}
    bots[].config: {type: object}
    features.*.enabled: {type: boolean, required: true}
    """;

  private static ConfigValidator validator() throws ConfigException {
    return new ConfigValidator(ConfigSchema.parse(YamlDocument.parse("schema.yaml", SCHEMA)));
  }

  private static JsonObject valid() {
    return new JsonObject(
        """
      {"core": {"name": "antbot"},
       "trading": {"max_position_size": 0.1, "retries": 3, "mode": "paper", "symbols": ["BTC/USDC"]},
       "bots": [{"class": "x.Bot", "config": {"anything": {"goes": 1}}}],
       "features": {"beta": {"enabled": true}}}
      """);
  }

  private static List<String> errors(JsonObject config) throws ConfigException {
    return validator().validate(config).errors().stream().map(ConfigProblem::message).toList();
  }

  @Test
  @DisplayName("a configuration that follows every rule has no errors and no warnings")
  void validConfiguration() throws ConfigException {
    ValidationReport report = validator().validate(valid());
    assertThat(report.errors()).isEmpty();
    assertThat(report.warnings()).isEmpty();
  }

  @Test
  @DisplayName("type: a string where a number belongs is named with the value")
  void typeRule() throws ConfigException {
    JsonObject config = valid();
    config.getJsonObject("trading").put("max_position_size", "abc");
    ValidationReport report = validator().validate(config);
    assertThat(report.errors())
        .containsExactly(
            new ConfigProblem(
                "trading.max_position_size",
                "type",
                "trading.max_position_size: expected a number, got \"abc\"",
                null));
  }

  @Test
  @DisplayName("type: an integer rule refuses a fraction, and every type has its words")
  void typeWords() throws ConfigException {
    JsonObject config = valid();
    config.getJsonObject("trading").put("retries", 1.5).put("mode", 3).put("symbols", "BTC");
    config.getJsonObject("features").put("beta", new JsonObject().put("enabled", "yes"));
    assertThat(errors(config))
        .containsExactly(
            "trading.retries: expected an integer, got 1.5",
            "trading.mode: expected a string, got 3",
            "trading.symbols: expected a list, got \"BTC\"",
            "features.beta.enabled: expected a boolean, got \"yes\"");
  }

  @Test
  @DisplayName("required: missing keys are named, including inside list items and wildcard maps")
  void requiredRule() throws ConfigException {
    JsonObject config = valid();
    config.getJsonObject("trading").remove("max_position_size");
    config.getJsonArray("bots").add(new JsonObject().put("name", "second"));
    config.getJsonObject("features").put("gamma", new JsonObject());
    ValidationReport report = validator().validate(config);
    assertThat(report.errors()).extracting(ConfigProblem::rule).containsOnly("required");
    assertThat(report.errors())
        .extracting(ConfigProblem::message)
        .containsExactlyInAnyOrder(
            "trading.max_position_size: required",
            "bots[1].class: required",
            "features.gamma.enabled: required");
  }

  @Test
  @DisplayName("required: a key set to null counts as missing")
  void requiredNull() throws ConfigException {
    JsonObject config = valid();
    config.getJsonObject("core").putNull("name");
    assertThat(errors(config)).containsExactly("core.name: required");
  }

  @Test
  @DisplayName("min and max bound numbers, string lengths and list sizes")
  void minAndMax() throws ConfigException {
    JsonObject config = valid();
    config
        .getJsonObject("trading")
        .put("max_position_size", 1.5)
        .put("retries", 0)
        .put("symbols", new io.vertx.core.json.JsonArray().add("A").add("B").add("C"));
    config.getJsonObject("core").put("name", "ab");
    ValidationReport report = validator().validate(config);
    assertThat(report.errors())
        .extracting(ConfigProblem::rule, ConfigProblem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "min", "core.name: must be at least 3 characters long, got 2"),
            org.assertj.core.groups.Tuple.tuple(
                "max", "trading.max_position_size: must be at most 1, got 1.5"),
            org.assertj.core.groups.Tuple.tuple(
                "min", "trading.retries: must be at least 1, got 0"),
            org.assertj.core.groups.Tuple.tuple(
                "max", "trading.symbols: must have at most 2 items, got 3"));
  }

  @Test
  @DisplayName("enum lists the allowed values")
  void enumRule() throws ConfigException {
    JsonObject config = valid();
    config.getJsonObject("trading").put("mode", "yolo");
    ValidationReport report = validator().validate(config);
    assertThat(report.errors())
        .containsExactly(
            new ConfigProblem(
                "trading.mode",
                "enum",
                "trading.mode: must be one of paper, live, got \"yolo\"",
                null));
  }

  @Test
  @DisplayName("pattern quotes the expression the value must match")
  void patternRule() throws ConfigException {
    JsonObject config = valid();
    config.getJsonObject("core").put("name", "Ant Bot");
    ValidationReport report = validator().validate(config);
    assertThat(report.errors())
        .containsExactly(
            new ConfigProblem(
                "core.name",
                "pattern",
                "core.name: must match [a-z][a-z0-9-]*, got \"Ant Bot\"",
                null));
  }

  @Test
  @DisplayName("list items are checked one by one, with their index")
  void listItems() throws ConfigException {
    JsonObject config = valid();
    config
        .getJsonObject("trading")
        .put("symbols", new io.vertx.core.json.JsonArray().add("BTC").add(7));
    assertThat(errors(config)).containsExactly("trading.symbols[1]: expected a string, got 7");
  }

  @Test
  @DisplayName("every error is reported at once")
  void allAtOnce() throws ConfigException {
    JsonObject config = valid();
    config
        .getJsonObject("trading")
        .put("max_position_size", "abc")
        .put("mode", "yolo")
        .put("retries", 9);
    config.getJsonObject("core").remove("name");
    assertThat(validator().validate(config).errors())
        .extracting(ConfigProblem::rule)
        .containsExactly("type", "max", "enum", "required");
  }

  @Test
  @DisplayName("an unknown key is a warning naming the nearest known key, not an error")
  void unknownKey() throws ConfigException {
    JsonObject config = valid();
    config.getJsonObject("trading").put("max_postion_size", 0.2);
    config.put("tradng", new JsonObject().put("x", 1));
    config.getJsonObject("features").getJsonObject("beta").put("enabld", true);
    ValidationReport report = validator().validate(config);
    assertThat(report.errors()).isEmpty();
    assertThat(report.warnings()).extracting(ConfigProblem::rule).containsOnly("unknown");
    assertThat(report.warnings())
        .extracting(ConfigProblem::message)
        .containsExactly(
            "trading.max_postion_size: unknown key (did you mean trading.max_position_size?)",
            "features.beta.enabld: unknown key (did you mean features.beta.enabled?)",
            "tradng: unknown key (did you mean trading?)");
  }

  @Test
  @DisplayName("an object the schema leaves open accepts any content")
  void openObject() throws ConfigException {
    JsonObject config = valid();
    config
        .getJsonArray("bots")
        .getJsonObject(0)
        .getJsonObject("config")
        .put("whatever", new JsonObject().put("a", 1));
    assertThat(validator().validate(config).warnings()).isEmpty();
  }

  @Test
  @DisplayName("a secret value is never quoted in an error")
  void secretNotQuoted() throws ConfigException {
    JsonObject config = valid();
    config.getJsonObject("trading").put("api_token", 12345);
    assertThat(errors(config)).containsExactly("trading.api_token: expected a string, got ***");
  }

  @Test
  @DisplayName("a scalar where the schema expects a section is a type error")
  void scalarInsteadOfSection() throws ConfigException {
    JsonObject config = valid();
    config.put("trading", 5);
    assertThat(errors(config)).contains("trading: expected an object, got 5");
  }

  @Test
  @DisplayName("a malformed schema rule names its line")
  void malformedSchema() {
    assertThatThrownBy(
            () ->
                ConfigSchema.parse(
                    YamlDocument.parse(
                        "conf/schema.yaml", "a.b: {type: number}\nc.d: {typ: string}\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("conf/schema.yaml:2: c.d: unknown rule attribute 'typ'");
    assertThatThrownBy(
            () ->
                ConfigSchema.parse(YamlDocument.parse("conf/schema.yaml", "a.b: {type: float}\n")))
        .hasMessage(
            "conf/schema.yaml:1: a.b: unknown type 'float' (expected string, number, integer, boolean, object or list)");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"development", "staging", "production"})
  @DisplayName("the shipped configuration is valid, without warnings, in every environment")
  void shippedConfigurationIsValid(String env) throws ConfigException {
    Path conf = Path.of("conf");
    ConfigSchema schema = ConfigSchema.read(conf);
    List<ConfigLayers.Layer> layers = new java.util.ArrayList<>(ConfigLayers.files(conf, env));
    layers.add(ConfigLayers.environment(Map.of()));
    layers.add(ConfigLayers.systemProperties(new Properties()));
    ValidationReport report = new ConfigValidator(schema).validate(ConfigLayers.merge(layers));
    assertThat(report.errors()).isEmpty();
    assertThat(report.warnings()).isEmpty();
  }

  @Test
  @DisplayName(
      "each shipped key of the config-owned sections has a rule whose default is the shipped value")
  void shippedDefaultsMatchSchema() throws ConfigException {
    Path conf = Path.of("conf");
    ConfigSchema schema = ConfigSchema.read(conf);
    JsonObject base = ConfigLayers.files(conf, "none").get(0).content();
    for (String section : List.of("core", "trading", "compounding", "flywheel")) {
      for (Map.Entry<String, Object> leaf :
          io.antbot.bus.ConfigChange.leaves(base.getJsonObject(section)).entrySet()) {
        String path = section + "." + leaf.getKey();
        SchemaRule rule = schema.ruleFor(SchemaRule.split(path));
        assertThat(rule).as(path).isNotNull();
        assertThat(rule.description()).as(path + " description").isNotBlank();
        assertThat(
                io.antbot.bus.ConfigChange.diff(
                    new JsonObject().put("v", rule.defaultValue()),
                    new JsonObject().put("v", leaf.getValue())))
            .as(path + " default")
            .isEmpty();
      }
    }
  }
}
