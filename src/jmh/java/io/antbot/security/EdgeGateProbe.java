package io.antbot.security;

import io.antbot.bus.Addresses;
import io.antbot.bus.EdgeGate;
import io.antbot.bus.EdgeInspection;
import io.antbot.bus.LocalServices;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class EdgeGateProbe {
  private BenchServices services;
  private EdgeGate gate;
  private String token;

  @Setup(Level.Trial)
  public void setUp() {
    services = new BenchServices(new JsonObject().put("security", new JsonObject().put("rate_limits",
      new JsonObject().put("policies", new JsonObject()
        .put("ip", new JsonObject().put("capacity", 1_000_000_000).put("refill", 1_000_000_000))
        .put("user", new JsonObject().put("capacity", 1_000_000_000).put("refill", 1_000_000_000))))));
    token = services.vertx.eventBus().<JsonObject>request(Addresses.SECURITY_LOGIN, new JsonObject()
        .put("username", "admin").put("password", BenchServices.PASSWORD).put("source_ip", "127.0.0.1"))
      .await().body().getString("access_token");
    gate = LocalServices.lookup(services.vertx, LocalServices.EDGE_GATE, EdgeGate.class).orElseThrow();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    services.close();
  }

  @Benchmark
  public Object admit() {
    return gate.admit("127.0.0.1", null, "api").result();
  }

  @Benchmark
  public Object inspect() {
    return gate.inspect(new EdgeInspection("127.0.0.1", "GET", "/api/v1/auth/me", null,
      Map.of("host", List.of("127.0.0.1:18123")), null, null, token, null, null, "*", true)).result();
  }

  @Benchmark
  public Object inspectAnonymous() {
    return gate.inspect(new EdgeInspection("127.0.0.1", "GET", "/api/v1/auth/me", null,
      Map.of("host", List.of("127.0.0.1:18123")), null, null, null, null, null, "*", false)).result();
  }
}
