package io.antbot.bridge;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.parsetools.RecordParser;

/**
 * The baseline of the bridge benchmark: a bare Vert.x {@code NetServer} that reads the bridge's
 * length-prefixed frames and answers each {@code send} with a reply carrying a fixed body, and each
 * {@code ping} with a {@code pong}; no authentication, no authorization, no bus. Args: {@code port
 * body-json}.
 */
public final class BareBridgeMain {

  private BareBridgeMain() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    JsonObject body = new JsonObject(args.length > 1 ? args[1] : "{}");
    Vertx vertx = Vertx.vertx();
    vertx
        .createNetServer(
            new NetServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
        .connectHandler(
            socket -> {
              RecordParser parser = RecordParser.newFixed(4);
              boolean[] header = {true};
              parser.handler(
                  buffer -> {
                    if (header[0]) {
                      header[0] = false;
                      parser.fixedSizeMode(buffer.getInt(0));
                      return;
                    }
                    header[0] = true;
                    parser.fixedSizeMode(4);
                    JsonObject frame = new JsonObject(buffer);
                    JsonObject answer =
                        "ping".equals(frame.getString("type"))
                            ? new JsonObject().put("type", "pong")
                            : new JsonObject()
                                .put("type", "message")
                                .put("address", frame.getString("replyAddress"))
                                .put("send", true)
                                .put("headers", new JsonObject())
                                .put("body", body);
                    if (answer.getString("address") != null
                        || answer.getString("type").equals("pong")) {
                      Buffer json = answer.toBuffer();
                      socket.write(Buffer.buffer().appendInt(json.length()).appendBuffer(json));
                    }
                  });
              socket.handler(parser);
            })
        .listen()
        .onSuccess(server -> System.out.println("bare bridge listening on " + server.actualPort()))
        .onFailure(
            failure -> {
              failure.printStackTrace();
              System.exit(1);
            });
  }
}
