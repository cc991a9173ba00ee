package io.antbot.launcher;

import ch.qos.logback.classic.LoggerContext;
import io.antbot.cluster.ClusterOptions;
import io.antbot.config.ConfigCheck;
import io.antbot.metrics.MetricsBackend;
import io.antbot.security.cli.SecurityCommands;
import io.antbot.service.Version;
import io.antbot.settings.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The command line: {@code java -jar antbot-core.jar [--conf DIR] [--env ENV] [--port N]} runs the
 * runtime until SIGTERM/SIGINT; {@code java -jar antbot-core.jar <subcommand> ...} runs an operator
 * task.
 *
 * <p>Exit codes: 0 clean stop, 1 a service failed to start (one line on stderr: {@code <service>:
 * <cause>}), 2 a wrong command line (usage on stderr).
 */
public final class Main {

  /**
   * How long a shutdown may take before the process gives up waiting (the budget is 10 s in all).
   */
  private static final long SHUTDOWN_TIMEOUT_MS = 9_000;

  private static final Map<String, Subcommand> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put(
        "version",
        new Subcommand() {
          @Override
          public String summary() {
            return "version              print the version and exit";
          }

          @Override
          public int run(List<String> args, PrintStream out, PrintStream err) {
            out.println("antbot-core " + Version.current());
            return 0;
          }
        });
    SUBCOMMANDS.put("config-check", new ConfigCheckCommand(System.getenv()));
    SUBCOMMANDS.put(
        "config-reference",
        new ConfigReferenceCommand(
            System.getenv().getOrDefault("ANTBOT_CONF", LaunchOptions.DEFAULT_CONF)));
    SUBCOMMANDS.put("keys", new KeysCommand(System.getenv(), java.time.Clock.systemUTC()));
    command(
        "hash-password",
        SecurityCommands.HASH_PASSWORD,
        (args, out, err) -> SecurityCommands.system().hashPassword(args, out, err));
    command(
        "user",
        SecurityCommands.USER,
        (args, out, err) -> SecurityCommands.system().user(args, out, err));
    command(
        "verify-audit",
        SecurityCommands.VERIFY_AUDIT,
        (args, out, err) -> SecurityCommands.system().verifyAudit(args, out, err));
  }

  /** The body of a subcommand defined by another package. */
  @FunctionalInterface
  private interface CommandBody {
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
  }

  private static void command(String name, String summary, CommandBody body) {
    SUBCOMMANDS.put(
        name,
        new Subcommand() {
          @Override
          public String summary() {
            return summary;
          }

          @Override
          public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
            if (args.contains("--help") || args.contains("-h")) {
              out.println("usage: " + summary);
              return 0;
            }
            return body.run(args, out, err);
          }
        });
  }

  private Main() {}

  public static void main(String[] args) {
    io.antbot.cluster.AsyncCompletions.ensurePool();
    int code = run(Arrays.asList(args), System.out, System.err, System.getenv());
    if (code >= 0) {
      System.exit(code);
    }
  }

  /**
   * Runs the command line; returns the exit code, or -1 when the runtime was started and keeps
   * running.
   */
  static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
    CommandLine line;
    try {
      line = CommandLine.parse(args, env, SUBCOMMANDS.keySet());
    } catch (CommandLine.UsageException e) {
      err.println("antbot-core: " + e.getMessage());
      err.print(usage());
      return 2;
    }
    if (line.help()) {
      out.print(usage());
      return 0;
    }
    if (line.subcommand() != null) {
      try {
        return SUBCOMMANDS.get(line.subcommand()).run(line.rest(), out, err);
      } catch (Exception e) {
        err.println(line.subcommand() + ": " + e.getMessage());
        return 1;
      }
    }
    return start(line.options(), err);
  }

  private static int start(LaunchOptions options, PrintStream err) {
    JsonObject boot;
    ClusterOptions cluster;
    String configDigest = null;
    try {
      boot =
          ConfigCheck.boot(
              Path.of(options.conf()),
              options.env(),
              System.getenv(),
              System.getProperties(),
              options.overrides());
      cluster =
          ClusterOptions.fromJson(boot.getJsonObject("cluster"), ClusterOptions.defaultNodeName());
      if (cluster.enabled()) {
        configDigest = ConfigCheck.filesDigest(Path.of(options.conf()), options.env());
      }
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("config: " + e.getMessage());
      flushLogs();
      return 1;
    }
    Vertx vertx;
    if (!cluster.enabled()) {
      vertx =
          Vertx.builder()
              .with(MetricsBackend.vertxOptions())
              .withMetrics(MetricsBackend.metricsFactory())
              .build();
    } else {
      try {
        vertx = ClusterStart.vertx(cluster, configDigest);
      } catch (Throwable e) {
        flushLogs();
        err.println(ClusterStart.cannotJoin(cluster, e));
        return 1;
      }
    }
    String launcher;
    try {
      launcher = AntBot.start(vertx, options, ClusterStart.launcherConfig(cluster, boot)).await();
    } catch (Throwable e) {
      // Closed first, so that the one line naming the cause is the last one on the console.
      vertx.close().await();
      flushLogs();
      err.println(e instanceof StartupException ? e.getMessage() : "launcher: " + e.getMessage());
      return 1;
    }
    AtomicBoolean stopping = new AtomicBoolean();
    AtomicBoolean clean = new AtomicBoolean(true);
    Runnable shutdown =
        () -> {
          if (stopping.compareAndSet(false, true)) {
            clean.set(stopQuietly(vertx, launcher));
            flushLogs();
          }
        };
    // SIGTERM and SIGINT are a requested stop: shut down in order and exit 0 (the JVM's default
    // would be 143/130) —
    // unless the stop was not clean (a service could not finish, e.g. acknowledged audit entries
    // not written): 1, so
    // a supervisor and an operator see it.
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(
          new Signal(name),
          signal -> {
            shutdown.run();
            System.exit(clean.get() ? 0 : 1);
          });
    }
    Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "antbot-shutdown"));
    return -1;
  }

  /**
   * Undeploys the launcher first (services stop in reverse order), then closes Vert.x, within the
   * time budget.
   */
  private static boolean stopQuietly(Vertx vertx, String launcher) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_TIMEOUT_MS);
    boolean clean = true;
    try {
      vertx
          .undeploy(launcher)
          .toCompletionStage()
          .toCompletableFuture()
          .get(SHUTDOWN_TIMEOUT_MS - 1_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      clean = false;
      Throwable cause =
          e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
              ? e.getCause()
              : e;
      LoggerFactory.getLogger(Main.class)
          .error(
              "the stop was not clean, exit status 1: {}",
              cause.getMessage() == null ? cause.toString() : cause.getMessage());
    }
    try {
      long left = Math.max(500, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      vertx.close().toCompletionStage().toCompletableFuture().get(left, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LoggerFactory.getLogger(Main.class).warn("closing Vert.x did not complete: {}", e.toString());
    }
    return clean;
  }

  private static void flushLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }

  static String usage() {
    StringBuilder text =
        new StringBuilder()
            .append(
                "Usage: antbot-core [--conf DIR] [--env development|staging|production] [--port N]\n")
            .append("       antbot-core <command> [args...]\n\n")
            .append("Runs the AntBot Core runtime until SIGTERM or SIGINT.\n\n")
            .append("Options:\n")
            .append("  --conf DIR   configuration directory (default: conf, or $ANTBOT_CONF)\n")
            .append(
                "  --env ENV    development, staging or production (default: development, or $ANTBOT_ENV)\n")
            .append("  --port N     HTTP port, overriding http.port from the configuration\n")
            .append(
                "  --cluster    run clustered on Hazelcast (cluster.enabled: true; docs/cluster.md)\n")
            .append("  --node-name NAME  this node's name in the cluster (cluster.node_name)\n")
            .append(
                "  --role ROLE  core, bots, or a comma-separated list of services (cluster.role)\n")
            .append("  --help       print this text\n\n")
            .append("Commands:\n");
    for (Subcommand command : SUBCOMMANDS.values()) {
      text.append("  ").append(command.summary()).append('\n');
    }
    text.append("\nExit codes: 0 clean stop, 1 start-up failure, 2 wrong command line.\n");
    return text.toString();
  }
}
