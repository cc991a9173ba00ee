package io.antbot.bus;

import java.util.regex.Pattern;

/**
 * Refuses configured threat-rule patterns that a backtracking engine can take exponential time on,
 * since rules run on the HTTP event loops against attacker-chosen text: a backreference rule took
 * 1.26 s on a 26-character header, four times longer per two more characters.
 *
 * <p>Two checks. First, the pattern must compile with RE2/J (linear-time matching by construction):
 * it has no syntax for backreferences, lookaround, atomic groups or possessive quantifiers, which
 * are the features that make matching time unbounded, so RE2/J's refusal names the feature. Second,
 * a quantified group that itself contains a quantifier — {@code (a+)+}, {@code (\w*x?)*} — is
 * refused too: the threat scanner matches configured patterns with RE2/J, where it is harmless, but
 * such a pattern is a mistake in any engine and would be a hazard wherever the pattern is reused
 * with {@code java.util.regex}. Shipped rules are reviewed and not checked here.
 *
 * <p>The schema attribute {@code format: linear_regex} applies it to a key, so a configuration
 * write with such a pattern is refused (rule {@code format}) before anything is stored; the
 * security service checks again when it reads its rules.
 */
public final class LinearRegex {

  /** The value of the schema attribute {@code format} that applies this check. */
  public static final String FORMAT = "linear_regex";

  /** A group holding a quantifier, itself followed by a quantifier. */
  private static final Pattern NESTED_QUANTIFIER =
      Pattern.compile(
          "\\((?:[^()\\\\]|\\\\.)*(?:[*+]|\\{\\d+,\\d*})(?:[^()\\\\]|\\\\.)*\\)(?:[*+]|\\{\\d+,\\d*})");

  private LinearRegex() {}

  /** Why {@code pattern} is refused, or {@code null} when it matches in bounded time. */
  public static String problem(String pattern) {
    try {
      com.google.re2j.Pattern.compile(pattern);
    } catch (com.google.re2j.PatternSyntaxException e) {
      return "it uses a feature that needs backtracking (a linear-time engine refuses it: "
          + e.getDescription()
          + "); write it without backreferences, lookaround, atomic groups or possessive quantifiers";
    }
    if (NESTED_QUANTIFIER.matcher(pattern).find()) {
      return "a repeated group contains a repetition (like (a+)+), which can take exponential time to fail";
    }
    return null;
  }
}
