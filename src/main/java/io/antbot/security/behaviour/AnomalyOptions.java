package io.antbot.security.behaviour;

import io.antbot.settings.SectionReader;
import io.antbot.settings.Settings;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

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

  public AnomalyOptions {
    readProblems = List.copyOf(readProblems);
  }

  public static AnomalyOptions defaults() {
    return fromJson(new JsonObject());
  }

  public static AnomalyOptions fromJson(JsonObject section) {
    SectionReader read = Settings.read(SECTION, section);
    read.rejectUnknown();
    return new AnomalyOptions(
        read.bool("token_new_ip"),
        read.bool("token_new_user_agent"),
        (int) read.integer("token_max_ips"),
        read.integer("spike_window_s"),
        read.number("spike_factor"),
        read.integer("spike_min_requests"),
        read.number("spike_smoothing"),
        read.integer("max_keys"),
        read.integer("idle_expiry_s"),
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
