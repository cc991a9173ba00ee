package io.antbot.logging.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import net.logstash.logback.composite.JsonFactoryAware;
import net.logstash.logback.composite.JsonProvider;
import net.logstash.logback.composite.loggingevent.LoggerNameJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventThreadNameJsonProvider;
import net.logstash.logback.composite.loggingevent.StackTraceJsonProvider;

/**
 * The runtime's JSON line: logstash-logback-encoder's field providers, written by Jackson's
 * streaming generator. One object per line:
 *
 * <pre>{@code
 * {"@timestamp":"2025-01-31T12:00:00.123Z","log.level":"INFO","message":"Trade executed",
 *  "service.name":"antbot-core","component":"TradingEngine","correlation_id":"4bf92f35...","event_type":"trade",
 *  "symbol":"SOL/USDC","amount":2.5,"logger_name":"TradingEngine","thread_name":"vert.x-eventloop-thread-1"}
 * }</pre>
 *
 * <p>{@code stack_trace} is added when the event carries an exception. In {@code logback.xml}:
 * {@code <encoder
 * class="io.antbot.logging.logback.JsonLineEncoder"><serviceName>antbot-core</serviceName></encoder>}.
 *
 * <p>Why not logstash's own composite encoder, whose providers these are: it always builds a
 * Jackson {@code ObjectMapper} at start, to write values of any class by their bean properties —
 * some 280 databind classes loaded and kept for the life of the process (memory and start time),
 * for a feature the runtime does not want (a bean's getters are no place to look for log fields:
 * they may hold secrets). Every value here is written by {@link EventContextJsonProvider} as JSON
 * it knows (strings, numbers, booleans, maps, lists, arrays) or as its text; what is left of the
 * encoder is this loop.
 */
public class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

  private static final byte[] LINE_END = System.lineSeparator().getBytes();

  /** The buffer of the thread writing an event; an event's line is rarely above a few KiB. */
  private static final ThreadLocal<Line> LINES = ThreadLocal.withInitial(Line::new);

  /** A reusable byte buffer whose contents are copied out once per event. */
  private static final class Line extends ByteArrayOutputStream {
    Line() {
      super(512);
    }

    byte[] take() {
      byte[] line = toByteArray();
      if (buf.length > 64 * 1024) {
        buf = new byte[512];
      }
      reset();
      return line;
    }
  }

  private final EventContextJsonProvider context = new EventContextJsonProvider();
  private final List<JsonProvider<ILoggingEvent>> providers;
  private final JsonFactory factory =
      new JsonFactory()
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);

  public JsonLineEncoder() {
    LoggerNameJsonProvider logger = new LoggerNameJsonProvider();
    logger.setFieldName("logger_name");
    LoggingEventThreadNameJsonProvider thread = new LoggingEventThreadNameJsonProvider();
    thread.setFieldName("thread_name");
    StackTraceJsonProvider stackTrace = new StackTraceJsonProvider();
    stackTrace.setFieldName("stack_trace");
    providers =
        List.of(
            new TimestampJsonProvider(),
            new SeverityJsonProvider(),
            new SafeMessageJsonProvider(),
            context,
            logger,
            thread,
            stackTrace);
  }

  public String getServiceName() {
    return context.getServiceName();
  }

  /**
   * The {@code service.name} written on every line; default {@value
   * EventContextJsonProvider#DEFAULT_SERVICE_NAME}.
   */
  public void setServiceName(String serviceName) {
    context.setServiceName(serviceName);
  }

  @Override
  public void start() {
    for (JsonProvider<ILoggingEvent> provider : providers) {
      provider.setContext(getContext());
      if (provider instanceof JsonFactoryAware aware) {
        aware.setJsonFactory(factory);
      }
      provider.start();
    }
    super.start();
  }

  @Override
  public void stop() {
    super.stop();
    providers.forEach(JsonProvider::stop);
  }

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    Line line = LINES.get();
    try (JsonGenerator generator = factory.createGenerator(line, JsonEncoding.UTF8)) {
      generator.writeStartObject();
      for (int i = 0, n = providers.size(); i < n; i++) {
        providers.get(i).writeTo(generator, event);
      }
      generator.writeEndObject();
    } catch (IOException e) {
      line.reset();
      throw new UncheckedIOException(e);
    }
    line.writeBytes(LINE_END);
    return line.take();
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }
}
