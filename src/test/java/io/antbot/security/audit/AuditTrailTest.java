package io.antbot.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.security.storage.FileWorker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTrailTest {

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName("edge entries beyond the bounded queue are shed and counted; the trail says how many; others never")
  void shedsOnlyEdgeEntriesAndSaysSo() throws Exception {
    FileWorker worker = new FileWorker(vertx, "audit-test");
    AuditTrail trail = AuditTrail.open(worker, dir, false, Clock.systemUTC()).await();
    CountDownLatch stalled = new CountDownLatch(1);
    Future<Object> disk = worker.run(() -> stalled.await(30, TimeUnit.SECONDS));
    List<Future<Void>> written = new ArrayList<>();
    int extra = 250;
    for (int i = 0; i < AuditTrail.MAX_PENDING_EDGE_ENTRIES + extra; i++) {
      written.add(trail.recordSheddable("rate_limited", new JsonObject().put("n", i)));
    }
    written.add(trail.record("config_changed", new JsonObject().put("version", 7)));
    assertThat(trail.shed()).isEqualTo(extra);
    stalled.countDown();
    disk.await();
    Future.all(written).await();
    trail.recordSheddable("rate_limited", new JsonObject().put("n", "after")).await();

    List<JsonObject> entries = HashChainedAuditLog.query(trail.file(), e -> true, 10_000);
    assertThat(entries.stream().filter(e -> "rate_limited".equals(e.getString("type"))))
      .hasSize(AuditTrail.MAX_PENDING_EDGE_ENTRIES + 1);
    assertThat(entries.stream().filter(e -> "config_changed".equals(e.getString("type")))).hasSize(1);
    assertThat(entries.stream().filter(e -> "audit_entries_shed".equals(e.getString("type"))))
      .singleElement().satisfies(e -> assertThat(e.getLong("count")).isEqualTo(extra));
    assertThat(HashChainedAuditLog.verify(trail.file()).intact()).isTrue();
    trail.close().await();
  }
}
