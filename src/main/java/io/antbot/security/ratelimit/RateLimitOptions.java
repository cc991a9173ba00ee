package io.antbot.security.ratelimit;

import io.antbot.settings.SectionReader;
import io.antbot.settings.Settings;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of the rate limiter, from the config section {@code security.rate_limits}. All apply
 * live ({@link RateLimiter#update(RateLimitOptions)}): changed policies carry their buckets' tokens
 * over, new limits on the per-key maps take effect at once.
 *
 * @param enabled {@code false} allows everything (decisions still carry headers)
 * @param maxKeys most keys (buckets) kept per policy; the least valuable are evicted beyond it
 * @param idleExpiryS a key's bucket is dropped after this many seconds without a check
 * @param policies the named policies
 * @param ipPolicy policy applied per client IP to every request; empty for none
 * @param userPolicy policy applied per authenticated user; empty for none
 * @param routeClasses route class (e.g. {@code login}) to the policy applied per client IP on that
 *     class
 * @param defaultPolicy policy used by {@code antbot.security.ratelimit.check} when the message
 *     names none
 * @param readProblems problems found while reading the section; {@link #validate()} adds the rest
 */
public record RateLimitOptions(
    boolean enabled,
    long maxKeys,
    long idleExpiryS,
    Map<String, RateLimitPolicy> policies,
    String ipPolicy,
    String userPolicy,
    Map<String, String> routeClasses,
    String defaultPolicy,
    List<String> readProblems) {

  public static final String SECTION = "security.rate_limits";

  public RateLimitOptions {
    policies = Map.copyOf(policies);
    routeClasses = Map.copyOf(routeClasses);
    ipPolicy = ipPolicy == null ? "" : ipPolicy;
    userPolicy = userPolicy == null ? "" : userPolicy;
    readProblems = List.copyOf(readProblems);
  }

  public static RateLimitOptions defaults() {
    return fromJson(new JsonObject());
  }

  /**
   * Reads the {@code security.rate_limits} section; {@code null} or {@code {}} gives the defaults.
   */
  public static RateLimitOptions fromJson(JsonObject section) {
    SectionReader read = Settings.read(SECTION, section);
    read.rejectUnknown();
    List<String> problems = new ArrayList<>();
    Map<String, RateLimitPolicy> policies = new LinkedHashMap<>();
    {
      JsonObject raw = read.object("policies");
      for (String name : raw.fieldNames()) {
        if (raw.getValue(name) instanceof JsonObject policy) {
          policies.put(
              name, RateLimitPolicy.fromJson(name, policy, SECTION + ".policies", problems));
        } else {
          problems.add(
              SECTION
                  + ".policies."
                  + name
                  + ": expected a map with capacity, refill and period_s, got "
                  + SectionReader.describe(raw.getValue(name)));
        }
      }
    }
    Map<String, String> routes = new LinkedHashMap<>();
    {
      JsonObject raw = read.object("route_classes");
      for (String routeClass : raw.fieldNames()) {
        if (raw.getValue(routeClass) instanceof String policy) {
          routes.put(routeClass, policy);
        } else {
          problems.add(
              SECTION
                  + ".route_classes."
                  + routeClass
                  + ": expected a policy name, got "
                  + SectionReader.describe(raw.getValue(routeClass)));
        }
      }
    }
    RateLimitOptions options =
        new RateLimitOptions(
            read.bool("enabled"),
            read.integer("max_keys"),
            read.integer("idle_expiry_s"),
            policies,
            read.string("ip_policy"),
            read.string("user_policy"),
            routes,
            read.string("default_policy"),
            concat(read.problems(), problems));
    return options;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  public JsonObject toJson() {
    JsonObject policiesJson = new JsonObject();
    policies.forEach((name, policy) -> policiesJson.put(name, policy.toJson()));
    return new JsonObject()
        .put("enabled", enabled)
        .put("max_keys", maxKeys)
        .put("idle_expiry_s", idleExpiryS)
        .put("policies", policiesJson)
        .put("ip_policy", ipPolicy)
        .put("user_policy", userPolicy)
        .put("route_classes", new JsonObject(new LinkedHashMap<>(routeClasses)))
        .put("default_policy", defaultPolicy);
  }

  /** Every problem with its dotted path; empty when the options are usable. */
  public List<String> validate() {
    List<String> problems = new ArrayList<>(readProblems);
    requirePolicy("ip_policy", ipPolicy, true, problems);
    requirePolicy("user_policy", userPolicy, true, problems);
    requirePolicy("default_policy", defaultPolicy, false, problems);
    routeClasses.forEach(
        (routeClass, policy) ->
            requirePolicy("route_classes." + routeClass, policy, false, problems));
    return problems;
  }

  private void requirePolicy(String key, String name, boolean emptyAllowed, List<String> problems) {
    if ((name == null || name.isEmpty()) && emptyAllowed) {
      return;
    }
    if (name == null || !policies.containsKey(name)) {
      problems.add(
          SECTION
              + "."
              + key
              + ": no policy named \""
              + name
              + "\" (known: "
              + String.join(", ", policies.keySet().stream().sorted().toList())
              + ")");
    }
  }
}
