package io.antbot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LevelControlTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private LoggerContext context;
  private LevelControl levels;

  @BeforeEach
  void setUp() {
    context = new LoggerContext();
    context.getLogger("io.netty").setLevel(Level.WARN);
    levels = new LevelControl(context, now::get);
  }

  private Level effective(String logger) {
    return context.getLogger(logger).getEffectiveLevel();
  }

  @Test
  @DisplayName("applies the configured root and per-component levels")
  void configure() {
    levels.configure(Level.WARN, Map.of("TradingEngine", Level.DEBUG));
    assertThat(effective("TradingEngine")).isEqualTo(Level.DEBUG);
    assertThat(effective("Other")).isEqualTo(Level.WARN);
    assertThat(levels.describe("TradingEngine").getString("configured")).isEqualTo("DEBUG");
    assertThat(levels.describe("root").getString("logger")).isEqualTo("ROOT");
  }

  @Test
  @DisplayName(
      "an override with an expiry reverts by itself to the configured level once its time is up")
  void overrideExpires() {
    levels.configure(Level.INFO, Map.of("TradingEngine", Level.WARN));
    LevelControl.Change change = levels.set("TradingEngine", Level.TRACE, 5_000L);
    assertThat(change.previous()).isEqualTo(Level.WARN);
    assertThat(effective("TradingEngine")).isEqualTo(Level.TRACE);
    assertThat(levels.describe("TradingEngine").getJsonObject("override").getString("level"))
        .isEqualTo("TRACE");
    assertThat(levels.nextExpiry()).hasValue(1_005_000);

    now.addAndGet(4_999);
    assertThat(levels.expire()).isEmpty();
    now.addAndGet(1);
    assertThat(levels.expire()).containsExactly("TradingEngine");
    assertThat(effective("TradingEngine")).isEqualTo(Level.WARN);
    assertThat(levels.describe("TradingEngine").containsKey("override")).isFalse();
    assertThat(levels.overrideCount()).isZero();
  }

  @Test
  @DisplayName(
      "an override of a logger the configuration never named reverts to what logback.xml gave it")
  void overrideOfUnconfiguredLogger() {
    levels.configure(Level.INFO, Map.of());
    levels.set("io.netty", Level.DEBUG, 1_000L);
    assertThat(effective("io.netty.buffer")).isEqualTo(Level.DEBUG);
    now.addAndGet(1_000);
    levels.expire();
    assertThat(effective("io.netty.buffer")).isEqualTo(Level.WARN);
  }

  @Test
  @DisplayName("a configuration change for the same logger ends its override; others keep theirs")
  void configurationWins() {
    levels.configure(Level.INFO, Map.of("A", Level.INFO, "B", Level.INFO));
    levels.set("A", Level.DEBUG, null);
    levels.set("B", Level.DEBUG, null);
    levels.configure(Level.INFO, Map.of("A", Level.ERROR, "B", Level.INFO));
    assertThat(effective("A")).isEqualTo(Level.ERROR);
    assertThat(effective("B")).isEqualTo(Level.DEBUG);
  }

  @Test
  @DisplayName("a logger dropped from the configuration gets back its original level")
  void droppedFromConfiguration() {
    levels.configure(Level.INFO, Map.of("io.netty", Level.ERROR, "Bot", Level.DEBUG));
    levels.configure(Level.INFO, Map.of());
    assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("Bot").getLevel()).isNull();
    assertThat(effective("Bot")).isEqualTo(Level.INFO);
  }
}
