package io.antbot.logging.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import net.logstash.logback.composite.AbstractJsonProvider;
import org.slf4j.event.KeyValuePair;

/**
 * Writes {@code service.name}, {@code component}, {@code correlation_id} (JSON {@code null} when the event was
 * written outside any correlated work) and {@code event_type}, then the event's own fields as top-level keys with
 * secrets masked ({@link LogSafety#mask}).
 */
public class EventContextJsonProvider extends AbstractJsonProvider<ILoggingEvent> {

  /** Default {@code service.name}: the default of {@code core.service_name}. */
  public static final String DEFAULT_SERVICE_NAME = "antbot-core";

  private String serviceName = DEFAULT_SERVICE_NAME;

  public String getServiceName() {
    return serviceName;
  }

  /** The value of {@code service.name} on every line ({@code core.service_name}). */
  public void setServiceName(String serviceName) {
    this.serviceName = serviceName;
  }

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    generator.writeStringField("service.name", serviceName);
    generator.writeStringField(EventView.COMPONENT, EventView.component(event));
    generator.writeStringField(EventView.CORRELATION_ID, EventView.correlationId(event));
    generator.writeStringField(EventView.EVENT_TYPE, EventView.eventType(event));
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs == null) {
      return;
    }
    for (int i = 0, n = pairs.size(); i < n; i++) {
      KeyValuePair pair = pairs.get(i);
      if (pair.key != null && EventView.isOwnField(pair.key)) {
        generator.writeFieldName(EventView.fieldName(pair.key));
        generator.writeObject(LogSafety.mask(pair.key, pair.value));
      }
    }
  }
}
