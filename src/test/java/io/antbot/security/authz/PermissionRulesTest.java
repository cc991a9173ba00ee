package io.antbot.security.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PermissionRulesTest {

  private final PermissionRules rules =
      PermissionRules.fromMap(
          Map.of(
              "admin", List.of("*"),
              "trader", List.of("trade:*@SOL/*", "market:read", "!trade:withdraw"),
              "viewer", List.of("*:read"),
              "auditor", List.of("security:audit:*")));

  @Test
  @DisplayName("an action wildcard grants every action under its prefix")
  void actionWildcard() {
    assertThat(rules.decide(List.of("trader"), "trade:buy", "SOL/USDC"))
        .isEqualTo(new AuthorizationDecision(true, "granted by role trader: trade:*@SOL/*"));
    assertThat(rules.decide(List.of("auditor"), "security:audit:verify", "log").allowed()).isTrue();
    assertThat(rules.decide(List.of("auditor"), "security:users:add", "log").allowed()).isFalse();
  }

  @Test
  @DisplayName(
      "a domain stands for all of it: trade and trade:* are one rule; trade:buy does not cover trade")
  void domainShorthand() {
    assertThat(PermissionRules.covers(List.of("trade:*"), "trade")).isTrue();
    assertThat(PermissionRules.covers(List.of("trade"), "trade:*")).isTrue();
    assertThat(PermissionRules.covers(List.of("trade"), "trade:sell@SOL/USDC")).isTrue();
    assertThat(PermissionRules.covers(List.of("trade:buy"), "trade")).isFalse();
    assertThat(PermissionRules.covers(List.of("trade:*"), "trader:buy")).isFalse();
    assertThat(PermissionRules.covers(List.of("market:read"), "read")).isFalse();
    assertThat(
            PermissionRules.decideByPermissions(List.of("trade"), "trade:buy", "SOL/USDC")
                .allowed())
        .isTrue();
    assertThat(
            PermissionRules.decideByPermissions(List.of("trade"), "tradex", "SOL/USDC").allowed())
        .isFalse();
    assertThat(rules.decide(List.of("trader"), "trade", "SOL/USDC").allowed()).isTrue();
  }

  @Test
  @DisplayName("a resource pattern limits a grant to matching resources")
  void resourcePattern() {
    assertThat(rules.decide(List.of("trader"), "trade:buy", "BTC/USDC"))
        .isEqualTo(
            new AuthorizationDecision(
                false, "no permission of roles [trader] allows trade:buy on BTC/USDC"));
    assertThat(rules.decide(List.of("trader"), "trade:sell", "SOL/").allowed()).isTrue();
    assertThat(rules.decide(List.of("trader"), "market:read", "anything").allowed()).isTrue();
  }

  @Test
  @DisplayName("a denial wins over a grant, even a grant of another role")
  void denialWins() {
    assertThat(rules.decide(List.of("admin", "trader"), "trade:withdraw", "SOL/USDC"))
        .isEqualTo(new AuthorizationDecision(false, "denied by role trader: !trade:withdraw"));
    assertThat(rules.decide(List.of("admin"), "trade:withdraw", "SOL/USDC").allowed()).isTrue();
  }

  @Test
  @DisplayName("a leading wildcard matches any prefix; unknown roles grant nothing")
  void leadingWildcard() {
    assertThat(rules.decide(List.of("viewer"), "metrics:read", "cpu").allowed()).isTrue();
    assertThat(rules.decide(List.of("viewer"), "metrics:write", "cpu").allowed()).isFalse();
    assertThat(rules.decide(List.of("nobody"), "metrics:read", "cpu").allowed()).isFalse();
    assertThat(rules.decide(List.of(), "x", "y").reason())
        .isEqualTo("no permission of roles [] allows x on y");
  }

  @Test
  @DisplayName("regex characters in rules are literal")
  void literalCharacters() {
    PermissionRules dots = PermissionRules.fromMap(Map.of("r", List.of("a.b@x.y")));
    assertThat(dots.decide(List.of("r"), "a.b", "x.y").allowed()).isTrue();
    assertThat(dots.decide(List.of("r"), "aXb", "x.y").allowed()).isFalse();
  }

  @Test
  @DisplayName("a token's own permissions are decided the same way")
  void tokenPermissions() {
    assertThat(
            PermissionRules.decideByPermissions(List.of("trade:*@SOL/*"), "trade:buy", "SOL/USDC")
                .allowed())
        .isTrue();
    assertThat(
            PermissionRules.decideByPermissions(List.of("trade:*@SOL/*"), "trade:buy", "ETH/USDC")
                .allowed())
        .isFalse();
  }

  @Test
  @DisplayName("permissions of roles are their union without duplicates")
  void permissionsOf() {
    assertThat(rules.permissionsOf(List.of("viewer", "trader", "viewer")))
        .containsExactly("*:read", "trade:*@SOL/*", "market:read", "!trade:withdraw");
  }

  @Test
  @DisplayName("bad role names and rules are reported with their paths, all at once")
  void validation() {
    assertThat(
            PermissionRules.validate(
                Map.of("Bad Role", List.of("ok"), "good", List.of("x", "a b", "c@d e")),
                "security.roles"))
        .containsExactlyInAnyOrder(
            "security.roles.Bad Role: a role name is lowercase letters, digits, '_' or '-'",
            "security.roles.good[1]: permission \"a b\": the action must be letters, digits, '_', '.', ':', '-' or '*'",
            "security.roles.good[2]: permission \"c@d e\": the resource must be letters, digits, '_', '.', '/', ':', '-' or '*'");
    assertThatThrownBy(() -> PermissionRules.fromMap(Map.of("r", List.of(""))))
        .hasMessage("security.roles.r[0]: a permission must not be blank");
  }

  @Test
  @DisplayName("the default roles are admin, operator, trader, viewer and bot")
  void defaults() {
    PermissionRules defaults = PermissionRules.defaultRules();
    assertThat(defaults.roleNames())
        .containsExactly("admin", "operator", "trader", "viewer", "bot");
    assertThat(defaults.decide(List.of("viewer"), "config:read", "trading").allowed()).isTrue();
    assertThat(defaults.decide(List.of("viewer"), "config:write", "trading").allowed()).isFalse();
    assertThat(defaults.decide(List.of("operator"), "config:write", "trading").allowed()).isTrue();
    assertThat(defaults.decide(List.of("trader"), "trade:execute", "SOL/USDC").allowed()).isTrue();
  }

  @Test
  @DisplayName("a token may carry a permission a grant covers, never a wider one")
  void covers() {
    List<String> viewer = List.of("*:read");
    assertThat(PermissionRules.covers(viewer, "metrics:read")).isTrue();
    assertThat(PermissionRules.covers(viewer, "config:read@trading.*")).isTrue();
    assertThat(PermissionRules.covers(viewer, "*:read")).isTrue();
    assertThat(PermissionRules.covers(viewer, "config:write")).isFalse();
    assertThat(PermissionRules.covers(viewer, "*")).isFalse();
    assertThat(PermissionRules.covers(viewer, "!config:read")).isTrue();
    assertThat(
            PermissionRules.covers(
                List.of("config:*@trading.*"), "config:write@trading.max_position_size"))
        .isTrue();
    assertThat(PermissionRules.covers(List.of("config:*@trading.*"), "config:write")).isFalse();
    assertThat(PermissionRules.covers(List.of("a*b"), "a*")).isFalse();
    assertThat(PermissionRules.covers(List.of("!metrics:read", "logs:read"), "metrics:read"))
        .isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PermissionRules.covers(viewer, "bad permission"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("a rule's glob matches exactly what the regular expression of its text matches")
  void globAgreesWithRegex() {
    java.util.Random random = new java.util.Random(20261206);
    char[] alphabet = {'a', 'b', ':', '*'};
    for (int round = 0; round < 20_000; round++) {
      String glob = randomText(random, alphabet, 6);
      String text = randomText(random, new char[] {'a', 'b', ':'}, 7);
      StringBuilder regex = new StringBuilder();
      for (char c : glob.toCharArray()) {
        regex.append(c == '*' ? ".*" : java.util.regex.Pattern.quote(String.valueOf(c)));
      }
      assertThat(Permission.Glob.of(glob, null).matches(text))
          .as("glob %s on %s", glob, text)
          .isEqualTo(text.matches(regex.toString()));
    }
  }

  private static String randomText(java.util.Random random, char[] alphabet, int maxLength) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(maxLength + 1);
    for (int i = 0; i < length; i++) {
      text.append(alphabet[random.nextInt(alphabet.length)]);
    }
    return text.toString();
  }
}
