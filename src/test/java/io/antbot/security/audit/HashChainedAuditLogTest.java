package io.antbot.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashChainedAuditLogTest {

  @TempDir Path dir;

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

  private Path writeLog(int entries) throws Exception {
    Path file = dir.resolve("audit.jsonl");
    try (HashChainedAuditLog audit = HashChainedAuditLog.open(file, true, CLOCK)) {
      for (int i = 1; i <= entries; i++) {
        audit.append(
            "login_ok", new JsonObject().put("user", "user" + i).put("source_ip", "10.0.0." + i));
      }
    }
    return file;
  }

  private static List<String> lines(Path file) throws Exception {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  private static void rewrite(Path file, List<String> lines) throws Exception {
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("a written log verifies, entry by entry chained to the one before")
  void chainVerifies() throws Exception {
    Path file = writeLog(5);
    AuditVerification result = HashChainedAuditLog.verify(file);
    assertThat(result.intact()).isTrue();
    assertThat(result.entries()).isEqualTo(5);
    assertThat(result.describe()).isEqualTo("intact: 5 entries");
    List<String> lines = lines(file);
    JsonObject first = new JsonObject(lines.get(0));
    JsonObject second = new JsonObject(lines.get(1));
    assertThat(first.getString("prev")).isEqualTo(HashChainedAuditLog.GENESIS);
    assertThat(second.getString("prev")).isEqualTo(first.getString("hash"));
    assertThat(first.fieldNames())
        .containsExactly("seq", "at", "type", "user", "source_ip", "prev", "hash");
    assertThat(first.getString("at")).isEqualTo("2025-01-02T03:04:05Z");
  }

  @Test
  @DisplayName("one changed byte in an entry is found at that entry")
  void changedByte() throws Exception {
    Path file = writeLog(5);
    List<String> lines = lines(file);
    lines.set(2, lines.get(2).replace("user3", "user9"));
    rewrite(file, lines);
    AuditVerification result = HashChainedAuditLog.verify(file);
    assertThat(result.intact()).isFalse();
    assertThat(result.brokenLine()).isEqualTo(3);
    assertThat(result.brokenSeq()).isEqualTo(3);
    assertThat(result.reason())
        .isEqualTo("the entry's content does not match its hash (it was changed)");
  }

  @Test
  @DisplayName("a changed byte in the last entry is found too")
  void changedLastByte() throws Exception {
    Path file = writeLog(3);
    byte[] bytes = Files.readAllBytes(file);
    int at = new String(bytes, StandardCharsets.UTF_8).lastIndexOf("10.0.0.3") + 7;
    bytes[at] = '9';
    Files.write(file, bytes);
    assertThat(HashChainedAuditLog.verify(file).brokenLine()).isEqualTo(3);
  }

  @Test
  @DisplayName("a deleted line breaks the chain at the entry after it")
  void deletedLine() throws Exception {
    Path file = writeLog(5);
    List<String> lines = lines(file);
    lines.remove(1);
    rewrite(file, lines);
    AuditVerification result = HashChainedAuditLog.verify(file);
    assertThat(result.intact()).isFalse();
    assertThat(result.brokenLine()).isEqualTo(2);
    assertThat(result.brokenSeq()).isEqualTo(3);
    assertThat(result.describe())
        .startsWith("broken at line 2 of audit.jsonl (seq 3): seq 3 where 2 was expected");
  }

  @Test
  @DisplayName("two swapped lines break the chain at the first of them")
  void reorderedPair() throws Exception {
    Path file = writeLog(5);
    List<String> lines = lines(file);
    String third = lines.get(2);
    lines.set(2, lines.get(3));
    lines.set(3, third);
    rewrite(file, lines);
    AuditVerification result = HashChainedAuditLog.verify(file);
    assertThat(result.intact()).isFalse();
    assertThat(result.brokenLine()).isEqualTo(3);
    assertThat(result.brokenSeq()).isEqualTo(4);
  }

  @Test
  @DisplayName("a line whose seq was renumbered to hide a deletion is still caught by prev")
  void forgedSeq() throws Exception {
    Path file = writeLog(4);
    List<String> lines = lines(file);
    lines.remove(1);
    rewrite(file, lines);
    // Whoever deleted line 2 and could recompute hashes would have to rewrite every later line;
    // without that, prev breaks.
    assertThat(HashChainedAuditLog.verify(file).intact()).isFalse();
  }

  @Test
  @DisplayName("an unterminated last line is reported as torn, not broken, and moved aside on open")
  void tornTail() throws Exception {
    Path file = writeLog(3);
    Files.write(
        file,
        "{\"seq\":4,\"at\":\"2025".getBytes(StandardCharsets.UTF_8),
        java.nio.file.StandardOpenOption.APPEND);
    AuditVerification result = HashChainedAuditLog.verify(file);
    assertThat(result.intact()).isTrue();
    assertThat(result.entries()).isEqualTo(3);
    assertThat(result.tornLine()).isEqualTo(4);
    assertThat(result.tornBytes()).isEqualTo(19);
    assertThat(result.describe())
        .isEqualTo("intact: 3 entries; torn last line 4 (19 bytes, an interrupted append)");

    try (HashChainedAuditLog audit = HashChainedAuditLog.open(file, true, CLOCK)) {
      assertThat(audit.lastSeq()).isEqualTo(4);
      assertThat(audit.setAside())
          .singleElement()
          .satisfies(
              aside -> {
                assertThat(aside.getLong("bytes")).isEqualTo(19);
                assertThat(aside.getString("reason"))
                    .isEqualTo("an unterminated last line (an interrupted append)");
              });
      audit.append("login_failed", new JsonObject().put("user", "x"));
    }
    AuditVerification after = HashChainedAuditLog.verify(file);
    assertThat(after.intact()).isTrue();
    assertThat(after.entries()).isEqualTo(5);
    assertThat(HashChainedAuditLog.query(file, e -> true, 10))
        .extracting(e -> e.getString("type"))
        .containsExactly(
            "login_ok", "login_ok", "login_ok", HashChainedAuditLog.TAIL_SET_ASIDE, "login_failed");
    assertThat(after.tornLine()).isNull();
    try (var aside = Files.list(dir)) {
      assertThat(aside.map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.startsWith("audit.jsonl.torn-"));
    }
  }

  @Test
  @DisplayName(
      "a 70,000-character field is written as its start, length and digest: the line reads back")
  void oversizedFieldsAreBounded() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    String name = "x".repeat(70_000);
    JsonArray changes = new JsonArray();
    for (int i = 0; i < 2000; i++) {
      changes.add(new JsonObject().put("key", "k" + i).put("new", "v".repeat(20)));
    }
    try (HashChainedAuditLog audit = HashChainedAuditLog.open(file, true, CLOCK)) {
      JsonObject written =
          audit.append("login_failed", new JsonObject().put("user", name).put("changes", changes));
      assertThat(written.getJsonObject("user").getInteger("truncated_chars")).isEqualTo(70_000);
      assertThat(written.getJsonObject("user").getString("prefix")).hasSize(256);
      assertThat(written.getJsonObject("user").getString("sha256")).hasSize(64);
      assertThat(written.getJsonObject("changes").getString("sha256")).hasSize(64);
      JsonObject many = new JsonObject();
      for (int i = 0; i < 40; i++) {
        many.put("f" + i, "y".repeat(2000));
      }
      assertThat(audit.append("wide", many).fieldNames()).contains("oversized_fields");
    }
    assertThat(lines(file)).allSatisfy(line -> assertThat(line.length()).isLessThan(64 * 1024));
    try (HashChainedAuditLog audit = HashChainedAuditLog.open(file, true, CLOCK)) {
      assertThat(audit.lastSeq()).isEqualTo(2);
      assertThat(audit.setAside()).isEmpty();
    }
    assertThat(HashChainedAuditLog.verify(file).describe()).isEqualTo("intact: 2 entries");
  }

  @Test
  @DisplayName(
      "a damaged last entry, or one longer than any entry (an older version's), is set aside at open")
  void damagedLastLinesSetAside() throws Exception {
    Path file = writeLog(3);
    List<String> lines = lines(file);
    lines.set(2, lines.get(2).replace("user3", "userX"));
    lines.add("{\"seq\":4,\"user\":\"" + "z".repeat(100_000) + "\"}");
    Files.write(file, lines, StandardCharsets.UTF_8);
    assertThat(HashChainedAuditLog.verify(file).intact()).isFalse();

    try (HashChainedAuditLog audit = HashChainedAuditLog.open(file, true, CLOCK)) {
      assertThat(audit.setAside())
          .extracting(aside -> aside.getString("reason"))
          .containsExactly(
              "a last entry that cannot be read (not an audit entry (no hash at the end of the line))",
              "a last entry that cannot be read (the entry's content does not match its hash (it was changed))");
      assertThat(audit.lastSeq()).isEqualTo(4);
    }
    AuditVerification after = HashChainedAuditLog.verify(file);
    assertThat(after.describe()).isEqualTo("intact: 4 entries");
    try (var aside = Files.list(dir)) {
      assertThat(
              aside
                  .filter(p -> p.getFileName().toString().startsWith("audit.jsonl.torn-"))
                  .mapToLong(p -> p.toFile().length())
                  .sum())
          .isGreaterThan(100_000);
    }
  }

  @Test
  @DisplayName("two writers on one file (service and command line) keep one unbroken chain")
  void twoWriters() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    try (HashChainedAuditLog a = HashChainedAuditLog.open(file, false, CLOCK);
        HashChainedAuditLog b = HashChainedAuditLog.open(file, false, CLOCK)) {
      for (int i = 0; i < 10; i++) {
        (i % 3 == 0 ? b : a).append("user_updated", new JsonObject().put("n", i));
      }
    }
    AuditVerification result = HashChainedAuditLog.verify(file);
    assertThat(result.intact()).as(result.describe()).isTrue();
    assertThat(result.entries()).isEqualTo(10);
  }

  @Test
  @DisplayName("reserved field names are refused; queries filter and keep the newest entries")
  void fieldsAndQuery() throws Exception {
    Path file = writeLog(6);
    try (HashChainedAuditLog audit = HashChainedAuditLog.open(file, false, CLOCK)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> audit.append("x", new JsonObject().put("hash", "forged")))
          .hasMessage("audit field name reserved by the log: hash");
    }
    List<JsonObject> found =
        HashChainedAuditLog.query(file, e -> e.getString("user").compareTo("user2") > 0, 2);
    assertThat(found).extracting(e -> e.getString("user")).containsExactly("user5", "user6");
  }

  @Test
  @DisplayName("kill -9 during appends leaves a log that verifies up to its last whole entry")
  void killedWriter() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                AuditAppendLoop.class.getName(),
                file.toString(),
                "200")
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.equals("ready"));
      assertThat(line).as("the child process said ready").isEqualTo("ready");
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    AuditVerification result = HashChainedAuditLog.verify(file);
    assertThat(result.intact()).as(result.describe()).isTrue();
    assertThat(result.entries()).isGreaterThanOrEqualTo(200);
    try (HashChainedAuditLog audit = HashChainedAuditLog.open(file, true, CLOCK)) {
      audit.append("after_crash", new JsonObject());
    }
    AuditVerification after = HashChainedAuditLog.verify(file);
    assertThat(after.intact()).as(after.describe()).isTrue();
    assertThat(after.tornLine()).isNull();
    // A kill in the middle of an append leaves a torn tail: the reopen sets it aside and records
    // that as an entry of its own, before the new one.
    long setAside = result.tornLine() == null ? 0 : 1;
    assertThat(after.entries()).isEqualTo(result.entries() + setAside + 1);
  }
}
