package io.antbot.demo;

import io.antbot.metrics.MetricsBackend;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * The demo's command line ({@code scripts/demo.sh}): starts the real runtime in this JVM with the
 * example bot on a scratch copy of the configuration, walks through every service over the event
 * bus and over HTTP, monitors health and alerts, and shuts down, printing {@code PASS <step>:
 * <detail>} or {@code FAIL <step>: <reason>} per step and a {@code SUMMARY} line. Exit code 0 when
 * every step passed, 1 otherwise, 2 for a wrong command line.
 *
 * <p>It is the runtime's successor of the seed's {@code scripts/test_core_infrastructure.py}. Every
 * line reports what the runtime answered; nothing is simulated. The runtime's own log goes to the
 * files under the scratch directory (its console output is turned off), which is kept when a step
 * failed.
 */
public final class Demo {

  static final String ENV = "development";

  /** Bound on the whole run apart from the monitoring phase and {@code --serve}. */
  static final Duration OVERALL_LIMIT = Duration.ofMinutes(6);

  private Demo() {}

  public static void main(String[] args) {
    PrintStream report = System.out;
    // Standard output is the report. The runtime's console lines (the moments before its logging
    // service starts,
    // after it stops) go to standard error; in between it logs to the files of the scratch
    // directory only.
    System.setOut(System.err);
    System.exit(run(Arrays.asList(args), report, System.err));
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (DemoOptions.wantsHelp(args)) {
      out.print(DemoOptions.USAGE);
      return 0;
    }
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (DemoOptions.UsageException e) {
      err.println("demo: " + e.getMessage());
      err.print(DemoOptions.USAGE);
      return 2;
    }
    watchdog(OVERALL_LIMIT.plusSeconds(options.monitorSeconds()), options.serve(), out);
    // The report is the demo's standard output; the runtime logs to the files of the scratch
    // directory.
    System.setProperty("antbot.logging.console", "false");
    try (StepReport report =
        new StepReport(
            line -> {
              synchronized (out) {
                out.println(line);
                out.flush();
              }
            })) {
      return tour(options, report, out);
    }
  }

  private static int tour(DemoOptions options, StepReport report, PrintStream out) {
    ScratchConf scratch;
    try {
      scratch = ScratchConf.copy(Path.of(options.conf()));
    } catch (Exception e) {
      report.fail("scratch", "copying " + options.conf() + ": " + StepReport.reason(e));
      out.println(report.summary());
      return 1;
    }
    report.info(
        "scratch directory "
            + scratch.dir()
            + " (configuration copy, var/log, var/keys, var/audit)");
    Vertx vertx =
        Vertx.builder()
            .with(MetricsBackend.vertxOptions())
            .withMetrics(MetricsBackend.metricsFactory())
            .build();
    Tour tour = new Tour(vertx, scratch, report);
    Duration step = Duration.ofSeconds(30);
    if (report.run("start", Duration.ofSeconds(120), () -> tour.start(ENV, options.port()))) {
      report.run("ready", step, tour::ready);
      if (report.run("login", step, tour::login)) {
        report.run("token-issued", step, tour::tokenIssued);
        report.run("config-get", step, tour::configGet);
        report.run("config-set", step, tour::configSet);
        report.run("hot-reload", step, tour::hotReload);
        report.run("bad-edit-rejected", step, tour::badEditRejected);
        report.run("flag-rollout", step, tour::flagRollout);
        report.run("log-correlation", step, tour::logCorrelation);
        report.run("metrics-recorded", step, tour::metricsRecorded);
        report.run("alert-fired", step, tour::alertFired);
        report.run("authorization-denied", step, tour::authorizationDenied);
        report.run("attack-blocked", step, tour::attackBlocked);
        report.run("rate-limited", step, tour::rateLimited);
        report.run("fernet-round-trip", step, tour::fernet);
        report.run("rsa-round-trip", step, tour::rsa);
        report.run("audit-verified", step, tour::auditVerify);
        report.run(
            "monitoring",
            step.plusSeconds(options.monitorSeconds()),
            () -> tour.monitor(options.monitorSeconds()));
      }
      if (options.serve()) {
        serve(tour, out);
      }
    }
    report.run("shutdown", step, tour::shutdown);
    if (report.failed().isEmpty() && !options.keep()) {
      scratch.delete();
    } else {
      report.info("kept " + scratch.dir() + " (runtime logs in var/log)");
    }
    out.println(report.summary());
    return report.failed().isEmpty() ? 0 : 1;
  }

  /** Keeps the runtime up until SIGTERM or SIGINT. */
  private static void serve(Tour tour, PrintStream out) {
    CountDownLatch stop = new CountDownLatch(1);
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(new Signal(name), signal -> stop.countDown());
    }
    out.println("SERVING http://127.0.0.1:" + tour.port() + " until SIGTERM or SIGINT");
    out.flush();
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Ends the process with a FAIL line if the demo has not finished within {@code limit}. */
  private static void watchdog(Duration limit, boolean serve, PrintStream out) {
    if (serve) {
      return;
    }
    Thread thread =
        new Thread(
            () -> {
              try {
                Thread.sleep(limit.toMillis());
              } catch (InterruptedException e) {
                return;
              }
              out.println(
                  "FAIL overall-timeout: the demo did not finish within "
                      + limit.toSeconds()
                      + " s");
              out.flush();
              Runtime.getRuntime().halt(1);
            },
            "antbot-demo-watchdog");
    thread.setDaemon(true);
    thread.start();
  }
}
