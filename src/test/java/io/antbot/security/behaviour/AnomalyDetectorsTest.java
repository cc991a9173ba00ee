package io.antbot.security.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.testing.MutableClock;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AnomalyDetectorsTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T09:00:00Z"));

  @Test
  @DisplayName(
      "a token used from a new IP or a new user agent raises one warning each, then it is known")
  void tokenUsage() {
    TokenUsageMonitor monitor = new TokenUsageMonitor(AnomalyOptions.defaults(), clock);
    assertThat(monitor.observe("jti-1", "alice", "203.0.113.7", "curl/8.4.0")).isEmpty();
    assertThat(monitor.observe("jti-1", "alice", "203.0.113.7", "curl/8.4.0")).isEmpty();

    List<SecurityEvent> moved = monitor.observe("jti-1", "alice", "198.51.100.99", "curl/8.4.0");
    assertThat(moved).extracting(SecurityEvent::type).containsExactly(SecurityEvent.TOKEN_NEW_IP);
    assertThat(moved.get(0).subject()).isEqualTo("token:jti-1");
    assertThat(moved.get(0).details())
        .isEqualTo(
            new JsonObject()
                .put("user", "alice")
                .put("ip", "198.51.100.99")
                .put("known_ips", List.of("203.0.113.7")));
    assertThat(monitor.observe("jti-1", "alice", "198.51.100.99", "curl/8.4.0")).isEmpty();
    assertThat(monitor.observe("jti-1", "alice", "203.0.113.7", "python-requests/2.31.0"))
        .extracting(SecurityEvent::type)
        .containsExactly(SecurityEvent.TOKEN_NEW_USER_AGENT);
    assertThat(monitor.observe("jti-2", "bob", "198.51.100.99", "x"))
        .as("another token, its own baseline")
        .isEmpty();

    monitor.update(AnomalyOptions.fromJson(new JsonObject().put("token_new_ip", false)));
    assertThat(monitor.observe("jti-1", "alice", "192.0.2.1", "python-requests/2.31.0")).isEmpty();
  }

  @Test
  @DisplayName("a client jumping to five times its usual rate raises one spike event per window")
  void requestSpike() {
    RequestSpikeDetector detector =
        new RequestSpikeDetector(
            AnomalyOptions.fromJson(
                new JsonObject().put("spike_min_requests", 20).put("spike_smoothing", 0.5)),
            clock);
    // a steady 10 requests per 10-second window
    for (int window = 0; window < 6; window++) {
      for (int i = 0; i < 10; i++) {
        assertThat(detector.record("203.0.113.7")).isEmpty();
      }
      clock.advance(Duration.ofSeconds(10));
    }
    Optional<SecurityEvent> spike = Optional.empty();
    int requests = 0;
    while (spike.isEmpty() && requests < 1000) {
      spike = detector.record("203.0.113.7");
      requests++;
    }
    assertThat(requests).isEqualTo(50);
    assertThat(spike.orElseThrow().type()).isEqualTo(SecurityEvent.REQUEST_SPIKE);
    assertThat(spike.get().subject()).isEqualTo("ip:203.0.113.7");
    assertThat(spike.get().details().getLong("requests")).isEqualTo(50);
    assertThat(detector.record("203.0.113.7")).as("one event per window").isEmpty();
    assertThat(detector.record("198.51.100.1")).as("other clients are unaffected").isEmpty();
  }

  @Test
  @DisplayName("a new client is judged by the minimum alone")
  void newClient() {
    RequestSpikeDetector detector =
        new RequestSpikeDetector(
            AnomalyOptions.fromJson(new JsonObject().put("spike_min_requests", 30)), clock);
    for (int i = 1; i < 30; i++) {
      assertThat(detector.record("192.0.2.44")).isEmpty();
    }
    assertThat(detector.record("192.0.2.44")).isPresent();
  }
}
