package io.antbot.security.threat;

import java.util.Set;

/**
 * SQL injection shapes {@link SqlInjectionDetector} leaves to others because they are short
 * fragments rather than grammar after a literal: a value that opens with a quote and goes on as a
 * statement ({@code ';select p}, {@code 'select h}), a whole value that is a column-count probe
 * ({@code ORDER BY 3}) or a condition ({@code OR x=x#}), and injections written with typographic
 * quotes ({@code ’ or ‘1’=’1}), which some application layers turn into plain ones.
 */
final class SqlFragmentDetector {

  private static final Set<String> STATEMENTS =
      Set.of(
          "select",
          "insert",
          "update",
          "delete",
          "drop",
          "exec",
          "execute",
          "declare",
          "create",
          "alter",
          "shutdown",
          "grant",
          "truncate",
          "union",
          "waitfor");

  /**
   * Verbs that open a stacked statement after a closed literal: the statements above, and those
   * that read or rename what a database holds ({@code desc users}, {@code rename table}), or jump
   * ({@code goto}).
   */
  private static final Set<String> STACKED_VERBS =
      Set.of(
          "select",
          "insert",
          "update",
          "delete",
          "drop",
          "exec",
          "execute",
          "declare",
          "create",
          "alter",
          "shutdown",
          "grant",
          "revoke",
          "truncate",
          "union",
          "waitfor",
          "desc",
          "describe",
          "rename",
          "goto",
          "merge",
          "show",
          "handler",
          "call",
          "load");

  /** Words after a verb that make it English ({@code 1;select the best}), not a statement. */
  private static final Set<String> PROSE_OBJECTS =
      Set.of(
          "the", "a", "an", "this", "that", "these", "those", "it", "them", "me", "us", "you",
          "your", "my", "our", "his", "her", "their", "some", "any", "each", "every", "one", "two",
          "more", "less", "to", "for", "on", "in", "of", "and", "or", "now", "soon", "later",
          "again", "here", "there", "first", "next", "last");

  /** Words prose puts after "as" ({@code (see note 1) as planned from Monday}). */
  private static final Set<String> PROSE_ALIASES =
      Set.of(
          "planned",
          "noted",
          "well",
          "usual",
          "expected",
          "before",
          "above",
          "below",
          "shown",
          "said",
          "agreed",
          "discussed",
          "such",
          "soon",
          "long",
          "far",
          "much",
          "many",
          "needed",
          "required",
          "always",
          "ever",
          "seen",
          "quoted",
          "listed",
          "reported",
          "of",
          "per");

  private static final Set<String> NILADIC =
      Set.of(
          "current_user",
          "session_user",
          "system_user",
          "user",
          "database",
          "version",
          "@@version",
          "current_database",
          "schema",
          "current_schema");

  private SqlFragmentDetector() {}

