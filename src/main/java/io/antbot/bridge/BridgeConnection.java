package io.antbot.bridge;

import io.antbot.bus.Addresses;
import io.antbot.bus.Authenticate;
import io.antbot.bus.Authorize;
import io.antbot.bus.BusException;
import io.antbot.bus.FailureCode;
import io.antbot.bus.Principal;
import io.antbot.bus.TrustedHeaders;
import io.antbot.local.Authenticator;
import io.antbot.local.ConfigReader;
import io.antbot.local.LocalServices;
import io.antbot.service.Correlation;
import io.antbot.service.NodeLocal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bridge client's connection: reads length-prefixed frames, authenticates the connection by the
 * first bearer token it sees, authorizes each frame by its address, and carries messages both ways.
 * Runs on the event loop of its socket; every bus call is asynchronous.
 *
 * <p>The defects of the stock {@code vertx-tcp-eventbus-bridge} this class exists to avoid: a frame
 * of unknown type stalls the connection for good (here it gets an {@code err} frame and the
 * connection goes on), client headers reach the consumers (here only a valid correlation id does,
 * and the principal is added by the bridge), and rights are checked at register time only (here a
 * revoked or expired token ends the connection within {@code recheck_s}).
 */
final class BridgeConnection {

  private static final Logger log = LoggerFactory.getLogger(BridgeConnection.class);
  private static final String BEARER = "bearer ";

  /** What happened on a connection, for the bridge's counters. */
  interface Counters {
    void frame(String type);

    void rejected(String reason);

    void dropped();
  }

  private final Vertx vertx;
  private final NetSocket socket;

  /**
   * The common name of the client's certificate when the bridge requires one: the only user whose
   * token this connection accepts ({@code null} without client certificates).
   */
  private final String certificateUser;

  private final LocalServices.Handle<Authenticator> authenticator;
  private final LocalServices.Handle<ConfigReader> configReader;

  private final BridgeOptions options;
  private final Counters counters;
  private final String remoteIp;
  private final Map<String, MessageConsumer<Object>> registrations = new HashMap<>();
  private final Map<String, Boolean> decisions = new HashMap<>();
  private Principal principal;
  private String token;
  private boolean authenticating;
  private boolean closed;
  private long windowStart;
  private int framesInWindow;
  private int refusedInRow;
  private int pendingWrites;
  private long recheckTimer = -1;
  private long authTimer = -1;
  private Runnable onClose = () -> {};
  private RecordParser parser;

  BridgeConnection(Vertx vertx, NetSocket socket, BridgeOptions options, Counters counters) {
    this.vertx = vertx;
    this.socket = socket;
    this.options = options;
    this.counters = counters;
    this.remoteIp =
        socket.remoteAddress() == null ? "0.0.0.0" : socket.remoteAddress().hostAddress();
    this.certificateUser = options.clientCertificates() ? certificateUser(socket) : null;
    this.authenticator =
        LocalServices.handle(vertx, LocalServices.AUTHENTICATOR, Authenticator.class);
    this.configReader =
        LocalServices.handle(vertx, LocalServices.CONFIG_READER, ConfigReader.class);
  }

