package io.antbot.launcher;

import io.antbot.config.ConfigCheck;
import io.antbot.security.ClusterKeyCheck;
import io.antbot.security.SecurityOptions;
import io.antbot.settings.ConfigException;
import io.antbot.settings.Settings;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code keys init|fingerprint [--conf DIR] [--env ENV]}: the keys of {@code security.keys_dir}
 * without starting the runtime. {@code init} makes the keys missing there (what a first start would
 * make) — for the core nodes of a cluster, which must all hold the same keys before they start;
 * {@code fingerprint} only reads them. Both print the fingerprint the core nodes of a cluster
 * compare at start (docs/cluster.md, Keys), so that an operator can check each machine's copy. No
 * key is ever printed. Exit 0 on success, 1 when the keys cannot be read or made, 2 on a wrong
 * command line.
 */
final class KeysCommand implements Subcommand {

  static final String USAGE =
      "keys init|fingerprint [--conf DIR] [--env ENV]  make the missing keys of security.keys_dir"
          + " (init) and print their fingerprint";

  private final Map<String, String> environment;
  private final Clock clock;

  KeysCommand(Map<String, String> environment, Clock clock) {
    this.environment = environment;
    this.clock = clock;
  }

  @Override
  public String summary() {
    return "keys                 init | fingerprint: make security.keys_dir's keys, print their"
        + " fingerprint ([--conf DIR] [--env ENV])";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.println("usage: " + USAGE);
      return 0;
    }
    if (args.isEmpty() || !Set.of("init", "fingerprint").contains(args.get(0))) {
      err.println("usage: " + USAGE);
      return 2;
    }
    boolean create = "init".equals(args.get(0));
    LaunchOptions options;
    try {
      options = CommandLine.parse(args.subList(1, args.size()), environment, Set.of()).options();
    } catch (CommandLine.UsageException e) {
      err.println("keys: " + e.getMessage());
      return 2;
    }
    if (options.port() != null || options.cluster() || options.role() != null) {
      err.println("keys: only --conf and --env apply");
      return 2;
    }
    SecurityOptions security;
    try {
      JsonObject boot =
          ConfigCheck.boot(
              Path.of(options.conf()),
              options.env(),
              environment,
              System.getProperties(),
              new JsonObject());
      String stateDir =
          boot.getJsonObject("core", new JsonObject())
              .getString("state_dir", (String) Settings.defaultOf("core.state_dir"));
      security =
          SecurityOptions.fromJson(boot.getJsonObject("security", new JsonObject()), stateDir);
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("keys: " + e.getMessage());
      return 1;
    }
    try {
      String fingerprint = ClusterKeyCheck.fingerprintOf(security, create, clock.instant());
      out.println("keys in " + Path.of(security.keysDir()).toAbsolutePath().normalize());
      out.println("fingerprint " + fingerprint);
      return 0;
    } catch (IOException e) {
      err.println("keys: " + e.getMessage() + (create ? "" : " (keys init makes missing keys)"));
      return 1;
    }
  }
}
