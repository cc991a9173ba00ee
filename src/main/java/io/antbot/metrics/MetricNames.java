package io.antbot.metrics;

import io.antbot.metrics.MetricName.Kind;
import java.util.List;

/**
 * Every metric the service defines, with its help text and base unit. Label names are listed in
 * each description's Javadoc; every label value that comes from a caller passes the {@link
 * CardinalityGuard}.
 */
public final class MetricNames {

  private MetricNames() {}

  private static final String BYTES = "bytes";
  private static final String SECONDS = "seconds";
  private static final String RATIO = "ratio";

  // Operations (antbot.metrics.operation)
  /** Labels: component, operation, outcome (success|error). Histogram buckets from 1 ms to 10 s. */
  public static final MetricName OPERATION_DURATION =
      new MetricName(
          "antbot.operation.duration",
          "Time taken by the operations reported on antbot.metrics.operation",
          SECONDS,
          Kind.TIMER);

  /** Labels: component, operation, outcome. */
  public static final MetricName OPERATIONS =
      new MetricName(
          "antbot.operations",
          "Operations reported on antbot.metrics.operation",
          null,
          Kind.COUNTER);

  /** No labels: errors over all operations in the last metrics.error_rate_window_s seconds. */
  public static final MetricName OPERATION_ERROR_RATIO =
      new MetricName(
          "antbot.operation.error",
          "Share of the operations of the last error-rate window that failed",
          RATIO,
          Kind.GAUGE);

  // Trading (antbot.metrics.trade, .capital, .compounding, .workers)
  /** Labels: side (buy|sell), status, symbol. */
  public static final MetricName TRADES =
      new MetricName(
          "antbot.trades", "Trades reported, by side, status and symbol", null, Kind.COUNTER);

  /** Labels: side. */
  public static final MetricName TRADE_VOLUME =
      new MetricName("antbot.trade.volume", "Amount traded, in the base asset", null, Kind.COUNTER);

  /** No labels: the sum of every trade's profit_loss. */
  public static final MetricName TRADE_PROFIT_LOSS =
      new MetricName(
          "antbot.trade.realized.profit.loss",
          "Realized profit (positive) or loss (negative), summed over the trades reported",
          null,
          Kind.GAUGE);

  /** Labels: result (win|loss|breakeven). */
  public static final MetricName TRADE_RESULTS =
      new MetricName(
          "antbot.trade.results",
          "Trades with a realized profit or loss, by result",
          null,
          Kind.COUNTER);

  /** No labels. */
  public static final MetricName TRADE_WIN_RATIO =
      new MetricName(
          "antbot.trade.win",
          "Share of the trades with a realized result that were profitable",
          RATIO,
          Kind.GAUGE);

  /** Labels: kind (total|available|allocated). */
  public static final MetricName CAPITAL =
      new MetricName(
          "antbot.capital", "Capital under management, in the quote currency", null, Kind.GAUGE);

  /** Labels: layer (1..5). */
  public static final MetricName COMPOUNDING_RATE =
      new MetricName(
          "antbot.compounding.rate",
          "Compounding rate per period of each compounding layer",
          null,
          Kind.GAUGE);

  /** Labels: layer (1..5). */
  public static final MetricName COMPOUNDING_EFFICIENCY =
      new MetricName(
          "antbot.compounding.efficiency",
          "Efficiency score of each compounding layer",
          null,
          Kind.GAUGE);

  /** Labels: pool. */
  public static final MetricName WORKERS_ACTIVE =
      new MetricName("antbot.workers.active", "Active workers of each pool", null, Kind.GAUGE);

  /** Labels: pool. */
  public static final MetricName WORKER_EFFICIENCY =
      new MetricName(
          "antbot.workers.efficiency", "Efficiency score of each pool's workers", null, Kind.GAUGE);

  // The service itself
  /** Labels: metric (the Prometheus name whose label value was folded). */
  public static final MetricName DROPPED_SERIES =
      new MetricName(
          "antbot.metrics.dropped.series",
          "Recordings whose label value was folded into \"other\" because the metric's label budget was spent",
          null,
          Kind.COUNTER);

  /**
   * Labels: kind (operation|trade|capital|compounding|workers|custom_set|custom_increment|log), the
   * records of bots' clients the service refused (in-process or in a batch), each kind logged once.
   */
  public static final MetricName TELEMETRY_REFUSED =
      new MetricName(
          "antbot.telemetry.refused",
          "Records of bots' clients refused as malformed, by kind",
          null,
          Kind.COUNTER);

