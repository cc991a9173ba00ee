package io.antbot.security.ratelimit;

import io.antbot.settings.SectionReader;
import io.antbot.settings.Settings;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;

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

  static RateLimitPolicy fromJson(
      String name, JsonObject json, String prefix, java.util.List<String> problems) {
    SectionReader read = Settings.read(prefix + "." + name, json);
    read.rejectUnknown();
    Long capacity = read.optionalInteger("capacity");
    long period = read.integer("period_s");
    Long refill = read.optionalInteger("refill");
    if (capacity == null && !json.containsKey("capacity")) {
      read.problem("capacity", "required");
    }
    problems.addAll(read.problems());
    long burst = capacity == null ? 1 : capacity;
    return new RateLimitPolicy(name, burst, refill == null ? burst : refill, period);
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
