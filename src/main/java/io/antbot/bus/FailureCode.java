package io.antbot.bus;

/**
 * The failure codes shared by every service, used as {@code message.fail(code, text)} on the bus
 * and mapped one-to-one to HTTP statuses.
 */
public enum FailureCode {
  BAD_REQUEST(400, "Bad Request"),
  UNAUTHENTICATED(401, "Unauthorized"),
  FORBIDDEN(403, "Forbidden"),
  NOT_FOUND(404, "Not Found"),
  CONFLICT(409, "Conflict"),
  TOO_LARGE(413, "Content Too Large"),
  RATE_LIMITED(429, "Too Many Requests"),
  INTERNAL(500, "Internal Server Error"),
  NOT_READY(503, "Service Unavailable");

  private final int code;
  private final String title;

  FailureCode(int code, String title) {
    this.code = code;
    this.title = title;
  }

  /** The numeric code, identical to the HTTP status. */
  public int code() {
    return code;
  }

  /** The HTTP reason phrase, used as the problem+json {@code title}. */
  public String title() {
    return title;
  }

  /** The code for a number; anything unknown is {@link #INTERNAL}. */
  public static FailureCode of(int code) {
    for (FailureCode failure : values()) {
      if (failure.code == code) {
        return failure;
      }
    }
    return INTERNAL;
  }
}
