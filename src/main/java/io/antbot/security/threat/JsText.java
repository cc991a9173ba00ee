package io.antbot.security.threat;

import java.util.Set;

/** The pieces of JavaScript syntax {@link ScriptContextDetector} reads. */
final class JsText {

  private JsText() {}

  /** The value without white space and JavaScript comments, as the parser sees the tokens. */
  static String compact(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        int close = s.indexOf("*/", i + 2);
        if (close > 0 && close - i < 200) {
          i = close + 1;
          continue;
        }
      }
      if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A call of a listed function whose arguments look written by a program. */
  static String sinkCall(String c, Set<String> sinks) {
    int n = c.length();
    for (int i = 0; i < n; i++) {
      if (c.charAt(i) != '(' || i == 0) {
        continue;
      }
      int start = i;
      while (start > 0 && Character.isLetter(c.charAt(start - 1))) {
        start--;
      }
      String name = c.substring(start, i);
      boolean constructed =
          name.equals("newfunction")
              || name.equals("function") && start >= 3 && c.startsWith("new", start - 3);
      if (!constructed && !sinks.contains(name)) {
        continue;
      }
      if (start > 0 && (Character.isDigit(c.charAt(start - 1)) || c.charAt(start - 1) == '_')) {
        continue;
      }
      if (programArgument(c, i + 1)) {
        return "a call of " + (constructed ? "new Function" : name);
      }
    }
    return null;
  }

  private static boolean programArgument(String c, int from) {
    if (from >= c.length()) {
      return false;
    }
    char first = c.charAt(from);
    if (first == ')'
        || first == '\''
        || first == '"'
        || first == '`'
        || Character.isDigit(first)
        || first == '/'
        || first == '['
        || first == '{') {
      return true;
    }
    int end = from;
    while (end < c.length()
        && (Character.isLetterOrDigit(c.charAt(end))
            || c.charAt(end) == '.'
            || c.charAt(end) == '_'
            || c.charAt(end) == '$')) {
      end++;
    }
    if (end >= c.length()) {
      return false;
    }
    char after = c.charAt(end);
    return after == ','
        || after == '('
        || after == ')' && end - from >= 3 && !c.substring(from, end).matches("[a-z]+s");
  }

  /** {@code java script:} written with a break no browser keeps ({@code ja vascript:}). */
  static boolean splitScheme(String s) {
    for (String scheme : new String[] {"javascript:", "vbscript:"}) {
      int colon = s.indexOf(':');
      while (colon > 0) {
        int i = colon - 1;
        int matched = scheme.length() - 2;
        boolean gap = false;
        while (i >= 0 && matched >= 0) {
          char c = s.charAt(i);
          if (c == ' ' || c == '\n' || c == '\t') {
            gap = true;
          } else if (c == scheme.charAt(matched)) {
            matched--;
          } else {
            break;
          }
          i--;
        }
        if (matched < 0 && gap && !s.substring(i + 1, colon).equals("java script")) {
          return true;
        }
        colon = s.indexOf(':', colon + 1);
      }
    }
    return false;
  }

  /**
   * A quote, maybe a closing bracket, an operator and a call: {@code '-alert(1)//}, {@code
   * ";confirm(1)//}, {@code '+eval(name)+'}.
   */
  static boolean stringBreakout(String s) {
    for (int q = s.indexOf('\''), d = s.indexOf('"'); q >= 0 || d >= 0; ) {
      int at = q < 0 ? d : d < 0 ? q : Math.min(q, d);
      int i = at + 1;
      while (i < s.length()
          && (s.charAt(i) == ')'
              || s.charAt(i) == ']'
              || s.charAt(i) == '}'
              || s.charAt(i) == ' ')) {
        i++;
      }
      if (i < s.length() && "-+*/;|&,^%".indexOf(s.charAt(i)) >= 0) {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) == ' ') {
          j++;
        }
        int end = j;
        while (end < s.length() && (Character.isLetter(s.charAt(end)) || s.charAt(end) == '.')) {
          end++;
        }
        if (end > j + 2
            && end < s.length()
            && s.charAt(end) == '('
            && programArgument(s, end + 1)) {
          return true;
        }
      }
      if (at == q) {
        q = s.indexOf('\'', q + 1);
      } else {
        d = s.indexOf('"', d + 1);
      }
    }
    return false;
  }
}
