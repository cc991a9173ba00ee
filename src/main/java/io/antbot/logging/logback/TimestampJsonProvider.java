package io.antbot.logging.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.logstash.logback.composite.AbstractFieldJsonProvider;

/**
 * Writes {@code @timestamp} as ISO-8601 UTC with milliseconds, {@code 2025-01-31T12:00:00.123Z}.
 * The date and time up to the second are formatted once per second and reused, which keeps this the
 * cheapest field of the line.
 */
public class TimestampJsonProvider extends AbstractFieldJsonProvider<ILoggingEvent> {

  public static final String FIELD = "@timestamp";

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.").withZone(ZoneOffset.UTC);

  /**
   * The text of one second; replaced as a whole so readers on other threads always see a consistent
   * pair.
   */
  private record Second(long epochSecond, String prefix) {}

  private volatile Second cached = new Second(Long.MIN_VALUE, "");

  public TimestampJsonProvider() {
    setFieldName(FIELD);
  }

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    generator.writeStringField(getFieldName(), format(event.getTimeStamp()));
  }

  String format(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    int millis = (int) Math.floorMod(epochMillis, 1000);
    Second current = cached;
    if (current.epochSecond() != second) {
      current = new Second(second, SECONDS.format(Instant.ofEpochSecond(second)));
      cached = current;
    }
    char[] text = new char[current.prefix().length() + 4];
    current.prefix().getChars(0, current.prefix().length(), text, 0);
    int at = current.prefix().length();
    text[at] = (char) ('0' + millis / 100);
    text[at + 1] = (char) ('0' + millis / 10 % 10);
    text[at + 2] = (char) ('0' + millis % 10);
    text[at + 3] = 'Z';
    return new String(text);
  }
}
