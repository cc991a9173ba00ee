package io.antbot.web;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests the HTTP server cannot parse (a request line too long, a header block too large, a
 * malformed request), answered before routing as every other error is: {@code
 * application/problem+json} with a correlation id and the security headers, then the connection
 * closed — Vert.x's own answer is a bare status line. A client's malformed request is the client's
 * problem: logged at DEBUG, never as an error.
 *
 * <p>The header block may be up to {@link #MAX_HEADER_BYTES}: four times a bearer token at the
 * token service's 8,192-byte limit, so that an oversized token meets that limit (a 401 naming it)
 * and not the server's.
 */
final class InvalidRequests {

  private static final Logger log = LoggerFactory.getLogger(InvalidRequests.class);

  /** The largest header block the server reads. */
  static final int MAX_HEADER_BYTES = 32 * 1024;

  private InvalidRequests() {}

  /**
   * A request whose header block is ambiguous, answered with a 400 before routing and the
   * connection closed: an HTTP/1.1 request without {@code Host}, or with a {@code Host} that is not
   * a host and port (RFC 9112, 3.2: a 400; vertx-web's router would answer with a plain-text 400
   * and log an error); more than one {@code Host} line (RFC 9112, 3.2: a 400, whether or not they
   * agree); more than one {@code Authorization} or {@code Content-Type} line (fields that take one
   * value: which one a proxy in front acted on is unknown, so neither is); a {@code
   * Transfer-Encoding} other than one line saying {@code chunked} (RFC 9112, 6.1: a body whose
   * length a proxy in front may read otherwise is a request-smuggling vector; Netty takes {@code
   * chunked, identity} as chunked). One pass over the header lines, without allocation but for its
   * counter. Returns whether the request was answered.
   */
  static boolean answerAmbiguous(HttpServerRequest request) {
    SingleFields fields = new SingleFields();
    request.headers().forEach(fields);
    String problem = fields.problem();
    if (problem == null
        && request.version() == io.vertx.core.http.HttpVersion.HTTP_1_1
        && request.authority() == null) {
      problem =
          fields.hosts == 0
              ? "an HTTP/1.1 request needs a Host header"
              : "the Host header is not a host name or address with an optional port";
    }
    if (problem == null) {
      return false;
    }
    send(request, 400, "Bad Request", problem);
    return true;
  }

  /**
   * Counts the lines of the fields that must come once at most (names compared by length first).
   */
  private static final class SingleFields implements BiConsumer<String, String> {
    int hosts;
    int authorizations;
    int contentTypes;
    int transferEncodings;
    boolean chunked = true;

    @Override
    public void accept(String name, String value) {
      switch (name.length()) {
        case 4 -> hosts += name.equalsIgnoreCase("host") ? 1 : 0;
        case 12 -> contentTypes += name.equalsIgnoreCase("content-type") ? 1 : 0;
        case 13 -> authorizations += name.equalsIgnoreCase("authorization") ? 1 : 0;
        case 17 -> {
          if (name.equalsIgnoreCase("transfer-encoding")) {
            transferEncodings++;
            chunked &= value.strip().equalsIgnoreCase("chunked");
          }
        }
        default -> {}
      }
    }

    String problem() {
      if (hosts > 1) {
        return "more than one Host header";
      }
      if (authorizations > 1) {
        return "more than one Authorization header";
      }
      if (contentTypes > 1) {
        return "more than one Content-Type header";
      }
      if (transferEncodings > 1 || !chunked) {
        return "Transfer-Encoding must be a single chunked, the only transfer coding accepted";
      }
      return null;
    }
  }

  static void answer(HttpServerRequest request) {
    DecoderResult result = request.decoderResult();
    Throwable cause = result == null ? null : result.cause();
    int status;
    String title;
    String detail;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      title = "URI Too Long";
      detail = "the request line is too long";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      title = "Request Header Fields Too Large";
      detail = "the request headers are larger than " + MAX_HEADER_BYTES + " bytes";
    } else {
      status = 400;
      title = "Bad Request";
      detail =
          "the request could not be parsed"
              + (cause == null || cause.getMessage() == null
                  ? ""
                  : ": " + cause.getMessage().lines().findFirst().orElse(""));
    }
    send(request, status, title, detail);
  }

  private static void send(HttpServerRequest request, int status, String title, String detail) {
    String correlationId = UUID.randomUUID().toString().replace("-", "");
    log.debug("invalid request answered {} ({}), correlation id {}", status, detail, correlationId);
    JsonObject body =
        new JsonObject()
            .put("type", "about:blank")
            .put("title", title)
            .put("status", status)
            .put("detail", detail)
            .put("correlation_id", correlationId);
    EdgeChain.securityHeaders(request.response(), request.isSSL());
    // HTTP/1.x: the answer closes the connection, and the connection is closed here (Vert.x would
    // still read and answer a request pipelined behind this one), so that nothing after a request
    // that could not be framed is taken as a request. HTTP/2 frames each stream itself: the stream
    // ends with the answer, the connection's other streams go on.
    boolean http1 = request.version() != io.vertx.core.http.HttpVersion.HTTP_2;
    if (http1) {
      request.response().putHeader(HttpHeaders.CONNECTION, "close");
    }
    request
        .response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.CONTENT_TYPE)
        .putHeader("X-Correlation-Id", correlationId)
        .end(body.encode());
    if (http1) {
      request.connection().close();
    }
  }
}
