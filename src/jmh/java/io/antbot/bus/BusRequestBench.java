package io.antbot.bus;

import io.antbot.client.ConfigClient;
import io.antbot.testing.TestConf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Request–reply through the typed client to the config service ({@code antbot.config.get}) against
 * a bare event-bus consumer that answers the same reply body. Each invocation keeps {@value
 * #IN_FLIGHT} requests in flight, as a busy bot would, and waits for all replies.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BusRequestBench {

  static final int IN_FLIGHT = 64;
  private static final String ECHO = "bench.echo";

  private Vertx vertx;
  private ConfigClient client;
  private JsonObject request;
  private JsonObject reply;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    vertx = Vertx.vertx();
    Path conf = TestConf.copyShipped(Files.createTempDirectory("antbot-bench"));
    TestConf.deployConfig(vertx, conf, "production", new JsonObject()).await();
    client = new ConfigClient(vertx);
    request = new ConfigGetRequest("trading.max_position_size", null, false).toJson();
    reply =
        new JsonObject()
            .put("key", "trading.max_position_size")
            .put("value", 0.1)
            .put("version", 1);
    vertx
        .eventBus()
        .<JsonObject>consumer(ECHO, message -> message.reply(reply.copy()))
        .completion()
        .await();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    vertx.close().await();
  }

  @Benchmark
  @OperationsPerInvocation(IN_FLIGHT)
  public Object configGet_ours() {
    List<Future<Object>> replies = new ArrayList<>(IN_FLIGHT);
    for (int i = 0; i < IN_FLIGHT; i++) {
      replies.add(client.get("trading.max_position_size"));
    }
    return Future.all(replies).await();
  }

  @Benchmark
  @OperationsPerInvocation(IN_FLIGHT)
  public Object configGet_baseline() {
    List<Future<Object>> replies = new ArrayList<>(IN_FLIGHT);
    for (int i = 0; i < IN_FLIGHT; i++) {
      replies.add(
          vertx
              .eventBus()
              .<JsonObject>request(ECHO, request.copy())
              .map(m -> m.body().getValue("value")));
    }
    return Future.all(replies).await();
  }
}
