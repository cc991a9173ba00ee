package io.antbot.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.antbot.bus.LogLevel;
import io.antbot.bus.LogQueryRequest;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LogEventRingTest {

  private static final Instant T0 = Instant.parse("2025-01-31T12:00:00Z");

  private static LogEvent event(
      int second, LogLevel level, String component, String message, String correlationId) {
    return new LogEvent(
        T0.plusSeconds(second),
        level,
        component,
        component,
        message,
        correlationId,
        "log",
        Map.of(),
        null);
  }

  private static LogQueryRequest query(JsonObject body) {
    return LogQueryRequest.fromJson(body);
  }

  @Test
  @DisplayName("keeps the newest events up to its capacity and returns them newest first")
  void newestFirst() {
    LogEventRing ring = new LogEventRing(3);
    for (int i = 0; i < 5; i++) {
      ring.add(event(i, LogLevel.INFO, "A", "m" + i, null));
    }
    assertThat(ring.size()).isEqualTo(3);
    assertThat(ring.query(query(new JsonObject())))
        .extracting(LogEvent::message)
        .containsExactly("m4", "m3", "m2");
  }

  @Test
  @DisplayName(
      "filters by minimum level, component, correlation id, time range and text, and honours the limit")
  void filters() {
    LogEventRing ring = new LogEventRing(100);
    ring.add(event(0, LogLevel.INFO, "Engine", "order placed", "c1"));
    ring.add(event(1, LogLevel.ERROR, "Engine", "order rejected", "c1"));
    ring.add(event(2, LogLevel.CRITICAL, "Risk", "limit breached", "c2"));
    ring.add(event(3, LogLevel.DEBUG, "Risk", "ORDER check", "c2"));
    ring.add(event(4, LogLevel.WARN, "Engine", "slow fill", null));

    assertThat(ring.query(query(new JsonObject().put("level", "ERROR"))))
        .extracting(LogEvent::message)
        .containsExactly("limit breached", "order rejected");
    assertThat(ring.query(query(new JsonObject().put("component", "Risk"))))
        .extracting(LogEvent::message)
        .containsExactly("ORDER check", "limit breached");
    assertThat(ring.query(query(new JsonObject().put("correlation_id", "c1"))))
        .extracting(LogEvent::message)
        .containsExactly("order rejected", "order placed");
    assertThat(
            ring.query(
                query(
                    new JsonObject()
                        .put("since", T0.plusSeconds(1).toString())
                        .put("until", T0.plusSeconds(3).toString()))))
        .extracting(LogEvent::message)
        .containsExactly("limit breached", "order rejected");
    assertThat(ring.query(query(new JsonObject().put("text", "order"))))
        .extracting(LogEvent::message)
        .containsExactly("ORDER check", "order rejected", "order placed");
    assertThat(ring.query(query(new JsonObject().put("text", "Order R"))))
        .extracting(LogEvent::message)
        .containsExactly("order rejected");
    assertThat(ring.query(query(new JsonObject().put("text", "order").put("limit", 2)))).hasSize(2);
    assertThat(ring.query(query(new JsonObject().put("component", "Engine").put("level", "WARN"))))
        .extracting(LogEvent::message)
        .containsExactly("slow fill", "order rejected");
  }

  @Test
  @DisplayName("resizing keeps the newest events that fit and goes on in order")
  void resize() {
    LogEventRing ring = new LogEventRing(5);
    for (int i = 0; i < 7; i++) {
      ring.add(event(i, LogLevel.INFO, "A", "m" + i, null));
    }
    ring.resize(2);
    assertThat(ring.query(query(new JsonObject())))
        .extracting(LogEvent::message)
        .containsExactly("m6", "m5");
    ring.resize(4);
    ring.add(event(7, LogLevel.INFO, "A", "m7", null));
    assertThat(ring.capacity()).isEqualTo(4);
    assertThat(ring.query(query(new JsonObject())))
        .extracting(LogEvent::message)
        .containsExactly("m7", "m6", "m5");
    assertThatThrownBy(() -> ring.resize(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
