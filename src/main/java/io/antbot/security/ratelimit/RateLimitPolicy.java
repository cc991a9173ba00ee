package io.antbot.security.ratelimit;

import io.antbot.security.protection.SectionReader;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * One named token-bucket policy: a bucket of {@code capacity} tokens that refills {@code refill}
 * tokens every {@code periodS} seconds, spread evenly (greedy refill), e.g. 5 per 60 s for logins.
 * Every key (an IP, a user, a bot's exchange account) gets its own bucket.
 *
 * <p>{@code name} is also the identifier in the {@code RateLimit} headers; {@code capacity} is the
 * burst, the tokens available to a fresh key; {@code refill} the tokens added per period (the
 * sustained quota, {@code q} in {@code RateLimit-Policy}); {@code periodS} the refill period in
 * seconds ({@code w}).
 *
 * <p>A value class rather than a record so that it can keep its header texts, which every
 * rate-limited response carries.
 */
public final class RateLimitPolicy {

  static final Set<String> KEYS = Set.of("capacity", "refill", "period_s");

  static RateLimitPolicy fromJson(
      String name, JsonObject json, String prefix, java.util.List<String> problems) {
    SectionReader read = new SectionReader(json, prefix + "." + name);
    read.rejectUnknown(KEYS);
    long capacity = read.integer("capacity", -1, 1, 1_000_000_000L);
    long period = read.integer("period_s", 60, 1, 86_400L * 30);
    long refill = read.integer("refill", capacity, 1, 1_000_000_000L);
    if (capacity < 0) {
      read.problem("capacity", "required");
    }
    problems.addAll(read.problems());
    return new RateLimitPolicy(name, Math.max(capacity, 1), Math.max(refill, 1), period);
  }

  private final String name;
  private final long capacity;
  private final long refill;
  private final long periodS;
  private final String quotedName;
  private final String headerItem;

  public RateLimitPolicy(String name, long capacity, long refill, long periodS) {
    this.name = name;
    this.capacity = capacity;
    this.refill = refill;
    this.periodS = periodS;
    this.quotedName = quoted(name);
    this.headerItem = quotedName + ";q=" + refill + ";w=" + periodS;
  }

  public String name() {
    return name;
  }

  public long capacity() {
    return capacity;
  }

  public long refill() {
    return refill;
  }

  public long periodS() {
    return periodS;
  }

  /** The name as a Structured Fields string. */
  String quotedName() {
    return quotedName;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RateLimitPolicy that
        && name.equals(that.name)
        && capacity == that.capacity
        && refill == that.refill
        && periodS == that.periodS;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, capacity, refill, periodS);
  }

  @Override
  public String toString() {
    return "RateLimitPolicy[name="
        + name
        + ", capacity="
        + capacity
        + ", refill="
        + refill
        + ", periodS="
        + periodS
        + "]";
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("capacity", capacity)
        .put("refill", refill)
        .put("period_s", periodS);
  }

  BucketConfiguration bucketConfiguration() {
    return BucketConfiguration.builder()
        .addLimit(
            Bandwidth.builder()
                .capacity(capacity)
                .refillGreedy(refill, Duration.ofSeconds(periodS))
                .build())
        .build();
  }

  /** The {@code RateLimit-Policy} list member: {@code "login";q=5;w=60}. */
  public String headerItem() {
    return headerItem;
  }

  /**
   * A Structured Fields string: the name in double quotes, with {@code "} and {@code \} escaped.
   */
  static String quoted(String name) {
    return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
