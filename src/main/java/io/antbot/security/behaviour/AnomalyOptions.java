package io.antbot.security.behaviour;

import io.antbot.security.protection.SectionReader;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Settings of the behavioural anomaly detectors ({@link TokenUsageMonitor}, {@link
 * RequestSpikeDetector}), from the config section {@code security.anomalies}. All apply live.
 *
 * @param tokenNewIp report a token used from an IP it was not used from before
 * @param tokenNewUserAgent report a token used with a different user agent
 * @param tokenMaxIps addresses remembered per token (beyond it, the oldest are forgotten)
 * @param spikeWindowS length of the window requests are counted in, per client
 * @param spikeFactor a window with this many times the client's usual count is a spike
 * @param spikeMinRequests windows with fewer requests are never spikes
 * @param spikeSmoothing weight of the latest window in the client's usual rate (exponential
 *     average, 0..1)
 * @param maxKeys most tokens and clients tracked
 * @param idleExpiryS a token or client not seen for this long is forgotten
 */
public record AnomalyOptions(
    boolean tokenNewIp,
    boolean tokenNewUserAgent,
    int tokenMaxIps,
    long spikeWindowS,
    double spikeFactor,
    long spikeMinRequests,
    double spikeSmoothing,
    long maxKeys,
    long idleExpiryS,
    List<String> readProblems) {

  public static final String SECTION = "security.anomalies";
  public static final boolean DEFAULT_TOKEN_NEW_IP = true;
  public static final boolean DEFAULT_TOKEN_NEW_USER_AGENT = true;
  public static final int DEFAULT_TOKEN_MAX_IPS = 16;
  public static final long DEFAULT_SPIKE_WINDOW_S = 10;
  public static final double DEFAULT_SPIKE_FACTOR = 5.0;
  public static final long DEFAULT_SPIKE_MIN_REQUESTS = 100;
  public static final double DEFAULT_SPIKE_SMOOTHING = 0.2;
  public static final long DEFAULT_MAX_KEYS = 100_000;
  public static final long DEFAULT_IDLE_EXPIRY_S = 3600;

  private static final Set<String> KEYS =
      Set.of(
          "token_new_ip",
          "token_new_user_agent",
          "token_max_ips",
          "spike_window_s",
          "spike_factor",
          "spike_min_requests",
          "spike_smoothing",
          "max_keys",
          "idle_expiry_s");

  public AnomalyOptions {
    readProblems = List.copyOf(readProblems);
  }

  public static AnomalyOptions defaults() {
    return fromJson(new JsonObject());
  }

  public static AnomalyOptions fromJson(JsonObject section) {
    SectionReader read = new SectionReader(section, SECTION);
    read.rejectUnknown(KEYS);
    return new AnomalyOptions(
        read.bool("token_new_ip", DEFAULT_TOKEN_NEW_IP),
        read.bool("token_new_user_agent", DEFAULT_TOKEN_NEW_USER_AGENT),
        (int) read.integer("token_max_ips", DEFAULT_TOKEN_MAX_IPS, 1, 1024),
        read.integer("spike_window_s", DEFAULT_SPIKE_WINDOW_S, 1, 3600),
        read.number("spike_factor", DEFAULT_SPIKE_FACTOR, 1.0, 1000.0),
        read.integer("spike_min_requests", DEFAULT_SPIKE_MIN_REQUESTS, 1, 10_000_000L),
        read.number("spike_smoothing", DEFAULT_SPIKE_SMOOTHING, 0.01, 1.0),
        read.integer("max_keys", DEFAULT_MAX_KEYS, 1, 100_000_000L),
        read.integer("idle_expiry_s", DEFAULT_IDLE_EXPIRY_S, 1, 86_400L * 30),
        read.problems());
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("token_new_ip", tokenNewIp)
        .put("token_new_user_agent", tokenNewUserAgent)
        .put("token_max_ips", tokenMaxIps)
        .put("spike_window_s", spikeWindowS)
        .put("spike_factor", spikeFactor)
        .put("spike_min_requests", spikeMinRequests)
        .put("spike_smoothing", spikeSmoothing)
        .put("max_keys", maxKeys)
        .put("idle_expiry_s", idleExpiryS);
  }

  public List<String> validate() {
    return new ArrayList<>(readProblems);
  }
}
