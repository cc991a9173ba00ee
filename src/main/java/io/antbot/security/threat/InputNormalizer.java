package io.antbot.security.threat;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a raw input value into the forms the threat rules read, undoing the encodings attackers use
 * to hide a payload from signatures.
 *
 * <p>Steps, in order: URL decoding ({@code %XX}, {@code %uXXXX}, overlong UTF-8 such as {@code
 * %c0%af}, and {@code +} as a space when the value looks form-encoded), HTML character references
 * (numeric with or without the semicolon, and the named ones that matter for markup and scripts),
 * JavaScript escapes ({@code \\uXXXX}, {@code \\xXX}) — repeated until nothing changes or {@code
 * maxPasses} is reached, so double and triple encoding unwrap — then NUL bytes and other invisible
 * control and zero-width characters removed, Unicode NFKC (full-width {@code ＜} becomes {@code <}),
 * lower case, and runs of white space collapsed to one space. The {@link Normalized#canonical()
 * canonical} form also replaces SQL block comments with a space, keeping the body of MySQL's
 * executable {@code /*!...*}{@code /} comments.
 *
 * <p>A value that is plain ASCII without any escape character takes a fast path that only
 * lower-cases it and collapses white space. Thread-safe and stateless apart from its settings.
 */
public final class InputNormalizer {

  /**
   * The forms of one value.
   *
   * @param decoded decoded, NFKC, lower case, white space collapsed
   * @param canonical {@code decoded} with SQL block comments replaced by a space
   * @param layers how many rounds of URL decoding changed the value (2 or more: encoded more than
   *     once)
   * @param escaped whether HTML character references or JavaScript escapes were decoded ({@code
   *     &#60;}, {@code \x3c}), or markup read in the US-ASCII encoding ({@code ¼b¾}): encodings a
   *     form or a JSON client never needs for plain text
   * @param raw the value as it arrived, for the readings that need its case (Base64)
   * @param usAscii whether markup was read in the US-ASCII encoding ({@code ¼b¾}, see {@link
   *     #usAsciiMarkup}): {@code decoded} holds what a 7-bit reader sees
   */
  public record Normalized(
      String decoded, String canonical, int layers, boolean escaped, String raw, boolean usAscii) {}

  private static final Map<String, Character> NAMED_ENTITIES =
      Map.ofEntries(
          Map.entry("lt", '<'),
          Map.entry("gt", '>'),
          Map.entry("amp", '&'),
          Map.entry("quot", '"'),
          Map.entry("apos", '\''),
          Map.entry("nbsp", ' '),
          Map.entry("tab", '\t'),
          Map.entry("newline", '\n'),
          Map.entry("colon", ':'),
          Map.entry("semi", ';'),
          Map.entry("comma", ','),
          Map.entry("period", '.'),
          Map.entry("lpar", '('),
          Map.entry("rpar", ')'),
          Map.entry("lsqb", '['),
          Map.entry("rsqb", ']'),
          Map.entry("lbrack", '['),
          Map.entry("rbrack", ']'),
          Map.entry("lcub", '{'),
          Map.entry("rcub", '}'),
          Map.entry("lbrace", '{'),
          Map.entry("rbrace", '}'),
          Map.entry("sol", '/'),
          Map.entry("bsol", '\\'),
          Map.entry("excl", '!'),
          Map.entry("quest", '?'),
          Map.entry("num", '#'),
          Map.entry("dollar", '$'),
          Map.entry("percnt", '%'),
          Map.entry("equals", '='),
          Map.entry("plus", '+'),
          Map.entry("ast", '*'),
          Map.entry("grave", '`'),
          Map.entry("lowbar", '_'),
          Map.entry("verbar", '|'),
          Map.entry("vert", '|'),
          Map.entry("hat", '^'),
          Map.entry("commat", '@'),
          Map.entry("hyphen", '-'),
          Map.entry("dash", '-'));

  private final int maxPasses;

  /**
   * @param maxPasses how many rounds of URL, entity and escape decoding at most (at least 1)
   */
  public InputNormalizer(int maxPasses) {
    this.maxPasses = Math.max(1, maxPasses);
  }

  /** How a value's {@code +} signs are to be read. */
  public enum Source {
    /** A query or form value, still encoded: {@code +} is a space. */
    FORM,
    /**
     * A value already decoded by its container (JSON string, header, path): {@code +} is a plus.
     */
    LITERAL,
    /** A lone value of unknown origin: {@code +} is a space when the value looks form-encoded. */
    UNKNOWN
  }

  /** {@link #normalize(String, Source)} for a value of unknown origin. */
  public Normalized normalize(String raw) {
    return normalize(raw, Source.UNKNOWN);
  }

  public Normalized normalize(String raw, Source source) {
    if (isPlain(raw)) {
      String folded = collapseWhitespace(raw.toLowerCase(Locale.ROOT));
      String canonical =
          folded.contains("/*") ? collapseWhitespace(replaceBlockComments(folded)) : folded;
      return new Normalized(folded, canonical, 0, false, raw, false);
    }
    String value = raw;
    boolean plusIsSpace =
        switch (source) {
          case FORM -> true;
          case LITERAL -> false;
          case UNKNOWN -> looksFormEncoded(raw);
        };
    int layers = 0;
    boolean escaped = false;
    for (int pass = 0; pass < maxPasses; pass++) {
      String urlDecoded = urlDecode(value, plusIsSpace && pass == 0);
      if (!urlDecoded.equals(value) && urlDecoded.length() < value.length()) {
        layers++;
      }
      String next = decodeJsEscapes(decodeEntities(urlDecoded));
      escaped |= next != urlDecoded && !next.equals(urlDecoded);
      if (next == value || next.equals(value)) {
        break;
      }
      value = next;
    }
    value = removeInvisible(value);
    if (source != Source.LITERAL) {
      value = plusBetweenWordsAsSpace(value);
    }
    boolean usAscii = false;
    if (!isAscii(value)) {
      String read = usAsciiMarkup(value);
      // markup in the US-ASCII encoding is an encoding no client needs for plain text
      usAscii = read != value;
      escaped |= usAscii;
      value = removeInvisible(Normalizer.normalize(read, Normalizer.Form.NFKC));
    }
    String decoded = collapseWhitespace(value.toLowerCase(Locale.ROOT));
    String canonical =
        decoded.contains("/*") ? collapseWhitespace(replaceBlockComments(decoded)) : decoded;
    return new Normalized(decoded, canonical, layers, escaped, raw, usAscii);
  }

  /**
   * A value holding markup in the US-ASCII "malformed encoding" ({@code ¼script¾}, {@code
   * <script¾}, {@code ¼body onload=x>}): a server or browser that reads the bytes as 7-bit US-ASCII
   * drops the high bit of every byte, so 0xBC is {@code <}, 0xBE {@code >}, 0xBD {@code =}, 0xA2
   * {@code "} and 0xA7 {@code '}. Such a value is read as that reader reads it — every character
   * from U+00A0 to U+00FE with its high bit dropped — before NFKC, which would turn {@code ¼} into
   * {@code 1⁄4}, and every detector sees that reading. A value counts when a {@code ¼} opens a tag
   * (a letter or {@code /} follows) or is closed later by {@code ¾} or {@code >}, or a {@code <} is
   * closed by {@code ¾}; any other is returned as it is, so fractions in text stay fractions ("¼
   * lot today, ¾ tomorrow" opens no tag: a space follows the {@code ¼}, and it reads the same).
   */
  static String usAsciiMarkup(String value) {
    int open = value.indexOf('\u00bc');
    int lt = value.indexOf('<');
    boolean opensTag =
        open >= 0
            && open + 1 < value.length()
            && (Character.isLetter(value.charAt(open + 1)) || value.charAt(open + 1) == '/');
    boolean markup =
        opensTag
            || open >= 0
                && (value.indexOf('\u00be', open) > open || value.indexOf('>', open) > open)
            || lt >= 0 && value.indexOf('\u00be', lt) > lt;
    if (!markup) {
      return value;
    }
    char[] chars = value.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= 0xa0 && chars[i] <= 0xfe) {
        chars[i] = (char) (chars[i] - 0x80);
      }
    }
    return new String(chars);
  }

  /**
   * True when no decoding step can change the value: ASCII, no escape introducer, no control
   * character.
   */
  private static boolean isPlain(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c >= 0x7f || (c < 0x20 && c != ' ') || c == '%' || c == '&' || c == '+' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * A value is treated as form-encoded (so {@code +} means a space) when it carries a valid {@code
   * %XX} escape, or when it has no white space at all but has a {@code +} (a query string value
   * with its spaces still encoded).
   */
  private static boolean looksFormEncoded(String raw) {
    boolean plus = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%'
          && i + 2 < raw.length()
          && hex(raw.charAt(i + 1)) >= 0
          && hex(raw.charAt(i + 2)) >= 0) {
        return true;
      }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        return false;
      }
      plus |= c == '+';
    }
    return plus;
  }

  static String urlDecode(String value, boolean plusIsSpace) {
    if (!hasUrlEscape(value) && !(plusIsSpace && value.indexOf('+') >= 0)) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    byte[] bytes = new byte[value.length()];
    int i = 0;
    int n = value.length();
    while (i < n) {
      char c = value.charAt(i);
      if (c == '%'
          && i + 5 < n
          && (value.charAt(i + 1) == 'u' || value.charAt(i + 1) == 'U')
          && hex4(value, i + 2) >= 0) {
        out.append((char) hex4(value, i + 2));
        i += 6;
      } else if (c == '%'
          && i + 2 < n
          && hex(value.charAt(i + 1)) >= 0
          && hex(value.charAt(i + 2)) >= 0) {
        int count = 0;
        while (i + 2 < n
            && value.charAt(i) == '%'
            && hex(value.charAt(i + 1)) >= 0
            && hex(value.charAt(i + 2)) >= 0) {
          bytes[count++] = (byte) (hex(value.charAt(i + 1)) * 16 + hex(value.charAt(i + 2)));
          i += 3;
        }
        decodeUtf8Leniently(bytes, count, out);
      } else {
        out.append(plusIsSpace && c == '+' ? ' ' : c);
        i++;
      }
    }
    return out.toString();
  }

  private static boolean hasUrlEscape(String value) {
    int at = value.indexOf('%');
    while (at >= 0 && at + 2 < value.length()) {
      char a = value.charAt(at + 1);
      if ((hex(a) >= 0 && hex(value.charAt(at + 2)) >= 0)
          || ((a == 'u' || a == 'U') && at + 5 < value.length())) {
        return true;
      }
      at = value.indexOf('%', at + 1);
    }
    return false;
  }

  /**
   * UTF-8 as a lenient server would read it: overlong forms are accepted (so {@code %c0%af} is a
   * {@code /}, the classic directory traversal disguise) and a byte that starts no valid sequence
   * is taken as Latin-1.
   */
  private static void decodeUtf8Leniently(byte[] bytes, int count, StringBuilder out) {
    int i = 0;
    while (i < count) {
      int b = bytes[i] & 0xff;
      int extra;
      int cp;
      if (b < 0x80) {
        out.append((char) b);
        i++;
        continue;
      } else if (b >= 0xc0 && b < 0xe0) {
        extra = 1;
        cp = b & 0x1f;
      } else if (b >= 0xe0 && b < 0xf0) {
        extra = 2;
        cp = b & 0x0f;
      } else if (b >= 0xf0 && b < 0xf8) {
        extra = 3;
        cp = b & 0x07;
      } else {
        out.append((char) b);
        i++;
        continue;
      }
      if (i + extra >= count) {
        out.append((char) b);
        i++;
        continue;
      }
      boolean valid = true;
      for (int k = 1; k <= extra; k++) {
        int next = bytes[i + k] & 0xff;
        if ((next & 0xc0) != 0x80) {
          valid = false;
          break;
        }
        cp = (cp << 6) | (next & 0x3f);
      }
      if (!valid || cp > Character.MAX_CODE_POINT) {
        out.append((char) b);
        i++;
        continue;
      }
      out.appendCodePoint(cp);
      i += extra + 1;
    }
  }

  static String decodeEntities(String value) {
    if (value.indexOf('&') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    boolean changed = false;
    int n = value.length();
    int i = 0;
    while (i < n) {
      char c = value.charAt(i);
      if (c != '&' || i + 1 >= n) {
        out.append(c);
        i++;
        continue;
      }
      int end = i + 1;
      if (end < n && value.charAt(end) == '#') {
        end++;
        boolean hexForm = end < n && (value.charAt(end) == 'x' || value.charAt(end) == 'X');
        if (hexForm) {
          end++;
        }
        int start = end;
        long cp = 0;
        while (end < n
            && (hexForm ? hex(value.charAt(end)) >= 0 : Character.isDigit(value.charAt(end)))
            && end - start < 12) {
          cp =
              cp * (hexForm ? 16 : 10)
                  + (hexForm ? hex(value.charAt(end)) : value.charAt(end) - '0');
          end++;
        }
        if (end > start && cp <= Character.MAX_CODE_POINT) {
          if (end < n && value.charAt(end) == ';') {
            end++;
          }
          out.appendCodePoint(cp == 0 ? 0xfffd : (int) cp);
          i = end;
          changed = true;
          continue;
        }
      } else {
        while (end < n && end - i <= 10 && Character.isLetter(value.charAt(end))) {
          end++;
        }
        Character named = NAMED_ENTITIES.get(value.substring(i + 1, end).toLowerCase(Locale.ROOT));
        boolean semicolon = end < n && value.charAt(end) == ';';
        if (named != null && (semicolon || end - i <= 5)) {
          out.append(named.charValue());
          i = semicolon ? end + 1 : end;
          changed = true;
          continue;
        }
      }
      out.append(c);
      i++;
    }
    return changed ? out.toString() : value;
  }

  static String decodeJsEscapes(String value) {
    int slash = value.indexOf('\\');
    if (slash < 0 || slash + 3 >= value.length()) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    int n = value.length();
    int i = 0;
    while (i < n) {
      char c = value.charAt(i);
      if (c == '\\' && i + 5 < n && value.charAt(i + 1) == 'u' && hex4(value, i + 2) >= 0) {
        out.append((char) hex4(value, i + 2));
        i += 6;
      } else if (c == '\\'
          && i + 3 < n
          && value.charAt(i + 1) == 'x'
          && hex(value.charAt(i + 2)) >= 0
          && hex(value.charAt(i + 3)) >= 0) {
        out.append((char) (hex(value.charAt(i + 2)) * 16 + hex(value.charAt(i + 3))));
        i += 4;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /**
   * A value with no white space at all that joins words with {@code +} (a letter on at least one
   * side) is form-encoded text whose spaces were encoded twice ({@code %2B}); reading those {@code
   * +} as spaces keeps {@code a+b+c} from looking like arithmetic.
   */
  private static String plusBetweenWordsAsSpace(String value) {
    if (value.indexOf('+') < 0) {
      return value;
    }
    for (int i = 0; i < value.length(); i++) {
      if (isSpace(value.charAt(i))) {
        return value;
      }
    }
    char[] chars = value.toCharArray();
    for (int i = 1; i + 1 < chars.length; i++) {
      if (chars[i] == '+'
          && Character.isLetterOrDigit(chars[i - 1])
          && Character.isLetterOrDigit(chars[i + 1])
          && (Character.isLetter(chars[i - 1]) || Character.isLetter(chars[i + 1]))) {
        chars[i] = ' ';
      }
    }
    return new String(chars);
  }

  /**
   * Drops NUL and C0/C1 control characters other than white space, and zero-width formatting
   * characters.
   */
  private static String removeInvisible(String value) {
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean drop =
          (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x0b && c != 0x0c)
              || (c >= 0x7f && c < 0xa0)
              || (c >= 0x200b && c <= 0x200f)
              || c == 0x2060
              || c == 0xfeff
              || c == 0xad;
      if (drop && out == null) {
        out = new StringBuilder(value.length()).append(value, 0, i);
      } else if (!drop && out != null) {
        out.append(c);
      }
    }
    return out == null ? value : out.toString();
  }

  /**
   * Runs of white space become one space, or one line feed when the run held a line break (a line
   * break ends an SQL {@code --} or {@code #} comment, so it must survive for the SQL reading);
   * trailing white space goes, and so does leading white space unless it holds a line break.
   */
  static String collapseWhitespace(String value) {
    int n = value.length();
    boolean needed = false;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (isSpace(c) && (c != ' ' || i == 0 || i == n - 1 || isSpace(value.charAt(i + 1)))) {
        needed = true;
        break;
      }
    }
    if (!needed) {
      return value;
    }
    StringBuilder out = new StringBuilder(n);
    char pending = 0;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (isSpace(c)) {
        if (out.length() > 0 && pending != '\n') {
          pending = c == '\n' || c == '\r' ? '\n' : ' ';
        } else if (out.length() == 0 && (c == '\n' || c == '\r')) {
          // a value opening on a line break keeps it: a shell reads it as a command separator
          pending = '\n';
        }
      } else {
        if (pending != 0) {
          out.append(pending);
          pending = 0;
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isSpace(char c) {
    return c == ' '
        || c == '\t'
        || c == '\n'
        || c == '\r'
        || c == 0x0b
        || c == 0x0c
        || c == 0xa0
        || (c >= 0x2000 && c <= 0x200a)
        || c == 0x3000
        || c == 0x2028
        || c == 0x2029
        || c == 0x1680
        || c == 0x205f;
  }

  /**
   * Replaces each {@code /*...*}{@code /} with a space; a MySQL {@code /*!NNNNN ...*}{@code /}
   * keeps its body.
   */
  static String replaceBlockComments(String value) {
    StringBuilder out = new StringBuilder(value.length());
    int n = value.length();
    int i = 0;
    boolean inExecutable = false;
    while (i < n) {
      if (value.startsWith("/*!", i)) {
        i += 3;
        while (i < n && Character.isDigit(value.charAt(i))) {
          i++;
        }
        out.append(' ');
        inExecutable = true;
      } else if (value.startsWith("/*", i)) {
        int end = value.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        out.append(' ');
      } else if (inExecutable && value.startsWith("*/", i)) {
        i += 2;
        out.append(' ');
        inExecutable = false;
      } else {
        out.append(value.charAt(i));
        i++;
      }
    }
    return out.toString();
  }

  private static int hex4(String value, int at) {
    int v = 0;
    for (int k = 0; k < 4; k++) {
      int h = hex(value.charAt(at + k));
      if (h < 0) {
        return -1;
      }
      v = v * 16 + h;
    }
    return v;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
