package io.antbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.ConfigChange;
import io.antbot.settings.ConfigException;
import io.antbot.settings.ConfigSchema;
import io.antbot.settings.YamlDocument;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RedactionTest {

  private static Redaction redaction() throws ConfigException {
    return new Redaction(
        ConfigSchema.parse(
            YamlDocument.parse(
                "schema.yaml",
                """
      vault.material: {type: string, secret: true}
      keys: {type: object, secret: true}
      limits.token_bucket_size: {type: integer, secret: false}
      """)));
  }

  @Test
  @DisplayName(
      "the schema's secret: true masks a key whatever its name, and everything below a secret object")
  void schemaSecrets() throws ConfigException {
    JsonObject config =
        new JsonObject()
            .put("vault", new JsonObject().put("material", "abc").put("path", "/v"))
            .put("keys", new JsonObject().put("signing", new JsonObject().put("kid", "k1")));
    assertThat(redaction().redact(config))
        .isEqualTo(
            new JsonObject()
                .put("vault", new JsonObject().put("material", "***").put("path", "/v"))
                .put("keys", "***"));
    assertThat(redaction().redact("keys.signing.kid", "k1")).isEqualTo("***");
  }

  @Test
  @DisplayName(
      "names that look secret are masked, in objects and inside lists; secret: false opts out")
  void nameHeuristic() throws ConfigException {
    JsonObject config =
        new JsonObject()
            .put("db", new JsonObject().put("password", "hunter2").put("user", "ant"))
            .put(
                "bots",
                new JsonArray()
                    .add(new JsonObject().put("config", new JsonObject().put("api_key", "k"))))
            .put("limits", new JsonObject().put("token_bucket_size", 10));
    assertThat(redaction().redact(config))
        .isEqualTo(
            new JsonObject()
                .put("db", new JsonObject().put("password", "***").put("user", "ant"))
                .put(
                    "bots",
                    new JsonArray()
                        .add(
                            new JsonObject().put("config", new JsonObject().put("api_key", "***"))))
                .put("limits", new JsonObject().put("token_bucket_size", 10)));
  }

  @Test
  @DisplayName("a change of a secret keeps its key and masks both values")
  void changes() throws ConfigException {
    assertThat(redaction().redact(new ConfigChange("vault.material", "old", "new")))
        .isEqualTo(new ConfigChange("vault.material", "***", "***"));
    assertThat(redaction().redact(new ConfigChange("vault.material", null, "new")))
        .isEqualTo(new ConfigChange("vault.material", null, "***"));
  }
}
