package io.antbot.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where the metrics live: one {@link PrometheusMeterRegistry} per runtime.
 *
 * <p>The command line builds its {@link Vertx} with {@link #vertxOptions()} and {@link
 * #metricsFactory()}, so Vert.x records its event-bus, HTTP-server and JVM metrics into the
 * registry the metrics service scrapes:
 *
 * <pre>{@code
 * Vertx vertx = Vertx.builder().with(MetricsBackend.vertxOptions()).withMetrics(MetricsBackend.metricsFactory()).build();
 * }</pre>
 *
 * A runtime embedded in a {@code Vertx} built without metrics options still works: {@link
 * #resolve(Vertx)} then gives the service a registry of its own, with JVM metrics bound but no
 * Vert.x metrics.
 */
public final class MetricsBackend {

  /**
   * The name of the Vert.x Micrometer registry the runtime registers (see {@link
   * BackendRegistries#getNow}).
   */
  public static final String REGISTRY_NAME = "antbot";

  /**
   * Micrometer meters whose Prometheus names break the naming rules {@code promtool check metrics}
   * enforces (abbreviated units {@code _ms}/{@code _ns}, a gauge ending in {@code _count}); they
   * are not exported.
   */
  static final Set<String> NON_CONFORMING_METERS =
      Set.of("jvm.compilation.time", "process.cpu.time", "system.cpu.count");

  private MetricsBackend() {}

  /**
   * Options that turn on Vert.x's Micrometer metrics, JVM metrics included, under {@link
   * #REGISTRY_NAME}.
   */
  public static VertxOptions vertxOptions() {
    return new VertxOptions()
        .setMetricsOptions(
            new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                .setRegistryName(REGISTRY_NAME)
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
  }

  /** The Vert.x metrics factory recording into a new registry built by {@link #newRegistry()}. */
  public static VertxMetricsFactory metricsFactory() {
    return new MicrometerMetricsFactory(newRegistry());
  }

  /**
   * As {@link #metricsFactory()}, every series labelled {@code node="<node>"}: in a cluster,
   * Prometheus scrapes each node and tells them apart by it.
   */
  public static VertxMetricsFactory metricsFactory(String node) {
    PrometheusMeterRegistry registry = newRegistry();
    registry
        .config()
        .meterFilter(MeterFilter.commonTags(io.micrometer.core.instrument.Tags.of("node", node)));
    return new MicrometerMetricsFactory(registry);
  }

  /**
   * A Prometheus registry with the filters that keep its exposition within the Prometheus naming
   * rules.
   */
  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry
        .config()
        .meterFilter(MeterFilter.deny(id -> NON_CONFORMING_METERS.contains(id.getName())));
    return registry;
  }

  /**
   * The registry the service should use with {@code vertx}: the Vert.x Micrometer registry when
   * Vert.x was built with Prometheus metrics (under {@link #REGISTRY_NAME} or the default name),
   * else {@code null}.
   */
  static PrometheusMeterRegistry vertxRegistry(Vertx vertx) {
    if (!vertx.isMetricsEnabled()) {
      return null;
    }
    MeterRegistry named = BackendRegistries.getNow(REGISTRY_NAME);
    if (named instanceof PrometheusMeterRegistry prometheus) {
      return prometheus;
    }
    return BackendRegistries.getDefaultNow() instanceof PrometheusMeterRegistry prometheus
        ? prometheus
        : null;
  }

  /**
   * A registry the service owns: {@link #newRegistry()} with the JVM binders Vert.x would have
   * bound.
   */
  static OwnedRegistry ownRegistry() {
    PrometheusMeterRegistry registry = newRegistry();
    List<MeterBinder> binders =
        new ArrayList<>(
            List.of(
                new ClassLoaderMetrics(),
                new JvmMemoryMetrics(),
                new JvmGcMetrics(),
                new JvmThreadMetrics(),
                new JvmInfoMetrics(),
                new ProcessorMetrics(),
                new UptimeMetrics()));
    binders.forEach(binder -> binder.bindTo(registry));
    return new OwnedRegistry(registry, binders);
  }

  /** A registry made by the service, closed (with its closeable binders) when the service stops. */
  record OwnedRegistry(PrometheusMeterRegistry registry, List<MeterBinder> binders) {

    void close() {
      for (MeterBinder binder : binders) {
        if (binder instanceof AutoCloseable closeable) {
          try {
            closeable.close();
          } catch (Exception ignored) {
            // Closing a GC listener cannot fail in a way the caller could act on.
          }
        }
      }
      registry.close();
    }
  }
}
