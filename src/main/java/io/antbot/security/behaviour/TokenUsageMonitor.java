package io.antbot.security.behaviour;

import io.antbot.security.RecentlyFound;
import io.antbot.security.behaviour.SecurityEvent.Severity;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Notices a token (identified by its {@code jti}) used from an IP address it was not used from
 * before, or with a different user agent — the signs of a stolen token. The first use sets the
 * token's baseline; each later new address or agent raises one warning event and is then
 * remembered, so a token moving between two networks does not raise an event on every request.
 *
 * <p>Call {@link #observe} after a token was authenticated. Bounded, expiring state; thread-safe.
 */
public final class TokenUsageMonitor {

  private static final class Usage {
    final LinkedHashSet<String> ips = new LinkedHashSet<>();
    String userAgent;
  }

  /** Keys whose state sits in front of the cache ({@link RecentlyFound}). */
  private static final int RECENT_SLOTS = 1024;

  /** How long state found in the cache is used without asking it again: under 1 s idle expiry. */
  private static final long RECENT_NANOS = 200_000_000L;

  private final Clock clock;
  private final RecentlyFound<Usage> recent;
  private volatile AnomalyOptions options;

  public TokenUsageMonitor(AnomalyOptions options, Clock clock) {
    this.clock = clock;
    this.options = options;
    // Looked up on every request: the values of recent keys sit in front of the cache.
    this.recent =
        RecentlyFound.bounded(
            options.maxKeys(),
            options.idleExpiryS(),
            () -> clock.millis() * 1_000_000L,
            RECENT_SLOTS,
            RECENT_NANOS);
  }

  public void update(AnomalyOptions next) {
    recent.resize(next.maxKeys(), next.idleExpiryS());
    this.options = next;
  }

  /**
   * Records a use of token {@code tokenId} by {@code user}; returns the events it raises (none on
   * first use).
   *
   * @param userAgent the {@code User-Agent} header, or {@code null}
   */
  public List<SecurityEvent> observe(String tokenId, String user, String ip, String userAgent) {
    AnomalyOptions current = options;
    Usage usage = recent.get(tokenId, k -> new Usage(), clock.millis() * 1_000_000L);
    List<SecurityEvent> events = List.of();
    String agent = userAgent == null ? "" : userAgent;
    synchronized (usage) {
      boolean first = usage.ips.isEmpty() && usage.userAgent == null;
      if (ip != null && !usage.ips.contains(ip)) {
        if (!first && current.tokenNewIp()) {
          events = new ArrayList<>(2);
          events.add(
              new SecurityEvent(
                  SecurityEvent.TOKEN_NEW_IP,
                  Severity.WARNING,
                  "token:" + tokenId,
                  new JsonObject()
                      .put("user", user)
                      .put("ip", ip)
                      .put("known_ips", new ArrayList<>(usage.ips)),
                  clock.instant()));
        }
        usage.ips.add(ip);
        while (usage.ips.size() > current.tokenMaxIps()) {
          usage.ips.remove(usage.ips.iterator().next());
        }
      }
      if (usage.userAgent == null) {
        usage.userAgent = agent;
      } else if (!usage.userAgent.equals(agent)) {
        if (current.tokenNewUserAgent()) {
          events = events.isEmpty() ? new ArrayList<>(1) : events;
          events.add(
              new SecurityEvent(
                  SecurityEvent.TOKEN_NEW_USER_AGENT,
                  Severity.WARNING,
                  "token:" + tokenId,
                  new JsonObject()
                      .put("user", user)
                      .put("ip", ip)
                      .put("user_agent", shorten(agent))
                      .put("previous_user_agent", shorten(usage.userAgent)),
                  clock.instant()));
        }
        usage.userAgent = agent;
      }
    }
    return events;
  }

  /** Forgets a token (after it was revoked). */
  public void forget(String tokenId) {
    recent.invalidate(tokenId);
  }

  private static String shorten(String agent) {
    return agent.length() > 200 ? agent.substring(0, 200) : agent;
  }
}
