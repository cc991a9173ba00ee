package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One point of the metrics service's short history ({@code antbot.metrics.history}). Counts are
 * running totals since the service started (a chart shows their growth); the latency and the ratios
 * are those of the moment. A value the runtime does not have yet (no trade reported, no system
 * sample taken) is {@code null}.
 *
 * @param at when the point was taken
 * @param trades trades reported so far
 * @param volume amount traded so far, in the base asset
 * @param profitLoss realized profit (positive) or loss (negative) so far
 * @param winRatio share of the trades with a realized result that were profitable
 * @param capital capital under management (the last {@code total} reported)
 * @param operations operations reported so far
 * @param latencyP95Ms 95th percentile of the operations' durations since the previous point, in ms,
 *     estimated from the latency histogram; {@code null} when none was reported in between
 * @param errorRatio share of the operations of the error-rate window that failed
 * @param processCpu this process's CPU usage, 0..1 of all processors
 * @param systemCpu the machine's CPU usage, 0..1
 * @param memoryUsage share of the machine's physical memory in use
 * @param heapUsedBytes JVM heap in use
 * @param eventLoopLagMs how late the metrics service's last event-loop probe fired, in ms
 */
public record MetricsHistoryPoint(
    Instant at,
    double trades,
    double volume,
    Double profitLoss,
    Double winRatio,
    Double capital,
    double operations,
    Double latencyP95Ms,
    Double errorRatio,
    Double processCpu,
    Double systemCpu,
    Double memoryUsage,
    long heapUsedBytes,
    double eventLoopLagMs) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("at", at.toString())
        .put("trades", trades)
        .put("volume", volume)
        .put("profit_loss", profitLoss)
        .put("win_ratio", winRatio)
        .put("capital", capital)
        .put("operations", operations)
        .put("latency_p95_ms", latencyP95Ms)
        .put("error_ratio", errorRatio)
        .put("process_cpu", processCpu)
        .put("system_cpu", systemCpu)
        .put("memory_usage", memoryUsage)
        .put("heap_used_bytes", heapUsedBytes)
        .put("event_loop_lag_ms", eventLoopLagMs);
  }
}
