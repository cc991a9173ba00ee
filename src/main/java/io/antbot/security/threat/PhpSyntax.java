package io.antbot.security.threat;

import java.util.List;
import java.util.Set;

/** The pieces of PHP syntax {@link PhpInjectionDetector} reads. */
final class PhpSyntax {

  private static final Set<String> SCRIPT_EXTENSIONS =
      Set.of(
          "php", "phtml", "phar", "pht", "phpt", "phps", "php3", "php4", "php5", "php7", "php8",
          "inc");

  /** Functions an attacker calls through a string to hide the name from a signature. */
  private static final String[] CALLED_BY_NAME = {
    "system",
    "exec",
    "passthru",
    "assert",
    "eval",
    "popen",
    "proc_open",
    "phpinfo",
    "create_function",
    "call_user_func",
    "file_get_contents",
    "file_put_contents",
    "highlight_file",
    "show_source",
    "fsockopen",
    "base64_decode",
    "str_rot13",
    "gzinflate"
  };

  /** {@link #CALLED_BY_NAME} for a lookup of a whole name. */
  private static final Set<String> CALLED_BY_NAME_SET = Set.of(CALLED_BY_NAME);

  /**
   * Files a web server or an interpreter reads as its own configuration when they land in a
   * directory it serves or runs from: an upload under one of these names rewires the server.
   */
  private static final Set<String> SERVER_CONFIGURATION =
      Set.of(
          ".htaccess",
          ".htpasswd",
          ".htdigest",
          ".user.ini",
          "php.ini",
          "web.config",
          ".env",
          ".bashrc",
          ".bash_profile",
          ".profile",
          "authorized_keys",
          "wp-config.php",
          "settings.php",
          "local.xml",
          "parameters.yml",
          "security.yml",
          "services.yml");

  private PhpSyntax() {}

