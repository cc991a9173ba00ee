package io.antbot.security.protection;

import io.antbot.bus.BusException;
import io.antbot.bus.RateLimitCheckReply;
import io.antbot.bus.RateLimitCheckRequest;
import io.antbot.bus.SecurityScanReply;
import io.antbot.bus.SecurityScanRequest;
import io.antbot.security.behaviour.AnomalyOptions;
import io.antbot.security.behaviour.LockoutOptions;
import io.antbot.security.behaviour.LoginGuard;
import io.antbot.security.behaviour.RequestSpikeDetector;
import io.antbot.security.behaviour.TokenUsageMonitor;
import io.antbot.security.iplist.ClientAddressResolver;
import io.antbot.security.iplist.IpAccessList;
import io.antbot.security.iplist.IpListOptions;
import io.antbot.security.ratelimit.RateLimitDecision;
import io.antbot.security.ratelimit.RateLimitOptions;
import io.antbot.security.ratelimit.RateLimiter;
import io.antbot.security.threat.RequestDescription;
import io.antbot.security.threat.ScanResult;
import io.antbot.security.threat.ThreatOptions;
import io.antbot.security.threat.ThreatScanner;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The protection half of the security service in one object: threat scanner, rate limiter, IP
 * lists, client address resolver, login guard and anomaly detectors, built from the {@code
 * security} config section and updated from it as a whole (every sub-section is validated before
 * any is applied, so a bad change leaves the running settings untouched).
 *
 * <p>Sub-sections: {@code threats}, {@code rate_limits}, {@code ip_lists}, {@code lockout}, {@code
 * anomalies}. The two bus operations it serves ({@code antbot.security.scan}, {@code
 * antbot.security.ratelimit.check}) are {@link #scan(SecurityScanRequest)} and {@link
 * #checkRateLimit(RateLimitCheckRequest)}; the HTTP edge uses the parts directly.
 */
public final class Protection {

  /**
   * The config keys this object reads, as dotted prefixes: a change under one of them calls for
   * {@link #update}.
   */
  public static final List<String> SECTIONS =
      List.of(
          ThreatOptions.SECTION,
          RateLimitOptions.SECTION,
          IpListOptions.SECTION,
          LockoutOptions.SECTION,
          AnomalyOptions.SECTION);

  private final ThreatScanner threats;
  private final RateLimiter rateLimits;
  private final IpAccessList ipAccess;
  private final ClientAddressResolver clientAddresses;
  private final LoginGuard logins;
  private final TokenUsageMonitor tokens;
  private final RequestSpikeDetector spikes;

  private record Settings(
      ThreatOptions threats,
      RateLimitOptions rateLimits,
      IpListOptions ipLists,
      LockoutOptions lockout,
      AnomalyOptions anomalies) {

    static Settings of(JsonObject security) {
      JsonObject section = security == null ? new JsonObject() : security;
      return new Settings(
          ThreatOptions.fromJson(sub(section, "threats")),
          RateLimitOptions.fromJson(sub(section, "rate_limits")),
          IpListOptions.fromJson(sub(section, "ip_lists")),
          LockoutOptions.fromJson(sub(section, "lockout")),
          AnomalyOptions.fromJson(sub(section, "anomalies")));
    }

    private static JsonObject sub(JsonObject security, String key) {
      return security.getValue(key) instanceof JsonObject object ? object : new JsonObject();
    }

    List<String> validate() {
      List<String> problems = new ArrayList<>();
      problems.addAll(threats.validate());
      problems.addAll(rateLimits.validate());
      problems.addAll(ipLists.validate());
      problems.addAll(lockout.validate());
      problems.addAll(anomalies.validate());
      return problems;
    }
  }

  private Protection(Settings settings, Clock clock) {
    threats = new ThreatScanner(settings.threats());
    rateLimits = new RateLimiter(settings.rateLimits());
    ipAccess = new IpAccessList(settings.ipLists());
    clientAddresses = new ClientAddressResolver(settings.ipLists());
    logins = new LoginGuard(settings.lockout(), clock);
    tokens = new TokenUsageMonitor(settings.anomalies(), clock);
    spikes = new RequestSpikeDetector(settings.anomalies(), clock);
  }

  /**
   * Builds everything from the {@code security} section ({@code null} or {@code {}}: all defaults).
   *
   * @throws IllegalArgumentException whose message lists every problem, each with its dotted path
   */
  public static Protection create(JsonObject security, Clock clock) {
    Settings settings = Settings.of(security);
    List<String> problems = settings.validate();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new Protection(settings, clock);
  }

  /**
   * Every problem of the protection sub-sections of {@code security}, each with its dotted path.
   */
  public static List<String> validate(JsonObject security) {
    return Settings.of(security).validate();
  }

  /** Whether a changed config key (from {@code antbot.config.changed}) concerns this object. */
  public static boolean concerns(String changedKey) {
    return changedKey.equals("security")
        || SECTIONS.stream().anyMatch(s -> changedKey.equals(s) || changedKey.startsWith(s + "."));
  }

  /**
   * Applies a new {@code security} section live, all or nothing.
   *
   * @return the problems found; empty when the new settings are in force
   */
  public List<String> update(JsonObject security) {
    Settings settings = Settings.of(security);
    List<String> problems = settings.validate();
    if (!problems.isEmpty()) {
      return problems;
    }
    threats.update(settings.threats());
    rateLimits.update(settings.rateLimits());
    ipAccess.update(settings.ipLists());
    clientAddresses.update(settings.ipLists());
    logins.update(settings.lockout());
    tokens.update(settings.anomalies());
    spikes.update(settings.anomalies());
    return List.of();
  }

  /** {@code antbot.security.scan}. */
  public SecurityScanReply scan(SecurityScanRequest request) {
    ScanResult result =
        request.isValue()
            ? threats.scan(request.input())
            : threats.scan(
                new RequestDescription(
                    request.method(),
                    request.path(),
                    request.query(),
                    request.headers(),
                    request.body(),
                    request.contentType()));
    return new SecurityScanReply(
        result.threat(),
        result.blocked(),
        result.score(),
        result.threshold(),
        result.matches().stream()
            .map(
                m ->
                    new SecurityScanReply.Match(
                        m.rule(), m.category().wireName(), m.score(), m.location()))
            .toList());
  }

  /**
   * {@code antbot.security.ratelimit.check}.
   *
   * @throws BusException 400 for an unknown policy or a cost above the policy's capacity
   */
  /**
   * {@link #checkRateLimit}, on the cluster's shared buckets when {@code shared} is given (cluster
   * mode): completes on {@code context}.
   */
  public io.vertx.core.Future<RateLimitCheckReply> checkRateLimit(
      RateLimitCheckRequest request,
      io.antbot.security.ratelimit.ClusterRateLimits shared,
      io.vertx.core.Context context) {
    if (shared == null || !rateLimits.enabled()) {
      return io.vertx.core.Future.succeededFuture(checkRateLimit(request));
    }
    String policy =
        request.policy() == null ? rateLimits.options().defaultPolicy() : request.policy();
    io.antbot.security.ratelimit.RateLimitPolicy checked;
    try {
      checked = rateLimits.policyFor(policy, request.cost());
    } catch (IllegalArgumentException e) {
      throw BusException.badRequest(e.getMessage());
    }
    return shared.check(context, request.key(), checked, request.cost()).map(Protection::reply);
  }

  public RateLimitCheckReply checkRateLimit(RateLimitCheckRequest request) {
    String policy =
        request.policy() == null ? rateLimits.options().defaultPolicy() : request.policy();
    RateLimitDecision decision;
    try {
      decision = rateLimits.check(request.key(), policy, request.cost());
    } catch (IllegalArgumentException e) {
      throw BusException.badRequest(e.getMessage());
    }
    return reply(decision);
  }

  private static RateLimitCheckReply reply(RateLimitDecision decision) {
    return new RateLimitCheckReply(
        decision.allowed(),
        decision.remaining(),
        decision.retryAfterS(),
        decision.policy().name(),
        decision.policy().refill(),
        decision.policy().periodS(),
        decision.resetS());
  }

  public ThreatScanner threats() {
    return threats;
  }

  public RateLimiter rateLimits() {
    return rateLimits;
  }

  public IpAccessList ipAccess() {
    return ipAccess;
  }

  public ClientAddressResolver clientAddresses() {
    return clientAddresses;
  }

  public LoginGuard logins() {
    return logins;
  }

  public TokenUsageMonitor tokens() {
    return tokens;
  }

  public RequestSpikeDetector spikes() {
    return spikes;
  }
}
