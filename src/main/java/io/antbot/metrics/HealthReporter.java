package io.antbot.metrics;

import io.antbot.bus.Addresses;
import io.antbot.bus.AlertRuleSpec;
import io.antbot.bus.BusException;
import io.antbot.bus.HealthReport;
import io.antbot.bus.ServiceStatus;
import io.antbot.service.NodeLocal;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code antbot.metrics.health}, built on vertx-health-check: one procedure per service (its status
 * address must answer {@code ready} within the timeout), one for the system thresholds, one for the
 * firing alerts.
 *
 * <p>Each procedure reports a level: a service that is down or not ready, or a firing {@code
 * critical} alert, is {@code unhealthy}; a system threshold exceeded or a firing {@code warning}
 * alert is {@code degraded}. The report's status is the worst level found.
 */
final class HealthReporter {

  private static final String LEVEL = "level";
  private static final String CLUSTER = "cluster";
  private static final String DETAIL = "detail";
  static final String SYSTEM = "system";
  static final String ALERTS = "alerts";

  private final Vertx vertx;
  private final Supplier<SystemSample> latest;
  private final Supplier<List<AlertEvaluator.Firing>> firing;
  private HealthChecks checks;
  private List<String> order = List.of();

  HealthReporter(
      Vertx vertx, Supplier<SystemSample> latest, Supplier<List<AlertEvaluator.Firing>> firing) {
    this.vertx = vertx;
    this.latest = latest;
    this.firing = firing;
  }

  /** (Re)builds the procedures for {@code options}. */
  void configure(MetricsOptions.Health options) {
    HealthChecks next = HealthChecks.create(vertx);
    List<String> names = new ArrayList<>();
    for (String service : options.services()) {
      String name = "service." + service;
      names.add(name);
      next.register(
          name, options.timeoutMs(), promise -> service(service, options.timeoutMs(), promise));
    }
    next.register(SYSTEM, options.timeoutMs(), promise -> promise.complete(system(options)));
    next.register(ALERTS, options.timeoutMs(), promise -> promise.complete(alerts()));
    names.add(SYSTEM);
    names.add(ALERTS);
    if (vertx.isClustered()) {
      next.register(
          CLUSTER,
          options.timeoutMs(),
          promise ->
              vertx
                  .eventBus()
                  .<JsonObject>request(
                      io.antbot.bus.Addresses.CLUSTER_MEMBERS,
                      new JsonObject(),
                      new DeliveryOptions().setLocalOnly(true).setSendTimeout(options.timeoutMs()))
                  .onSuccess(reply -> promise.complete(cluster(reply.body())))
                  .onFailure(
                      failure ->
                          promise.complete(
                              Status.KO(
                                  level(HealthReport.DEGRADED, "cluster view unavailable")))));
      names.add(CLUSTER);
    }
    checks = next;
    order = List.copyOf(names);
  }

  Future<HealthReport> report() {
    List<String> names = order;
    return checks.checkStatus().map(result -> report(result, names));
  }

