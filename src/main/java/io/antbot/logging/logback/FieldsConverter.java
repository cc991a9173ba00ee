package io.antbot.logging.logback;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vertx.core.json.Json;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * {@code %fields}: the event's own fields as {@code " name=value"} pairs (empty when there are
 * none), secrets masked, strings escaped to stay on one line, maps and lists as compact JSON;
 * {@code event_type} is shown when it is not the default.
 */
public class FieldsConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs == null || pairs.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (KeyValuePair pair : pairs) {
      if (pair.key == null
          || EventView.CORRELATION_ID.equals(pair.key)
          || EventView.COMPONENT.equals(pair.key)) {
        continue;
      }
      Object value = LogSafety.mask(pair.key, pair.value);
      out.append(' ').append(LogSafety.escapeLine(pair.key)).append('=');
      if (value instanceof String text) {
        out.append(LogSafety.escapeLine(text));
      } else if (value == null || value instanceof Number || value instanceof Boolean) {
        out.append(value);
      } else {
        out.append(Json.encode(value));
      }
    }
    return out.toString();
  }
}
