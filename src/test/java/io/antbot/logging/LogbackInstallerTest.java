package io.antbot.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Logback installation, on a Logback context of its own: no Vert.x, no process logging. */
class LogbackInstallerTest {

  @TempDir Path dir;

  private final LoggerContext context = new LoggerContext();
  private final RuleTurboFilter filter = new RuleTurboFilter();
  private final List<String> fed = new CopyOnWriteArrayList<>();
  private final LogbackInstaller installer =
      new LogbackInstaller(
          context, filter, event -> fed.add(event.getLoggerName() + ": " + event.getMessage()));

  @BeforeEach
  void mdc() {
    // The process's context gets this from SLF4J's binding; a context of its own needs it set.
    context.setMDCAdapter(new LogbackMDCAdapter());
  }

  @AfterEach
  void stop() {
    context.stop();
  }

  private Path logbackXml(String body) throws Exception {
    Path file = dir.resolve("logback.xml");
    Files.writeString(file, "<configuration>" + body + "</configuration>", StandardCharsets.UTF_8);
    return file;
  }

  @Test
  @DisplayName(
      "the properties name the log directory, the service, the environment and its console format")
  void properties() {
    LoggingOptions options =
        LoggingOptions.fromJson(
            new JsonObject()
                .put("dir", "/srv/antbot/log")
                .put("level", "warn")
                .put("console_format", "auto")
                .put("queue_size", 512)
                .put("file", new JsonObject().put("max_file_size", "10MB").put("max_history", 3)));

    Map<String, String> production =
        LogbackInstaller.properties(options, "production", "antbot-core");
    assertThat(production)
        .containsEntry("LOG_DIR", "/srv/antbot/log")
        .containsEntry("SERVICE_NAME", "antbot-core")
        .containsEntry("ROOT_LEVEL", "WARN")
        .containsEntry("CONSOLE_ENABLED", "true")
        .containsEntry("CONSOLE_FORMAT", "json")
        .containsEntry("MAX_FILE_SIZE", "10MB")
        .containsEntry("MAX_HISTORY", "3")
        .containsEntry("QUEUE_SIZE", "512")
        .containsEntry("ANTBOT_ENV", "production")
        .containsKey("TOTAL_SIZE_CAP");
    assertThat(LogbackInstaller.properties(options, "development", "bot"))
        .containsEntry("CONSOLE_FORMAT", "text")
        .containsEntry("ANTBOT_ENV", "development");
  }

  @Test
  @DisplayName(
      "install loads the file with its properties and feeds the root and the (non-additive)"
          + " performance logger")
  void installs() throws Exception {
    Path file =
        logbackXml(
            "<appender name='FILE' class='ch.qos.logback.core.FileAppender'>"
                + "<file>${LOG_DIR}/${SERVICE_NAME}.log</file>"
                + "<encoder><pattern>%level %logger - %msg%n</pattern></encoder></appender>"
                + "<logger name='antbot.performance' additivity='false'/>"
                + "<root level='${ROOT_LEVEL}'><appender-ref ref='FILE'/></root>");

    boolean loaded =
        installer.install(
            file, Map.of("LOG_DIR", dir.toString(), "SERVICE_NAME", "bot", "ROOT_LEVEL", "INFO"));
    context.getLogger("io.antbot.Sample").info("hello");
    context.getLogger("io.antbot.Sample").debug("below the root level");
    context.getLogger(LogbackSetup.PERFORMANCE_LOGGER).info("order took 12 ms");

    assertThat(loaded).isTrue();
    assertThat(installer.fileLoaded()).isTrue();
    assertThat(context.getTurboFilterList())
        .as("no rules: not asked on every log call")
        .doesNotContain(filter);
    assertThat(fed)
        .containsExactly(
            "io.antbot.Sample: hello", LogbackSetup.PERFORMANCE_LOGGER + ": order took 12 ms");
    assertThat(installer.droppedEvents()).isZero();
    context.stop();
    assertThat(Files.readString(dir.resolve("bot.log"))).contains("INFO io.antbot.Sample - hello");
  }

