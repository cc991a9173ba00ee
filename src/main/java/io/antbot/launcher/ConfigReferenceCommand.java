package io.antbot.launcher;

import io.antbot.settings.ConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code config-reference [--conf DIR]}: prints the configuration reference (markdown) written from
 * the schema and the configuration files, the content of {@code docs/configuration.md}. Exit 0, 1
 * when the files cannot be read, 2 on a wrong command line.
 */
final class ConfigReferenceCommand implements Subcommand {

  private final String defaultConf;

  ConfigReferenceCommand(String defaultConf) {
    this.defaultConf = defaultConf;
  }

  @Override
  public String summary() {
    return "config-reference     print the configuration reference as markdown ([--conf DIR])";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    String conf = defaultConf;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        out.println(summary());
        return 0;
      } else if (arg.equals("--conf") && i + 1 < args.size()) {
        conf = args.get(++i);
      } else if (arg.startsWith("--conf=")) {
        conf = arg.substring("--conf=".length());
      } else {
        err.println(
            "config-reference: "
                + (arg.equals("--conf") ? "--conf: missing value" : "unknown argument: " + arg));
        return 2;
      }
    }
    try {
      out.print(ConfigReference.read(Path.of(conf)).markdown());
      return 0;
    } catch (ConfigException e) {
      err.println("config-reference: " + e.getMessage());
      return 1;
    }
  }
}