  /**
   * Labels: source (local: the service's queue for in-process records was full; client: a client on
   * another node dropped records because its queue was full).
   */
  public static final MetricName TELEMETRY_DROPPED =
      new MetricName(
          "antbot.telemetry.dropped",
          "Records of bots' clients dropped because the service could not keep up",
          null,
          Kind.COUNTER);

  /** Labels: metric (operation_latency|error_rate|trade_pnl). */
  public static final MetricName ANOMALIES =
      new MetricName(
          "antbot.anomalies",
          "Anomalies found by the rolling-baseline detector",
          null,
          Kind.COUNTER);

  /** Labels: severity (info|warning|critical). */
  public static final MetricName ALERTS_FIRING =
      new MetricName("antbot.alerts.firing", "Alert rules currently firing", null, Kind.GAUGE);

  /** No labels: lateness of a timer on the metrics service's event loop. */
  public static final MetricName EVENT_LOOP_LAG =
      new MetricName(
          "antbot.eventloop.lag",
          "How late the last event-loop probe timer fired",
          SECONDS,
          Kind.GAUGE);

  // System (OSHI)
  public static final MetricName SYSTEM_CPU_USAGE =
      new MetricName(
          "antbot.system.cpu.usage",
          "CPU usage of the whole machine over the last sampling interval",
          RATIO,
          Kind.GAUGE);
  public static final MetricName PROCESS_CPU_USAGE =
      new MetricName(
          "antbot.process.cpu.usage",
          "CPU usage of this process over the last sampling interval, as a share of all logical processors",
          RATIO,
          Kind.GAUGE);

  /** Labels: window (1m|5m|15m); absent where the OS has no load average. */
  public static final MetricName SYSTEM_LOAD_AVERAGE =
      new MetricName("antbot.system.load.average", "System load average", null, Kind.GAUGE);

  public static final MetricName SYSTEM_MEMORY_TOTAL =
      new MetricName("antbot.system.memory.total", "Physical memory", BYTES, Kind.GAUGE);
  public static final MetricName SYSTEM_MEMORY_AVAILABLE =
      new MetricName(
          "antbot.system.memory.available", "Physical memory available", BYTES, Kind.GAUGE);
  public static final MetricName SYSTEM_MEMORY_USAGE =
      new MetricName(
          "antbot.system.memory.usage", "Share of physical memory in use", RATIO, Kind.GAUGE);
  public static final MetricName SYSTEM_SWAP_TOTAL =
      new MetricName("antbot.system.swap.total", "Swap space", BYTES, Kind.GAUGE);
  public static final MetricName SYSTEM_SWAP_USED =
      new MetricName("antbot.system.swap.used", "Swap space in use", BYTES, Kind.GAUGE);

  /** Labels: mount. */
  public static final MetricName SYSTEM_DISK_TOTAL =
      new MetricName(
          "antbot.system.disk.total", "Size of each local file system", BYTES, Kind.GAUGE);

  /** Labels: mount. */
  public static final MetricName SYSTEM_DISK_FREE =
      new MetricName(
          "antbot.system.disk.free",
          "Space of each local file system usable by unprivileged users",
          BYTES,
          Kind.GAUGE);

  /** Labels: mount. */
  public static final MetricName SYSTEM_DISK_USAGE =
      new MetricName(
          "antbot.system.disk.usage",
          "Share of each local file system in use, as df reports it: used / (used + usable)",
          RATIO,
          Kind.GAUGE);

  /** Labels: disk. */
  public static final MetricName SYSTEM_DISK_READ =
      new MetricName("antbot.system.disk.read", "Bytes read from each disk", BYTES, Kind.COUNTER);

  /** Labels: disk. */
  public static final MetricName SYSTEM_DISK_WRITTEN =
      new MetricName(
          "antbot.system.disk.written", "Bytes written to each disk", BYTES, Kind.COUNTER);

  /** Labels: disk. */
  public static final MetricName SYSTEM_DISK_READS =
      new MetricName(
          "antbot.system.disk.reads", "Read operations completed by each disk", null, Kind.COUNTER);

  /** Labels: disk. */
  public static final MetricName SYSTEM_DISK_WRITES =
      new MetricName(
          "antbot.system.disk.writes",
          "Write operations completed by each disk",
          null,
          Kind.COUNTER);

  /** Labels: interface. */
  public static final MetricName SYSTEM_NETWORK_RECEIVED =
      new MetricName(
          "antbot.system.network.received",
          "Bytes received by each network interface",
          BYTES,
          Kind.COUNTER);

  /** Labels: interface. */
  public static final MetricName SYSTEM_NETWORK_TRANSMITTED =
      new MetricName(
          "antbot.system.network.transmitted",
          "Bytes sent by each network interface",
          BYTES,
          Kind.COUNTER);

