package io.antbot.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AuditStorageAlarmTest {

  private final AuditStorageAlarm alarm =
      new AuditStorageAlarm(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  @Test
  @DisplayName("entries left unwritten fire one critical alert; all written resolves it once")
  void firesAndResolvesOnce() {
    assertThat(alarm.retryDue(0)).isFalse();
    assertThat(alarm.retryDue(3)).isTrue();

    JsonObject firing = alarm.after(3).orElseThrow();
    assertThat(firing.getString("id")).isEqualTo("security:audit_storage");
    assertThat(firing.getString("state")).isEqualTo("firing");
    assertThat(firing.getString("severity")).isEqualTo("critical");
    assertThat(firing.getString("message"))
        .isEqualTo(
            "3 audit entries cannot be written (the disk refuses them); they wait in memory");
    assertThat(firing.getString("at")).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(alarm.after(5)).isEmpty();

    assertThat(alarm.retryDue(0)).as("a firing alert still needs its resolution").isTrue();
    JsonObject resolved = alarm.after(0).orElseThrow();
    assertThat(resolved.getString("state")).isEqualTo("resolved");
    assertThat(resolved.getString("message")).isEqualTo("the audit trail is written again");
    assertThat(alarm.after(0)).isEmpty();
    assertThat(alarm.firing()).isFalse();
  }
}
