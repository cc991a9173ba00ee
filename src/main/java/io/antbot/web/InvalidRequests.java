package io.antbot.web;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
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
   * An HTTP/1.1 request without {@code Host} (RFC 9112, 3.2: a 400) answered as a problem;
   * vertx-web's router would answer it with a plain-text 400 and log an error. Returns whether the
   * request was answered.
   */
  static boolean answerMissingHost(HttpServerRequest request) {
    if (request.version() != io.vertx.core.http.HttpVersion.HTTP_1_1
        || request.authority() != null) {
      return false;
    }
    send(request, 400, "Bad Request", "an HTTP/1.1 request needs a Host header");
    return true;
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
    request
        .response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.CONTENT_TYPE)
        .putHeader("X-Correlation-Id", correlationId)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(body.encode());
  }
}
