package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.metrics.trade}: {@code {side, status, amount, profit_loss?, symbol?}} — one trade.
 *
 * @param side {@code buy} or {@code sell}
 * @param status the trade's status, e.g. {@code completed}, {@code cancelled} (a label value)
 * @param amount the traded amount in the base asset: finite, not negative
 * @param profitLoss the realized profit (positive) or loss (negative) of the trade; {@code null}
 *     when not realized
 * @param symbol the market, e.g. {@code BTC/USDT}; {@code null} when not given (reported as {@code
 *     none})
 */
public record TradeMetric(
    String side, String status, double amount, Double profitLoss, String symbol) {

  public static final String BUY = "buy";
  public static final String SELL = "sell";
  private static final Set<String> FIELDS =
      Set.of("side", "status", "amount", "profit_loss", "symbol");

  public static TradeMetric fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    String side = JsonFields.requireString(json, "side");
    if (!BUY.equals(side) && !SELL.equals(side)) {
      throw BusException.badRequest("side: expected buy or sell, got " + JsonFields.describe(side));
    }
    return new TradeMetric(
        side,
        MetricFields.labelValue(json, "status"),
        MetricFields.nonNegative(json, "amount"),
        JsonFields.optionalNumber(json, "profit_loss"),
        MetricFields.optionalLabelValue(json, "symbol", null));
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject().put("side", side).put("status", status).put("amount", amount);
    if (profitLoss != null) {
      json.put("profit_loss", profitLoss);
    }
    if (symbol != null) {
      json.put("symbol", symbol);
    }
    return json;
  }
}