  static String detect(String s) {
    String trimmed = s.strip();
    if (trimmed.isEmpty()) {
      return null;
    }
    String typographic = plainQuotes(trimmed);
    if (typographic != null && SqlInjectionDetector.detect(typographic) != null) {
      return "SQL injection written with typographic quotes";
    }
    String text = typographic == null ? trimmed : typographic;
    if (literalEndsStatement(text)) {
      return "a literal closed and the statement ended";
    }
    if (statementAfterClosing(text)) {
      return "a statement after a closed literal";
    }
    if (aliasedSelectItem(text)) {
      return "a select item aliased before FROM";
    }
    if (literalMatchedByPattern(text)) {
      return "a closed literal matched against a pattern (regexp, rlike)";
    }
    char first = text.charAt(0);
    boolean quoted = first == '\'' || first == '"' || first == '`';
    if (!quoted && !(first == 'o' || first == 'a' || first == 's')
        || text.length() > 80 && !quoted) {
      // the whole-value shapes below are short and open with a quote or one of these words
      return null;
    }
    String[] words = quoted ? new String[0] : text.split("[\\s()]+");
    if ((first == '\'' || first == '"' || first == '`') && text.indexOf(first, 1) < 0) {
      int i = 1;
      while (i < text.length() && (text.charAt(i) == ')' || text.charAt(i) == ' ')) {
        i++;
      }
      if (i < text.length() && text.charAt(i) == ';') {
        i++;
      }
      String rest = text.substring(i).stripLeading();
      int end = 0;
      while (end < rest.length() && Character.isLetter(rest.charAt(end))) {
        end++;
      }
      if (end > 0 && STATEMENTS.contains(rest.substring(0, end)) && end < rest.length()) {
        return "a literal broken into a statement";
      }
    }
    if (quoted && literalComparedToOpenLiteral(text, first)) {
      return "a literal compared with a literal the query closes";
    }
    if (words.length == 3
        && words[0].equals("order")
        && words[1].equals("by")
        && words[2].matches("\\d{1,5}(?:--|#)?")) {
      return "a column-count probe (order by n)";
    }
    if (words.length >= 2
        && (words[0].equals("or") || words[0].equals("and"))
        && words[1].matches("[\\w'\"]+(?:=|<>|!=)[\\w'\"]+(?:#|--)?")
        && words.length <= 3) {
      return "a constant condition";
    }
    if (words.length == 2
        && words[0].equals("select")
        && NILADIC.contains(words[1].replace(";", ""))) {
      return "a query of a database function";
    }
    return null;
  }

