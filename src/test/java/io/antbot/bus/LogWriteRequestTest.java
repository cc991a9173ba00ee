package io.antbot.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LogWriteRequestTest {

  /** The documented shape of a component name, as a regular expression. */
  private static final Pattern DOCUMENTED = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\-]{0,127}");

  @Test
  @DisplayName("the hand-written component check accepts exactly the documented pattern")
  void componentCheckMatchesThePattern() {
    List<String> names =
        new ArrayList<>(
            List.of(
                "TradingEngine",
                "a",
                "Bot-1.risk_2",
                "1Bot",
                "_Bot",
                "Bot Engine",
                "Bot\n",
                "Bötchen",
                "",
                "B".repeat(128),
                "B".repeat(129),
                "B-"));
    Random random = new Random(7);
    String alphabet = "Aa9_.-/ é\u0000z";
    for (int i = 0; i < 5_000; i++) {
      StringBuilder name = new StringBuilder();
      for (int j = random.nextInt(6); j >= 0; j--) {
        name.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      names.add(name.toString());
    }
    for (String name : names) {
      assertThat(LogWriteRequest.isValidComponent(name))
          .as("%s", name)
          .isEqualTo(DOCUMENTED.matcher(name).matches());
    }
    assertThat(LogWriteRequest.isValidComponent(null)).isFalse();
  }

  @Test
  @DisplayName("a Java caller's line gets the same refusals as a bus body")
  void checkedRefusesAsFromJson() {
    assertThatThrownBy(() -> LogWriteRequest.checked("Bot", LogLevel.INFO, null, null))
        .hasMessageContaining("message");
    assertThatThrownBy(
            () ->
                LogWriteRequest.checked(
                    "Bot", LogLevel.INFO, "m", new JsonObject().put("message", "x")))
        .hasMessageContaining("fields.message: reserved name");
    assertThatThrownBy(() -> LogWriteRequest.checked("Bot", null, "m", null))
        .hasMessageContaining("level");
    assertThat(LogWriteRequest.checked("Bot", LogLevel.WARN, "m", null).fields()).isEmpty();
  }
}