  private void service(String service, long timeoutMs, Promise<Status> promise) {
    vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.status(service),
            new JsonObject(),
            NodeLocal.options(
                vertx, Addresses.status(service), new DeliveryOptions().setSendTimeout(timeoutMs)))
        .map(reply -> ServiceStatus.fromJson(reply.body()))
        .onSuccess(
            status ->
                promise.complete(
                    status.ready()
                        ? Status.OK(
                            level(HealthReport.HEALTHY, service + " is ready")
                                .put("state", status.state()))
                        : Status.KO(
                            level(HealthReport.UNHEALTHY, service + " is " + status.state())
                                .put("state", status.state()))))
        .onFailure(
            failure ->
                promise.complete(
                    Status.KO(
                        level(
                                HealthReport.UNHEALTHY,
                                service
                                    + " did not answer: "
                                    + BusException.from(failure).getMessage())
                            .put("state", "unreachable"))));
  }

  private Status system(MetricsOptions.Health options) {
    SystemSample sample = latest.get();
    if (sample == null) {
      return Status.OK(level(HealthReport.HEALTHY, "no system sample yet"));
    }
    List<String> exceeded = new ArrayList<>();
    exceed(exceeded, "cpu", sample.cpuUsage(), options.cpuRatio());
    exceed(exceeded, "memory", sample.memoryUsage(), options.memoryRatio());
    exceed(exceeded, "disk", sample.maxDiskUsage(), options.diskRatio());
    JsonObject data =
        exceeded.isEmpty()
            ? level(HealthReport.HEALTHY, "within thresholds")
            : level(HealthReport.DEGRADED, String.join(", ", exceeded));
    data.put("cpu_ratio", finite(sample.cpuUsage()))
        .put("memory_ratio", finite(sample.memoryUsage()))
        .put("disk_ratio", finite(sample.maxDiskUsage()))
        .put("sampled_at", sample.at().toString());
    return exceeded.isEmpty() ? Status.OK(data) : Status.KO(data);
  }

  private static void exceed(List<String> exceeded, String what, double value, double threshold) {
    if (Double.isFinite(value) && value > threshold) {
      exceeded.add(
          String.format(
              Locale.ROOT, "%s at %.1f%% (threshold %.1f%%)", what, value * 100, threshold * 100));
    }
  }

  /**
   * The cluster as this node sees it: its members (node, role, address) in the check's data; a
   * cluster without a core node besides the bots nodes cannot be, so only the count is judged: one
   * member left of a cluster is degraded (the others are gone or unreachable).
   */
  private static Status cluster(JsonObject view) {
    JsonArray members = view.getJsonArray("members", new JsonArray());
    List<String> described = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      JsonObject member = members.getJsonObject(i);
      described.add(
          member.getString("node_name")
              + " ("
              + member.getString("role")
              + ", "
              + member.getString("address")
              + ")");
    }
    JsonObject data =
        level(
                members.size() > 1 ? HealthReport.HEALTHY : HealthReport.DEGRADED,
                members.size() + " member(s): " + String.join(", ", described))
            .put("members", members);
    return members.size() > 1 ? Status.OK(data) : Status.KO(data);
  }

  private Status alerts() {
    List<AlertEvaluator.Firing> now = firing.get();
    boolean critical = now.stream().anyMatch(f -> f.severity() == AlertRuleSpec.Severity.CRITICAL);
    boolean warning = now.stream().anyMatch(f -> f.severity() == AlertRuleSpec.Severity.WARNING);
    String names = String.join(", ", now.stream().map(AlertEvaluator.Firing::name).toList());
    if (critical) {
      return Status.KO(level(HealthReport.UNHEALTHY, "firing: " + names));
    }
    if (warning) {
      return Status.KO(level(HealthReport.DEGRADED, "firing: " + names));
    }
    return Status.OK(
        level(HealthReport.HEALTHY, now.isEmpty() ? "none firing" : "firing: " + names));
  }

  private HealthReport report(CheckResult result, List<String> names) {
    JsonArray checksJson = new JsonArray();
    String status = HealthReport.HEALTHY;
    List<CheckResult> children = result.getChecks() == null ? List.of() : result.getChecks();
    for (String name : names) {
      CheckResult child =
          children.stream().filter(c -> name.equals(c.getId())).findFirst().orElse(null);
      JsonObject check = check(name, child);
      checksJson.add(check);
      status = worse(status, check.getString(LEVEL));
    }
    JsonArray alerts = new JsonArray();
    firing.get().forEach(f -> alerts.add(f.toJson()));
    return new HealthReport(status, checksJson, alerts, Instant.now().toString());
  }

  private static JsonObject check(String name, CheckResult child) {
    if (child == null) {
      return new JsonObject()
          .put("name", name)
          .put("status", "down")
          .put(LEVEL, HealthReport.UNHEALTHY)
          .put(DETAIL, "no result");
    }
    Status status = child.getStatus();
    JsonObject data =
        status == null || status.getData() == null ? new JsonObject() : status.getData().copy();
    boolean up = status != null && status.isOk();
    if (!data.containsKey(LEVEL)) {
      // A procedure that failed or timed out carries no level of its own.
      data.put(LEVEL, up ? HealthReport.HEALTHY : HealthReport.UNHEALTHY);
      data.put(
          DETAIL,
          child.getFailure() != null
              ? String.valueOf(child.getFailure().getMessage())
              : "the check did not complete in time");
    }
    return new JsonObject().put("name", name).put("status", up ? "up" : "down").mergeIn(data);
  }

  private static String worse(String a, String b) {
    return rank(b) > rank(a) ? b : a;
  }

  private static int rank(String level) {
    return switch (level) {
      case HealthReport.UNHEALTHY -> 2;
      case HealthReport.DEGRADED -> 1;
      default -> 0;
    };
  }

  private static JsonObject level(String level, String detail) {
    return new JsonObject().put(LEVEL, level).put(DETAIL, detail);
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
