package io.antbot.demo;

import java.util.Iterator;
import java.util.List;

/**
 * The demo's command line: {@code [--quick] [--monitor-seconds N] [--serve] [--port N] [--conf DIR]
 * [--keep]}.
 *
 * @param conf the configuration directory the demo copies and runs on; default {@value
 *     #DEFAULT_CONF}
 * @param port the HTTP port; 0 (the default) picks a free one
 * @param monitorSeconds length of the monitoring phase: {@value #MONITOR_SECONDS}, or {@value
 *     #QUICK_MONITOR_SECONDS} with {@code --quick}
 * @param serve after the steps, keep the runtime up until SIGTERM or SIGINT, then shut it down
 * @param keep keep the scratch directory (configuration copy, logs, keys, audit) even when every
 *     step passed
 */
record DemoOptions(String conf, int port, int monitorSeconds, boolean serve, boolean keep) {

  static final String DEFAULT_CONF = "conf";
  static final int MONITOR_SECONDS = 30;
  static final int QUICK_MONITOR_SECONDS = 5;

  static final String USAGE =
      """
    Usage: demo [--quick] [--monitor-seconds N] [--serve] [--port N] [--conf DIR] [--keep]

    Starts AntBot Core with the example bot on a scratch copy of the configuration, shows each service through the
    event bus and over HTTP, monitors health and alerts, and shuts down. One line per step: PASS or FAIL.

      --quick              monitor for 5 s instead of 30 s
      --monitor-seconds N  monitor for N seconds (0 to 3600)
      --serve              after the steps, keep the runtime up until SIGTERM or SIGINT (for scrapes)
      --port N             HTTP port (default 0: a free one)
      --conf DIR           configuration to copy (default conf)
      --keep               keep the scratch directory even when every step passed

    Exit codes: 0 every step passed, 1 a step failed, 2 wrong command line.
    """;

  /** A command line the demo cannot run with; its message names the argument. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  /** Whether {@code --help} was asked for. */
  static boolean wantsHelp(List<String> args) {
    return args.contains("--help") || args.contains("-h");
  }

  static DemoOptions parse(List<String> args) throws UsageException {
    String conf = DEFAULT_CONF;
    int port = 0;
    int monitor = MONITOR_SECONDS;
    boolean serve = false;
    boolean keep = false;
    Iterator<String> rest = args.iterator();
    while (rest.hasNext()) {
      String arg = rest.next();
      switch (arg) {
        case "--quick" -> monitor = QUICK_MONITOR_SECONDS;
        case "--serve" -> serve = true;
        case "--keep" -> keep = true;
        case "--conf" -> conf = value(rest, arg);
        case "--port" -> port = number(value(rest, arg), arg, 0, 65535);
        case "--monitor-seconds" -> monitor = number(value(rest, arg), arg, 0, 3600);
        default -> throw new UsageException("unknown argument \"" + arg + "\"");
      }
    }
    return new DemoOptions(conf, port, monitor, serve, keep);
  }

  private static String value(Iterator<String> rest, String option) throws UsageException {
    if (!rest.hasNext()) {
      throw new UsageException(option + ": expected a value");
    }
    return rest.next();
  }

  private static int number(String text, String option, int min, int max) throws UsageException {
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    throw new UsageException(
        option + ": expected an integer from " + min + " to " + max + ", got \"" + text + "\"");
  }
}
