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
 */
public record Permission(String text, boolean deny, Pattern action, Pattern resource) {

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
    return new Permission(text, deny, actionPattern(action), glob(resource));
  }

  /** Whether this rule speaks about {@code action} on {@code resource} (grant or denial alike). */
  public boolean matches(String action, String resource) {
    return this.action.matcher(action).matches() && this.resource.matcher(resource).matches();
  }

  /**
   * {@code d} and {@code d:*} match {@code d} and {@code d:<anything>}; every other action is a
   * plain glob.
   */
  private static Pattern actionPattern(String action) {
    String domain =
        action.endsWith(":*")
            ? action.substring(0, action.length() - 2)
            : action.indexOf(':') < 0 && action.indexOf('*') < 0 ? action : null;
    if (domain == null || domain.isEmpty()) {
      return glob(action);
    }
    return Pattern.compile(glob(domain).pattern() + "(?::.*)?", Pattern.DOTALL);
  }

  private static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    int start = 0;
    for (int i = 0; i < glob.length(); i++) {
      if (glob.charAt(i) == '*') {
        regex.append(Pattern.quote(glob.substring(start, i))).append(".*");
        start = i + 1;
      }
    }
    regex.append(Pattern.quote(glob.substring(start)));
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
