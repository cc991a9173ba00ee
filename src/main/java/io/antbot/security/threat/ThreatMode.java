package io.antbot.security.threat;

import java.util.Arrays;
import java.util.Optional;

/** What a request over the threshold gets: blocked, or only recorded. */
public enum ThreatMode {
  /** A request whose score reaches the threshold is refused (the edge answers 403). */
  BLOCK("block"),
  /** Threats are scored, logged and published, but the request goes through. */
  DETECT_ONLY("detect-only");

  private final String wireName;

  ThreatMode(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<ThreatMode> fromWireName(String name) {
    return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
  }
}
