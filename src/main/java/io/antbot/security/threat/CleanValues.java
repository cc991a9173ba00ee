package io.antbot.security.threat;

import io.antbot.security.threat.InputNormalizer.Source;

/**
 * Values that a request scan found clean lately, so that the values a client repeats on every
 * request (its path, {@code Host}, {@code User-Agent}, {@code Accept}, a query it polls with) are
 * not normalised and matched again each time. Only clean verdicts are kept — a value that matched
 * any rule is scanned every time — and the memory belongs to one compiled rule set: new rules start
 * with an empty one.
 *
 * <p>A fixed table of {@value #SLOTS} slots, each holding the last clean value whose hash falls
 * there: bounded (at most {@value #SLOTS} values of at most {@value #MAX_LENGTH} characters), no
 * eviction bookkeeping, and a lookup is a hash and a string comparison. Written without locks: a
 * slot holds an immutable entry, so a reader on another thread sees a whole entry or the previous
 * one, never a torn one, and a lost write only costs a later rescan. Values that collide evict each
 * other; whoever floods it with distinct clean values makes scans no slower than without it.
 */
final class CleanValues {

  static final int SLOTS = 1024;
  static final int MAX_LENGTH = 256;

  private record Entry(String value, ScanTarget target, Source source) {}

  private final Entry[] slots = new Entry[SLOTS];

  /** Whether {@code value}, read as {@code source} in {@code target}, was found clean lately. */
  boolean contains(String value, ScanTarget target, Source source) {
    if (value.length() > MAX_LENGTH) {
      return false;
    }
    Entry entry = slots[slot(value, target)];
    return entry != null
        && entry.target == target
        && entry.source == source
        && entry.value.equals(value);
  }

  /** Remembers that {@code value}, read as {@code source} in {@code target}, matched no rule. */
  void add(String value, ScanTarget target, Source source) {
    if (value.length() <= MAX_LENGTH) {
      slots[slot(value, target)] = new Entry(value, target, source);
    }
  }

  private static int slot(String value, ScanTarget target) {
    int hash = value.hashCode() * 31 + target.ordinal();
    return (hash ^ (hash >>> 16)) & (SLOTS - 1);
  }
}
