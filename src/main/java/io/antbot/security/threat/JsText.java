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

  /**
   * A call of a listed function whose arguments look written by a program: {@code f(…)}, {@code
   * f?.(…)}, a tagged template {@code f`…`}, a parenthesised reference called {@code (f)(…)} or
   * {@code (0,f)(…)}; or a listed function handed to a method as its callback ({@code
   * [1].find(alert)}). Functions in {@code codeOnly} are not English words, so any argument counts.
   */
  static String sinkCall(String c, Set<String> sinks, Set<String> codeOnly) {
    int n = c.length();
    for (int i = 0; i < n; i++) {
      char at = c.charAt(i);
      if (at == '`' && i > 0 && Character.isLetter(c.charAt(i - 1))) {
        int start = wordStart(c, i);
        String name = c.substring(start, i);
        if ((sinks.contains(name) || name.equals("newfunction"))
            && (start == 0 || !isIdentifierPart(c.charAt(start - 1)))) {
          return "a tagged template call of " + name;
        }
        if ((name.equals("call") || name.equals("apply"))
            && start > 0
            && c.charAt(start - 1) == '.') {
          // [].sort.call`${alert}1`: a function applied through a template, no parenthesis
          return "a function applied through a tagged template";
        }
        continue;
      }
      if (at == '$' && i + 1 < n && c.charAt(i + 1) == '{') {
        String inside = identifierAt(c, i + 2);
        if (inside != null
            && sinks.contains(inside)
            && i + 2 + inside.length() < n
            && c.charAt(i + 2 + inside.length()) == '}') {
          return "a sink interpolated into a template: " + inside;
        }
        continue;
      }
      if (at != '(' || i == 0) {
        continue;
      }
      int callee = i;
      if (i >= 2 && c.charAt(i - 1) == '.' && c.charAt(i - 2) == '?') {
        callee = i - 2;
      } else if (c.charAt(i - 1) == ')') {
        String wrapped = wrappedSink(c, i - 1, sinks);
        if (wrapped != null) {
          return "a call of " + wrapped + " through parentheses";
        }
      }
      int start = wordStart(c, callee);
      String method = c.substring(start, callee);
      if ((method.equals("call") || method.equals("apply") || method.equals("bind"))
          && start > 1
          && c.charAt(start - 1) == '.') {
        int owner = wordStart(c, start - 1);
        String target = c.substring(owner, start - 1);
        if (sinks.contains(target) && (owner == 0 || !isIdentifierPart(c.charAt(owner - 1)))) {
          return "a call of " + target + " through " + method;
        }
      }
      if (start > 0 && c.charAt(start - 1) == '.' && start < callee) {
        String callback = identifierAt(c, i + 1);
        if (callback != null
            && sinks.contains(callback)
            && i + 1 + callback.length() < n
            && c.charAt(i + 1 + callback.length()) == ')') {
          return "a sink passed as a callback: " + callback;
        }
      }
      String name = c.substring(start, callee);
      boolean constructed =
          name.equals("newfunction")
              || name.equals("function") && start >= 3 && c.startsWith("new", start - 3);
      if (!constructed && !sinks.contains(name)) {
        continue;
      }
      if (start > 0 && (Character.isDigit(c.charAt(start - 1)) || c.charAt(start - 1) == '_')) {
        continue;
      }
      if (programArgument(c, i + 1)
          || codeOnly.contains(name) && i + 1 < n && isIdentifierStart(c.charAt(i + 1))) {
        return "a call of " + (constructed ? "new Function" : name);
      }
    }
    return null;
  }

  /**
   * {@code (alert)} or {@code (0,eval)} ending at {@code close}: a sink as a value, then called.
   */
  private static String wrappedSink(String c, int close, Set<String> sinks) {
    int start = wordStart(c, close);
    if (start == close || start == 0) {
      return null;
    }
    String name = c.substring(start, close);
    char before = c.charAt(start - 1);
    return sinks.contains(name) && (before == '(' || before == ',') ? name : null;
  }

  private static int wordStart(String c, int end) {
    int start = end;
    while (start > 0 && Character.isLetter(c.charAt(start - 1))) {
      start--;
    }
    return start;
  }

  private static String identifierAt(String c, int from) {
    int end = from;
    while (end < c.length() && Character.isLetter(c.charAt(end))) {
      end++;
    }
    return end > from ? c.substring(from, end) : null;
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_' || c == '$';
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.';
  }

  /**
   * JSFuck-style code written only with {@code [ ] ( ) ! +}: a run of at least {@code minimum} of
   * those characters that builds values from empty arrays ({@code ![]}, {@code +[]}).
   */
  /**
   * The atoms JSFuck and Hieroglyphy build every character from: an array coerced by a negation,
   * {@code !![]} ({@code true}) and {@code !+[]} (form-encoded, {@code ! []} opening the value or
   * an expression), or a negated array inside an expression ({@code (![]}, {@code +![]}; {@code c}
   * is {@code s} compacted), or an array indexed by an empty array ({@code [][[]]}, {@code
   * undefined}). Prose spaces its exclamations ({@code !! important !! []}), and a value that opens
   * with {@code ![]} is a Markdown image without alt text, not code.
   */
  static boolean coercionAtom(String s, String c) {
    if (s.contains("!![]") || s.contains("!+[]") || c.contains("[][[]]")) {
      return true;
    }
    int spaced = s.indexOf("! []");
    if (spaced == 0 || spaced > 0 && "([+=,".indexOf(s.charAt(spaced - 1)) >= 0) {
      return true;
    }
    for (int at = c.indexOf("![]"); at >= 0; at = c.indexOf("![]", at + 1)) {
      if (at > 0 && "+([".indexOf(c.charAt(at - 1)) >= 0) {
        return true;
      }
    }
    return false;
  }

  static boolean symbolOnlyCode(String c, int minimum) {
    int run = 0;
    int arrays = 0;
    boolean coerced = false;
    for (int i = 0; i < c.length(); i++) {
      char ch = c.charAt(i);
      if (ch == '[' || ch == ']' || ch == '(' || ch == ')' || ch == '!' || ch == '+') {
        run++;
        if (ch == ']' && i > 0 && c.charAt(i - 1) == '[') {
          arrays++;
          coerced |= i > 1 && (c.charAt(i - 2) == '!' || c.charAt(i - 2) == '+');
        }
        if (run >= minimum && arrays >= 2 && coerced) {
          return true;
        }
      } else {
        run = 0;
        arrays = 0;
        coerced = false;
      }
    }
    return false;
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
        || first == '\u2018'
        || first == '\u201c'
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
        || after == ')' && end - from >= 3 && !c.substring(from, end).matches("[a-z]+s")
        // a one-letter variable, alert(x); but alert(s) is the English plural
        || after == ')' && end - from == 1 && c.charAt(from) != 's';
  }

  /** {@code java script:} written with a break no browser keeps ({@code ja vascript:}). */
  static boolean splitScheme(String s) {
    return splitScheme(s, false);
  }

  /**
   * {@link #splitScheme(String)}; when {@code escaped}, also {@code java script:}, which prose
   * writes, but not with a character reference for its space ({@code java&#x09;script:}).
   */
  static boolean splitScheme(String s, boolean escaped) {
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
        if (matched < 0 && gap && (escaped || !s.substring(i + 1, colon).equals("java script"))) {
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
