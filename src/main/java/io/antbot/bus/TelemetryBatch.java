package io.antbot.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code antbot.metrics.batch} and {@code antbot.log.batch}: {@code {records: [...], dropped?}} —
 * the records a client on another node gathered without waiting for replies, sent as one message.
 *
 * <p>Each record is what the single address takes ({@code antbot.metrics.batch}: {@code {address,
 * body}} with {@code address} one of the metrics service's record addresses; {@code
 * antbot.log.batch}: an {@code antbot.log.write} body). The batch is checked as a whole for its
 * shape and size (a 400 or 413); each record is checked by its service, which applies the good ones
 * and counts the rest, so one bad record does not lose the others.
 *
 * @param records the records as sent, at most {@value #MAX_RECORDS}, each a JSON object
 * @param dropped how many records the client dropped since its previous batch because its queue was
 *     full (the service counts them)
 */
public record TelemetryBatch(List<JsonObject> records, long dropped) {

  /** The most records one batch may carry. */
  public static final int MAX_RECORDS = 1000;

  private static final Set<String> FIELDS = Set.of("records", "dropped");

  public TelemetryBatch {
    records = List.copyOf(records);
  }

  public static TelemetryBatch fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    JsonArray records = JsonFields.optionalArray(json, "records");
    if (records == null) {
      throw JsonFields.missing("records");
    }
    if (records.size() > MAX_RECORDS) {
      throw new BusException(
          FailureCode.TOO_LARGE,
          "records: at most " + MAX_RECORDS + " per batch, got " + records.size());
    }
    List<JsonObject> read = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      if (!(records.getValue(i) instanceof JsonObject record)) {
        throw JsonFields.wrongType("records[" + i + "]", "an object", records.getValue(i));
      }
      read.add(record);
    }
    Long dropped = JsonFields.optionalLong(json, "dropped");
    if (dropped != null && dropped < 0) {
      throw BusException.badRequest("dropped: must not be negative, got " + dropped);
    }
    return new TelemetryBatch(read, dropped == null ? 0 : dropped);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("records", new JsonArray(new ArrayList<>(records)));
    if (dropped > 0) {
      json.put("dropped", dropped);
    }
    return json;
  }
}
