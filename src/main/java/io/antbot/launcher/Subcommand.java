package io.antbot.launcher;

import java.io.PrintStream;
import java.util.List;

/** A command-line subcommand such as {@code hash-password}; it returns the process exit code. */
public interface Subcommand {

  /** One line for the usage text, e.g. {@code "version print the version"}. */
  String summary();

  int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
