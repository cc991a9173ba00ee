package io.antbot.security.threat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small SQL lexer for injection detection: it reads a (normalised, lower-case) value as SQL text
 * and returns typed tokens, folding what SQL dialects treat alike (comments between tokens, {@code
 * union all}, {@code order by}, {@code not like}, qualified names, unary signs).
 *
 * <p>The value can be read from three starting points: as is, or as if an opening single or double
 * quote stood before it — which is what happens when an application pastes the value inside a
 * quoted SQL literal. Injection is then visible as the string ending early and SQL grammar
 * following it.
 *
 * <p>Token types (one character each, so a token sequence reads like a fingerprint): {@code s}
 * string, {@code n} number or literal ({@code null}, {@code true}), {@code k} keyword, {@code U}
 * set operator ({@code union}), {@code E} statement verb ({@code select}, {@code drop}, {@code
 * exec}...), {@code &} logical operator, {@code =} comparison, {@code o} other operator, {@code f}
 * function call, {@code v} variable ({@code @x}, {@code @@version}), {@code b} bare word, {@code c}
 * comment, and the punctuation {@code ( ) , ; .}; {@code ?} is anything else.
 */
final class SqlTokenizer {

  /** One token; {@code text} is the lower-case word for words, the operator for operators. */
  record Token(char type, String text, int flags) {
    /**
     * A comment that every dialect accepts as one: {@code --} followed by white space or the end,
     * or block.
     */
    static final int STRICT_COMMENT = 1;

    /** A string or block comment that runs to the end of the input without closing. */
    static final int UNTERMINATED = 2;

    /** A comment with nothing but white space after its opener. */
    static final int EMPTY_COMMENT = 4;

    /** A string in double quotes (single quotes otherwise). */
    static final int DOUBLE_QUOTED = 8;

    boolean is(char t, String word) {
      return type == t && text.equals(word);
    }

    boolean has(int flag) {
      return (flags & flag) != 0;
    }
  }

  static final char STRING = 's';
  static final char NUMBER = 'n';
  static final char KEYWORD = 'k';
  static final char UNION = 'U';
  static final char STATEMENT = 'E';
  static final char LOGIC = '&';
  static final char COMPARE = '=';
  static final char OPERATOR = 'o';
  static final char FUNCTION = 'f';
  static final char VARIABLE = 'v';
  static final char BAREWORD = 'b';
  static final char COMMENT = 'c';
  static final char OTHER = '?';
  private static final char NOT = 'N';

  private static final Map<String, Character> WORDS = words();

  /** One-character operator and punctuation texts, shared instead of allocated per token. */
  private static final String[] CHARS = new String[128];

  static {
    for (char c = 0; c < 128; c++) {
      CHARS[c] = String.valueOf(c);
    }
  }

  /**
   * Words that stay what they are when an opening parenthesis follows them; any other word becomes
   * a call.
   */
  private static final Set<String> NOT_CALLABLE =
      Set.of(
          "union",
          "intersect",
          "except",
          "select",
          "and",
          "or",
          "xor",
          "not",
          "in",
          "exists",
          "from",
          "where",
          "values",
          "into",
          "on",
          "using",
          "as",
          "when",
          "then",
          "else",
          "by",
          "having",
          "with",
          "case",
          "all",
          "any",
          "some",
          "update",
          "delete",
          "drop",
          "create",
          "alter",
          "declare",
          "waitfor",
          "shutdown",
          "grant",
          "revoke",
          "merge",
          "handler",
          "rename",
          "limit",
          "join",
          "is",
          "between",
          "div",
          "mod",
          "order",
          "group",
          "table",
          "set",
          "load",
          "data");

  private SqlTokenizer() {}