  /** Starts reading; {@code onClose} runs once when the connection ends, whoever ends it. */
  void start(Runnable onClose) {
    this.onClose = onClose;
    // Bound to the socket, so that pausing the parser also stops it emitting frames it already
    // read.
    parser = RecordParser.newFixed(4, socket);
    parser.handler(
        new io.vertx.core.Handler<>() {
          private boolean header = true;
          private int expected = 4;

          @Override
          public void handle(Buffer buffer) {
            if (closed) {
              return;
            }
            if (buffer.length() < expected) {
              // The stream ended inside a header or a frame: Vert.x's parser hands over what
              // it has at the end; a partial frame is never one to act on.
              counters.rejected("truncated");
              close();
              return;
            }
            if (header) {
              long length = buffer.getUnsignedInt(0);
              if (length < 2 || length > options.maxFrameBytes()) {
                counters.rejected("frame_size");
                fail(
                    FailureCode.TOO_LARGE,
                    "frame length "
                        + length
                        + ": expected 2 to "
                        + options.maxFrameBytes()
                        + " bytes; closing");
                close();
                return;
              }
              header = false;
              expected = (int) length;
              parser.fixedSizeMode(expected);
            } else {
              header = true;
              expected = 4;
              parser.fixedSizeMode(4);
              frame(buffer);
            }
          }
        });
    parser.endHandler(v -> cleanUp());
    socket.closeHandler(v -> cleanUp());
    socket.exceptionHandler(
        failure -> {
          log.debug("bridge connection from {} failed: {}", remoteIp, failure.toString());
          close();
        });
    authTimer =
        vertx.setTimer(
            options.authTimeoutS() * 1000L,
            id -> {
              if (principal == null && !closed) {
                counters.rejected("auth_timeout");
                fail(FailureCode.UNAUTHENTICATED, "not authenticated in time; closing");
                close();
              }
            });
  }

  /** The user bound to the connection, or {@code null}. */
  String user() {
    return principal == null ? null : principal.user();
  }

  private void frame(Buffer json) {
    BridgeFrame frame;
    try {
      frame = BridgeFrame.parse(json);
    } catch (BridgeFrame.Malformed e) {
      if (withinRate(null)) {
        counters.rejected("malformed");
        fail(FailureCode.BAD_REQUEST, e.getMessage());
      }
      return;
    }
    if (!withinRate(frame.replyAddress())) {
      return;
    }
    counters.frame(frame.type().name().toLowerCase());
    if (frame.type() == BridgeFrame.Type.PING) {
      write(new JsonObject().put("type", "pong"));
      return;
    }
    String presented = bearer(frame.headers().get("authorization"));
    if (presented != null && !presented.equals(token)) {
      authenticateThen(presented, frame);
      return;
    }
    if (principal == null) {
      counters.rejected("unauthenticated");
      fail(
          frame.replyAddress(),
          FailureCode.UNAUTHENTICATED,
          "not authenticated: send headers.authorization \"Bearer <token>\" with a frame first");
      return;
    }
    handle(frame);
  }

  /**
   * Checks {@code presented}, binds the connection to its principal, then handles {@code frame}.
   * Reading pauses meanwhile, so that frames keep their order.
   */
  private void authenticateThen(String presented, BridgeFrame frame) {
    if (authenticating) {
      counters.rejected("unauthenticated");
      fail(frame.replyAddress(), FailureCode.UNAUTHENTICATED, "authentication in progress");
      return;
    }
    authenticating = true;
    parser.pause();
    authenticate(presented)
        .onComplete(
            done -> {
              authenticating = false;
              if (closed) {
                return;
              }
              parser.resume();
              if (done.failed()) {
                counters.rejected("unauthenticated");
                fail(
                    frame.replyAddress(),
                    FailureCode.UNAUTHENTICATED,
                    "not authenticated: " + reason(done.cause()));
                return;
              }
              Principal next = done.result();
              if (certificateUser != null && !certificateUser.equals(next.user())) {
                counters.rejected("certificate_mismatch");
                fail(
                    frame.replyAddress(),
                    FailureCode.FORBIDDEN,
                    "the token belongs to "
                        + next.user()
                        + ", the client certificate to "
                        + certificateUser
                        + "; a connection takes only the token of its certificate's user");
                return;
              }
              if (principal != null && !principal.user().equals(next.user())) {
                counters.rejected("forbidden");
                fail(
                    frame.replyAddress(),
                    FailureCode.FORBIDDEN,
                    "this connection belongs to "
                        + principal.user()
                        + "; a token of another user needs a connection of its own");
                return;
              }
              bind(presented, next);
              handle(frame);
            });
  }

