package io.antbot.security.ratelimit;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.antbot.cluster.HazelcastSetup;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.grid.hazelcast.Bucket4jHazelcast;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Rate-limit buckets shared by the core nodes, for {@code antbot.security.ratelimit.check} in a
 * cluster: Bucket4j's Hazelcast backend, each bucket one entry of the map {@code antbot.ratelimits}
 * updated by an entry processor on its partition's owner (atomic there, so a limit of N admits
 * exactly N whichever nodes the checks reach), through the asynchronous API — the event loop never
 * waits for the network. An entry expires once its bucket would be full again, so keys seen once do
 * not accumulate.
 *
 * <p>The HTTP edge's per-IP and per-user limits stay per node (each node limits the traffic it
 * receives): they are checked in-process on every request, where a network round trip would cost
 * more than the limit protects (docs/cluster.md).
 */
public final class ClusterRateLimits {

  static final String MAP = HazelcastSetup.MAP_PREFIX + "ratelimits";

  private final AsyncProxyManager<String> buckets;

  public ClusterRateLimits(HazelcastInstance hazelcast) {
    IMap<String, byte[]> map = hazelcast.getMap(MAP);
    this.buckets =
        Bucket4jHazelcast.entryProcessorBasedBuilder(map)
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    Duration.ofSeconds(10)))
            .build()
            .asAsync();
  }

  /**
   * Takes {@code cost} tokens from the shared bucket of {@code key} under {@code policy} (already
   * validated by {@link RateLimiter#policyFor}); completes on {@code context}.
   */
  public Future<RateLimitDecision> check(
      Context context, String key, RateLimitPolicy policy, long cost) {
    CompletableFuture<ConsumptionProbe> probe =
        buckets
            .builder()
            .build(
                policy.name() + "\u0000" + key,
                () -> CompletableFuture.completedFuture(policy.bucketConfiguration()))
            .tryConsumeAndReturnRemaining(cost);
    return Future.fromCompletionStage(probe, context)
        .map(
            result -> {
              long reset = RateLimiter.seconds(result.getNanosToWaitForReset());
              return result.isConsumed()
                  ? new RateLimitDecision(true, policy, result.getRemainingTokens(), 0, reset)
                  : new RateLimitDecision(
                      false,
                      policy,
                      result.getRemainingTokens(),
                      Math.max(1, RateLimiter.seconds(result.getNanosToWaitForRefill())),
                      reset);
            });
  }
}
