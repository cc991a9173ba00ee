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

  @TempDir Path dir;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName(
      "edge entries beyond the bounded queue are shed and counted; the trail says how many; others never")
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
    assertThat(entries.stream().filter(e -> "config_changed".equals(e.getString("type"))))
        .hasSize(1);
    assertThat(entries.stream().filter(e -> "audit_entries_shed".equals(e.getString("type"))))
        .singleElement()
        .satisfies(e -> assertThat(e.getLong("count")).isEqualTo(extra));
    assertThat(HashChainedAuditLog.verify(trail.file()).intact()).isTrue();
    trail.close().await();
  }

  @Test
  @DisplayName(
      "entries the disk refuses wait in memory, in order, are written when it takes them, and a stop fails "
          + "while any still wait")
  void refusedEntriesWaitAndAreWritten() throws Exception {
    Path full = Path.of("/dev/full");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.exists(full), "needs Linux /dev/full");
    FileWorker worker = new FileWorker(vertx, "audit-test");
    AuditTrail trail = AuditTrail.open(worker, dir, true, Clock.systemUTC()).await();
    trail.record("login_ok", new JsonObject().put("user", "before")).await();

    // The disk fills: the active file is swapped for /dev/full, whose every write fails with
    // ENOSPC.
    Path file = trail.file();
    Path real = dir.resolve("real.jsonl");
    java.nio.file.Files.move(file, real);
    java.nio.file.Files.createSymbolicLink(file, full);
    trail.record("config_changed", new JsonObject().put("version", 2)).await();
    trail.record("user_added", new JsonObject().put("user", "carol")).await();
    trail.recordSheddable("rate_limited", new JsonObject().put("n", 1)).await();
    assertThat(trail.unwritten()).isEqualTo(2);
    assertThat(trail.retry().await()).isEqualTo(2);

    // A stop now cannot write them: it fails, and says so.
    FileWorker second = new FileWorker(vertx, "audit-test-2");
    AuditTrail doomed =
        AuditTrail.open(second, dir.resolve("other"), true, Clock.systemUTC()).await();
    Path otherFile = doomed.file();
    java.nio.file.Files.delete(otherFile);
    java.nio.file.Files.createSymbolicLink(otherFile, full);
    doomed.record("login_ok", new JsonObject().put("user", "lost")).await();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> doomed.close().await())
        .hasMessageContaining("1 audit entries could not be written");

    // Space returns: the waiting entries are written first, in order, marked with when they
    // happened.
    java.nio.file.Files.delete(file);
    java.nio.file.Files.move(real, file);
    trail.record("login_ok", new JsonObject().put("user", "after")).await();
    assertThat(trail.unwritten()).isZero();
    List<JsonObject> entries = HashChainedAuditLog.query(file, e -> true, 100);
    assertThat(entries)
        .extracting(e -> e.getString("type"))
        .containsExactly("login_ok", "config_changed", "user_added", "login_ok");
    assertThat(entries.get(1).getString("delayed_from")).isNotBlank();
    assertThat(entries.get(3).getString("delayed_from")).isNull();
    assertThat(HashChainedAuditLog.verify(file).intact()).isTrue();
    trail.close().await();
  }
}
