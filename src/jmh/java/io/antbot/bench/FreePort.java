package io.antbot.bench;

import java.io.IOException;
import java.net.ServerSocket;

/** Prints a free TCP port on 127.0.0.1, for the benchmark scripts. */
public final class FreePort {

  private FreePort() {}

  public static void main(String[] args) throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      System.out.println(socket.getLocalPort());
    }
  }
}
