package io.antbot.security.threat;

import java.util.Arrays;
import java.util.Optional;

/**
 * What happens to a request that goes beyond what the scanner reads by default (more than 4,096
 * values, JSON nested deeper than 32 levels, a value longer than {@code max_value_length}): never
 * that it passes half read.
 */
public enum UninspectablePolicy {
  /** Refused: 413 for too many or too long values, 400 for JSON nested too deeply. */
  REFUSE("refuse"),
  /** Read in full: every value, every level, long values in overlapping pieces. */
  SCAN("scan"),
  /**
   * Read up to the limits and counted as a threat (rule {@code uninspectable}, score = threshold):
   * blocked in {@code block} mode, recorded in {@code detect-only} mode.
   */
  FLAG("flag");

  private final String wireName;

  UninspectablePolicy(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<UninspectablePolicy> fromWireName(String name) {
    return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
  }
}
