package io.antbot.launcher;

/**
 * A service that could not start: its message is the one line the command line prints, {@code
 * <service>: <cause>}.
 */
public class StartupException extends RuntimeException {

  private final String service;

  public StartupException(String service, Throwable cause) {
    super(service + ": " + oneLine(cause), cause, false, false);
    this.service = service;
  }

  public String service() {
    return service;
  }

  private static String oneLine(Throwable cause) {
    String text =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return text.replaceAll("[\\r\\n]+", " ").strip();
  }
}
