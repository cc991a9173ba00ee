package io.antbot.bench;

import io.antbot.testing.FreePorts;
import java.io.IOException;

/**
 * Prints a free TCP port below the ephemeral range ({@link FreePorts}), for the benchmark scripts.
 */
public final class FreePort {

  private FreePort() {}

  public static void main(String[] args) throws IOException {
    System.out.println(FreePorts.next());
  }
}