  @Test
  @DisplayName(
      "the rule filter is in Logback's turbo-filter list while it has rules: rules set after the"
          + " install drop events, and with none left it is out of the list")
  void filterListedWhileItHasRules() {
    installer.install(dir.resolve("absent.xml"), Map.of());
    Logger sample = context.getLogger("io.antbot.Sample");

    filter.setRules(List.of(new FilterRule("io.antbot.Sample", Level.INFO, "noisy")));
    sample.info("noisy heartbeat");
    sample.info("order filled");
    assertThat(context.getTurboFilterList()).containsExactly(filter);
    assertThat(fed).containsExactly("io.antbot.Sample: order filled");

    filter.setRules(List.of());
    sample.info("noisy again");
    assertThat(context.getTurboFilterList()).doesNotContain(filter);
    assertThat(fed)
        .containsExactly("io.antbot.Sample: order filled", "io.antbot.Sample: noisy again");

    filter.setRules(List.of(new FilterRule(null, Level.WARN, null)));
    sample.warn("dropped");
    installer.uninstall();
    assertThat(context.getTurboFilterList()).doesNotContain(filter);
    filter.setRules(List.of(new FilterRule(null, Level.INFO, null)));
    assertThat(context.getTurboFilterList()).as("detached: not put back").doesNotContain(filter);
  }

  @Test
  @DisplayName(
      "the shipped conf/logback.xml is built in code; a changed copy is read by Logback's XML"
          + " configurator")
  void shippedFileInCode() throws Exception {
    Map<String, String> properties =
        Map.of("LOG_DIR", dir.toString(), "CONSOLE_ENABLED", "false", "SERVICE_NAME", "bot");

    assertThat(installer.install(Path.of("conf/logback.xml"), properties)).isTrue();
    assertThat(context.getObject(CoreConstants.SAFE_JORAN_CONFIGURATION)).isNull();
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("JSON")).isNotNull();
    context.getLogger("io.antbot.Sample").error("to the files");
    assertThat(fed).containsExactly("io.antbot.Sample: to the files");

    Path changed = dir.resolve("logback.xml");
    Files.writeString(
        changed,
        Files.readString(Path.of("conf/logback.xml")) + "<!-- changed -->\n",
        StandardCharsets.UTF_8);
    assertThat(installer.install(changed, properties)).isTrue();
    assertThat(context.getObject(CoreConstants.SAFE_JORAN_CONFIGURATION)).isNotNull();
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("JSON")).isNotNull();
  }

  @Test
  @DisplayName("a missing file keeps the current configuration; the feed is attached all the same")
  void missingFile() {
    boolean loaded = installer.install(dir.resolve("absent.xml"), Map.of());
    context.getLogger("io.antbot.Sample").warn("still fed");

    assertThat(loaded).isFalse();
    assertThat(installer.fileLoaded()).isFalse();
    assertThat(fed).containsExactly("io.antbot.Sample: still fed");
  }

  @Test
  @DisplayName(
      "a file Logback reports an error in fails naming the file, and the built-in one is back")
  void brokenFile() throws Exception {
    Path file =
        logbackXml(
            "<appender name='X' class='io.antbot.NoSuchAppender'/>"
                + "<root level='INFO'><appender-ref ref='X'/></root>");

    assertThatThrownBy(() -> installer.install(file, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(file.toString());
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE"))
        .as("logback-test.xml's console appender")
        .isNotNull();
  }

  @Test
  @DisplayName(
      "uninstall detaches the feed and the filter, and puts the built-in configuration back")
  void uninstalls() throws Exception {
    Path file =
        logbackXml(
            "<appender name='FILE' class='ch.qos.logback.core.FileAppender'>"
                + "<file>${LOG_DIR}/app.log</file>"
                + "<encoder><pattern>%msg%n</pattern></encoder></appender>"
                + "<root level='INFO'><appender-ref ref='FILE'/></root>");
    installer.install(file, Map.of("LOG_DIR", dir.toString()));

    installer.uninstall();
    context.getLogger("io.antbot.Sample").info("after");

    assertThat(fed).isEmpty();
    assertThat(context.getTurboFilterList()).doesNotContain(filter);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("FILE")).isNull();
    assertThat(root.getAppender("CONSOLE")).isNotNull();
  }

  @Test
  @DisplayName(
      "an installation that no longer owns Logback leaves the configuration to the newer one")
  void onlyTheOwnerRestores() throws Exception {
    Path file =
        logbackXml(
            "<appender name='FILE' class='ch.qos.logback.core.FileAppender'>"
                + "<file>${LOG_DIR}/app.log</file>"
                + "<encoder><pattern>%msg%n</pattern></encoder></appender>"
                + "<root level='INFO'><appender-ref ref='FILE'/></root>");
    installer.install(file, Map.of("LOG_DIR", dir.toString()));
    List<ILoggingEvent> newer = new CopyOnWriteArrayList<>();
    LogbackInstaller next = new LogbackInstaller(context, new RuleTurboFilter(), newer::add);
    next.install(file, Map.of("LOG_DIR", dir.toString()));

    installer.uninstall();
    context.getLogger("io.antbot.Sample").info("kept");

    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("FILE")).isNotNull();
    assertThat(newer).hasSize(1);
    assertThat(fed).isEmpty();
    next.uninstall();
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("FILE")).isNull();
  }
}
