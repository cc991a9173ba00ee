package io.antbot.logging.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import net.logstash.logback.composite.AbstractFieldJsonProvider;

/**
 * Writes {@code log.level}: the level name, {@code CRITICAL} for a CRITICAL event (see {@link
 * EventView#severity}).
 */
public class SeverityJsonProvider extends AbstractFieldJsonProvider<ILoggingEvent> {

  public static final String FIELD = "log.level";

  public SeverityJsonProvider() {
    setFieldName(FIELD);
  }

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    generator.writeStringField(getFieldName(), EventView.severity(event));
  }
}
