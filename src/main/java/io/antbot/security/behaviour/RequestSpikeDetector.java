package io.antbot.security.behaviour;

import io.antbot.security.RecentlyFound;
import io.antbot.security.behaviour.SecurityEvent.Severity;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Notices a client address whose request rate jumps far above its own usual rate.
 *
 * <p>Requests are counted per client in consecutive windows of {@code spike_window_s}. When a
 * window closes its count updates the client's usual count, an exponentially weighted average. A
 * window is a spike once its count reaches {@code spike_min_requests} and {@code spike_factor}
 * times the usual count; one event is raised per spike window, and a spike window does not feed the
 * average (a long flood is not learnt as normal). A new client's usual count starts at zero, so a
 * new client is judged by {@code spike_min_requests} alone.
 *
 * <p>Call {@link #record} once per request. Bounded, expiring state; thread-safe.
 */
public final class RequestSpikeDetector {

  private static final class Rate {
    long windowStart = Long.MIN_VALUE;
    long count;
    double usual;
    boolean reported;
  }

  /** Keys whose state sits in front of the cache ({@link RecentlyFound}). */
  private static final int RECENT_SLOTS = 1024;

  /** How long state found in the cache is used without asking it again: under 1 s idle expiry. */
  private static final long RECENT_NANOS = 200_000_000L;

  private final Clock clock;
  private final RecentlyFound<Rate> recent;
  private volatile AnomalyOptions options;

  public RequestSpikeDetector(AnomalyOptions options, Clock clock) {
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
   * Counts one request from {@code clientIp}; returns the spike event (subject {@code
   * ip:<address>}) when this request makes one. Keyed by the address string as given, which the
   * HTTP edge keeps per connection, so its hash is cached.
   */
  public Optional<SecurityEvent> record(String clientIp) {
    AnomalyOptions current = options;
    long now = clock.millis();
    long window = current.spikeWindowS() * 1000;
    Rate rate = recent.get(clientIp, k -> new Rate(), now * 1_000_000L);
    synchronized (rate) {
      if (rate.windowStart == Long.MIN_VALUE) {
        rate.windowStart = now;
      }
      if (now - rate.windowStart >= window) {
        long elapsedWindows = (now - rate.windowStart) / window;
        if (!rate.reported) {
          rate.usual =
              current.spikeSmoothing() * rate.count + (1 - current.spikeSmoothing()) * rate.usual;
        }
        // windows without any request pull the usual count down too
        for (long k = 1; k < Math.min(elapsedWindows, 64); k++) {
          rate.usual *= 1 - current.spikeSmoothing();
        }
        rate.windowStart += elapsedWindows * window;
        rate.count = 0;
        rate.reported = false;
      }
      rate.count++;
      if (!rate.reported
          && rate.count >= current.spikeMinRequests()
          && rate.count >= current.spikeFactor() * rate.usual) {
        rate.reported = true;
        return Optional.of(
            new SecurityEvent(
                SecurityEvent.REQUEST_SPIKE,
                Severity.WARNING,
                "ip:" + clientIp,
                new JsonObject()
                    .put("requests", rate.count)
                    .put("window_s", current.spikeWindowS())
                    .put(
                        "usual",
                        Double.parseDouble(String.format(Locale.ROOT, "%.1f", rate.usual))),
                Instant.ofEpochMilli(now)));
      }
      return Optional.empty();
    }
  }
}
