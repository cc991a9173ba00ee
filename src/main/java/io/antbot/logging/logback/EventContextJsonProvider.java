package io.antbot.logging.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import net.logstash.logback.composite.AbstractJsonProvider;
import org.slf4j.event.KeyValuePair;

/**
 * Writes {@code service.name}, {@code component}, {@code correlation_id} (JSON {@code null} when
 * the event was written outside any correlated work) and {@code event_type}, then the event's own
 * fields as top-level keys with secrets masked ({@link LogSafety#mask}).
 *
 * <p>It runs once per event on the writer thread, so it reads the key-value pairs in one pass and
 * writes values straight to the generator: strings, numbers, booleans, and the maps and lists
 * {@link LogSafety#mask} leaves (secrets masked inside) as JSON; anything else as its text, never
 * by its bean properties, which may hold what a log must not.
 */
public class EventContextJsonProvider extends AbstractJsonProvider<ILoggingEvent> {

  /** Default {@code service.name}: the default of {@code core.service_name}. */
  public static final String DEFAULT_SERVICE_NAME = "antbot-core";

  private static final SerializableString SERVICE_NAME = new SerializedString("service.name");
  private static final SerializableString COMPONENT = new SerializedString(EventView.COMPONENT);
  private static final SerializableString CORRELATION_ID =
      new SerializedString(EventView.CORRELATION_ID);
  private static final SerializableString EVENT_TYPE = new SerializedString(EventView.EVENT_TYPE);
  private static final SerializableString DEFAULT_EVENT_TYPE =
      new SerializedString(EventView.DEFAULT_EVENT_TYPE);

  private SerializableString serviceName = new SerializedString(DEFAULT_SERVICE_NAME);

  public String getServiceName() {
    return serviceName.getValue();
  }

  /** The value of {@code service.name} on every line ({@code core.service_name}). */
  public void setServiceName(String serviceName) {
    this.serviceName = new SerializedString(serviceName);
  }

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    Object component = null;
    Object eventType = null;
    Object correlationId = null;
    boolean stamped = false;
    int own = 0;
    if (pairs != null) {
      for (int i = 0, n = pairs.size(); i < n; i++) {
        KeyValuePair pair = pairs.get(i);
        if (EventView.CORRELATION_ID.equals(pair.key)) {
          stamped = true;
          correlationId = pair.value;
        } else if (EventView.COMPONENT.equals(pair.key)) {
          component = pair.value;
        } else if (EventView.EVENT_TYPE.equals(pair.key)) {
          eventType = pair.value;
        } else if (pair.key != null) {
          own++;
        }
      }
    }
    generator.writeFieldName(SERVICE_NAME);
    generator.writeString(serviceName);
    generator.writeFieldName(COMPONENT);
    generator.writeString(
        component != null
            ? String.valueOf(component)
            : EventView.lastSegment(event.getLoggerName()));
    generator.writeFieldName(CORRELATION_ID);
    String id =
        stamped
            ? (correlationId == null ? null : String.valueOf(correlationId))
            : EventView.correlationId(event);
    if (id == null) {
      generator.writeNull();
    } else {
      generator.writeString(id);
    }
    generator.writeFieldName(EVENT_TYPE);
    if (eventType == null) {
      generator.writeString(DEFAULT_EVENT_TYPE);
    } else {
      generator.writeString(String.valueOf(eventType));
    }
    if (own > 0) {
      for (int i = 0, n = pairs.size(); i < n; i++) {
        KeyValuePair pair = pairs.get(i);
        if (pair.key != null && EventView.isOwnField(pair.key)) {
          generator.writeFieldName(EventView.fieldName(pair.key));
          writeValue(generator, LogSafety.mask(pair.key, pair.value));
        }
      }
    }
  }

  private static void writeValue(JsonGenerator generator, Object value) throws IOException {
    if (value == null) {
      generator.writeNull();
    } else if (value instanceof String text) {
      generator.writeString(text);
    } else if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      generator.writeNumber(((Number) value).longValue());
    } else if (value instanceof Double number) {
      generator.writeNumber(number);
    } else if (value instanceof Float number) {
      generator.writeNumber(number);
    } else if (value instanceof BigDecimal number) {
      generator.writeNumber(number);
    } else if (value instanceof BigInteger number) {
      generator.writeNumber(number);
    } else if (value instanceof Boolean flag) {
      generator.writeBoolean(flag);
    } else if (value instanceof io.vertx.core.json.JsonObject object) {
      writeValue(generator, object.getMap());
    } else if (value instanceof io.vertx.core.json.JsonArray array) {
      writeValue(generator, array.getList());
    } else if (value instanceof Map<?, ?> map) {
      generator.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        generator.writeFieldName(String.valueOf(entry.getKey()));
        writeValue(generator, entry.getValue());
      }
      generator.writeEndObject();
    } else if (value instanceof Iterable<?> items) {
      generator.writeStartArray();
      for (Object item : items) {
        writeValue(generator, item);
      }
      generator.writeEndArray();
    } else {
      generator.writeString(String.valueOf(value));
    }
  }
}
