package io.antbot.local;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Objects a service hands to other verticles of the same Vert.x instance for their hot paths, where
 * a bus round trip per call would cost more than the work itself: the security service's edge gate
 * (a decision per HTTP request), the metrics service's scraper and recorder, the logging service's
 * writer, the configuration service's reader, the security service's authenticator. The bus stays
 * the contract; a caller that finds no local object (the service runs on another node, or is not
 * deployed) uses the bus address instead.
 *
 * <p>Only {@link Shareable} objects fit: they must be safe to call from any event loop. Each name
 * is a constant here, like the addresses. The objects sit in one concurrent map per Vert.x
 * instance, itself kept in a Vert.x local map: a lookup is a plain concurrent-map read, without the
 * local map's per-read copy check.
 */
public final class LocalServices {

  /** The security service's {@code EdgeGate}. */
  public static final String EDGE_GATE = "security.edge-gate";

  /** The security service's {@code Authenticator}, for the bridge's token checks. */
  public static final String AUTHENTICATOR = "security.authenticator";

  /** The metrics service's Prometheus scraper. */
  public static final String METRICS_SCRAPER = "metrics.scraper";

  /** The metrics service's {@code MetricsRecorder}, for the records of bots in its JVM. */
  public static final String METRICS_RECORDER = "metrics.recorder";

  /** The configuration service's {@code ConfigReader}, for the edge's and clients' reads. */
  public static final String CONFIG_READER = "config.reader";

  /** The logging service's {@code LogWriter}, for the loggers of bots in its JVM. */
  public static final String LOG_WRITER = "logging.writer";

  private static final String MAP = "antbot.local-services";

  private LocalServices() {}

  /** Makes {@code service} available under {@code name}, replacing what was there. */
  public static void publish(Vertx vertx, String name, Shareable service) {
    registry(vertx).put(name, service);
  }

  /**
   * Withdraws {@code service} from {@code name}, unless another object has replaced it meanwhile.
   */
  public static void withdraw(Vertx vertx, String name, Shareable service) {
    registry(vertx).remove(name, service);
  }

  /** The object under {@code name} when there is one of type {@code type}. */
  public static <T> Optional<T> lookup(Vertx vertx, String name, Class<T> type) {
    Object found = registry(vertx).get(name);
    return type.isInstance(found) ? Optional.of(type.cast(found)) : Optional.empty();
  }

  /**
   * A standing lookup of {@code name}, for a hot path: each {@link Handle#get} is one read of the
   * shared map.
   */
  public static <T> Handle<T> handle(Vertx vertx, String name, Class<T> type) {
    return new Handle<>(registry(vertx), name, type);
  }

  /** What {@link #handle} returns. */
  public static final class Handle<T> {
    private final Registry map;
    private final String name;
    private final Class<T> type;

    private Handle(Registry map, String name, Class<T> type) {
      this.map = map;
      this.name = name;
      this.type = type;
    }

    /** The object under the name now, or {@code null} when there is none of the type. */
    public T get() {
      Object found = map.get(name);
      return type.isInstance(found) ? type.cast(found) : null;
    }
  }

  /**
   * The published objects of one Vert.x instance; shared as it is (a {@link Shareable} is not
   * copied).
   */
  private static final class Registry extends ConcurrentHashMap<String, Shareable>
      implements Shareable {}

  private static Registry registry(Vertx vertx) {
    LocalMap<String, Registry> holder = vertx.sharedData().getLocalMap(MAP);
    Registry registry = holder.get(MAP);
    if (registry == null) {
      holder.putIfAbsent(MAP, new Registry());
      registry = holder.get(MAP);
    }
    return registry;
  }
}
