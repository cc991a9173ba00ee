package io.antbot.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.antbot.bus.BusException;
import io.antbot.bus.FailureCode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A change one core node acknowledges, put in force on every other core node before the reply.
 *
 * <p>Shared state (configuration, revocations, accounts) lives in Hazelcast maps, and each node
 * follows them by an entry listener or a broadcast — which tell the other nodes within
 * milliseconds, but after the write returns, later still on a busy node, and a broadcast not at all
 * when the clustered bus drops it. Where the reply must mean "in force everywhere" (a version
 * served, a token revoked, an account disabled), the writer also hands the change to each other
 * member's service at that member's own address ({@code <prefix><member id>}: the clustered bus
 * would otherwise deliver a request to one consumer of an address, not to all) and waits for the
 * answers. A member that serves no such address (a bots node, or a core node still starting, which
 * reads the map after its handler is registered) is skipped at once; one that does not answer
 * within {@value #TIMEOUT_MS} ms (dying, hung, or cut off) is named in a warning, and catches up
 * from the map by itself (its listener, its periodic check, or when it joins again). Neither case
 * fails the write: the map holds it.
 *
 * <p>A member that let a confirmation time out is <em>lagging</em> for that prefix: the changes
 * after it are still sent to it, but not waited for, so that a node that hangs without leaving the
 * cluster costs one write {@value #TIMEOUT_MS} ms, not every write until Hazelcast drops it. The
 * first answer it gives again (to any later change: a reply, a refusal, or no handler) puts it back
 * among the members waited for. Kept per Vert.x instance, for members still in the cluster only.
 */
public final class PeerConfirmations {

  /** How long a reply waits for another core node to confirm. */
  public static final long TIMEOUT_MS = 2_000;

  /**
   * Members whose confirmation timed out, by confirmation address, with the time (epoch ms) they
   * first did: one map per Vert.x instance.
   */
  private static final String LAGGING = "antbot.cluster.confirmations.lagging";

  private static final Logger log = LoggerFactory.getLogger(PeerConfirmations.class);

  private PeerConfirmations() {}

  /** {@code prefix} followed by this member's id: the address {@link #serve} registers. */
  public static String address(String prefix, HazelcastInstance hazelcast) {
    return prefix + hazelcast.getCluster().getLocalMember().getUuid();
  }

  /**
   * Serves this member's address {@code prefix<member id>}: each message's body is handed to {@code
   * apply} on {@code context} and what its future completes with is the answer. A body that is not
   * a JSON object, or that {@code apply} refuses with an {@link IllegalArgumentException}, is
   * answered 400 with the reason; a failed future with its {@link BusException}'s code (anything
   * else: 500, no detail). Wait for the consumer's {@code completion()} before reading the map.
   */
  public static MessageConsumer<Object> serve(
      Vertx vertx,
      Context context,
      HazelcastInstance hazelcast,
      String prefix,
      Function<JsonObject, Future<JsonObject>> apply) {
    return vertx
        .eventBus()
        .consumer(
            address(prefix, hazelcast),
            message ->
                context.runOnContext(
                    v -> {
                      if (!(message.body() instanceof JsonObject body)) {
                        message.fail(FailureCode.BAD_REQUEST.code(), "expected a JSON object");
                        return;
                      }
                      Future<JsonObject> answer;
                      try {
                        answer = apply.apply(body);
                      } catch (IllegalArgumentException e) {
                        message.fail(FailureCode.BAD_REQUEST.code(), e.getMessage());
                        return;
                      }
                      answer.onComplete(
                          done -> {
                            if (done.succeeded()) {
                              message.reply(done.result());
                            } else {
                              BusException failure = BusException.from(done.cause());
                              message.fail(failure.code().code(), failure.getMessage());
                            }
                          });
                    }));
  }

  /**
   * Sends each of {@code bodies} to every other member's {@code prefix<member id>} and completes
   * (successfully) once each has answered, has no handler, or has timed out; {@code what} names the
   * change in the warning about a member that did not answer. A lagging member (see above) is sent
   * the bodies but not waited for.
   */
  public static Future<Void> tellOthers(
      Vertx vertx,
      HazelcastInstance hazelcast,
      String prefix,
      List<JsonObject> bodies,
      String what) {
    return tellOthers(vertx, hazelcast, prefix, bodies, what, TIMEOUT_MS);
  }

  /** {@link #tellOthers(Vertx, HazelcastInstance, String, List, String)} with its timeout. */
  static Future<Void> tellOthers(
      Vertx vertx,
      HazelcastInstance hazelcast,
      String prefix,
      List<JsonObject> bodies,
      String what,
      long timeoutMs) {
    UUID self = hazelcast.getCluster().getLocalMember().getUuid();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs);
    LocalMap<String, Long> lagging = vertx.sharedData().getLocalMap(LAGGING);
    Set<String> present = new HashSet<>();
    List<Future<Void>> answers = new ArrayList<>();
    for (Member member : hazelcast.getCluster().getMembers()) {
      if (member.getUuid().equals(self)) {
        continue;
      }
      String address = prefix + member.getUuid();
      present.add(address);
      boolean waitedFor = !lagging.containsKey(address);
      for (JsonObject body : bodies) {
        Future<Void> answer =
            vertx
                .eventBus()
                .request(address, body, options)
                .transform(
                    done -> {
                      outcome(lagging, address, member, what, done.cause());
                      return Future.<Void>succeededFuture();
                    });
        if (waitedFor) {
          answers.add(answer);
        }
      }
    }
    // Members that left: their lag is forgotten (a member that joins again has a new id).
    for (String address : lagging.keySet()) {
      if (address.startsWith(prefix) && !present.contains(address)) {
        lagging.remove(address);
      }
    }
    return Future.all(answers).mapEmpty();
  }

  /** Whether {@code member} is lagging for {@code prefix} as this Vert.x instance sees it. */
  static boolean isLagging(Vertx vertx, String prefix, UUID member) {
    return vertx.sharedData().getLocalMap(LAGGING).containsKey(prefix + member);
  }

  /**
   * Notes how {@code member} took a change: {@code failure} is {@code null} when it confirmed. A
   * member that answered at all (a confirmation, a refusal, no handler) is not lagging; one that
   * timed out is, from now on.
   */
  private static void outcome(
      LocalMap<String, Long> lagging,
      String address,
      Member member,
      String what,
      Throwable failure) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
      if (lagging.putIfAbsent(address, System.currentTimeMillis()) == null) {
        log.warn(
            "core node {} did not confirm {} ({}); it takes it from the cluster's map, and later"
                + " changes do not wait for it until it answers again",
            name(member),
            what,
            failure.getMessage());
      }
      return;
    }
    if (lagging.remove(address) != null) {
      log.info("core node {} answers again: changes wait for its confirmation again", name(member));
    }
    if (failure != null
        && !(failure instanceof ReplyException reply
            && reply.failureType() == ReplyFailure.NO_HANDLERS)) {
      log.warn(
          "core node {} did not confirm {} ({}); it takes it from the cluster's map",
          name(member),
          what,
          failure.getMessage());
    }
  }

  private static Object name(Member member) {
    String name = member.getAttribute(HazelcastSetup.ATTR_NODE);
    return name != null ? name : member.getAddress();
  }
}