  private static Map<String, Character> words() {
    java.util.HashMap<String, Character> map = new java.util.HashMap<>();
    for (String w : List.of("union", "intersect", "except")) {
      map.put(w, UNION);
    }
    for (String w :
        List.of(
            "select",
            "insert",
            "update",
            "delete",
            "drop",
            "create",
            "alter",
            "truncate",
            "exec",
            "execute",
            "declare",
            "waitfor",
            "shutdown",
            "grant",
            "revoke",
            "merge",
            "call",
            "handler",
            "rename",
            "load")) {
      map.put(w, STATEMENT);
    }
    for (String w : List.of("and", "or", "xor")) {
      map.put(w, LOGIC);
    }
    for (String w :
        List.of("like", "rlike", "regexp", "is", "between", "sounds", "glob", "ilike")) {
      map.put(w, COMPARE);
    }
    for (String w : List.of("div", "mod", "collate", "escape")) {
      map.put(w, OPERATOR);
    }
    for (String w : List.of("null", "true", "false", "unknown")) {
      map.put(w, NUMBER);
    }
    for (String w :
        List.of(
            "from",
            "where",
            "having",
            "group",
            "order",
            "by",
            "limit",
            "offset",
            "into",
            "outfile",
            "dumpfile",
            "values",
            "set",
            "table",
            "tables",
            "database",
            "databases",
            "schema",
            "case",
            "when",
            "then",
            "else",
            "end",
            "as",
            "on",
            "join",
            "inner",
            "outer",
            "cross",
            "natural",
            "distinct",
            "all",
            "top",
            "with",
            "procedure",
            "analyse",
            "exists",
            "asc",
            "desc",
            "using",
            "begin",
            "lock",
            "share",
            "mode",
            "for",
            "delay",
            "nowait",
            "in",
            "returning",
            "fetch",
            "rows",
            "only",
            "view",
            "index",
            "trigger",
            "function",
            "column",
            "load",
            "data",
            "infile",
            "char",
            "nchar",
            "varchar",
            "nvarchar",
            "int",
            "integer",
            "binary",
            "cast",
            "convert",
            "dual",
            "if",
            "while",
            "goto",
            "return",
            "print",
            "user",
            "login",
            "time",
            "sysobjects",
            "information_schema")) {
      map.putIfAbsent(w, KEYWORD);
    }
    map.put("not", NOT);
    return Map.copyOf(map);
  }

  /**
   * Reads {@code text} as SQL. {@code openQuote} is {@code 0} to read it as is, or the quote
   * character the value is assumed to start inside of. At most {@code maxTokens} folded tokens are
   * returned.
   */
  static List<Token> tokenize(String text, char openQuote, int maxTokens) {
    List<Token> raw = new ArrayList<>();
    int n = text.length();
    int i = 0;
    boolean executableComment = false;
    if (openQuote != 0) {
      i = readString(text, 0, openQuote, raw);
    }
    while (i < n && raw.size() < maxTokens * 3) {
      char c = text.charAt(i);
      if (c <= ' ' || c == 0xa0) {
        i++;
      } else if (c == '\'' || c == '"') {
        i = readString(text, i + 1, c, raw);
      } else if (c == '\\'
          && i + 1 < n
          && text.charAt(i + 1) == 'n'
          && (i + 2 >= n || !isWordPart(text.charAt(i + 2)))) {
        // MySQL's \N is NULL
        raw.add(new Token(NUMBER, "0", 0));
        i += 2;
      } else if (c == '`') {
        int end = text.indexOf('`', i + 1);
        end = end < 0 ? n : end;
        raw.add(new Token(BAREWORD, text.substring(i + 1, end), 0));
        i = Math.min(n, end + 1);
      } else if (Character.isDigit(c)
          || (c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
        i = readNumber(text, i, raw);
      } else if (isWordStart(c)) {
        i = readWord(text, i, raw);
      } else if (c == '@') {
        int end = i + 1;
        if (end < n && text.charAt(end) == '@') {
          end++;
        }
        if (end < n
            && (text.charAt(end) == '\'' || text.charAt(end) == '"' || text.charAt(end) == '`')) {
          int close = text.indexOf(text.charAt(end), end + 1);
          end = close < 0 ? n : close + 1;
        } else {
          while (end < n && isWordPart(text.charAt(end))) {
            end++;
          }
        }
        raw.add(new Token(VARIABLE, text.substring(i, end), 0));
        i = end;
      } else if (c == '-'
          && i + 1 < n
          && text.charAt(i + 1) == '-'
          && !(i + 2 < n && Character.isDigit(text.charAt(i + 2)))) {
        i = readLineComment(text, i, 2, raw);
      } else if (c == '#') {
        i = readLineComment(text, i, 1, raw);
      } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
        if (i + 2 < n && text.charAt(i + 2) == '!') {
          i += 3;
          while (i < n && Character.isDigit(text.charAt(i))) {
            i++;
          }
          executableComment = true;
        } else {
          int end = text.indexOf("*/", i + 2);
          int flags = Token.STRICT_COMMENT | (end < 0 ? Token.UNTERMINATED : 0);
          String body = text.substring(i + 2, end < 0 ? n : end);
          raw.add(new Token(COMMENT, "/*", flags | (body.isBlank() ? Token.EMPTY_COMMENT : 0)));
          i = end < 0 ? n : end + 2;
        }
      } else if (c == '*' && executableComment && i + 1 < n && text.charAt(i + 1) == '/') {
        executableComment = false;
        i += 2;
      } else {
        i = readOperator(text, i, raw);
      }
    }
    List<Token> folded = fold(raw, maxTokens);
    if (i < n || folded.size() >= maxTokens) {
      // Cut short: an unknown token stands for the rest, so no shape that depends on the end of the
      // value fires.
      folded.add(new Token(OTHER, "…", 0));
    }
    return folded;
  }

