package io.antbot.launcher;

import java.util.List;
import java.util.Map;

/**
 * The parsed command line: {@code [--conf DIR] [--env development|staging|production] [--port N]
 * [--cluster] [--node-name NAME] [--role core|bots|SERVICES] [--help]}, or a subcommand with its
 * own arguments. The cluster options are checked with the rest of the configuration (their schema
 * rules), so a bad {@code --role} is reported like a bad {@code cluster.role}.
 *
 * @param options the runtime's launch options (when no subcommand is given)
 * @param help {@code --help} was asked for
 * @param subcommand the subcommand name, or {@code null}
 * @param rest the subcommand's arguments
 */
public record CommandLine(
    LaunchOptions options, boolean help, String subcommand, List<String> rest) {

  /**
   * A command line that cannot be used; the message says why, the caller prints usage and exits 2.
   */
  public static class UsageException extends Exception {
    public UsageException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Parses {@code args}; {@code env} supplies {@code ANTBOT_ENV} as the default environment.
   *
   * @param subcommands the names that start a subcommand when given first
   */
  public static CommandLine parse(
      List<String> args, Map<String, String> env, java.util.Set<String> subcommands)
      throws UsageException {
    if (!args.isEmpty() && subcommands.contains(args.get(0))) {
      return new CommandLine(null, false, args.get(0), List.copyOf(args.subList(1, args.size())));
    }
    String conf = env.getOrDefault("ANTBOT_CONF", LaunchOptions.DEFAULT_CONF);
    String environment = env.getOrDefault("ANTBOT_ENV", LaunchOptions.DEFAULT_ENV);
    Integer port = null;
    boolean help = false;
    boolean cluster = false;
    String nodeName = null;
    String role = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      switch (name) {
        case "--help", "-h" -> help = true;
        case "--conf" -> conf = value != null ? value : next(args, ++i, name);
        case "--env" -> environment = value != null ? value : next(args, ++i, name);
        case "--port" -> port = port(value != null ? value : next(args, ++i, name));
        case "--cluster" -> cluster = true;
        case "--node-name" -> nodeName = value != null ? value : next(args, ++i, name);
        case "--role" -> role = value != null ? value : next(args, ++i, name);
        default ->
            throw new UsageException(
                arg.startsWith("-") ? "unknown option: " + arg : "unknown command: " + arg);
      }
    }
    if (help) {
      return new CommandLine(null, true, null, List.of());
    }
    if (conf.isBlank()) {
      throw new UsageException("--conf: must not be empty");
    }
    try {
      return new CommandLine(
          new LaunchOptions(conf, environment, port, cluster, nodeName, role),
          false,
          null,
          List.of());
    } catch (IllegalArgumentException e) {
      throw new UsageException("--" + e.getMessage());
    }
  }

  private static String next(List<String> args, int index, String option) throws UsageException {
    if (index >= args.size() || args.get(index).startsWith("--")) {
      throw new UsageException(option + ": missing value");
    }
    return args.get(index);
  }

  private static int port(String text) throws UsageException {
    try {
      int port = Integer.parseInt(text);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new UsageException("--port: expected an integer from 0 to 65535, got \"" + text + "\"");
    }
  }
}