  /**
   * The CN of the client's certificate (the handshake already checked it against the configured
   * CAs), or the empty string — which matches no user — when it has none.
   */
  private static String certificateUser(NetSocket socket) {
    try {
      for (java.security.cert.Certificate certificate : socket.peerCertificates()) {
        if (certificate instanceof java.security.cert.X509Certificate x509) {
          javax.naming.ldap.LdapName name =
              new javax.naming.ldap.LdapName(x509.getSubjectX500Principal().getName());
          for (javax.naming.ldap.Rdn rdn : name.getRdns()) {
            if ("CN".equalsIgnoreCase(rdn.getType())) {
              return String.valueOf(rdn.getValue());
            }
          }
          return "";
        }
      }
    } catch (javax.net.ssl.SSLPeerUnverifiedException | javax.naming.InvalidNameException e) {
      // No usable certificate: the connection can bind no user.
    }
    return "";
  }

  private Future<Principal> authenticate(String presented) {
    Authenticator local = authenticator.get();
    if (local != null) {
      // The security service runs in this Vert.x: the same checks without the bus round trip.
      return local.authenticate(remoteIp, presented, "antbot-bridge");
    }
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.SECURITY_AUTHENTICATE,
            new Authenticate(remoteIp, presented, "antbot-bridge").toJson(),
            NodeLocal.options(
                vertx,
                Addresses.SECURITY_AUTHENTICATE,
                new DeliveryOptions().setSendTimeout(options.requestTimeoutMs())))
        .map(reply -> Principal.fromJson(reply.body()));
  }

  private void bind(String presented, Principal next) {
    boolean first = principal == null;
    token = presented;
    principal = next;
    decisions.clear();
    if (first) {
      vertx.cancelTimer(authTimer);
      recheckTimer = vertx.setPeriodic(options.recheckS() * 1000L, id -> recheck());
      log.info("bridge connection from {} authenticated as {}", remoteIp, next.user());
    }
  }

  /** The token again: revoked, expired, or its user disabled ends the connection. */
  private void recheck() {
    if (closed || principal == null) {
      return;
    }
    String checked = token;
    authenticate(checked)
        .onComplete(
            done -> {
              if (closed || !checked.equals(token)) {
                return;
              }
              if (done.failed()) {
                counters.rejected("token_ended");
                fail(
                    FailureCode.UNAUTHENTICATED,
                    "the token is no longer valid: " + reason(done.cause()) + "; closing");
                close();
                return;
              }
              principal = done.result();
              decisions.clear();
            });
  }

  private void handle(BridgeFrame frame) {
    BridgeAccess.Kind kind =
        switch (frame.type()) {
          case SEND -> BridgeAccess.Kind.SEND;
          case PUBLISH -> BridgeAccess.Kind.PUBLISH;
          default -> BridgeAccess.Kind.RECEIVE;
        };
    if (frame.type() == BridgeFrame.Type.UNREGISTER) {
      MessageConsumer<Object> consumer = registrations.remove(frame.address());
      if (consumer != null) {
        consumer.unregister();
      }
      return;
    }
    allowed(kind, frame.address())
        .onComplete(
            decided -> {
              if (closed) {
                return;
              }
              if (decided.failed()) {
                fail(
                    frame.replyAddress(),
                    FailureCode.NOT_READY,
                    "cannot check the permission now: " + reason(decided.cause()));
                return;
              }
              if (!decided.result()) {
                counters.rejected("forbidden");
                fail(
                    frame.replyAddress() != null ? frame.replyAddress() : frame.address(),
                    FailureCode.FORBIDDEN,
                    "access denied: "
                        + frame.type().name().toLowerCase()
                        + " to "
                        + frame.address()
                        + " is not allowed for "
                        + principal.user());
                return;
              }
              switch (frame.type()) {
                case SEND -> send(frame);
                case PUBLISH ->
                    vertx.eventBus().publish(frame.address(), body(frame), delivery(frame, false));
                case REGISTER -> register(frame.address());
                default -> {}
              }
            });
  }

  /** Whether the principal may do {@code kind} on {@code address}; decided once per recheck. */
  private Future<Boolean> allowed(BridgeAccess.Kind kind, String address) {
    String permission = BridgeAccess.permission(kind, address);
    if (permission == null) {
      return Future.succeededFuture(false);
    }
    String key = kind + " " + address;
    Boolean known = decisions.get(key);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.SECURITY_AUTHORIZE,
            new Authorize(principal.user(), permission, address, principal.permissions()).toJson(),
            NodeLocal.options(
                vertx,
                Addresses.SECURITY_AUTHORIZE,
                new DeliveryOptions().setSendTimeout(options.requestTimeoutMs())))
        .map(
            reply -> {
              boolean allowed = reply.body().getBoolean("allowed", false);
              decisions.put(key, allowed);
              return allowed;
            });
  }

  private void send(BridgeFrame frame) {
    if (frame.replyAddress() != null && Addresses.CONFIG_GET.equals(frame.address())) {
      ConfigReader reader = configReader.get();
      if (reader != null) {
        readConfig(frame, reader);
        return;
      }
    }
    if (frame.replyAddress() == null) {
      vertx.eventBus().send(frame.address(), body(frame), delivery(frame, false));
      return;
    }
    vertx
        .eventBus()
        .<Object>request(frame.address(), body(frame), delivery(frame, true))
        .onComplete(
            reply -> {
              if (closed) {
                return;
              }
              if (reply.succeeded()) {
                write(message(frame.replyAddress(), reply.result(), true));
              } else {
                Throwable cause = reply.cause();
                int code =
                    cause instanceof ReplyException replied && replied.failureCode() > 0
                        ? replied.failureCode()
                        : FailureCode.NOT_READY.code();
                String type =
                    cause instanceof ReplyException replied
                        ? replied.failureType().name()
                        : "RECIPIENT_FAILURE";
                write(
                    new JsonObject()
                        .put("type", "err")
                        .put("address", frame.replyAddress())
                        .put("failureCode", code)
                        .put("failureType", type)
                        .put("message", reason(cause)));
              }
            });
  }

  /**
   * A configuration read, the commonest call of a bot, answered by the configuration service of
   * this Vert.x in-process: the frame the bus reply would make (the same body, version and masking;
   * the correlation id the service would have used), without the two bus hops.
   */
  private void readConfig(BridgeFrame frame, ConfigReader reader) {
    String correlation = frame.headers().get(Correlation.HEADER);
    if (correlation == null || !Correlation.isValid(correlation)) {
      correlation = Correlation.newId();
    }
    JsonObject answer;
    try {
      answer =
          new JsonObject()
              .put("type", "message")
              .put("address", frame.replyAddress())
              .put("send", true)
              .put("body", reader.get(body(frame)))
              .put("headers", new JsonObject().put(Correlation.HEADER, correlation));
    } catch (RuntimeException e) {
      BusException refused = BusException.from(e);
      answer =
          new JsonObject()
              .put("type", "err")
              .put("address", frame.replyAddress())
              .put("failureCode", refused.code().code())
              .put("failureType", "RECIPIENT_FAILURE")
              .put("message", reason(refused));
    }
    write(answer);
  }

  private void register(String address) {
    if (registrations.containsKey(address)) {
      return;
    }
    if (registrations.size() >= options.maxRegistrations()) {
      counters.rejected("registrations");
      fail(
          FailureCode.RATE_LIMITED,
          "at most " + options.maxRegistrations() + " registered addresses per connection");
      return;
    }
    MessageConsumer<Object> consumer =
        vertx
            .eventBus()
            .consumer(
                address,
                message -> {
                  if (closed) {
                    return;
                  }
                  if (pendingWrites >= options.maxWriteQueueFrames()) {
                    counters.dropped();
                    return;
                  }
                  write(message(address, message, false));
                });
    registrations.put(address, consumer);
  }

  private static JsonObject message(String address, Message<Object> message, boolean reply) {
    JsonObject frame =
        new JsonObject().put("type", "message").put("address", address).put("send", reply);
    Object body = message.body();
    frame.put("body", body instanceof JsonObject || body == null ? body : String.valueOf(body));
    String correlation = message.headers().get(Correlation.HEADER);
    frame.put(
        "headers",
        correlation == null
            ? new JsonObject()
            : new JsonObject().put(Correlation.HEADER, correlation));
    return frame;
  }

  private static JsonObject body(BridgeFrame frame) {
    return frame.body() == null ? new JsonObject() : frame.body();
  }

  /**
   * The delivery of a client's message: the principal as a trusted header the client cannot set,
   * the client's correlation id when it is well formed; no other client header goes on.
   */
  private DeliveryOptions delivery(BridgeFrame frame, boolean request) {
    DeliveryOptions delivery =
        TrustedHeaders.onBehalfOf(new DeliveryOptions(), principal.user())
            .setSendTimeout(options.requestTimeoutMs());
    String correlation = frame.headers().get(Correlation.HEADER);
    if (correlation != null && Correlation.isValid(correlation)) {
      delivery.addHeader(Correlation.HEADER, correlation);
    }
    return NodeLocal.options(vertx, frame.address(), delivery);
  }

  /**
   * Counts the frame against the connection's rate; a frame over it gets err 429, and a connection
   * that keeps sending a whole second's worth of refused frames is closed.
   */
  private boolean withinRate(String replyAddress) {
    long now = System.nanoTime();
    if (now - windowStart >= 1_000_000_000L) {
      windowStart = now;
      framesInWindow = 0;
    }
    if (++framesInWindow <= options.framesPerSecond()) {
      refusedInRow = 0;
      return true;
    }
    counters.rejected("rate");
    if (++refusedInRow > options.framesPerSecond()) {
      fail(replyAddress, FailureCode.RATE_LIMITED, "too many frames; closing");
      close();
    } else {
      fail(
          replyAddress,
          FailureCode.RATE_LIMITED,
          "too many frames: at most " + options.framesPerSecond() + " per second");
    }
    return false;
  }

  private void fail(FailureCode code, String message) {
    fail(null, code, message);
  }

  /** An {@code err} frame; with the request's reply address when there is one. */
  private void fail(String replyAddress, FailureCode code, String message) {
    JsonObject err =
        new JsonObject()
            .put("type", "err")
            .put("failureCode", code.code())
            .put("failureType", "RECIPIENT_FAILURE")
            .put("message", message);
    if (replyAddress != null) {
      err.put("address", replyAddress);
    }
    write(err);
  }

  private void write(JsonObject frame) {
    if (closed) {
      return;
    }
    pendingWrites++;
    if (pendingWrites >= options.maxWriteQueueFrames()) {
      parser.pause();
    }
    socket
        .write(BridgeFrame.encode(frame))
        .onComplete(
            done -> {
              pendingWrites--;
              if (pendingWrites == options.maxWriteQueueFrames() / 2
                  && !closed
                  && !authenticating) {
                parser.resume();
              }
            });
  }

  private static String bearer(String header) {
    if (header == null) {
      return null;
    }
    String trimmed = header.trim();
    return trimmed.regionMatches(true, 0, BEARER, 0, BEARER.length())
        ? trimmed.substring(BEARER.length()).trim()
        : trimmed;
  }

  private static String reason(Throwable failure) {
    String message = failure == null ? null : failure.getMessage();
    return message == null ? "no reason given" : message;
  }

  /** Ends the connection: its registrations go, its timers stop. */
  void close() {
    if (!closed) {
      socket.close();
      cleanUp();
    }
  }

  private void cleanUp() {
    if (closed) {
      return;
    }
    closed = true;
    vertx.cancelTimer(authTimer);
    vertx.cancelTimer(recheckTimer);
    registrations.values().forEach(MessageConsumer::unregister);
    registrations.clear();
    onClose.run();
  }
}
