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
import java.util.ArrayList;
import java.util.List;
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
 * within {@value #TIMEOUT_MS} ms (dying, or cut off) is named in a warning, and catches up from the
 * map by itself (its listener, its periodic check, or when it joins again). Neither case fails the
 * write: the map holds it.
 */
public final class PeerConfirmations {

  /** How long a reply waits for another core node to confirm. */
  public static final long TIMEOUT_MS = 2_000;

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
   * change in the warning about a member that did not answer.
   */
  public static Future<Void> tellOthers(
      Vertx vertx,
      HazelcastInstance hazelcast,
      String prefix,
      List<JsonObject> bodies,
      String what) {
    UUID self = hazelcast.getCluster().getLocalMember().getUuid();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(TIMEOUT_MS);
    List<Future<Void>> answers = new ArrayList<>();
    for (Member member : hazelcast.getCluster().getMembers()) {
      if (member.getUuid().equals(self)) {
        continue;
      }
      String address = prefix + member.getUuid();
      for (JsonObject body : bodies) {
        answers.add(
            vertx
                .eventBus()
                .request(address, body, options)
                .<Void>mapEmpty()
                .recover(failure -> unconfirmed(member, what, failure)));
      }
    }
    return Future.all(answers).mapEmpty();
  }

  private static Future<Void> unconfirmed(Member member, String what, Throwable failure) {
    if (!(failure instanceof ReplyException reply)
        || reply.failureType() != ReplyFailure.NO_HANDLERS) {
      String name = member.getAttribute(HazelcastSetup.ATTR_NODE);
      log.warn(
          "core node {} did not confirm {} ({}); it takes it from the cluster's map",
          name != null ? name : member.getAddress(),
          what,
          failure.getMessage());
    }
    return Future.succeededFuture();
  }
}
