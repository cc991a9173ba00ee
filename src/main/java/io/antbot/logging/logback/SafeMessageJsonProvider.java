package io.antbot.logging.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import net.logstash.logback.composite.AbstractFieldJsonProvider;

/**
 * Writes {@code message}: the formatted message cut at {@code logging.max_message_length} with a
 * marker ({@link LogSafety#truncate}). JSON string escaping keeps line breaks inside the one line.
 */
public class SafeMessageJsonProvider extends AbstractFieldJsonProvider<ILoggingEvent> {

  public static final String FIELD = "message";

  public SafeMessageJsonProvider() {
    setFieldName(FIELD);
  }

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    generator.writeStringField(getFieldName(), LogSafety.truncate(event.getFormattedMessage()));
  }
}
