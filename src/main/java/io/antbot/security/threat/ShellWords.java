package io.antbot.security.threat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The program names {@link CommandInjectionDetector} recognises, read from {@code
 * shell-commands.txt}: names that only a command line contains ({@code whoami}, {@code wget}),
 * names that are English words too ({@code cat}, {@code sort}) and so count only with arguments of
 * a shell's shape, and reconnaissance commands that are an attack even alone.
 */
final class ShellWords {

  enum Kind {
    DISTINCT,
    WORD
  }

  private static final String RESOURCE = "/io/antbot/security/threat/shell-commands.txt";
  private static final Map<String, Kind> COMMANDS = new HashMap<>();
  private static final Set<String> RECON = new HashSet<>();
  private static final Set<String> ADMIN = new HashSet<>();

  static {
    try (InputStream in = ShellWords.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String section = "";
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        if (text.startsWith("[")) {
          section = text;
          continue;
        }
        for (String name : text.split("\\s+")) {
          switch (section) {
            case "[distinct]" -> COMMANDS.putIfAbsent(name, Kind.DISTINCT);
            case "[word]" -> COMMANDS.put(name, Kind.WORD);
            case "[recon]" -> RECON.add(name);
            case "[admin]" -> {
              ADMIN.add(name);
              COMMANDS.putIfAbsent(name, Kind.DISTINCT);
            }
            default -> throw new IllegalStateException(RESOURCE + ": name outside a section");
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ShellWords() {}

  /** The kind of a program name (lower case, already cleaned), or {@code null}. */
  static Kind kind(String name) {
    return COMMANDS.get(name);
  }

  static boolean recon(String name) {
    return RECON.contains(name);
  }

  /**
   * Administration tools that start a command line with plain words as arguments ({@code useradd
   * eve}, {@code systemctl stop firewalld}): no sentence opens with their names.
   */
  static boolean admin(String name) {
    return ADMIN.contains(name);
  }

  /**
   * A word as the shell would run it: quotes, backslashes, carets and empty expansions ({@code $@},
   * {@code ${x}} without a value) removed — {@code c''at}, {@code w\ho\am\i}, {@code w^h^o^a^m^i} —
   * then a directory prefix ({@code /usr/bin/}, {@code c:\windows\system32\}), an {@code .exe}
   * suffix and a version suffix ({@code python3.10}) dropped.
   */
  static String program(String word) {
    String text = word;
    if (text.startsWith("$'") || text.startsWith("$\"")) {
      // bash's ANSI-C and locale quoting: $'\x69\x64' is id once the escapes are read
      text = text.substring(1);
    }
    if (text.contains(":\\") || text.contains("%\\") || text.contains("\\system32")) {
      text = text.replace('\\', '/');
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"' || c == '\\' || c == '^') {
        continue;
      }
      if (c == '$'
          && i + 1 < text.length()
          && (text.charAt(i + 1) == '@' || text.charAt(i + 1) == '*')) {
        i++;
        continue;
      }
      out.append(c);
    }
    String name = out.toString();
    if (name.startsWith("if/") || name.startsWith("for/")) {
      // cmd's IF and FOR with a switch written against them (if/i, for/f): the statement, not a
      // path whose last part is the program
      return name.substring(0, name.indexOf('/'));
    }
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf(':'));
    if (slash >= 0 && slash < name.length() - 1) {
      name = name.substring(slash + 1);
    }
    if (name.endsWith(".exe") || name.endsWith(".com")) {
      name = name.substring(0, name.length() - 4);
    }
    if (COMMANDS.containsKey(name)) {
      return name;
    }
    int end = name.length();
    while (end > 0 && (Character.isDigit(name.charAt(end - 1)) || name.charAt(end - 1) == '.')) {
      end--;
    }
    if (end > 0 && end < name.length()) {
      String versioned = name.substring(0, end + 1);
      if (COMMANDS.containsKey(versioned)) {
        return versioned;
      }
      if (COMMANDS.containsKey(name.substring(0, end))) {
        return name.substring(0, end);
      }
    }
    return name;
  }
}
