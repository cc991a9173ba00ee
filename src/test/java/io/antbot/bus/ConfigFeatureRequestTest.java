package io.antbot.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConfigFeatureRequestTest {

  @Test
  @DisplayName("a context naming the bot as 'bot' (HTTP ?bot=) also gives bot_id, which rollouts are sticky on")
  void botNamesBotId() {
    ConfigFeatureRequest request = ConfigFeatureRequest.fromJson(new JsonObject().put("flag", "enable_flywheel")
      .put("context", new JsonObject().put("bot", "bot-7").put("symbol", "SOL/USDC")));
    assertThat(request.context()).isEqualTo(Map.of("bot", "bot-7", "bot_id", "bot-7", "symbol", "SOL/USDC"));
  }

  @Test
  @DisplayName("when both are given, bot_id wins; without either the context is as sent")
  void botIdWins() {
    assertThat(new ConfigFeatureRequest("f", Map.of("bot", "a", "bot_id", "b")).context().get("bot_id")).isEqualTo("b");
    assertThat(new ConfigFeatureRequest("f", Map.of("user", "u")).context()).isEqualTo(Map.of("user", "u"));
  }
}
