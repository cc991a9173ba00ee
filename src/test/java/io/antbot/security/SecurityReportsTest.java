package io.antbot.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Where security events, alerts and audit entries go, and which audit entries may be shed. */
class SecurityReportsTest {

  private final List<String> published = new ArrayList<>();
  private final List<String> kept = new ArrayList<>();
  private final List<String> sheddable = new ArrayList<>();
  private int onOwnContext;

  private final SecurityReports reports =
      new SecurityReports(
          (address, message) -> published.add(address + " " + message.encode()),
          (type, fields) -> {
            kept.add(type);
            return Future.succeededFuture();
          },
          (type, fields) -> {
            sheddable.add(type);
            return Future.succeededFuture();
          },
          work -> {
            onOwnContext++;
            return work.get();
          },
          Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  @Test
  @DisplayName("an event is published on the events address with its type and time")
  void eventsAreStamped() {
    reports.event("login_failed", new JsonObject().put("user", "alice"));
    reports.alert(new JsonObject().put("id", "security:x"));

    assertThat(published)
        .containsExactly(
            Addresses.SECURITY_EVENTS
                + " {\"user\":\"alice\",\"type\":\"login_failed\",\"at\":\"2026-01-01T00:00:00Z\"}",
            Addresses.ALERTS + " {\"id\":\"security:x\"}");
  }

  @Test
  @DisplayName(
      "critical edge entries and counts of repeats are always kept; the others may be shed")
  void shedPolicy() {
    reports.audit("threat_blocked", new JsonObject().put("severity", "critical"));
    reports.audit("rate_limited_repeated", new JsonObject().put("severity", "info"));
    reports.audit("rate_limited", new JsonObject().put("severity", "warning"));
    reports.audit("ip_denied", new JsonObject());

    assertThat(kept).containsExactly("threat_blocked", "rate_limited_repeated");
    assertThat(sheddable).containsExactly("rate_limited", "ip_denied");
    assertThat(onOwnContext).as("every entry is written on the verticle's context").isEqualTo(4);
  }

  @Test
  @DisplayName("a denied authorization is audited, never shed, on the verticle's context")
  void denialsAreKept() {
    Future<Void> done = reports.denied(new JsonObject().put("user", "alice"));

    assertThat(done.succeeded()).isTrue();
    assertThat(kept).containsExactly("authorization_denied");
    assertThat(sheddable).isEmpty();
    assertThat(onOwnContext).isEqualTo(1);
  }
}
