package io.antbot.metrics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The alerts other services raise on {@code antbot.alerts} (the security service's storage alerts,
 * its critical edge events), kept so that {@code GET /api/v1/alerts} shows them beside the metrics
 * service's own rules: an alert stays listed from {@code firing} until a {@code resolved} event
 * with the same {@code id} arrives. One-shot alerts (an edge event's id names its moment) are never
 * resolved, so the list keeps the newest {@value #MAX_KEPT} and says how many older ones it let go.
 * Not thread-safe: the metrics verticle's context owns it.
 */
final class RaisedAlerts {

  static final int MAX_KEPT = 200;
  private static final int MAX_ID_CHARS = 512;

  private final Map<String, JsonObject> firing = new LinkedHashMap<>();
  private long dropped;

  /**
   * Takes one event of {@code antbot.alerts}; the metrics service's own and malformed ones are
   * ignored.
   */
  void accept(Object body, String ownSource) {
    if (!(body instanceof JsonObject event)) {
      return;
    }
    Object id = event.getValue("id");
    Object state = event.getValue("state");
    if (!(id instanceof String key)
        || key.isEmpty()
        || key.length() > MAX_ID_CHARS
        || ownSource.equals(event.getValue("source"))) {
      return;
    }
    if ("resolved".equals(state)) {
      firing.remove(key);
    } else if ("firing".equals(state)) {
      firing.remove(key);
      firing.put(key, event.copy());
      Iterator<String> oldest = firing.keySet().iterator();
      while (firing.size() > MAX_KEPT) {
        oldest.next();
        oldest.remove();
        dropped++;
      }
    }
  }

  /** The alerts raised elsewhere and not resolved, oldest first. */
  JsonArray list() {
    return new JsonArray(firing.values().stream().map(JsonObject::copy).toList());
  }

  /** How many unresolved alerts were let go because newer ones filled the list. */
  long dropped() {
    return dropped;
  }
}
