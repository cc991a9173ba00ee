package io.antbot.security.threat;

import java.util.Arrays;
import java.util.Optional;

/** Where in a request a scanned value comes from; rules may be limited to some targets. */
public enum ScanTarget {
  PATH("path"),
  QUERY("query"),
  HEADER("header"),
  /** A cookie value or name from the {@code Cookie} header. */
  COOKIE("cookie"),
  BODY("body"),
  /**
   * A lone value scanned outside a request ({@code antbot.security.scan {input}}): every rule
   * applies.
   */
  VALUE("value");

  private final String wireName;

  ScanTarget(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<ScanTarget> fromWireName(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }
}
