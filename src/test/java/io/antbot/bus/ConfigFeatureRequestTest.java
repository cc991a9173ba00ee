package io.antbot.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConfigFeatureRequestTest {

  @Test
  @DisplayName(
      "a context naming the bot as 'bot' (HTTP ?bot=) also gives bot_id, which rollouts are sticky on")
  void botNamesBotId() {
    ConfigFeatureRequest request =
        ConfigFeatureRequest.fromJson(
            new JsonObject()
                .put("flag", "enable_flywheel")
                .put("context", new JsonObject().put("bot", "bot-7").put("symbol", "SOL/USDC")));
    assertThat(request.context())
        .isEqualTo(Map.of("bot", "bot-7", "bot_id", "bot-7", "symbol", "SOL/USDC"));
  }

  @Test
  @DisplayName("when both are given, bot_id wins; without either the context is as sent")
  void botIdWins() {
    assertThat(
            new ConfigFeatureRequest("f", Map.of("bot", "a", "bot_id", "b"))
                .context()
                .get("bot_id"))
        .isEqualTo("b");
    assertThat(new ConfigFeatureRequest("f", Map.of("user", "u")).context())
        .isEqualTo(Map.of("user", "u"));
  }

  @Test
  @DisplayName(
      "a context has at most 32 entries of string values up to 256 characters, else a 400 naming the bound")
  void contextBounded() {
    JsonObject many = new JsonObject();
    for (int i = 0; i < 33; i++) {
      many.put("k" + i, "v");
    }
    assertThat(failure(new JsonObject().put("flag", "f").put("context", many)))
        .isEqualTo("400 context: at most 32 entries, got 33");
    assertThat(
            failure(
                new JsonObject()
                    .put("flag", "f")
                    .put("context", new JsonObject().put("bot", "b".repeat(257)))))
        .isEqualTo("400 context.bot: at most 256 characters, got 257");
    assertThat(
            failure(
                new JsonObject().put("flag", "f").put("context", new JsonObject().put("bot", 7))))
        .isEqualTo("400 context.bot: expected a string, got 7");
  }

  private static String failure(JsonObject body) {
    BusException failure =
        catchThrowableOfType(BusException.class, () -> ConfigFeatureRequest.fromJson(body));
    return failure.code().code() + " " + failure.getMessage();
  }
}
