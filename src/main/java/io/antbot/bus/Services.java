package io.antbot.bus;

import java.util.List;

/** Names of the runtime's services, in deployment order. */
public final class Services {

  private Services() {}

  public static final String CONFIG = "config";
  public static final String SECURITY = "security";
  public static final String LOGGING = "logging";
  public static final String METRICS = "metrics";
  public static final String HTTP = "http";

  /**
   * The seed's order: configuration first, security before any external access, then logging,
   * metrics, HTTP.
   */
  public static final List<String> DEPLOYMENT_ORDER =
      List.of(CONFIG, SECURITY, LOGGING, METRICS, HTTP);
}
