package io.antbot.launcher;

import io.antbot.bus.ConfigProblem;
import io.antbot.config.ConfigCheck;
import io.antbot.config.ValidationReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code config-check [--conf DIR] [--env ENV]}: validates the configuration an environment would
 * get, without starting anything — for a deployment pipeline. Exit 0 when valid (warnings are
 * printed), 1 when not, 2 on a wrong command line.
 */
final class ConfigCheckCommand implements Subcommand {

  private final Map<String, String> environment;

  ConfigCheckCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public String summary() {
    return "config-check         validate conf/ for an environment ([--conf DIR] [--env ENV]) and exit";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    LaunchOptions options;
    try {
      options = CommandLine.parse(args, environment, Set.of()).options();
    } catch (CommandLine.UsageException e) {
      err.println("config-check: " + e.getMessage());
      return 2;
    }
    if (options == null) {
      out.println(summary());
      return 0;
    }
    ValidationReport report =
        ConfigCheck.run(
            Path.of(options.conf()), options.env(), environment, System.getProperties());
    for (ConfigProblem warning : report.warnings()) {
      out.println("warning: " + warning.line());
    }
    for (ConfigProblem error : report.errors()) {
      err.println("error: " + error.line());
    }
    if (report.valid()) {
      out.println("config-check: " + options.conf() + " is valid for " + options.env());
      return 0;
    }
    return 1;
  }
}
