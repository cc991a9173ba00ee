package io.antbot.bus;

/** Lifecycle of a service, as reported on its status address. */
public enum ServiceState {
  STARTING,
  READY,
  STOPPING,
  FAILED;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
