package io.antbot.security.threat;

/**
 * The expansions a shell performs before it runs anything, each a sign that a value was written for
 * a shell: command and process substitution, arithmetic, parameter expansion with an operator,
 * brace expansion that spells a program, file-name globs in absolute paths, and the Shellshock
 * function prefix. Part of {@link CommandInjectionDetector}.
 */
final class ShellExpansions {

  private ShellExpansions() {}

  static String detect(String s) {
    int include = s.indexOf("<!--#");
    if (include >= 0 && s.startsWith("exec", include + 5)
        || include >= 0 && s.startsWith("include", include + 5)) {
      return "a server-side include directive";
    }
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      char next = i + 1 < n ? s.charAt(i + 1) : 0;
      if (c == '$' && next == '(') {
        if (i + 2 < n && (s.charAt(i + 2) == '(' || startsWord(s, i + 2))) {
          return "a command substitution $(…)";
        }
      } else if (c == '$' && next == '[') {
        if (indexWithin(s, ']', i, 64) > 0) {
          return "shell arithmetic $[…]";
        }
      } else if (c == '$' && next == '{') {
        String reason = parameterExpansion(s, i + 2);
        if (reason != null) {
          return reason;
        }
      } else if (c == '`') {
        int close = indexWithin(s, '`', i + 1, 200);
        if (close > i + 1 && runsProgram(s.substring(i + 1, close))) {
          return "a command in backticks";
        }
      } else if ((c == '<' || c == '>') && next == '(' && i + 2 < n) {
        int end = wordEnd(s, i + 2);
        if (ShellWords.kind(ShellWords.program(s.substring(i + 2, end))) != null) {
          return "a process substitution";
        }
      } else if (c == '{') {
        String reason = braceExpansion(s, i);
        if (reason != null) {
          return reason;
        }
      } else if (c == '/' && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)))) {
        if (globbedPath(s, i)) {
          return "a file-name pattern in a path";
        }
      } else if (c == '(' && next == ')' && s.startsWith("{", skipSpaces(s, i + 2))) {
        return "a shell function definition (Shellshock)";
      }
    }
    return null;
  }

  private static boolean startsWord(String s, int at) {
    char c = s.charAt(at);
    return Character.isLetter(c)
        || c == '$'
        || c == '/'
        || c == '\\'
        || c == '\''
        || c == '"'
        || c == '`'
        || c == '{';
  }

  /** {@code ${name<operator>…}}: the operators {@code # % : / ^ , @ !} or a nested substitution. */
  private static String parameterExpansion(String s, int from) {
    int close = indexWithin(s, '}', from, 100);
    if (close < 0) {
      close = Math.min(s.length(), from + 100);
    }
    String body = s.substring(from, Math.min(close, from + 100));
    if (body.startsWith("!") || body.contains("`") || body.contains("$(") || body.contains("${")) {
      return "a parameter expansion that runs or redirects";
    }
    int i = 0;
    while (i < body.length()
        && (Character.isLetterOrDigit(body.charAt(i)) || body.charAt(i) == '_')) {
      i++;
    }
    if (i == 0 || i >= body.length()) {
      return null;
    }
    char op = body.charAt(i);
    if (op == '#'
        || op == '%'
        || op == '/'
        || op == '^'
        || op == ',' && i + 1 < body.length() && body.charAt(i + 1) == ',') {
      return "a parameter expansion with an operator";
    }
    if (op == ':' && i + 1 < body.length()) {
      char after = body.charAt(i + 1);
      if (Character.isDigit(after)
          || after == '-'
          || after == '='
          || after == '+'
          || after == '?'
          || after == ' ') {
        return "a parameter expansion with an operator";
      }
    }
    return null;
  }

  private static boolean runsProgram(String inside) {
    String trimmed = inside.strip();
    int end = wordEnd(trimmed, 0);
    return end > 0 && ShellWords.kind(ShellWords.program(trimmed.substring(0, end))) != null;
  }

  /** {@code {a,b}} with an optional prefix and suffix: its first expansion names a program. */
  private static String braceExpansion(String s, int open) {
    int close = indexWithin(s, '}', open, 64);
    if (close < 0) {
      return null;
    }
    String inside = s.substring(open + 1, close);
    if (inside.indexOf(',') < 0
        || inside.indexOf(' ') >= 0
        || inside.indexOf('"') >= 0
        || inside.indexOf(':') >= 0) {
      return null;
    }
    int prefixStart = open;
    while (prefixStart > 0 && Character.isLetter(s.charAt(prefixStart - 1))) {
      prefixStart--;
    }
    int suffixEnd = close + 1;
    while (suffixEnd < s.length() && Character.isLetter(s.charAt(suffixEnd))) {
      suffixEnd++;
    }
    String prefix = s.substring(prefixStart, open);
    String suffix = s.substring(close + 1, suffixEnd);
    for (String alternative : inside.split(",", -1)) {
      String word = prefix + alternative + suffix;
      if (!word.isEmpty()) {
        return ShellWords.kind(ShellWords.program(word)) != null
            ? "a brace expansion that spells a program"
            : null;
      }
    }
    return null;
  }

  /**
   * An absolute path of at least two parts with a bracket pattern ({@code pa[s]swd}) or a part made
   * of letters and at least two {@code ?} ({@code /???/}).
   */
  private static boolean globbedPath(String s, int from) {
    int end = from;
    int parts = 0;
    boolean bracket = false;
    boolean slashInBracket = false;
    int questions = 0;
    while (end < s.length()) {
      char c = s.charAt(end);
      if (c == '/') {
        parts++;
      } else if (c == '[') {
        int close = indexWithin(s, ']', end, 12);
        if (close < 0) {
          return false;
        }
        bracket = true;
        // a bracket holding slashes ([e///]) is still one character of one path part
        slashInBracket |= s.substring(end, close).indexOf('/') >= 0;
        end = close;
      } else if (c == '?') {
        questions++;
      } else if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == '*')) {
        break;
      }
      end++;
    }
    return parts >= 2 && (bracket || questions >= 2) || bracket && slashInBracket;
  }

  private static int wordEnd(String s, int from) {
    int i = from;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || c == ')' || c == ';' || c == '|' || c == '&' || c == '`') {
        break;
      }
      i++;
    }
    return i;
  }

  /** The index of {@code c} within {@code limit} characters from {@code from}, or -1. */
  private static int indexWithin(String s, char c, int from, int limit) {
    int end = Math.min(s.length(), from + limit);
    for (int i = from; i < end; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static int skipSpaces(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }
}
