package io.antbot.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.security.audit.HashChainedAuditLog.Rotation;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditSegmentsTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);
  private static final Rotation SMALL = new Rotation(2048, 0);

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("audit.jsonl");
  }

  private static void appendUsers(HashChainedAuditLog audit, int from, int to) throws Exception {
    for (int i = from; i <= to; i++) {
      audit.append(
          "login_ok",
          new JsonObject().put("user", "user" + i).put("source_ip", "10.0.0." + (i % 250)));
    }
  }

  private static long size(List<Path> files) throws Exception {
    long total = 0;
    for (Path f : files) {
      total += Files.size(f);
    }
    return total;
  }

  @Test
  @DisplayName(
      "past the segment size the active file is sealed by name and the chain goes on in a new one")
  void sealsAndChains() throws Exception {
    try (HashChainedAuditLog audit = HashChainedAuditLog.open(file(), true, CLOCK, SMALL)) {
      appendUsers(audit, 1, 100);
    }
    List<Path> sealed = HashChainedAuditLog.segments(file());
    assertThat(sealed).hasSizeGreaterThan(3);
    assertThat(sealed.get(0).getFileName()).hasToString("audit-000000000001.jsonl");
    for (Path segment : sealed) {
      assertThat(Files.size(segment)).isBetween(2048L, 2048L + 1024);
    }
    AuditVerification result = HashChainedAuditLog.verify(file());
    assertThat(result.intact()).as(result.describe()).isTrue();
    assertThat(result.entries()).isEqualTo(100);
    assertThat(result.segments()).isEqualTo(sealed.size() + 1);
    assertThat(result.describe())
        .isEqualTo("intact: 100 entries in " + (sealed.size() + 1) + " segments");

    // The newest sealed segment's last entry is what the next segment's first entry points at.
    List<String> newestSealed =
        Files.readAllLines(sealed.get(sealed.size() - 1), StandardCharsets.UTF_8);
    JsonObject lastSealed = new JsonObject(newestSealed.get(newestSealed.size() - 1));
    JsonObject firstActive =
        new JsonObject(Files.readAllLines(file(), StandardCharsets.UTF_8).get(0));
    assertThat(firstActive.getLong("seq")).isEqualTo(lastSealed.getLong("seq") + 1);
    assertThat(firstActive.getString("prev")).isEqualTo(lastSealed.getString("hash"));

    List<JsonObject> newest = HashChainedAuditLog.query(file(), e -> true, 30);
    assertThat(newest).extracting(e -> e.getString("user")).first().isEqualTo("user71");
    assertThat(newest).extracting(e -> e.getString("user")).last().isEqualTo("user100");
    assertThat(newest).hasSize(30);
  }

  @Test
  @DisplayName(
      "a start right after a seal (empty active file) continues the chain of the newest sealed segment")
  void reopenAfterSeal() throws Exception {
    try (HashChainedAuditLog audit = HashChainedAuditLog.open(file(), true, CLOCK, SMALL)) {
      while (HashChainedAuditLog.segments(file()).isEmpty()) {
        audit.append("login_ok", new JsonObject().put("user", "u"));
      }
    }
    assertThat(Files.size(file())).isZero();
    Files.delete(file()); // a crash between the rename and the new file: the start creates it
    try (HashChainedAuditLog audit = HashChainedAuditLog.open(file(), true, CLOCK, SMALL)) {
      long before = audit.lastSeq();
      assertThat(before).isGreaterThan(5);
      assertThat(audit.append("after", new JsonObject()).getLong("seq")).isEqualTo(before + 1);
    }
    AuditVerification result = HashChainedAuditLog.verify(file());
    assertThat(result.intact()).as(result.describe()).isTrue();
  }

  @Test
  @DisplayName(
      "under the size cap the oldest segments are deleted, each deletion recorded and vouched for")
  void capPrunesAndVouches() throws Exception {
    Rotation capped = new Rotation(2048, 3 * 2048);
    try (HashChainedAuditLog audit = HashChainedAuditLog.open(file(), true, CLOCK, capped)) {
      appendUsers(audit, 1, 400);
    }
    List<Path> all = HashChainedAuditLog.family(file());
    assertThat(size(all)).as("the trail stays under its cap").isLessThanOrEqualTo(3 * 2048 + 1024);
    AuditVerification result = HashChainedAuditLog.verify(file());
    assertThat(result.intact()).as(result.describe()).isTrue();
    assertThat(result.prunedThrough()).isGreaterThan(300L);
    assertThat(result.describe()).contains("were deleted under the size cap");
    assertThat(HashChainedAuditLog.query(file(), e -> "user400".equals(e.getString("user")), 5))
        .hasSize(1);
    List<JsonObject> pruned =
        HashChainedAuditLog.query(
            file(), e -> HashChainedAuditLog.SEGMENTS_PRUNED.equals(e.getString("type")), 100);
    assertThat(pruned).isNotEmpty();
    assertThat(pruned.get(pruned.size() - 1).getLong("last_seq")).isEqualTo(result.prunedThrough());

    // Deleting the oldest remaining segment by hand is not a pruning: nothing vouches for where the
    // trail starts.
    Files.delete(HashChainedAuditLog.segments(file()).get(0));
    AuditVerification tampered = HashChainedAuditLog.verify(file());
    assertThat(tampered.intact()).isFalse();
    assertThat(tampered.reason())
        .contains("no audit_segment_pruned entry accounts for the entries before it");
  }

  @Test
  @DisplayName(
      "a segment removed from the middle, or a sealed segment cut short, breaks the chain and is named")
  void middleSegmentRemoved() throws Exception {
    try (HashChainedAuditLog audit = HashChainedAuditLog.open(file(), true, CLOCK, SMALL)) {
      appendUsers(audit, 1, 100);
    }
    List<Path> sealed = HashChainedAuditLog.segments(file());
    Path second = sealed.get(1);
    byte[] kept = Files.readAllBytes(second);
    Files.delete(second);
    AuditVerification removed = HashChainedAuditLog.verify(file());
    assertThat(removed.intact()).isFalse();
    assertThat(removed.brokenFile()).isEqualTo(sealed.get(2).getFileName().toString());
    assertThat(removed.brokenLine()).isEqualTo(1);

    Files.write(second, java.util.Arrays.copyOf(kept, kept.length - 5));
    AuditVerification cut = HashChainedAuditLog.verify(file());
    assertThat(cut.intact()).isFalse();
    assertThat(cut.reason()).isEqualTo("a sealed segment ends in an unterminated line");
    assertThat(cut.brokenFile()).isEqualTo(second.getFileName().toString());
  }

  @Test
  @DisplayName(
      "a second writer (the command line) follows a seal made by the first and the chain stays whole")
  void secondWriterFollowsSeal() throws Exception {
    try (HashChainedAuditLog runtime = HashChainedAuditLog.open(file(), true, CLOCK, SMALL);
        HashChainedAuditLog cli = HashChainedAuditLog.open(file(), true, CLOCK)) {
      for (int i = 0; i < 60; i++) {
        runtime.append(
            "login_ok", new JsonObject().put("user", "runtime" + i).put("pad", "x".repeat(40)));
        if (i % 7 == 0) {
          cli.append("user_added", new JsonObject().put("user", "cli" + i));
        }
      }
    }
    assertThat(HashChainedAuditLog.segments(file())).hasSizeGreaterThan(1);
    AuditVerification result = HashChainedAuditLog.verify(file());
    assertThat(result.intact()).as(result.describe()).isTrue();
    assertThat(result.entries()).isEqualTo(60 + 9);
  }

  @Test
  @DisplayName("a cap smaller than two segments is refused")
  void capTooSmall() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Rotation(2048, 3000))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
