package io.antbot.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.HealthReport;
import io.antbot.bus.ServiceStatus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What GET /health/ready answers, decided without Vert.x. */
class ReadinessTest {

  private static JsonObject check(String name, String level, String state, String detail) {
    JsonObject check =
        new JsonObject()
            .put("name", name)
            .put("status", HealthReport.UNHEALTHY.equals(level) ? "down" : "up")
            .put("level", level)
            .put("detail", detail);
    return state == null ? check : check.put("state", state);
  }

  private static Readiness.ServiceState status(String service, String state) {
    return Readiness.ServiceState.of(
        service, new ServiceStatus(service, state, "1.0.0", 12.5, new JsonObject()));
  }

  @Test
  @DisplayName("a degraded report is ready: 200 with the health level and each service's state")
  void degradedIsReady() {
    HealthReport report =
        new HealthReport(
            HealthReport.DEGRADED,
            new JsonArray()
                .add(check("service.config", "healthy", "ready", "config is ready"))
                .add(check("service.security", "healthy", "ready", "security is ready"))
                .add(check("system", "degraded", null, "disk at 91%")),
            new JsonArray(),
            "2026-01-01T00:00:00Z");

    Readiness.Answer answer = Readiness.fromHealth(report);

    assertThat(answer.ready()).isTrue();
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body())
        .isEqualTo(
            new JsonObject()
                .put("status", "UP")
                .put("health", "degraded")
                .put("services", new JsonObject().put("config", "ready").put("security", "ready")));
    assertThat(answer.detail()).isNull();
  }

  @Test
  @DisplayName("an unhealthy report is 503 naming each unhealthy check with its detail")
  void unhealthyNamesChecks() {
    HealthReport report =
        new HealthReport(
            HealthReport.UNHEALTHY,
            new JsonArray()
                .add(check("service.config", "healthy", "ready", "config is ready"))
                .add(
                    check(
                        "service.logging",
                        "unhealthy",
                        "unreachable",
                        "logging did not answer: the service did not answer in time"))
                .add(check("alerts", "unhealthy", null, "1 critical alert firing")),
            new JsonArray(),
            "2026-01-01T00:00:00Z");

    Readiness.Answer answer = Readiness.fromHealth(report);

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.body()).isNull();
    assertThat(answer.detail())
        .isEqualTo(
            "not ready: service.logging (logging did not answer: the service did not answer in"
                + " time), alerts (1 critical alert firing)");
  }

  @Test
  @DisplayName("every service ready: 200 with each service's state")
  void allServicesReady() {
    Readiness.Answer answer =
        Readiness.fromStatuses(List.of(status("config", "ready"), status("http", "ready")));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body())
        .isEqualTo(
            new JsonObject()
                .put("status", "UP")
                .put("services", new JsonObject().put("config", "ready").put("http", "ready")));
  }

  @Test
  @DisplayName("one service down or unreachable: 503 naming that service and its state")
  void oneServiceDown() {
    Readiness.Answer answer =
        Readiness.fromStatuses(
            List.of(
                status("config", "ready"),
                status("security", "failed"),
                Readiness.ServiceState.unreachable("logging"),
                status("http", "ready")));

    assertThat(answer.ready()).isFalse();
    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.detail()).isEqualTo("not ready: security is failed, logging is unreachable");
  }

  @Test
  @DisplayName("only a missing metrics service makes readiness fall back to the statuses")
  void fallsBackWithoutMetrics() {
    assertThat(
            Readiness.withoutHealthService(
                new ReplyException(ReplyFailure.NO_HANDLERS, "antbot.metrics.health")))
        .isTrue();
    assertThat(
            Readiness.withoutHealthService(new ReplyException(ReplyFailure.TIMEOUT, "timed out")))
        .isFalse();
    assertThat(Readiness.withoutHealthService(new IllegalStateException("boom"))).isFalse();
  }
}