  /**
   * {@code admin';}, {@code 1") ; --}: the value's first quote closes the literal it was pasted
   * into, and a semicolon right after it ends the statement — what follows in the query is cut off
   * or left to a comment. In prose a quote marks a size ({@code HAT 18';}) or is followed by a word
   * ({@code he said 'buy'; then}).
   */
  private static boolean literalEndsStatement(String text) {
    int n = text.length();
    int q = 0;
    while (q < n && text.charAt(q) != '\'' && text.charAt(q) != '"' && text.charAt(q) != '`') {
      q++;
    }
    if (q > 0 && q < n && !Character.isLetter(text.charAt(q - 1))) {
      for (int k = 0; k < q; k++) {
        if (text.charAt(k) == ' ') {
          // a phrase ending in a number before the quote: a size in text (HAT 18';)
          return false;
        }
      }
    }
    int i = q + 1;
    while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == ')')) {
      i++;
    }
    if (q >= n || i >= n || text.charAt(i) != ';') {
      return false;
    }
    i++;
    while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\n')) {
      i++;
    }
    return i == n || text.startsWith("--", i) || text.charAt(i) == '#' || text.startsWith("/*", i);
  }

  /**
   * {@code '; drop}, {@code "); delete}, {@code 1;load}: a value that opens with nothing but the
   * end of a literal — quotes, digits, brackets — and a semicolon or a bracket after a quote, then
   * a statement verb. A numbered list ({@code 1) select the pair}) or a quoted title ({@code
   * "CREATE A CRITTER"}) stays prose, and the verb must stand alone ({@code "Select" prints} quotes
   * a word).
   */
  private static boolean statementAfterClosing(String text) {
    int n = text.length();
    int i = 0;
    boolean quote = false;
    boolean closing = false;
    while (i < n && "0123456789'\"`); -".indexOf(text.charAt(i)) >= 0) {
      char c = text.charAt(i);
      quote |= c == '\'' || c == '"' || c == '`';
      closing |= c == ';' || c == ')' && quote;
      i++;
    }
    if (!closing || i == 0 || i >= n) {
      return false;
    }
    int end = i;
    while (end < n && Character.isLetter(text.charAt(end))) {
      end++;
    }
    if (end == i || !STACKED_VERBS.contains(text.substring(i, end))) {
      return false;
    }
    // after a number alone, a verb followed by words is a list in prose (1; exec will create…)
    if (end == n || (quote ? " (/#-*" : "(/#-*").indexOf(text.charAt(end)) >= 0) {
      return true;
    }
    // unless the verb is glued to the semicolon and acts on a name: 1;select password
    return text.charAt(i - 1) == ';' && text.charAt(end) == ' ' && nameAt(text, end + 1);
  }

  /** Whether a name (not an English article or pronoun) starts at {@code i}. */
  private static boolean nameAt(String text, int i) {
    int end = i;
    while (end < text.length()
        && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
      end++;
    }
    return end - i >= 2
        && Character.isLetter(text.charAt(i))
        && !PROSE_OBJECTS.contains(text.substring(i, end));
  }

  /**
   * {@code ') as x from users}, {@code 1) as n from t}: a select item closed by a bracket, given an
   * alias and followed by FROM — the middle of a query the value completes. The bracket must close
   * a number, a literal or another bracket (prose puts a word there: {@code (BTC) as planned from
   * 30k}), and the alias must not be one of the words prose writes after "as".
   */
  private static boolean aliasedSelectItem(String text) {
    for (int at = text.indexOf(") as "); at > 0; at = text.indexOf(") as ", at + 1)) {
      char before = text.charAt(at - 1);
      if (!(Character.isDigit(before) || "'\"`)".indexOf(before) >= 0)) {
        continue;
      }
      int alias = at + 5;
      int end = alias;
      while (end < text.length()
          && (Character.isLetterOrDigit(text.charAt(end))
              || "_'\"`".indexOf(text.charAt(end)) >= 0)) {
        end++;
      }
      if (end > alias
          && text.startsWith(" from ", end)
          && !PROSE_ALIASES.contains(text.substring(alias, end))) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code ' regexp '^a}, {@code " rlike 0x}: a literal closed and compared with MySQL's pattern
   * operators, which prose never writes after a quote.
   */
  private static boolean literalMatchedByPattern(String text) {
    for (String operator : new String[] {" regexp", " rlike", " not regexp", " not rlike"}) {
      for (int at = text.indexOf(operator); at > 0; at = text.indexOf(operator, at + 1)) {
        int end = at + operator.length();
        if ("'\"`".indexOf(text.charAt(at - 1)) >= 0
            && end < text.length()
            && !Character.isLetterOrDigit(text.charAt(end))
            && text.charAt(end) != '_'
            && end + 1 < text.length()
            && !Character.isLetter(text.charAt(end + 1))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * {@code 'x'!='y}: a closed literal, a comparison, and a literal left open for the query's own
   * closing quote — the value only makes sense pasted inside a literal.
   */
  private static boolean literalComparedToOpenLiteral(String text, char quote) {
    int close = text.indexOf(quote, 1);
    if (close < 0) {
      return false;
    }
    int i = close + 1;
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    int op = i;
    while (i < text.length() && "=<>!".indexOf(text.charAt(i)) >= 0) {
      i++;
    }
    if (i == op) {
      return false;
    }
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    return i + 1 < text.length() && text.charAt(i) == quote && text.indexOf(quote, i + 1) < 0;
  }

  /** The value with typographic quotes made plain, or {@code null} when it has none. */
  private static String plainQuotes(String s) {
    boolean any = false;
    boolean candidate = false;
    for (int i = 0; i < s.length() && !candidate; i++) {
      char c = s.charAt(i);
      candidate = c >= '\u2013' && c <= '\u2033' || c == '\u00b4';
    }
    if (!candidate) {
      return null;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\u2018', '\u2019', '\u2032', '\u00b4' -> {
          out.append('\'');
          any = true;
        }
        case '\u201c', '\u201d', '\u2033' -> {
          out.append('"');
          any = true;
        }
        case '\u2013', '\u2014' -> {
          out.append("--");
          any = true;
        }
        default -> out.append(c);
      }
    }
    return any ? out.toString() : null;
  }
}
