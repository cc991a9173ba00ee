package io.antbot.security.authz;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.regex.Pattern;

/**
 * One rule of a role: {@code [!]<action>[@<resource>]}, where {@code *} in either part matches any
 * run of characters. {@code trade:*} allows every trade action on every resource; {@code
 * trade:*@SOL/*} only on resources starting with {@code SOL/}; a leading {@code !} makes the rule a
 * denial, which wins over any grant.
 *
 * <p>A domain stands for all of it: the bare action {@code trade} (no {@code :}, no {@code *}) and
 * {@code trade:*} are the same rule, matching the action {@code trade} itself and every {@code
 * trade:<verb>}. So the seed's calls keep their meaning — {@code authorize_action(user, "trade",
 * "SOL/USDC")} for a trader holding {@code trade:*}, and a token asked for {@code ["trade"]} —
 * without widening anything: {@code trade:buy} still does not cover {@code trade}.
 *
 * @param text the rule as written in the configuration
 * @param deny whether it denies rather than grants
 * @param action what the action part matches
 * @param resource what the resource part matches
 * @param tokenReason the reason of a decision this rule makes as a token's permission (made once: a
 *     decision is taken on every authorized request)
 */
public record Permission(
    String text, boolean deny, Glob action, Glob resource, String tokenReason) {

  private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9_.:*-]+");
  private static final Pattern RESOURCE = Pattern.compile("[A-Za-z0-9_./:*-]+");

  /**
   * Rules read lately: a token carries its permissions as text, and every authorized request would
   * otherwise compile their patterns again. Bounded; a rule that does not parse is not kept.
   */
  private static final Cache<String, Permission> PARSED =
      Caffeine.newBuilder().maximumSize(4_096).build();

  /** {@link #parse}, remembered for the rules seen lately. */
  public static Permission parsed(String text) {
    if (text == null) {
      return parse(null);
    }
    Permission known = PARSED.getIfPresent(text);
    if (known == null) {
      known = parse(text);
      PARSED.put(text, known);
    }
    return known;
  }

  /** Parses a rule; the message of the exception says what is wrong with it. */
  public static Permission parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a permission must not be blank");
    }
    boolean deny = text.startsWith("!");
    String body = deny ? text.substring(1) : text;
    int at = body.indexOf('@');
    String action = at < 0 ? body : body.substring(0, at);
    String resource = at < 0 ? "*" : body.substring(at + 1);
    if (!ACTION.matcher(action).matches()) {
      throw new IllegalArgumentException(
          "permission \""
              + text
              + "\": the action must be letters, digits, '_', '.', ':', '-' or '*'");
    }
    if (!RESOURCE.matcher(resource).matches()) {
      throw new IllegalArgumentException(
          "permission \""
              + text
              + "\": the resource must be letters, digits, '_', '.', '/', ':', '-' or '*'");
    }
    return new Permission(
        text,
        deny,
        actionPattern(action),
        Glob.of(resource, null),
        (deny ? "denied" : "granted") + " by the token's permission " + text);
  }

  /** Whether this rule speaks about {@code action} on {@code resource} (grant or denial alike). */
  public boolean matches(String action, String resource) {
    return this.action.matches(action) && this.resource.matches(resource);
  }

  /**
   * {@code d} and {@code d:*} match {@code d} and {@code d:<anything>}; every other action is a
   * plain glob.
   */
  private static Glob actionPattern(String action) {
    String domain =
        action.endsWith(":*")
            ? action.substring(0, action.length() - 2)
            : action.indexOf(':') < 0 && action.indexOf('*') < 0 ? action : null;
    if (domain == null || domain.isEmpty()) {
      return Glob.of(action, null);
    }
    return Glob.of(domain, Glob.of(domain + ":*", null));
  }

  /**
   * A pattern where {@code *} matches any run of characters (none included) and every other
   * character itself; optionally with an alternative that a text may match instead. Written by hand
   * rather than compiled to a {@link java.util.regex.Pattern}: every authorized request matches the
   * caller's rules against its action and resource, and a regex matcher is an allocation per match,
   * where this compares the literal parts in place. A text matches when it starts with the first
   * part, ends with the last, and holds the parts between in order: taking each at its leftmost
   * place is never worse, as a later place only leaves less room to the rest.
   *
   * @param parts the literal runs between the stars: one part means no star
   * @param or an alternative pattern, or {@code null}
   */
  public record Glob(String[] parts, Glob or) {

    static Glob of(String glob, Glob or) {
      return new Glob(glob.split("\\*", -1), or);
    }

    public boolean matches(String text) {
      return matchesParts(text) || or != null && or.matches(text);
    }

    private boolean matchesParts(String text) {
      String first = parts[0];
      if (parts.length == 1) {
        return text.equals(first);
      }
      String last = parts[parts.length - 1];
      int end = text.length() - last.length();
      if (end < first.length() || !text.startsWith(first) || !text.startsWith(last, end)) {
        return false;
      }
      int at = first.length();
      for (int i = 1; i < parts.length - 1; i++) {
        String part = parts[i];
        int found = text.indexOf(part, at);
        if (found < 0 || found + part.length() > end) {
          return false;
        }
        at = found + part.length();
      }
      return true;
    }
  }
}
