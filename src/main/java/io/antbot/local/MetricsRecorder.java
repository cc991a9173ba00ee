package io.antbot.local;

import io.antbot.bus.OperationMetric;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;

/**
 * The metrics service's recording as a local call, published under {@link
 * LocalServices#METRICS_RECORDER}: what a {@code MetricsClient} in the service's JVM uses instead
 * of a bus request per record. The checks, the cardinality guard and the series are the service's
 * own; a refused record is counted in {@code antbot_telemetry_refused_total} and logged once per
 * kind.
 *
 * <p>Safe to call from any thread; nothing here blocks.
 */
public interface MetricsRecorder extends Shareable {

  /**
   * Records one operation on the calling thread (timer, counter, error window and latency baseline
   * are thread-safe): the hot path of a bot's loop.
   *
   * @throws io.antbot.bus.BusException 400 for a record {@link OperationMetric#checked} refuses
   */
  void operation(String component, String operation, double durationMs, boolean success);

  /**
   * Hands the record {@code body} of {@code address} (one of the record addresses, as on the bus)
   * to the service's event loop; the future completes there once it is applied, or fails with the
   * bus's 400 for a bad record, or a 503 when the service has more records waiting than it accepts.
   */
  Future<Void> record(String address, JsonObject body);
}
