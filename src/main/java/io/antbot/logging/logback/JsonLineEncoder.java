package io.antbot.logging.logback;

import net.logstash.logback.composite.loggingevent.LoggerNameJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventJsonProviders;
import net.logstash.logback.composite.loggingevent.LoggingEventThreadNameJsonProvider;
import net.logstash.logback.composite.loggingevent.StackTraceJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;

/**
 * The runtime's JSON line, built on logstash-logback-encoder's composite encoder. One object per
 * line:
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
 */
public class JsonLineEncoder extends LoggingEventCompositeJsonEncoder {

  private final EventContextJsonProvider context = new EventContextJsonProvider();

  public JsonLineEncoder() {
    LoggingEventJsonProviders providers = new LoggingEventJsonProviders();
    providers.addProvider(new TimestampJsonProvider());
    providers.addProvider(new SeverityJsonProvider());
    providers.addProvider(new SafeMessageJsonProvider());
    providers.addProvider(context);
    LoggerNameJsonProvider logger = new LoggerNameJsonProvider();
    logger.setFieldName("logger_name");
    providers.addLoggerName(logger);
    LoggingEventThreadNameJsonProvider thread = new LoggingEventThreadNameJsonProvider();
    thread.setFieldName("thread_name");
    providers.addThreadName(thread);
    StackTraceJsonProvider stackTrace = new StackTraceJsonProvider();
    stackTrace.setFieldName("stack_trace");
    providers.addStackTrace(stackTrace);
    setProviders(providers);
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
}
