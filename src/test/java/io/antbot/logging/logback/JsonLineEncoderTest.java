package io.antbot.logging.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.read.ListAppender;
import io.antbot.service.Correlation;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.MarkerFactory;

/** The JSON line and the console pattern on a private Logback context, without the service. */
class JsonLineEncoderTest {

  private LoggerContext context;
  private ListAppender<ILoggingEvent> events;
  private Logger logger;

  @BeforeEach
  void setUp() {
    context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    events = new ListAppender<>();
    events.setContext(context);
    events.start();
    logger = context.getLogger("TradingEngine");
    logger.addAppender(events);
  }

  @AfterEach
  void tearDown() {
    LogSafety.reset();
    context.stop();
  }

  private JsonObject json(ILoggingEvent event) {
    JsonLineEncoder encoder = new JsonLineEncoder();
    encoder.setServiceName("antbot-test");
    return new JsonObject(line(encoder, event));
  }

  private String line(Encoder<ILoggingEvent> encoder, ILoggingEvent event) {
    encoder.setContext(context);
    encoder.start();
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  private String console(ILoggingEvent event) {
    context.putObject(
        ch.qos.logback.core.CoreConstants.PATTERN_RULE_REGISTRY,
        new java.util.HashMap<>(
            java.util.Map.of(
                "severity", SeverityConverter.class.getName(),
                "component", ComponentConverter.class.getName(),
                "correlationId", CorrelationIdConverter.class.getName(),
                "safeMessage", SafeMessageConverter.class.getName(),
                "fields", FieldsConverter.class.getName())));
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setPattern("%-8severity %component [%correlationId] %safeMessage%fields%n");
    return line(encoder, event);
  }

  @Test
  @DisplayName("a JSON line has the standard fields and the event's own fields at the top level")
  void fields() {
    logger
        .atInfo()
        .addKeyValue("event_type", "trade")
        .addKeyValue("symbol", "SOL/USDC")
        .addKeyValue("amount", 2.5)
        .log("Trade executed");
    JsonObject line = json(events.list.get(0));
    assertThat(line.getString("@timestamp"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(line.getString("log.level")).isEqualTo("INFO");
    assertThat(line.getString("message")).isEqualTo("Trade executed");
    assertThat(line.getString("service.name")).isEqualTo("antbot-test");
    assertThat(line.getString("component")).isEqualTo("TradingEngine");
    assertThat(line.containsKey("correlation_id")).isTrue();
    assertThat(line.getString("correlation_id")).isNull();
    assertThat(line.getString("event_type")).isEqualTo("trade");
    assertThat(line.getString("symbol")).isEqualTo("SOL/USDC");
    assertThat(line.getDouble("amount")).isEqualTo(2.5);
  }

  /** A value of a class of its own, with a getter a reflective serializer would call. */
  private record Credentials(String user, String apiSecret) {
    @Override
    public String toString() {
      return "Credentials[" + user + "]";
    }
  }

  @Test
  @DisplayName(
      "structured values are written as JSON, anything else as its text, never by its getters")
  void values() {
    logger
        .atInfo()
        .addKeyValue("fills", List.of(1, 2.5, "x"))
        .addKeyValue("book", java.util.Map.of("bid", 1.5))
        .addKeyValue(
            "order",
            new JsonObject().put("qty", 3).put("tags", new io.vertx.core.json.JsonArray().add("a")))
        .addKeyValue("account", new Credentials("alice", "s3cr3t"))
        .log("structured");
    String text = line(new JsonLineEncoder(), events.list.get(0));
    JsonObject line = new JsonObject(text);
    assertThat(line.getJsonArray("fills").encode()).isEqualTo("[1,2.5,\"x\"]");
    assertThat(line.getJsonObject("book").getDouble("bid")).isEqualTo(1.5);
    assertThat(line.getJsonObject("order").getInteger("qty")).isEqualTo(3);
    assertThat(line.getJsonObject("order").getJsonArray("tags").getString(0)).isEqualTo("a");
    assertThat(line.getString("account")).isEqualTo("Credentials[alice]");
    assertThat(text).doesNotContain("s3cr3t");
  }

  @Test
  @DisplayName("an ERROR with the CRITICAL marker is written as CRITICAL, with its stack trace")
  void critical() {
    logger.error(
        MarkerFactory.getMarker("CRITICAL"),
        "exchange down",
        new IllegalStateException("no route"));
    JsonObject line = json(events.list.get(0));
    assertThat(line.getString("log.level")).isEqualTo("CRITICAL");
    assertThat(line.getString("stack_trace"))
        .startsWith("java.lang.IllegalStateException: no route");
    assertThat(console(events.list.get(0))).startsWith("CRITICAL TradingEngine [-] exchange down");
  }

  @Test
  @DisplayName("a log-forging attempt stays one line, in JSON and on the console")
  void forging() {
    String forged = "login ok\n2025-01-01T00:00:00.000Z INFO  admin logged in\r\u2028";
    logger.atWarn().addKeyValue("user", "eve\nINFO forged field").log(forged);
    String json = line(new JsonLineEncoder(), events.list.get(0));
    assertThat(json).endsWith("\n");
    assertThat(json.split("\n", -1)).hasSize(2);
    assertThat(new JsonObject(json).getString("message")).isEqualTo(forged);
    String text = console(events.list.get(0));
    assertThat(text).endsWith("\n");
    assertThat(text.split("\n", -1)).hasSize(2);
    assertThat(text)
        .doesNotContain("\r")
        .contains("login ok\\n2025-01-01T00:00:00.000Z INFO  admin logged in\\r\\u2028")
        .contains("user=eve\\nINFO forged field");
  }

  @Test
  @DisplayName("secret fields are masked, long messages cut, and colliding field names prefixed")
  void safety() {
    LogSafety.configure(64, List.of("seed"));
    logger
        .atInfo()
        .addKeyValue("password", "hunter2")
        .addKeyValue("seed", "words")
        .addKeyValue("message", "m")
        .log("y".repeat(100));
    JsonObject line = json(events.list.get(0));
    assertThat(line.getString("password")).isEqualTo("***");
    assertThat(line.getString("seed")).isEqualTo("***");
    assertThat(line.getString("field.message")).isEqualTo("m");
    assertThat(line.getString("message")).isEqualTo("y".repeat(64) + "…[truncated 36 chars]");
    assertThat(console(events.list.get(0))).contains("password=***").doesNotContain("hunter2");
  }

  @Test
  @DisplayName("an event created on a Vert.x context bound to a correlation id carries that id")
  void correlation() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      io.vertx.core.Context duplicate =
          io.antbot.vertx.VertxInternals.duplicate(vertx.getOrCreateContext());
      Correlation.bind(duplicate, "corr-42");
      CompletableFuture<Void> done = new CompletableFuture<>();
      duplicate.runOnContext(
          v -> {
            logger.info("inside");
            EventView.stamp(events.list.get(0));
            done.complete(null);
          });
      done.get(5, TimeUnit.SECONDS);
    } finally {
      vertx.close().await();
    }
    ILoggingEvent event = events.list.get(0);
    assertThat(json(event).getString("correlation_id")).isEqualTo("corr-42");
    assertThat(console(event)).contains("[corr-42]");
  }
}
