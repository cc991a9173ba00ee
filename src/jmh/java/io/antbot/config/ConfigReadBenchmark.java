package io.antbot.config;

import io.antbot.bus.ConfigChange;
import io.antbot.bus.ConfigGetRequest;
import io.antbot.client.ConfigClient;
import io.antbot.client.ConfigView;
import io.antbot.testing.TestConf;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reading one key of the configuration.
 *
 * <ul>
 *   <li>{@code configGet}: {@code antbot.config.get} through {@link ConfigClient} and the config
 *       service, against a bare echo consumer that replies the same {@code {key, value, version}}
 *       body — the cost of the service machinery (decoding, correlation, lookup, redaction) on top
 *       of the bus round trip itself.
 *   <li>{@code viewGet}: {@link ConfigView#get(String)} against {@link HashMap#get(Object)} on the
 *       same flattened configuration — the local copy is meant to cost no more than a map lookup.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class ConfigReadBenchmark {

  private static final String KEY = "trading.max_position_size";
  private static final String ECHO = "bench.config.echo";

  private Vertx vertx;
  private Path root;
  private ConfigClient client;
  private ConfigView view;
  private Map<String, Object> map;
  private JsonObject request;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    vertx = Vertx.vertx();
    root = Files.createTempDirectory("antbot-bench");
    Path conf = Files.createDirectories(root.resolve("conf"));
    TestConf.copyShipped(conf);
    TestConf.deployConfig(
            vertx,
            conf,
            "production",
            new JsonObject()
                .put(
                    "core",
                    new JsonObject()
                        .put("state_dir", root.resolve("state").toString())
                        .put("hot_reload", false)))
        .await(10, TimeUnit.SECONDS);
    client = new ConfigClient(vertx);
    view = ConfigView.open(vertx, client).await(10, TimeUnit.SECONDS);
    JsonObject reply = new JsonObject().put("key", KEY).put("value", 0.1).put("version", 1L);
    vertx
        .eventBus()
        .<JsonObject>consumer(ECHO, message -> message.reply(reply))
        .completion()
        .await(10, TimeUnit.SECONDS);
    request = new ConfigGetRequest(KEY, null, false).toJson();
    map = new HashMap<>(ConfigChange.leaves(view.snapshot()));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    view.close();
    vertx.close().await(10, TimeUnit.SECONDS);
    try (var files = Files.walk(root)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Benchmark
  public Object configGet_ours() throws Exception {
    return client.get(KEY).await(10, TimeUnit.SECONDS);
  }

  @Benchmark
  public Object configGet_baseline() throws Exception {
    return vertx
        .eventBus()
        .<JsonObject>request(ECHO, request)
        .await(10, TimeUnit.SECONDS)
        .body()
        .getValue("value");
  }

  @Benchmark
  public Object viewGet_ours() {
    return view.get(KEY);
  }

  @Benchmark
  public Object viewGet_baseline() {
    return map.get(KEY);
  }
}
