package io.antbot.security.threat;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a value as a Unix shell or Windows {@code cmd} would into words, separators ({@code ; | ||
 * && & newline}), openings of a sub-command ({@code $(}, a backtick, {@code <(}, {@code >(}, {@code
 * (}), closings, and redirections. Quotes stay inside the words they belong to ({@link
 * ShellWords#program} removes them when it names a program), so an apostrophe in prose cannot
 * swallow the rest of a value. {@code $IFS} and {@code ${IFS}} count as white space, as the shell
 * splits on them.
 */
final class ShellTokenizer {

  enum Type {
    WORD,
    SEPARATOR,
    OPEN,
    CLOSE,
    REDIRECT
  }

  /**
   * @param spaced whether white space came before the token
   */
  record Token(Type type, String text, boolean spaced) {}

  private static final int MAX_TOKENS = 256;

  private ShellTokenizer() {}

  static List<Token> tokenize(String value) {
    String text = withoutFieldSeparators(value);
    List<Token> tokens = new ArrayList<>();
    boolean spaced = true;
    boolean inBacktick = false;
    int i = 0;
    int n = text.length();
    while (i < n && tokens.size() < MAX_TOKENS) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0b) {
        spaced = true;
        i++;
        continue;
      }
      int length;
      Type type;
      if (c == '\n') {
        type = Type.SEPARATOR;
        length = 1;
      } else if (c == ';') {
        type = Type.SEPARATOR;
        length = 1;
      } else if (c == '|' || c == '&') {
        type = Type.SEPARATOR;
        length = i + 1 < n && text.charAt(i + 1) == c ? 2 : 1;
        if (c == '&' && i + 1 < n && text.charAt(i + 1) == '>') {
          type = Type.REDIRECT;
          length = 2;
        }
      } else if (c == '`') {
        type = inBacktick ? Type.CLOSE : Type.OPEN;
        inBacktick = !inBacktick;
        length = 1;
      } else if (c == '$' && i + 1 < n && text.charAt(i + 1) == '(') {
        type = Type.OPEN;
        length = i + 2 < n && text.charAt(i + 2) == '(' ? 3 : 2;
      } else if ((c == '<' || c == '>') && i + 1 < n && text.charAt(i + 1) == '(') {
        type = Type.OPEN;
        length = 2;
      } else if (c == '(') {
        type = Type.OPEN;
        length = 1;
      } else if (c == ')') {
        type = Type.CLOSE;
        length = 1;
      } else if (c == '<' || c == '>') {
        type = Type.REDIRECT;
        length = i + 1 < n && (text.charAt(i + 1) == c || text.charAt(i + 1) == '&') ? 2 : 1;
      } else {
        type = Type.WORD;
        length = wordLength(text, i);
      }
      tokens.add(new Token(type, text.substring(i, i + length), spaced));
      spaced = false;
      i += length;
    }
    return tokens;
  }

  private static int wordLength(String text, int start) {
    int i = start;
    int braces = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '{') {
        braces++;
      } else if (c == '}' && braces > 0) {
        braces--;
      } else if (braces == 0
          && (Character.isWhitespace(c)
              || c == ';'
              || c == '|'
              || c == '&'
              || c == '`'
              || c == '('
              || c == ')'
              || c == '<'
              || c == '>'
              || c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(')) {
        break;
      } else if (braces > 0 && (c == '\n' || c == ';')) {
        break;
      }
      i++;
    }
    return Math.max(1, i - start);
  }

  /** {@code $IFS}, {@code ${IFS}}, {@code $IFS$9} read as the spaces they expand to. */
  static String withoutFieldSeparators(String value) {
    if (!value.contains("ifs")) {
      return value;
    }
    return value.replace("${ifs}", " ").replaceAll("\\$ifs(?:\\$\\d)?", " ");
  }
}
