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
  static String detect(String decoded) {
    String steps = parentSteps(decoded);
    if (steps != null) {
      return steps;
    }
    int start = 0;
    int n = decoded.length();
    for (int i = 0; i <= n; i++) {
      if (i == n || isBoundary(decoded.charAt(i))) {
        if (i > start + 2) {
          String token = decoded.substring(start, i);
          if ((token.indexOf('/') >= 0 || token.indexOf('\\') >= 0 || token.startsWith("."))
              && SensitivePaths.isSensitive(token)) {
            return "a sensitive file: " + shorten(token);
          }
        }
        start = i + 1;
      }
    }
    return null;
  }

  /**
   * For a request path: what {@link #detect} finds, plus a hidden segment ({@code /.env}, {@code
   * /.git/}), a restricted extension ({@code backup.sql.zip}, {@code debug.log}) or a kernel file
   * system ({@code /proc/}, {@code /sys/}, Vite's {@code /@fs/}).
   */
  static String detectInPath(String decoded) {
    String reason = detect(decoded);
    if (reason != null) {
      return reason;
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
   * A parent step: two or three dots standing as a whole path segment — between start or a
   * separator ({@code / \ ; = : ,} white space) and a separator ({@code / \ ;}) or the end.
   */
  private static String parentSteps(String s) {
    int from = 0;
    while (true) {
      int at = s.indexOf("..", from);
      if (at < 0) {
        return null;
      }
      int end = at + 2;
      if (end < s.length() && s.charAt(end) == '.') {
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

  private static boolean isBoundary(char c) {
    return c == ' ' || c == '\n' || c == '=' || c == '&' || c == '"' || c == '\'' || c == '('
        || c == ')' || c == '<' || c == '>' || c == ',' || c == ';' || c == '|' || c == '`';
  }

  private static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
