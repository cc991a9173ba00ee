package io.antbot.metrics;

import io.antbot.testing.TestConf;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Test support for the metrics service: deployment on the shipped conf, polling, reading parsed
 * scrapes.
 */
final class MetricsTesting {

  private MetricsTesting() {}

  /**
   * Settings that keep tests quick and deterministic: fast evaluation, only config and metrics
   * checked by health.
   */
  static JsonObject quickSettings() {
    return new JsonObject()
        .put("evaluation_interval_ms", 50)
        .put("alerts", new JsonArray())
        .put(
            "health",
            new JsonObject()
                .put("services", new JsonArray().add("config").add("metrics"))
                .put("cpu_ratio", 1.0)
                .put("memory_ratio", 1.0)
                .put("disk_ratio", 1.0));
  }

  /**
   * Deploys the config service on a copy of conf/ with {@code metrics} overrides, then the metrics
   * service.
   */
  static Future<String> deploy(Vertx vertx, Path dir, JsonObject metrics) {
    Path conf = TestConf.copyShipped(dir);
    return TestConf.deployConfig(
            vertx, conf, "production", new JsonObject().put("metrics", metrics))
        .compose(id -> vertx.deployVerticle(new MetricsVerticle()));
  }

  /**
   * Completes with the first value of {@code probe} that passes {@code done}, trying every 20 ms
   * for 5 s.
   */
  static <T> Future<T> poll(Vertx vertx, Supplier<Future<T>> probe, Predicate<T> done) {
    Promise<T> promise = Promise.promise();
    long deadline = System.currentTimeMillis() + 5_000;
    attempt(vertx, probe, done, deadline, promise);
    return promise.future();
  }

  private static <T> void attempt(
      Vertx vertx,
      Supplier<Future<T>> probe,
      Predicate<T> done,
      long deadline,
      Promise<T> promise) {
    probe
        .get()
        .onComplete(
            result -> {
              if (result.succeeded() && done.test(result.result())) {
                promise.complete(result.result());
              } else if (System.currentTimeMillis() > deadline) {
                promise.fail(
                    result.failed()
                        ? result.cause().toString()
                        : "condition not met in 5 s, last: " + result.result());
              } else {
                vertx.setTimer(20, id -> attempt(vertx, probe, done, deadline, promise));
              }
            });
  }

  /**
   * The value of the sample {@code name} with exactly {@code labels} in a parsed scrape, or {@code
   * null}.
   */
  static Object value(JsonObject families, String name, Map<String, String> labels) {
    for (String family : families.fieldNames()) {
      for (Object item : families.getJsonObject(family).getJsonArray("samples")) {
        JsonObject sample = (JsonObject) item;
        if (sample.getString("name").equals(name)
            && sample.getJsonObject("labels").getMap().equals(labels)) {
          return sample.getValue("value");
        }
      }
    }
    return null;
  }

  /** Every sample name of a parsed scrape. */
  static java.util.Set<String> sampleNames(JsonObject families) {
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (String family : families.fieldNames()) {
      for (Object item : families.getJsonObject(family).getJsonArray("samples")) {
        names.add(((JsonObject) item).getString("name"));
      }
    }
    return names;
  }
}
