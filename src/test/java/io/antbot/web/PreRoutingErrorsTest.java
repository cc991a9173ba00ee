package io.antbot.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What the HTTP server answers before any route sees a request — a request line or a header block
 * too large, a request without {@code Host} — sent as raw bytes over a socket: problem+json with a
 * correlation id, never a bare status line, and never an ERROR in the log; a bearer token over the
 * JWT limit meets that limit (401), not the server's header limit.
 */
class PreRoutingErrorsTest {

  @TempDir static Path dir;

  private static Vertx vertx;
  private static ApiRuntime runtime;
  private static final ListAppender<ILoggingEvent> errors = new ListAppender<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    runtime = ApiRuntime.start(vertx, dir);
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    errors.start();
    root.addAppender(errors);
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(errors);
    vertx.close().await();
  }

  @Test
  @DisplayName(
      "414, 431 and 400 before routing are problem+json with a correlation id; no ERROR is logged")
  void invalidRequestsAreProblems() throws Exception {
    String longLine = raw("GET /api/v1/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertProblem(longLine, 414, "the request line is too long");
    String hugeHeaders =
        raw("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(40_000) + "\r\n\r\n");
    assertProblem(hugeHeaders, 431, "the request headers are larger than 32768 bytes");
    String noHost = raw("GET /api/v1/openapi.json HTTP/1.1\r\n\r\n");
    assertThat(status(noHost)).isEqualTo(400);
    assertThat(noHost.toLowerCase()).contains("content-type: application/problem+json");
    assertThat(errors.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR)))
        .as("ERROR log lines")
        .isEmpty();
  }

  @Test
  @DisplayName(
      "a query string with broken percent-encoding is a 400 problem saying the request could not be read")
  void brokenQueryEncodingIsAProblem() throws Exception {
    for (String query : new String[] {"?%", "?q=%E0%A4%A", "?q=%zz"}) {
      String answer =
          raw(
              "GET /api/v1/config/trading.base_currency"
                  + query
                  + " HTTP/1.1\r\nHost: x\r\n"
                  + "Connection: close\r\n\r\n");
      assertThat(status(answer)).as(query + ": " + answer).isEqualTo(400);
      assertThat(answer.toLowerCase()).contains("content-type: application/problem+json");
      assertThat(body(answer).getString("detail"))
          .as(query)
          .startsWith("the request could not be read")
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
    }
  }

  @Test
  @DisplayName(
      "a 10,000-byte bearer token is refused by the token check (401 naming the limit), not with a 431")
  void oversizedTokenMeetsTheJwtLimit() throws Exception {
    String answer =
        raw(
            "GET /api/v1/auth/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + "e".repeat(10_000)
                + "\r\nConnection: close\r\n\r\n");
    assertThat(status(answer)).isEqualTo(401);
    assertThat(body(answer).getString("detail")).contains("token too large");
  }

  @Test
  @DisplayName(
      "a form body (multipart or urlencoded) is a 400 problem: on a GET not a 500, on a POST with a"
          + " broken query not a request left unanswered")
  void formContentTypeOnGetIsAProblem() throws Exception {
    for (String type :
        new String[] {"multipart/form-data; boundary=x", "application/x-www-form-urlencoded"}) {
      String answer =
          raw(
              "GET /api/v1/config HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + runtime.token("admin")
                  + "\r\nContent-Type: "
                  + type
                  + "\r\nConnection: close\r\n\r\n");
      assertThat(status(answer)).as(answer).isEqualTo(400);
      assertThat(body(answer).getString("detail")).isEqualTo("a GET request carries no form body");
      // A POST with a form and a query that cannot be decoded used to get no answer at all.
      String post =
          raw(
              "POST /api/v1/config/validate?% HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + runtime.token("admin")
                  + "\r\nContent-Type: "
                  + type
                  + "\r\nContent-Length: 3\r\nConnection: close\r\n\r\na=b");
      assertThat(status(post)).as(post).isEqualTo(400);
      assertThat(post.toLowerCase()).contains("content-type: application/problem+json");
    }
  }

  @Test
  @DisplayName(
      "an ambiguous header block (two Host, Authorization or Content-Type lines, a Transfer-Encoding"
          + " other than one chunked, a Host that is no host) is a 400 problem that closes the"
          + " connection: the request behind it is never read")
  void ambiguousHeadersAreRefused() throws Exception {
    String auth = "Authorization: Bearer " + runtime.token("admin") + "\r\n";
    String me = "GET /api/v1/auth/me HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n";
    String validate =
        "POST /api/v1/config/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\n"
            + auth;
    String yaml = "trading:\n  dry_run: true\n";
    String chunkedBody = "\r\n\r\n19\r\n" + yaml + "\r\n0\r\n\r\n";
    String[][] cases = {
      {"GET /health/live HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", "more than one Host header"},
      {"GET /health/live HTTP/1.1\r\nHost: x\r\nhost: x\r\n\r\n", "more than one Host header"},
      {
        "GET /api/v1/auth/me HTTP/1.1\r\nHost: x\r\n" + auth + "Authorization: Bearer e30\r\n\r\n",
        "more than one Authorization header"
      },
      {
        validate + "Content-Type: text/plain\r\nContent-Length: 25\r\n\r\n" + yaml,
        "more than one Content-Type header"
      },
      {
        validate + "Transfer-Encoding: chunked, identity" + chunkedBody,
        "Transfer-Encoding must be a single chunked, the only transfer coding accepted"
      },
      {
        validate + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked" + chunkedBody,
        "Transfer-Encoding must be a single chunked, the only transfer coding accepted"
      },
      {
        "GET /health/live HTTP/1.1\r\nHost: x:notaport\r\n\r\n",
        "the Host header is not a host name or address with an optional port"
      },
    };
    for (String[] c : cases) {
      // The second request would be answered on a connection left open.
      String answer = raw(c[0] + me, false);
      assertThat(answer).as(c[0]).containsOnlyOnce("HTTP/1.1 ");
      assertProblem(answer, 400, c[1]);
      assertThat(answer).as(c[0]).containsOnlyOnce("HTTP/1.1 ");
      assertThat(answer.toLowerCase()).contains("connection: close");
    }
    // One chunked line is a body like any other; a single Host, Authorization and Content-Type
    // pass.
    String chunked = raw(validate + "Transfer-Encoding: chunked" + chunkedBody + me, false);
    assertThat(status(chunked)).as(chunked).isEqualTo(200);
    assertThat(chunked).contains("\"valid\":true").contains("\"user\":\"admin\"");
  }

  @Test
  @DisplayName(
      "a request target that is no path (OPTIONS *, CONNECT) is a 404 problem and an Expect other"
          + " than 100-continue a 400 problem, not vertx-web's plain-text answers")
  void targetsWithoutPathAndUnknownExpectationsAreProblems() throws Exception {
    assertProblem(
        raw("OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        404,
        "no route for OPTIONS *");
    assertProblem(
        raw(
            "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nConnection: close\r\n\r\n"),
        404,
        "no route for CONNECT example.com:443");
    assertProblem(
        raw(
            "PUT /api/v1/config/trading.dry_run HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n"
                + "Content-Type: application/json\r\nContent-Length: 14\r\nConnection: close\r\n\r\n"
                + "{\"value\":true}"),
        400,
        "Expect: only 100-continue is understood, got 200-ok");
  }

  private static void assertProblem(String answer, int status, String detail) {
    assertThat(status(answer)).as(answer).isEqualTo(status);
    assertThat(answer.toLowerCase())
        .contains("content-type: application/problem+json")
        .contains("x-content-type-options: nosniff");
    JsonObject body = body(answer);
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("detail")).isEqualTo(detail);
    assertThat(body.getString("correlation_id")).hasSize(32);
  }

  private static int status(String answer) {
    return Integer.parseInt(answer.substring(9, 12));
  }

  private static JsonObject body(String answer) {
    String text = answer.substring(answer.indexOf("\r\n\r\n") + 4);
    return new JsonObject(text.substring(text.indexOf('{'), text.lastIndexOf('}') + 1));
  }

  private static String raw(String request) throws Exception {
    return raw(request, true);
  }

  /**
   * What the server answers to {@code request}: its first answer when {@code firstOnly}, else all
   * it sends until it closes the connection or stays silent for a second.
   */
  private static String raw(String request, boolean firstOnly) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", runtime.port)) {
      socket.setSoTimeout(firstOnly ? 10_000 : 1_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      try {
        while ((n = in.read(buffer)) > 0) {
          answer.write(buffer, 0, n);
          if (firstOnly
              && answer.toString(StandardCharsets.UTF_8).contains("\r\n\r\n")
              && complete(answer)) {
            break;
          }
        }
      } catch (java.net.SocketTimeoutException e) {
        if (firstOnly) {
          throw e;
        }
      } catch (java.net.SocketException e) {
        // The server closes after an invalid request; what arrived is the answer.
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }

  private static boolean complete(ByteArrayOutputStream answer) {
    String text = answer.toString(StandardCharsets.UTF_8);
    int headersEnd = text.indexOf("\r\n\r\n");
    String headers = text.substring(0, headersEnd).toLowerCase();
    int at = headers.indexOf("content-length: ");
    if (at < 0) {
      return false;
    }
    int length =
        Integer.parseInt(headers.substring(at + 16).lines().findFirst().orElse("0").strip());
    return text.length() - headersEnd - 4 >= length;
  }
}
