package io.antbot.security.threat;

import java.util.Arrays;
import java.util.Optional;

/**
 * What happens to a request that goes beyond what the scanner reads by default (more than 4,096
 * values, JSON nested deeper than 32 levels): never that it passes half read. (A value longer than
 * {@code max_value_length} is always read, in overlapping pieces.)
 */
public enum UninspectablePolicy {
  /** Refused: 413 for too many values, 400 for JSON nested too deeply. */
  REFUSE("refuse"),
  /** Read in full: every value, every level. */
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
