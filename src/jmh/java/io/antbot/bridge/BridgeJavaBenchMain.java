package io.antbot.bridge;

import io.antbot.bus.Addresses;
import io.antbot.launcher.AntBot;
import io.antbot.launcher.LaunchOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A Java client's round trips to {@code antbot.config.get} through the runtime's TCP bridge (a
 * plain socket speaking the bridge protocol, one request at a time) against the same call over the
 * in-process event bus from a plain thread of the runtime's JVM, awaited one at a time. Both run in
 * this JVM on one runtime started as the launcher starts it (bridge on, free ports), by turns.
 * Args: {@code conf-dir rounds seconds}. Prints one markdown row.
 */
public final class BridgeJavaBenchMain {

  private BridgeJavaBenchMain() {}

  public static void main(String[] args) throws Exception {
    String conf = args[0];
    int rounds = Integer.parseInt(args[1]);
    long seconds = Long.parseLong(args[2]);
    System.setProperty("antbot.bridge.enabled", "true");
    System.setProperty("antbot.bridge.frames_per_second", "100000");
    System.setProperty("antbot.logging.console", "false");
    Vertx vertx = Vertx.vertx();
    AntBot.start(vertx, new LaunchOptions(conf, "staging", 0)).await();
    int port =
        vertx
            .eventBus()
            .<JsonObject>request("antbot.bridge.status", new JsonObject())
            .await()
            .body()
            .getJsonObject("details")
            .getInteger("port");
    vertx
        .eventBus()
        .request(
            Addresses.SECURITY_USERS_ADD,
            new JsonObject()
                .put("username", "benchbot")
                .put("password", "a long passphrase for the bench bot")
                .put("roles", new JsonArray().add("bot")))
        .await();
    String token =
        vertx
            .eventBus()
            .<JsonObject>request(
                Addresses.SECURITY_TOKEN_ISSUE, new JsonObject().put("user", "benchbot"))
            .await()
            .body()
            .getString("access_token");
    JsonObject get = new JsonObject().put("key", "trading.max_position_size");
    List<Double> ours = new ArrayList<>();
    List<Double> base = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setTcpNoDelay(true);
      DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      // The first frame authenticates the connection; later ones carry no token.
      roundTrip(out, in, get, token);
      long warmUntil = System.nanoTime() + 5_000_000_000L;
      while (System.nanoTime() < warmUntil) {
        roundTrip(out, in, get, null);
        vertx.eventBus().request(Addresses.CONFIG_GET, get).await();
      }
      for (int round = 0; round < rounds; round++) {
        double bridge = rate(seconds, () -> roundTrip(out, in, get, null));
        double bus =
            rate(seconds, () -> vertx.eventBus().request(Addresses.CONFIG_GET, get).await());
        ours.add(bridge);
        base.add(bus);
        ratios.add(bridge / bus);
      }
    }
    vertx.close().await();
    System.out.printf(
        "| Java client round trips through the bridge to antbot.config.get vs the same call over the"
            + " in-process bus, one at a time (%d rounds of %ds by turns; medians) | %.0f | %.0f | req/s"
            + " | %.2f |%n",
        rounds, seconds, median(ours), median(base), median(ratios));
    System.exit(0);
  }

  private interface Call {
    void run() throws IOException;
  }

  private static double rate(long seconds, Call call) throws IOException {
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    long calls = 0;
    long now;
    do {
      call.run();
      calls++;
      now = System.nanoTime();
    } while (now < end);
    return calls / ((now - start) / 1e9);
  }

  private static void roundTrip(
      DataOutputStream out, DataInputStream in, JsonObject body, String token) throws IOException {
    JsonObject frame =
        new JsonObject()
            .put("type", "send")
            .put("address", Addresses.CONFIG_GET)
            .put("replyAddress", "r")
            .put("body", body);
    if (token != null) {
      frame.put("headers", new JsonObject().put("authorization", "Bearer " + token));
    }
    byte[] json = frame.encode().getBytes(StandardCharsets.UTF_8);
    out.writeInt(json.length);
    out.write(json);
    out.flush();
    byte[] answer = new byte[in.readInt()];
    in.readFully(answer);
    JsonObject reply = new JsonObject(new String(answer, StandardCharsets.UTF_8));
    if (!"message".equals(reply.getString("type"))) {
      throw new IOException("the bridge answered " + reply.encode());
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