  /** {@code O:8:"Class":1:{…}} or {@code C:…}, or an array of serialized members. */
  static String serializedObject(String s) {
    for (int i = 0; i + 4 < s.length(); i++) {
      char c = s.charAt(i);
      if ((c == 'o' || c == 'c')
          && s.charAt(i + 1) == ':'
          && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)))) {
        int j = i + 2;
        if (j < s.length() && (s.charAt(j) == '+' || s.charAt(j) == '-' || s.charAt(j) == ' ')) {
          // O:+8: slips past filters that expect a digit; a form decoder reads that + as a space
          j++;
        }
        int digits = j;
        while (j < s.length() && Character.isDigit(s.charAt(j))) {
          j++;
        }
        if (j > digits && j + 1 < s.length() && s.charAt(j) == ':' && s.charAt(j + 1) == '"') {
          return "a serialized PHP object";
        }
      }
      if (c == 'a'
          && s.startsWith(":", i + 1)
          && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)))) {
        int j = i + 2;
        while (j < s.length() && Character.isDigit(s.charAt(j))) {
          j++;
        }
        String members = s.substring(j, Math.min(s.length(), j + 16));
        if (j > i + 2
            && members.startsWith(":{")
            && (members.contains("s:") || members.contains("i:"))) {
          return "a serialized PHP array";
        }
      }
    }
    return null;
  }

  /**
   * An uploaded file name ({@code filename="x.php"}) that is a PHP script, a session file or a
   * server's configuration ({@code .htaccess}, {@code .user.ini}).
   */
  static String uploadedScript(String s) {
    int at = s.indexOf("filename=");
    while (at >= 0) {
      int start = at + 9;
      char quote = start < s.length() ? s.charAt(start) : 0;
      if (quote == '"' || quote == '\'') {
        start++;
      }
      int end = start;
      while (end < s.length()
          && s.charAt(end) != '"'
          && s.charAt(end) != '\''
          && s.charAt(end) != ';'
          && s.charAt(end) != '\n') {
        end++;
      }
      String name = s.substring(start, end).strip();
      while (name.endsWith(".") || name.endsWith(" ")) {
        name = name.substring(0, name.length() - 1);
      }
      int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
      String base = name.substring(slash + 1);
      int dot = base.lastIndexOf('.');
      if (dot >= 0) {
        String extension = base.substring(dot + 1).strip();
        if (SCRIPT_EXTENSIONS.contains(extension) || extension.matches("php\\d+")) {
          return "an uploaded PHP script";
        }
      }
      if (SERVER_CONFIGURATION.contains(base) || isApplicationConfiguration(base)) {
        return "an uploaded server configuration file";
      }
      if (base.startsWith("sess_") && base.length() >= 20) {
        return "an uploaded PHP session file";
      }
      at = s.indexOf("filename=", end);
    }
    return null;
  }

  /** The YAML files a PHP framework reads its configuration from, by environment too. */
  private static final List<String> CONFIGURATION_STEMS =
      List.of("config", "parameters", "routing", "security", "services");

  /**
   * Whether an uploaded file's name is one a framework reads its configuration from ({@code
   * config.yml}, {@code config_prod.yaml}, {@code routing.yml}): an upload under that name into a
   * configuration directory rewrites the application.
   */
  private static boolean isApplicationConfiguration(String base) {
    int dot = base.lastIndexOf('.');
    if (dot < 0 || !(base.endsWith(".yml") || base.endsWith(".yaml"))) {
      return false;
    }
    String stem = base.substring(0, dot);
    int environment = stem.indexOf('_');
    String name = environment < 0 ? stem : stem.substring(0, environment);
    String suffix = environment < 0 ? "" : stem.substring(environment + 1);
    return CONFIGURATION_STEMS.contains(name) && suffix.chars().allMatch(Character::isLetter);
  }

  /**
   * A call of a listed function ({@code name(}, with white space or comments before the
   * parenthesis), of a function named through strings ({@code ("sys"."tem")(}), or of a variable
   * ({@code $f(}).
   */
  static String functionCall(String s, Set<String> dangerous, Set<String> words) {
    if (s.indexOf('(') < 0) {
      return null;
    }
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '$' && variableCall(s, i)) {
        return "a PHP variable function call";
      }
      if (!(c >= 'a' && c <= 'z' || c == '_') || i > 0 && isIdentifierChar(s.charAt(i - 1))) {
        continue;
      }
      int end = identifierEnd(s, i);
      int open = skipSpaceAndComments(s, end);
      if (open >= n || s.charAt(open) != '(') {
        i = end - 1;
        continue;
      }
      String name = s.substring(i, end);
      boolean obfuscated = false;
      for (int k = end; k < open && !obfuscated; k++) {
        obfuscated = s.charAt(k) == '\n' || s.charAt(k) == '#' || s.charAt(k) == '/';
      }
      if (dangerous.contains(name) && (open == end || obfuscated || codeArgument(s, open + 1))) {
        return "a call of the PHP function " + name;
      }
      boolean wholeCall = i == 0 && endsAfterCall(s, open);
      if (words.contains(name)
          && ((open == end || wholeCall) && codeArgument(s, open + 1) || obfuscated)) {
        return "a call of the PHP function " + name;
      }
      i = end - 1;
    }
    String computed = computedCallee(s);
    if (computed != null) {
      return computed;
    }
    String built = builtNameCalledLater(s);
    return built != null ? built : stringCall(s);
  }

  /**
   * A function name kept aside and called later through an expression, so that no name stands
   * before a parenthesis: quoted pieces joined into the name ({@code $y='sys'.'tem';($y)('id')},
   * {@code define('x','sys'.'tem');(x)('id')}, inside an array too), or the bare name held in an
   * array and picked out by an index ({@code ([system][0]){0}(ls)}); then a call of something
   * closed — a {@code )}, {@code ]} or {@code }} followed by {@code (}, comments between allowed.
   * Prose has neither shape: a bracketed word in a note ({@code [exec] desk (London) (closed)}) is
   * not indexed.
   */
  private static String builtNameCalledLater(String s) {
    int n = s.length();
    int lastCall = -2;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      int after = -1;
      String name = null;
      if (c == '\'' || c == '"') {
        StringBuilder joined = new StringBuilder();
        int pieces = 0;
        int k = i;
        while (k < n && (s.charAt(k) == '\'' || s.charAt(k) == '"') && joined.length() <= 32) {
          int close = s.indexOf(s.charAt(k), k + 1);
          if (close < 0) {
            break;
          }
          joined.append(s, k + 1, close);
          pieces++;
          after = close + 1;
          int dot = skipSpaceAndComments(s, after);
          k = dot < n && s.charAt(dot) == '.' ? skipSpaceAndComments(s, dot + 1) : n;
        }
        if (pieces >= 2) {
          name = joined.toString();
        }
        i = Math.max(i, after - 1);
      } else if (c == '[') {
        int start = skipSpaceAndComments(s, i + 1);
        int end = identifierEnd(s, start);
        int close = skipSpaceAndComments(s, end);
        int index = close < n && s.charAt(close) == ']' ? skipSpaceAndComments(s, close + 1) : n;
        if (end > start && index < n && s.charAt(index) == '[' && isIndex(s, index)) {
          name = s.substring(start, end);
          after = index;
        }
      }
      if (name != null && CALLED_BY_NAME_SET.contains(name)) {
        if (lastCall == -2) {
          // found once per value, so that many built names cost one pass, not one each
          lastCall = lastClosedThenCalled(s);
        }
        if (lastCall >= after) {
          return "a PHP function name built aside and called later: " + name;
        }
      }
    }
    return null;
  }

  /**
   * Whether {@code [} at {@code open} starts an index: digits, spaces around them, then {@code ]}.
   */
  private static boolean isIndex(String s, int open) {
    int digits = skipSpaceAndComments(s, open + 1);
    int end = digits;
    while (end < s.length() && Character.isDigit(s.charAt(end))) {
      end++;
    }
    int close = skipSpaceAndComments(s, end);
    return end > digits && close < s.length() && s.charAt(close) == ']';
  }

  /**
   * Where the last {@code )}, {@code ]} or {@code }} followed by {@code (} (comments between
   * allowed) sits, or -1.
   */
  private static int lastClosedThenCalled(String s) {
    for (int open = s.lastIndexOf('('); open > 0; open = s.lastIndexOf('(', open - 1)) {
      int k = open - 1;
      while (k >= 0 && (s.charAt(k) == ' ' || s.charAt(k) == '\t' || s.charAt(k) == '\n')) {
        k--;
      }
      if (k >= 1 && s.charAt(k) == '/' && s.charAt(k - 1) == '*') {
        // a comment before the parenthesis, read back at most 200 characters (as it is read
        // forward): a value of many "*/(" stays linear
        int comment = k - 2;
        while (comment > 0 && k - comment < 200 && !s.startsWith("/*", comment - 1)) {
          comment--;
        }
        k = comment > 0 && s.startsWith("/*", comment - 1) ? comment - 2 : -1;
        while (k >= 0 && s.charAt(k) == ' ') {
          k--;
        }
      }
      if (k >= 0 && (s.charAt(k) == ')' || s.charAt(k) == ']' || s.charAt(k) == '}')) {
        return k;
      }
    }
    return -1;
  }

  /**
   * A function whose name is computed and then called with code: a call's result called ({@code
   * (implode('',['sys','tem']))('id')}), or an element picked by its index and called, as the whole
   * value ({@code [0]('id')}, {@code {0}($x)}). A Markdown link ({@code [1](https://…)}) has no
   * quote or variable after its parenthesis.
   */
  private static String computedCallee(String s) {
    int n = s.length();
    if (n > 2 && (s.charAt(0) == '[' || s.charAt(0) == '{')) {
      int close = s.indexOf(s.charAt(0) == '[' ? ']' : '}');
      if (close > 1 && close + 1 < n && s.charAt(close + 1) == '(') {
        boolean index = true;
        for (int k = 1; k < close && index; k++) {
          index = Character.isDigit(s.charAt(k));
        }
        if (index && quoteOrVariable(s, close + 2) && endsAfterCall(s, close + 1)) {
          return "a PHP element called by its index";
        }
      }
    }
    for (int at = s.indexOf(")("); at >= 0; at = s.indexOf(")(", at + 1)) {
      if (!quoteOrVariable(s, at + 2)) {
        continue;
      }
      // the callee read back at most 256 characters: a long value of ")(" pairs stays linear
      int depth = 0;
      int open = -1;
      for (int k = at; k >= Math.max(0, at - 256) && open < 0; k--) {
        char c = s.charAt(k);
        if (c == ')') {
          depth++;
        } else if (c == '(' && --depth == 0) {
          open = k;
        }
      }
      int inner = open < 0 ? -1 : s.indexOf('(', open + 1);
      if (inner > open + 1 && inner < at && isIdentifierChar(s.charAt(inner - 1))) {
        return "a PHP call of a computed function name";
      }
    }
    return null;
  }

  private static boolean quoteOrVariable(String s, int from) {
    int k = from;
    while (k < s.length() && s.charAt(k) == ' ') {
      k++;
    }
    return k < s.length() && (s.charAt(k) == '\'' || s.charAt(k) == '"' || s.charAt(k) == '$');
  }

  /**
   * A variable called as a function: {@code $f(}, {@code $$f(}, {@code ${'f'}(}, {@code $a[0](},
   * {@code $o->{'m'}(}; with a space before the parenthesis only when code follows it ({@code $f
   * ('id')}), as {@code $BTC (bitcoin)} in prose does not.
   */
  private static boolean variableCall(String s, int dollar) {
    int n = s.length();
    int j = dollar + 1;
    while (j < n && s.charAt(j) == '$') {
      j++;
    }
    if (j < n && s.charAt(j) == '{') {
      j = closing(s, j, '}');
    } else if (j < n && (Character.isLetter(s.charAt(j)) || s.charAt(j) == '_')) {
      j = identifierEnd(s, j);
    } else {
      return false;
    }
    while (j > 0 && j < n) {
      if (s.charAt(j) == '[') {
        j = closing(s, j, ']');
      } else if (s.startsWith("->", j) && j + 2 < n && s.charAt(j + 2) == '{') {
        j = closing(s, j + 2, '}');
      } else if (s.startsWith("->", j)) {
        int end = identifierEnd(s, j + 2);
        j = end > j + 2 ? end : -1;
      } else {
        break;
      }
    }
    if (j <= 0 || j >= n) {
      return false;
    }
    int open = j;
    while (open < n && s.charAt(open) == ' ') {
      open++;
    }
    if (open >= n || s.charAt(open) != '(') {
      return false;
    }
    int argument = open + 1;
    while (argument < n && s.charAt(argument) == ' ') {
      argument++;
    }
    return open == j || argument < n && "'\"$)`".indexOf(s.charAt(argument)) >= 0;
  }

  /**
   * The index after the {@code close} that ends the bracket at {@code open}, or -1 (40 at most).
   */
  private static int closing(String s, int open, char close) {
    int end = s.indexOf(close, open + 1);
    return end < 0 || end - open > 40 ? -1 : end + 1;
  }

  /** {@code (system)(…)}, {@code ("sys"."tem")(…)}, {@code [system][0](…)}, {@code "system"(…)}. */
  private static String stringCall(String s) {
    int n = s.length();
    for (int i = 1; i < n; i++) {
      if (s.charAt(i) != '(') {
        continue;
      }
      int before = i - 1;
      while (before >= 0 && s.charAt(before) == ' ') {
        before--;
      }
      if (before < 0 || ")]}\"'".indexOf(s.charAt(before)) < 0) {
        continue;
      }
      if (s.charAt(before) == ']' && !quoteOrVariable(s, i + 1)) {
        // [text](https://…): a Markdown link, whose target is no quoted or variable argument
        continue;
      }
      int from = before;
      while (from > 0 && before - from < 80 && ";,=:{".indexOf(s.charAt(from - 1)) < 0) {
        from--;
      }
      String callee = s.substring(from, before + 1);
      StringBuilder letters = new StringBuilder();
      for (int k = 0; k < callee.length(); k++) {
        char c = callee.charAt(k);
        if (Character.isLetter(c) || c == '_') {
          letters.append(c);
        } else if (c == ' '
            && k > 0
            && Character.isLetter(callee.charAt(k - 1))
            && k + 1 < callee.length()
            && Character.isLetter(callee.charAt(k + 1))) {
          // two bare words side by side are prose, not one name spelled in pieces
          letters.setLength(0);
          letters.append('#');
        }
      }
      String joined = letters.toString();
      for (String name : CALLED_BY_NAME) {
        if (joined.equals(name) || joined.endsWith(name) && !joined.startsWith("#")) {
          return "a PHP function called by its name as a string: " + name;
        }
      }
    }
    return null;
  }

  /**
   * Whether the call opened at {@code open} closes at the end of the value (a {@code ;} allowed): a
   * value that is one call and nothing else, as no prose is.
   */
  private static boolean endsAfterCall(String s, int open) {
    int close = s.indexOf(')', open);
    if (close < 0) {
      return false;
    }
    String rest = s.substring(close + 1).strip();
    return rest.isEmpty() || rest.equals(";");
  }

  private static boolean codeArgument(String s, int start) {
    int from = start;
    while (from < s.length() && Character.isWhitespace(s.charAt(from))) {
      from++;
    }
    if (from >= s.length()) {
      return true;
    }
    char c = s.charAt(from);
    if (c == ')' || c == '$' || c == '"' || c == '\'' || c == '`') {
      return true;
    }
    int end = identifierEnd(s, from);
    return end - from >= 3 && end < s.length() && (s.charAt(end) == ')' || s.charAt(end) == '(');
  }

  private static int identifierEnd(String s, int from) {
    int i = from;
    while (i < s.length() && isIdentifierChar(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isIdentifierChar(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_';
  }

  private static int skipSpaceAndComments(String s, int from) {
    int i = from;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        i++;
      } else if (c == '/' && s.startsWith("/*", i)) {
        int close = s.indexOf("*/", i + 2);
        if (close < 0 || close > i + 200) {
          break;
        }
        i = close + 2;
      } else if (c == '#' || c == '/' && s.startsWith("//", i)) {
        int line = s.indexOf('\n', i);
        if (line < 0 || line > i + 200) {
          break;
        }
        i = line + 1;
      } else {
        break;
      }
    }
    return i;
  }
}
