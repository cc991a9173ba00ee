package io.antbot.security.authz;

import io.antbot.settings.Settings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Role → permission rules, from {@code security.roles} in the configuration:
 *
 * <pre>
 * roles:
 *   admin: ["*"]
 *   trader: ["trade:*@SOL/*", "market:read", "!trade:withdraw"]
 * </pre>
 *
 * A user holding several roles gets the union of their grants; a denial ({@code !rule}) in any of
 * them wins over every grant. An action nothing grants is denied. See {@link Permission} for the
 * rule syntax. Immutable.
 */
public final class PermissionRules {

  /** The roles every installation starts with; {@code security.roles} may change or extend them. */
  public static final Map<String, List<String>> DEFAULT_ROLES = defaults();

  private static final Pattern ROLE_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

  private final Map<String, List<Permission>> roles;

  /**
   * The same rules with the reason of the decision each makes, written once: a decision is taken on
   * every authorized request.
   */
  private final Map<String, List<Rule>> reasoned;

  private record Rule(Permission permission, String reason) {}

  private PermissionRules(Map<String, List<Permission>> roles) {
    this.roles = roles;
    Map<String, List<Rule>> withReasons = new LinkedHashMap<>();
    roles.forEach(
        (role, permissions) ->
            withReasons.put(
                role,
                permissions.stream()
                    .map(
                        permission ->
                            new Rule(
                                permission,
                                (permission.deny() ? "denied" : "granted")
                                    + " by role "
                                    + role
                                    + ": "
                                    + permission.text()))
                    .toList()));
    this.reasoned = Map.copyOf(withReasons);
  }

  /** The schema's default of {@code security.roles}, in its order. */
  private static Map<String, List<String>> defaults() {
    io.vertx.core.json.JsonObject roles =
        (io.vertx.core.json.JsonObject) Settings.defaultOf("security.roles");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    for (String role : roles.fieldNames()) {
      List<String> permissions = new java.util.ArrayList<>();
      roles.getJsonArray(role).forEach(permission -> permissions.add(String.valueOf(permission)));
      copy.put(role, List.copyOf(permissions));
    }
    return java.util.Collections.unmodifiableMap(copy);
  }

  /** The rules of {@link #DEFAULT_ROLES}. */
  public static PermissionRules defaultRules() {
    return fromMap(DEFAULT_ROLES);
  }

  public static PermissionRules fromMap(Map<String, List<String>> config) {
    List<String> problems = validate(config, "security.roles");
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    Map<String, List<Permission>> roles = new LinkedHashMap<>();
    config.forEach(
        (role, rules) -> roles.put(role, rules.stream().map(Permission::parse).toList()));
    return new PermissionRules(java.util.Collections.unmodifiableMap(roles));
  }

  /**
   * Reads {@code {role: [rule, ...]}} as it comes from the configuration, listing each problem with
   * its path.
   */
  public static Map<String, List<String>> read(
      JsonObject json, String path, List<String> problems) {
    Map<String, List<String>> roles = new LinkedHashMap<>();
    for (String role : json.fieldNames()) {
      Object value = json.getValue(role);
      if (!(value instanceof JsonArray array)) {
        problems.add(path + "." + role + ": expected a list of permissions");
        continue;
      }
      List<String> rules = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        if (array.getValue(i) instanceof String rule) {
          rules.add(rule);
        } else {
          problems.add(path + "." + role + "[" + i + "]: expected a string");
        }
      }
      roles.put(role, rules);
    }
    return roles;
  }

  /**
   * Every problem with {@code config}, each prefixed with its path (e.g. {@code
   * security.roles.trader[1]}).
   */
  public static List<String> validate(Map<String, List<String>> config, String path) {
    List<String> problems = new ArrayList<>();
    config.forEach(
        (role, rules) -> {
          if (!ROLE_NAME.matcher(role).matches()) {
            problems.add(
                path + "." + role + ": a role name is lowercase letters, digits, '_' or '-'");
          }
          for (int i = 0; i < rules.size(); i++) {
            try {
              Permission.parse(rules.get(i));
            } catch (IllegalArgumentException e) {
              problems.add(path + "." + role + "[" + i + "]: " + e.getMessage());
            }
          }
        });
    return problems;
  }

  public Set<String> roleNames() {
    return roles.keySet();
  }

  public boolean hasRole(String role) {
    return roles.containsKey(role);
  }

  /**
   * The rules granted by {@code userRoles}, as written, without duplicates (what an access token
   * carries).
   */
  public List<String> permissionsOf(Collection<String> userRoles) {
    Set<String> permissions = new LinkedHashSet<>();
    for (String role : userRoles) {
      for (Permission permission : roles.getOrDefault(role, List.of())) {
        permissions.add(permission.text());
      }
    }
    return List.copyOf(permissions);
  }

  /** Decides {@code action} on {@code resource} for a user with {@code userRoles}. */
  public AuthorizationDecision decide(
      Collection<String> userRoles, String action, String resource) {
    for (String role : userRoles) {
      for (Rule rule : reasoned.getOrDefault(role, List.of())) {
        if (rule.permission().deny() && rule.permission().matches(action, resource)) {
          return new AuthorizationDecision(false, rule.reason());
        }
      }
    }
    for (String role : userRoles) {
      for (Rule rule : reasoned.getOrDefault(role, List.of())) {
        if (!rule.permission().deny() && rule.permission().matches(action, resource)) {
          return new AuthorizationDecision(true, rule.reason());
        }
      }
    }
    return new AuthorizationDecision(
        false, "no permission of roles " + userRoles + " allows " + action + " on " + resource);
  }

  /**
   * Whether the grants among {@code held} cover everything rule {@code wanted} grants, so that a
   * token may carry it: {@code metrics:read} is covered by {@code *:read}, {@code
   * config:write@trading.*} by {@code config:*}. A denial only narrows, so it is always covered.
   * The check reads {@code wanted}'s wildcards as plain characters: a held glob that matches that
   * text covers every expansion of it, since each {@code *} of it is consumed by a wildcard of the
   * held glob.
   *
   * @throws IllegalArgumentException when {@code wanted} is not a valid rule
   */
  public static boolean covers(Collection<String> held, String wanted) {
    Permission want = Permission.parsed(wanted);
    if (want.deny()) {
      return true;
    }
    int at = wanted.indexOf('@');
    String action = at < 0 ? wanted : wanted.substring(0, at);
    String resource = at < 0 ? "*" : wanted.substring(at + 1);
    for (String grant : held) {
      Permission permission = Permission.parsed(grant);
      if (!permission.deny() && permission.matches(action, resource)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Decides against a token's own permission list (a token issued with fewer permissions than its
   * user's roles); denials win as in {@link #decide}.
   */
  public static AuthorizationDecision decideByPermissions(
      Collection<String> permissions, String action, String resource) {
    Permission granting = null;
    for (String text : permissions) {
      Permission permission;
      try {
        permission = Permission.parsed(text);
      } catch (IllegalArgumentException e) {
        return new AuthorizationDecision(false, "the token carries an unreadable permission");
      }
      if (permission.matches(action, resource)) {
        if (permission.deny()) {
          return new AuthorizationDecision(false, permission.tokenReason());
        }
        if (granting == null) {
          granting = permission;
        }
      }
    }
    if (granting != null) {
      return new AuthorizationDecision(true, granting.tokenReason());
    }
    return new AuthorizationDecision(
        false, "no permission of the token allows " + action + " on " + resource);
  }
}