  private static int readString(String text, int start, char quote, List<Token> out) {
    int n = text.length();
    int i = start;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < n) {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < n && text.charAt(i + 1) == quote) {
          i += 2;
        } else {
          out.add(
              new Token(STRING, text.substring(start, i), quote == '"' ? Token.DOUBLE_QUOTED : 0));
          return i + 1;
        }
      } else {
        i++;
      }
    }
    out.add(
        new Token(
            STRING,
            text.substring(start, Math.min(n, i)),
            Token.UNTERMINATED | (quote == '"' ? Token.DOUBLE_QUOTED : 0)));
    return n;
  }

  private static int readNumber(String text, int start, List<Token> out) {
    int n = text.length();
    int i = start;
    boolean exponent = false;
    if (text.startsWith("0x", i) && i + 2 < n && isHex(text.charAt(i + 2))) {
      i += 2;
      while (i < n && isHex(text.charAt(i))) {
        i++;
      }
    } else if (text.startsWith("0b", i)
        && i + 2 < n
        && (text.charAt(i + 2) == '0' || text.charAt(i + 2) == '1')) {
      i += 2;
      while (i < n && (text.charAt(i) == '0' || text.charAt(i) == '1')) {
        i++;
      }
    } else {
      while (i < n && Character.isDigit(text.charAt(i))) {
        i++;
      }
      if (i < n && text.charAt(i) == '.') {
        i++;
        while (i < n && Character.isDigit(text.charAt(i))) {
          i++;
        }
      }
      if (i + 1 < n
          && text.charAt(i) == 'e'
          && (Character.isDigit(text.charAt(i + 1))
              || ((text.charAt(i + 1) == '+' || text.charAt(i + 1) == '-')
                  && i + 2 < n
                  && Character.isDigit(text.charAt(i + 2))))) {
        i += 2;
        while (i < n && Character.isDigit(text.charAt(i))) {
          i++;
        }
        exponent = true;
      }
    }
    if (i < n && isWordStart(text.charAt(i))) {
      // Letters glued to digits: MySQL splits "1union" into a number and a keyword; anything else
      // ("70s",
      // "5eor") is one ordinary word, as text usually means it.
      int end = i;
      while (end < n && isWordPart(text.charAt(end))) {
        end++;
      }
      Character type = WORDS.get(text.substring(i, end));
      // after scientific notation (1e0having) even a clause keyword is split off: no text writes
      // that
      if (type == null || type == KEYWORD && !exponent || type == NUMBER) {
        out.add(new Token(BAREWORD, text.substring(start, end), 0));
        return end;
      }
    }
    out.add(new Token(NUMBER, "0", 0));
    return i;
  }

  private static int readWord(String text, int start, List<Token> out) {
    int n = text.length();
    int end = start;
    while (end < n && isWordPart(text.charAt(end))) {
      end++;
    }
    String word = text.substring(start, end);
    if (end < n
        && (text.charAt(end) == '\'' || text.charAt(end) == '"')
        && (word.equals("x") || word.equals("b") || word.equals("n") || word.startsWith("_"))) {
      // A literal prefix (x'41', n'text', _utf8'text'): the string that follows is the token.
      return end;
    }
    Character type = WORDS.get(word);
    out.add(new Token(type == null ? BAREWORD : type, word, 0));
    return end;
  }

  private static int readLineComment(String text, int start, int openerLength, List<Token> out) {
    int n = text.length();
    int after = start + openerLength;
    int end = text.indexOf('\n', after);
    end = end < 0 ? n : end;
    boolean strict = openerLength == 1 || after >= n || text.charAt(after) <= ' ';
    String body = text.substring(after, end);
    int flags = (strict ? Token.STRICT_COMMENT : 0) | (body.isBlank() ? Token.EMPTY_COMMENT : 0);
    out.add(new Token(COMMENT, text.substring(start, after), flags));
    return end;
  }

  private static int readOperator(String text, int i, List<Token> out) {
    char c = text.charAt(i);
    char d = i + 1 < text.length() ? text.charAt(i + 1) : 0;
    String two = isOperatorChar(d) && isOperatorChar(c) ? text.substring(i, i + 2) : "";
    switch (c) {
      case '(', ')', ',', ';', '.' -> {
        out.add(new Token(c, CHARS[c], 0));
        return i + 1;
      }
      default -> {}
    }
    if (text.startsWith("<=>", i)) {
      out.add(new Token(COMPARE, "<=>", 0));
      return i + 3;
    }
    switch (two) {
      case "<=", ">=", "<>", "!=", "==", "!<", "!>" -> {
        out.add(new Token(COMPARE, two, 0));
        return i + 2;
      }
      case "||", "&&" -> {
        out.add(new Token(LOGIC, two, 0));
        return i + 2;
      }
      case ":=", "::", "->", "<<", ">>" -> {
        out.add(new Token(OPERATOR, two, 0));
        return i + 2;
      }
      default -> {}
    }
    String one = c < 128 ? CHARS[c] : String.valueOf(c);
    switch (c) {
      case '=', '<', '>' -> out.add(new Token(COMPARE, one, 0));
      case '+', '-', '*', '/', '%', '^', '~', '|', '&', '!' -> out.add(new Token(OPERATOR, one, 0));
      default -> out.add(new Token(OTHER, one, 0));
    }
    return i + 1;
  }

  private static boolean isOperatorChar(char c) {
    return c == '<' || c == '>' || c == '=' || c == '!' || c == '|' || c == '&' || c == ':'
        || c == '-';
  }

  /**
   * Folds the raw tokens into the sequence detection reads (see the class comment). Comments are
   * kept.
   */
  private static List<Token> fold(List<Token> raw, int maxTokens) {
    List<Token> out = new ArrayList<>(Math.min(raw.size(), maxTokens));
    boolean mergeNext = false;
    for (int i = 0; i < raw.size() && out.size() < maxTokens; i++) {
      Token t = raw.get(i);
      Token ahead = nextSignificant(raw, i + 1);
      if (ahead != null
          && ahead.type() == '('
          && isWord(t)
          && !NOT_CALLABLE.contains(t.text())
          && !mergeNext) {
        out.add(new Token(FUNCTION, t.text(), 0));
        continue;
      }
      if (mergeNext && t.type() == '.') {
        continue;
      }
      if (mergeNext && t.type() != COMMENT && !isNamePart(t.type())) {
        mergeNext = false;
        if (t.is(OPERATOR, "*")) {
          continue;
        }
      }
      Token prev = lastSignificant(out);
      Token next = nextSignificant(raw, i + 1);
      switch (t.type()) {
        case '.' -> {
          // qualified names: schema.table.column reads as one word
          if (prev != null
              && isNamePart(prev.type())
              && next != null
              && (isNamePart(next.type()) || next.type() == '.' || next.is(OPERATOR, "*"))) {
            mergeNext = true;
            continue;
          }
        }
        case BAREWORD, KEYWORD, STATEMENT -> {
          if (mergeNext) {
            mergeNext = false;
            String name = prev.text() + "." + t.text();
            replaceLast(
                out,
                new Token(next != null && next.type() == '(' ? FUNCTION : prev.type(), name, 0));
            continue;
          }
          if (t.is(KEYWORD, "by")
              && prev != null
              && prev.type() == KEYWORD
              && (prev.text().equals("order") || prev.text().equals("group"))) {
            replaceLast(out, new Token(KEYWORD, prev.text() + " by", 0));
            continue;
          }
          if (t.is(KEYWORD, "all") || t.is(KEYWORD, "distinct")) {
            if (prev != null && prev.type() == UNION) {
              continue;
            }
          }
          if (t.is(KEYWORD, "delay") || t.is(KEYWORD, "time")) {
            if (prev != null && prev.is(STATEMENT, "waitfor")) {
              continue;
            }
          }
        }
        case COMPARE -> {
          if (prev != null && prev.type() == NOT) {
            replaceLast(out, new Token(COMPARE, "not " + t.text(), 0));
            continue;
          }
          if (t.text().equals("like") && prev != null && prev.is(COMPARE, "sounds")) {
            continue;
          }
        }
        case NOT -> {
          if (prev != null && prev.is(COMPARE, "is")) {
            continue;
          }
          if (next != null && next.type() == COMPARE) {
            out.add(t);
            continue;
          }
          // a unary "not" before an operand changes nothing about the shape
          continue;
        }
        case OPERATOR -> {
          if (isUnaryCandidate(t)
              && (prev == null || isOperatorContext(prev.type()))
              && next != null
              && isOperandStart(next.type())) {
            continue;
          }
        }
        default -> {}
      }
      if (t.type() == NOT) {
        continue;
      }
      out.add(t);
    }
    return out;
  }

  private static boolean isWord(Token t) {
    return !t.text().isEmpty()
        && isWordStart(t.text().charAt(0))
        && t.type() != STRING
        && t.type() != VARIABLE
        && t.type() != NUMBER;
  }

  private static boolean isNamePart(char type) {
    return type == BAREWORD || type == KEYWORD || type == VARIABLE || type == STATEMENT;
  }

  private static boolean isUnaryCandidate(Token t) {
    return t.text().equals("-")
        || t.text().equals("+")
        || t.text().equals("~")
        || t.text().equals("!");
  }

  private static boolean isOperatorContext(char type) {
    return type == '('
        || type == ','
        || type == COMPARE
        || type == OPERATOR
        || type == LOGIC
        || type == KEYWORD
        || type == UNION
        || type == STATEMENT
        || type == ';';
  }

  private static boolean isOperandStart(char type) {
    return type == NUMBER
        || type == VARIABLE
        || type == BAREWORD
        || type == STRING
        || type == '('
        || type == FUNCTION
        || type == OPERATOR;
  }

  private static Token lastSignificant(List<Token> tokens) {
    for (int i = tokens.size() - 1; i >= 0; i--) {
      if (tokens.get(i).type() != COMMENT) {
        return tokens.get(i);
      }
    }
    return null;
  }

  private static Token nextSignificant(List<Token> tokens, int from) {
    for (int i = from; i < tokens.size(); i++) {
      if (tokens.get(i).type() != COMMENT) {
        return tokens.get(i);
      }
    }
    return null;
  }

  private static void replaceLast(List<Token> tokens, Token replacement) {
    for (int i = tokens.size() - 1; i >= 0; i--) {
      if (tokens.get(i).type() != COMMENT) {
        tokens.set(i, replacement);
        return;
      }
    }
  }

  private static boolean isWordStart(char c) {
    return (c >= 'a' && c <= 'z') || c == '_' || (c >= 0x80 && Character.isLetter(c));
  }

  private static boolean isWordPart(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '$'
        || (c >= 0x80 && Character.isLetterOrDigit(c));
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}