  /** Labels: interface. */
  public static final MetricName SYSTEM_NETWORK_RECEIVED_PACKETS =
      new MetricName(
          "antbot.system.network.received.packets",
          "Packets received by each network interface",
          null,
          Kind.COUNTER);

  /** Labels: interface. */
  public static final MetricName SYSTEM_NETWORK_TRANSMITTED_PACKETS =
      new MetricName(
          "antbot.system.network.transmitted.packets",
          "Packets sent by each network interface",
          null,
          Kind.COUNTER);

  /** Labels: interface. */
  public static final MetricName SYSTEM_NETWORK_RECEIVE_ERRORS =
      new MetricName(
          "antbot.system.network.receive.errors",
          "Receive errors of each network interface",
          null,
          Kind.COUNTER);

  /** Labels: interface. */
  public static final MetricName SYSTEM_NETWORK_TRANSMIT_ERRORS =
      new MetricName(
          "antbot.system.network.transmit.errors",
          "Transmit errors of each network interface",
          null,
          Kind.COUNTER);

  public static final MetricName SYSTEM_OPEN_FDS =
      new MetricName(
          "antbot.system.open.fds", "File descriptors open on the whole machine", null, Kind.GAUGE);
  public static final MetricName PROCESS_OPEN_FDS =
      new MetricName(
          "antbot.process.open.fds", "File descriptors open by this process", null, Kind.GAUGE);
  public static final MetricName PROCESS_MAX_FDS =
      new MetricName(
          "antbot.process.max.fds",
          "Soft limit of the file descriptors this process may open",
          null,
          Kind.GAUGE);
  public static final MetricName PROCESS_RESIDENT_MEMORY =
      new MetricName(
          "antbot.process.resident.memory", "Resident memory of this process", BYTES, Kind.GAUGE);
  public static final MetricName SYSTEM_UPTIME =
      new MetricName("antbot.system.uptime", "Time since the machine booted", SECONDS, Kind.GAUGE);
  public static final MetricName PROCESS_UPTIME =
      new MetricName(
          "antbot.process.uptime", "Time since this process started", SECONDS, Kind.GAUGE);
  public static final MetricName SYSTEM_SAMPLE_AGE =
      new MetricName(
          "antbot.system.sample.age",
          "Age of the system sample behind the antbot_system_* and antbot_process_* series",
          SECONDS,
          Kind.GAUGE);

  /** Every metric above, for documentation and tests. */
  public static final List<MetricName> ALL =
      List.of(
          OPERATION_DURATION,
          OPERATIONS,
          OPERATION_ERROR_RATIO,
          TRADES,
          TRADE_VOLUME,
          TRADE_PROFIT_LOSS,
          TRADE_RESULTS,
          TRADE_WIN_RATIO,
          CAPITAL,
          COMPOUNDING_RATE,
          COMPOUNDING_EFFICIENCY,
          WORKERS_ACTIVE,
          WORKER_EFFICIENCY,
          DROPPED_SERIES,
          TELEMETRY_REFUSED,
          TELEMETRY_DROPPED,
          ANOMALIES,
          ALERTS_FIRING,
          EVENT_LOOP_LAG,
          SYSTEM_CPU_USAGE,
          PROCESS_CPU_USAGE,
          SYSTEM_LOAD_AVERAGE,
          SYSTEM_MEMORY_TOTAL,
          SYSTEM_MEMORY_AVAILABLE,
          SYSTEM_MEMORY_USAGE,
          SYSTEM_SWAP_TOTAL,
          SYSTEM_SWAP_USED,
          SYSTEM_DISK_TOTAL,
          SYSTEM_DISK_FREE,
          SYSTEM_DISK_USAGE,
          SYSTEM_DISK_READ,
          SYSTEM_DISK_WRITTEN,
          SYSTEM_DISK_READS,
          SYSTEM_DISK_WRITES,
          SYSTEM_NETWORK_RECEIVED,
          SYSTEM_NETWORK_TRANSMITTED,
          SYSTEM_NETWORK_RECEIVED_PACKETS,
          SYSTEM_NETWORK_TRANSMITTED_PACKETS,
          SYSTEM_NETWORK_RECEIVE_ERRORS,
          SYSTEM_NETWORK_TRANSMIT_ERRORS,
          SYSTEM_OPEN_FDS,
          PROCESS_OPEN_FDS,
          PROCESS_MAX_FDS,
          PROCESS_RESIDENT_MEMORY,
          SYSTEM_UPTIME,
          PROCESS_UPTIME,
          SYSTEM_SAMPLE_AGE);
}
