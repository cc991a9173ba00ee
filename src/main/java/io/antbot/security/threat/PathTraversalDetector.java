package io.antbot.security.threat;

import java.util.Set;

/**
 * Decides whether a value reaches outside the directory it is meant for: parent-directory steps in
 * any spelling once decoded ({@code ../}, {@code ..\}, {@code ..;/}, {@code .../}), a sensitive
 * file ({@link SensitivePaths}), or — in a request path — a hidden file, a backup or log file, or a
 * kernel file system. The value arrives decoded by {@link InputNormalizer} (double URL encoding,
 * overlong UTF-8 {@code %c0%ae} and {@code %u002e} included), so every encoding of {@code ..} is a
 * plain {@code ..} here.
 */
final class PathTraversalDetector {

  /**
   * Extensions of files a web server should never hand out: dumps, backups, logs, editors' swaps.
   */
  private static final Set<String> RESTRICTED_EXTENSIONS =
      Set.of(
          "sql", "bak", "old", "orig", "swp", "swo", "log", "dump", "sqlite", "db", "mdb", "pem",
          "key", "p12", "pfx", "jks", "kdbx", "tmp", "save", "backup");

  private PathTraversalDetector() {}

  /** The reason the value is a traversal or names a sensitive file, or {@code null}. */
  static String detect(String value) {
    String decoded = pathView(value);
    String steps = parentSteps(decoded);
    if (steps != null) {
      return steps;
    }
    if (dotSoup(decoded)) {
      return "current-directory steps hiding a path";
    }
    int start = 0;
    int n = decoded.length();
    for (int i = 0; i <= n; i++) {
      if (i == n || isBoundary(decoded.charAt(i))) {
        if (i > start + 2) {
          String token = decoded.substring(start, i);
          if ((token.indexOf('/') >= 0 || token.indexOf('\\') >= 0)
              && SensitivePaths.isSensitive(token)) {
            return "a sensitive file: " + shorten(token);
          }
        }
        start = i + 1;
      }
    }
    String alone = decoded.strip();
    if (alone.length() > 2 && alone.indexOf(' ') < 0 && SensitivePaths.isSensitive(alone)) {
      // a home-directory file or a system file asked for by name alone: .bash_history, win.ini
      return "a sensitive file: " + shorten(alone);
    }
    return null;
  }

  /**
   * For a request path: what {@link #detect} finds, plus a hidden segment ({@code /.env}, {@code
   * /.git/}), a restricted extension ({@code backup.sql.zip}, {@code debug.log}) or a kernel file
   * system ({@code /proc/}, {@code /sys/}, Vite's {@code /@fs/}).
   */
  static String detectInPath(String decoded) {
    if (decoded.indexOf('/') < 0) {
      return null;
    }
    String reason = detect(decoded);
    if (reason != null) {
      return reason;
    }
    if (decoded.indexOf('/') < 0) {
      return null;
    }
    int query = decoded.indexOf('?');
    String path = query >= 0 ? decoded.substring(0, query) : decoded;
    for (String segment : path.split("/")) {
      if (segment.length() > 1
          && segment.charAt(0) == '.'
          && !segment.equals("..")
          && !segment.equals(".well-known")) {
        return "a hidden file in the path";
      }
      if (segment.equals("@fs") || segment.equals("proc") || segment.equals("sys")) {
        return "a system directory in the path: " + segment;
      }
      String[] parts = segment.split("\\.");
      for (int i = 1; i < parts.length; i++) {
        if (RESTRICTED_EXTENSIONS.contains(parts[i])) {
          return "a restricted file in the path: " + shorten(segment);
        }
      }
    }
    return null;
  }

  /**
   * The value as a file system would read it: slash look-alikes ({@code ∕ ∖ ⁄} and the full-width
   * ones) as slashes, hex-spelled dots and slashes ({@code 0x2e0x2e0x2f}) as themselves, and the
   * remains of an invalid overlong sequence ({@code %c0%2e} decodes to {@code à.}) dropped.
   */
  static String pathView(String value) {
    boolean odd = false;
    for (int i = 0; i < value.length() && !odd; i++) {
      char c = value.charAt(i);
      odd =
          c == '\u2215'
              || c == '\u2216'
              || c == '\u2044'
              || c == '\uff0f'
              || c == '\uff3c'
              || c == '\uf025'
              || c == '\u00e0'
              || c == '\ufffd';
    }
    String view = value;
    if (odd) {
      StringBuilder out = new StringBuilder(value.length());
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '\u2215', '\u2044', '\uff0f', '\uf025' -> out.append('/');
          case '\u2216', '\uff3c' -> out.append('\\');
          case '\u00e0', '\ufffd' -> {}
          default -> out.append(c);
        }
      }
      view = out.toString();
    }
    if (view.contains("0x2e") || view.contains("0x2f") || view.contains("0x5c")) {
      view = view.replace("0x2e", ".").replace("0x2f", "/").replace("0x5c", "\\");
    }
    return view;
  }

  /**
   * A parent step: two or more dots standing as a whole path segment — between start or a separator
   * ({@code / \ ; = : ,} white space) and a separator ({@code / \ ;}) or the end.
   */
  private static String parentSteps(String s) {
    int from = 0;
    while (true) {
      int at = s.indexOf("..", from);
      if (at < 0) {
        return null;
      }
      int end = at + 2;
      while (end < s.length() && s.charAt(end) == '.') {
        end++;
      }
      boolean opens = at == 0 || "/\\;=:, \t\n\"'".indexOf(s.charAt(at - 1)) >= 0;
      boolean closes =
          end == s.length() && at > 0 && (s.charAt(at - 1) == '/' || s.charAt(at - 1) == '\\')
              || end < s.length() && "/\\;".indexOf(s.charAt(end)) >= 0;
      if (opens && closes && (end < s.length() || at > 0)) {
        return "a parent-directory step";
      }
      from = end;
    }
  }

  /** Three or more current-directory steps ({@code ./\/././}): no real path needs them. */
  private static boolean dotSoup(String s) {
    int steps = 0;
    for (int i = 0; i + 1 < s.length(); i++) {
      if (s.charAt(i) == '.'
          && (s.charAt(i + 1) == '/' || s.charAt(i + 1) == '\\')
          && (i == 0 || s.charAt(i - 1) == '/' || s.charAt(i - 1) == '\\')) {
        steps++;
      }
    }
    return steps >= 3;
  }

  private static boolean isBoundary(char c) {
    return c == ' ' || c == '\n' || c == '=' || c == '&' || c == '"' || c == '\'' || c == '('
        || c == ')' || c == '<' || c == '>' || c == ',' || c == ';' || c == '|' || c == '`';
  }

  private static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
