package io.antbot.metrics;

import io.antbot.bus.CapitalMetric;
import io.antbot.bus.CompoundingMetric;
import io.antbot.bus.TradeMetric;
import io.antbot.bus.WorkersMetric;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Trading series: trades by side, status and symbol, volume, realized profit/loss and win ratio;
 * capital; the compounding layers' rates and efficiency scores; active workers per pool and their
 * efficiency. Gauges appear at their first report. Used from the metrics service's event loop.
 */
final class TradingMetrics {

  private static final String TRADES = MetricNames.TRADES.prometheusName();
  private static final String WORKERS = MetricNames.WORKERS_ACTIVE.prometheusName();

  /** Reported as the symbol of trades that name none. */
  static final String NO_SYMBOL = "none";

  private final MeterRegistry registry;
  private final CardinalityGuard guard;
  private final Map<List<String>, Counter> trades = new HashMap<>();
  private final Map<String, Counter> volumes = new HashMap<>();
  private final Map<String, Counter> results = new HashMap<>();
  private final Map<String, Meters.Cell> cells = new HashMap<>();
  private Meters.Cell profitLoss;
  private Meters.Cell winRatio;
  private long wins;
  private long realized;

  TradingMetrics(MeterRegistry registry, CardinalityGuard guard) {
    this.registry = registry;
    this.guard = guard;
  }

  void trade(TradeMetric trade) {
    String status = guard.admit(TRADES, "status", trade.status());
    String symbol =
        guard.admit(TRADES, "symbol", trade.symbol() == null ? NO_SYMBOL : trade.symbol());
    trades
        .computeIfAbsent(
            List.of(trade.side(), status, symbol),
            k ->
                Meters.counter(
                    registry,
                    MetricNames.TRADES,
                    Tags.of("side", k.get(0), "status", k.get(1), "symbol", k.get(2))))
        .increment();
    volumes
        .computeIfAbsent(
            trade.side(),
            side -> Meters.counter(registry, MetricNames.TRADE_VOLUME, Tags.of("side", side)))
        .increment(trade.amount());
    if (trade.profitLoss() != null) {
      double pl = trade.profitLoss();
      String result = pl > 0 ? "win" : pl < 0 ? "loss" : "breakeven";
      results
          .computeIfAbsent(
              result,
              r -> Meters.counter(registry, MetricNames.TRADE_RESULTS, Tags.of("result", r)))
          .increment();
      if (profitLoss == null) {
        profitLoss = Meters.cell(registry, MetricNames.TRADE_PROFIT_LOSS, Tags.empty(), 0.0);
        winRatio = Meters.cell(registry, MetricNames.TRADE_WIN_RATIO, Tags.empty(), 0.0);
      }
      profitLoss.add(pl);
      realized++;
      if (pl > 0) {
        wins++;
      }
      winRatio.set((double) wins / realized);
    }
  }

  void capital(CapitalMetric capital) {
    set(MetricNames.CAPITAL, Tags.of("kind", "total"), capital.total());
    if (capital.available() != null) {
      set(MetricNames.CAPITAL, Tags.of("kind", "available"), capital.available());
    }
    if (capital.allocated() != null) {
      set(MetricNames.CAPITAL, Tags.of("kind", "allocated"), capital.allocated());
    }
  }

  void compounding(CompoundingMetric layer) {
    Tags tags = Tags.of("layer", Integer.toString(layer.layer()));
    if (layer.rate() != null) {
      set(MetricNames.COMPOUNDING_RATE, tags, layer.rate());
    }
    if (layer.efficiency() != null) {
      set(MetricNames.COMPOUNDING_EFFICIENCY, tags, layer.efficiency());
    }
  }

  void workers(WorkersMetric workers) {
    Tags tags = Tags.of("pool", guard.admit(WORKERS, "pool", workers.pool()));
    set(MetricNames.WORKERS_ACTIVE, tags, workers.active());
    if (workers.efficiency() != null) {
      set(MetricNames.WORKER_EFFICIENCY, tags, workers.efficiency());
    }
  }

  private void set(MetricName metric, Tags tags, double value) {
    cells
        .computeIfAbsent(metric.name() + tags, k -> Meters.cell(registry, metric, tags, 0.0))
        .set(value);
  }
}
