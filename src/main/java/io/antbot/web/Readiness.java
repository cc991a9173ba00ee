package io.antbot.web;

import io.antbot.bus.FailureCode;
import io.antbot.bus.HealthReport;
import io.antbot.bus.ServiceStatus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of {@code GET /health/ready}, from the metrics service's health report or, without a
 * metrics service, from every service's status reply. It decides only; {@link HttpVerticle} asks
 * the services and writes the answer.
 */
final class Readiness {

  private static final String SERVICE_CHECK = "service.";
  private static final String READY = "ready";

  private Readiness() {}

  /**
   * What {@code /health/ready} answers.
   *
   * @param status 200 when ready, else 503
   * @param body the JSON body of a 200; {@code null} for a 503
   * @param detail the detail of a 503's problem, naming what is not ready; {@code null} for a 200
   */
  record Answer(int status, JsonObject body, String detail) {

    static Answer ready(JsonObject body) {
      return new Answer(200, body, null);
    }

    static Answer notReady(String detail) {
      return new Answer(FailureCode.NOT_READY.code(), null, "not ready: " + detail);
    }

    boolean ready() {
      return status == 200;
    }
  }

  /**
   * One service's state as its status reply gave it, or {@code unreachable} when the request failed
   * or was not answered in time.
   */
  record ServiceState(String service, String state) {

    static ServiceState of(String service, ServiceStatus status) {
      return new ServiceState(service, status.state());
    }

    static ServiceState unreachable(String service) {
      return new ServiceState(service, "unreachable");
    }
  }

  /**
   * Whether the health report's request failed because no metrics service runs: readiness then
   * comes from the services' statuses.
   */
  static boolean withoutHealthService(Throwable failure) {
    return failure instanceof ReplyException reply
        && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  /**
   * Ready when the report is healthy or degraded, with the report's level and each service check's
   * state; else 503 naming every unhealthy check with its detail.
   */
  static Answer fromHealth(HealthReport report) {
    if (!report.serving()) {
      List<String> failing = new ArrayList<>();
      for (Object item : report.checks()) {
        if (item instanceof JsonObject check
            && HealthReport.UNHEALTHY.equals(check.getString("level"))) {
          failing.add(check.getString("name") + " (" + check.getString("detail") + ")");
        }
      }
      return Answer.notReady(String.join(", ", failing));
    }
    JsonObject services = new JsonObject();
    for (Object item : report.checks()) {
      if (item instanceof JsonObject check
          && check.getString("name", "").startsWith(SERVICE_CHECK)) {
        services.put(
            check.getString("name").substring(SERVICE_CHECK.length()), check.getString("state"));
      }
    }
    return Answer.ready(
        new JsonObject()
            .put("status", "UP")
            .put("health", report.status())
            .put("services", services));
  }

  /**
   * Ready when every service is {@code ready}, with each service's state; else 503 naming each one
   * that is not, in the order given.
   */
  static Answer fromStatuses(List<ServiceState> states) {
    JsonObject services = new JsonObject();
    List<String> notReady = new ArrayList<>();
    for (ServiceState state : states) {
      services.put(state.service(), state.state());
      if (!READY.equals(state.state())) {
        notReady.add(state.service() + " is " + state.state());
      }
    }
    return notReady.isEmpty()
        ? Answer.ready(new JsonObject().put("status", "UP").put("services", services))
        : Answer.notReady(String.join(", ", notReady));
  }
}
