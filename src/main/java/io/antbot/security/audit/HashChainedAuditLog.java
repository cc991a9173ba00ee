package io.antbot.security.audit;

import io.antbot.security.crypto.KeyIds;
import io.antbot.security.storage.SecureFiles;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only audit trail in JSON lines where every entry carries the SHA-256 of the entry before it.
 *
 * <p>Each line is {@code {"seq":N,"at":"<ISO-8601>","type":"...",<fields>,"prev":"<hex>","hash":"<hex>"}}:
 * {@code hash} is the SHA-256 of the line's bytes up to (not including) {@code ,"hash":}, and {@code prev} is the
 * previous line's {@code hash} (64 zeros for the first). Changing a byte, deleting a line or swapping two lines
 * breaks the chain at that point, which {@link #verify(Path)} reports. What the chain cannot show is the loss of
 * the newest entries: keep copies elsewhere when that matters.
 *
 * <p>An append writes one whole line with one write call and, when {@code fsync} is on, forces it to disk. A crash
 * in the middle leaves an unterminated last line: {@link #verify} reports it as a torn tail without calling the
 * log broken, and {@link #open} moves it aside (to {@code <file>.torn-<millis>}) before appending again. Appends
 * hold an OS file lock and re-read the tail when another process (the command line) appended meanwhile.
 *
 * <p>A new log file is readable by its owner only. All methods block: call them from a worker thread. Appends are
 * serialized by this object.
 */
public final class HashChainedAuditLog implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(HashChainedAuditLog.class);

  /** The {@code prev} of the first entry. */
  public static final String GENESIS = "0".repeat(64);
  /** Field names the log writes itself; an entry's own fields cannot use them. */
  public static final Set<String> RESERVED = Set.of("seq", "at", "type", "prev", "hash");

  private static final String HASH_MARK = ",\"hash\":\"";
  private static final int HASH_SUFFIX = HASH_MARK.length() + 64 + 2;
  private static final int TAIL_CHUNK = 64 * 1024;

  private final Path file;
  private final FileChannel channel;
  private final Clock clock;
  private final boolean fsync;
  private long knownSize = -1;
  private long lastSeq;
  private String lastHash = GENESIS;

  private HashChainedAuditLog(Path file, FileChannel channel, Clock clock, boolean fsync) {
    this.file = file;
    this.channel = channel;
    this.clock = clock;
    this.fsync = fsync;
  }

  /** Opens (creating if needed) the log at {@code file}; a torn last line is moved aside first. */
  public static HashChainedAuditLog open(Path file, boolean fsync, Clock clock) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      SecureFiles.createPrivateDirectory(dir);
    }
    if (!Files.exists(file)) {
      SecureFiles.createOwnerOnly(file);
    }
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    HashChainedAuditLog audit = new HashChainedAuditLog(file, channel, clock, fsync);
    try {
      FileLock lock = channel.lock();
      try {
        audit.syncTail();
      } finally {
        lock.release();
      }
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return audit;
  }

  public Path file() {
    return file;
  }

  /**
   * Appends an entry of {@code type} with {@code fields} (their order is kept) and returns the line as written.
   *
   * @throws IllegalArgumentException when a field uses a {@linkplain #RESERVED reserved} name
   */
  public synchronized JsonObject append(String type, JsonObject fields) throws IOException {
    for (String name : fields.fieldNames()) {
      if (RESERVED.contains(name)) {
        throw new IllegalArgumentException("audit field name reserved by the log: " + name);
      }
    }
    FileLock lock = channel.lock();
    try {
      syncTail();
      JsonObject entry = new JsonObject().put("seq", lastSeq + 1).put("at", Instant.now(clock).toString()).put("type", type);
      fields.forEach(field -> entry.put(field.getKey(), field.getValue()));
      entry.put("prev", lastHash);
      String encoded = entry.encode();
      String body = encoded.substring(0, encoded.length() - 1);
      String hash = sha256(body);
      byte[] line = (body + HASH_MARK + hash + "\"}\n").getBytes(StandardCharsets.UTF_8);
      ByteBuffer buffer = ByteBuffer.wrap(line);
      long position = channel.size();
      while (buffer.hasRemaining()) {
        position += channel.write(buffer, position);
      }
      if (fsync) {
        channel.force(false);
      }
      knownSize = position;
      lastSeq++;
      lastHash = hash;
      return entry.put("hash", hash);
    } finally {
      lock.release();
    }
  }

  /** The {@code seq} of the newest entry (0 for an empty log). */
  public synchronized long lastSeq() {
    return lastSeq;
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }

  /** Brings {@link #lastSeq}/{@link #lastHash} up to date with the file (under the lock), cutting a torn tail. */
  private void syncTail() throws IOException {
    long size = channel.size();
    if (size == knownSize) {
      return;
    }
    if (size == 0) {
      lastSeq = 0;
      lastHash = GENESIS;
      knownSize = 0;
      return;
    }
    long start = Math.max(0, size - TAIL_CHUNK);
    ByteBuffer tail = ByteBuffer.allocate((int) (size - start));
    while (tail.hasRemaining()) {
      if (channel.read(tail, start + tail.position()) < 0) {
        break;
      }
    }
    byte[] bytes = tail.array();
    int end = bytes.length;
    if (bytes[end - 1] != '\n') {
      int lastNewline = lastIndexOf(bytes, end - 1);
      if (lastNewline < 0 && start > 0) {
        throw new IOException("audit log " + file + ": the last line is longer than " + TAIL_CHUNK + " bytes");
      }
      long cut = start + lastNewline + 1;
      moveTornTail(bytes, lastNewline + 1, end, cut);
      size = cut;
      end = lastNewline + 1;
    }
    if (end == 0) {
      lastSeq = 0;
      lastHash = GENESIS;
      knownSize = size;
      return;
    }
    int previousNewline = lastIndexOf(bytes, end - 2);
    if (previousNewline < 0 && start > 0) {
      throw new IOException("audit log " + file + ": the last line is longer than " + TAIL_CHUNK + " bytes");
    }
    String lastLine = new String(bytes, previousNewline + 1, end - previousNewline - 2, StandardCharsets.UTF_8);
    Line parsed = Line.parse(lastLine);
    if (parsed.problem() != null) {
      throw new IOException("audit log " + file + ": the last entry cannot be read (" + parsed.problem()
        + "); run verify-audit and move the file aside");
    }
    lastSeq = parsed.seq();
    lastHash = parsed.hash();
    knownSize = size;
  }

  private void moveTornTail(byte[] bytes, int from, int to, long cut) throws IOException {
    Path aside = file.resolveSibling(file.getFileName() + ".torn-" + clock.millis());
    Files.write(aside, java.util.Arrays.copyOfRange(bytes, from, to));
    channel.truncate(cut);
    channel.force(true);
    log.warn("audit log {}: moved an unterminated last line ({} bytes, an interrupted append) to {}",
      file, to - from, aside);
  }

  private static int lastIndexOf(byte[] bytes, int fromInclusive) {
    for (int i = fromInclusive; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Checks the whole chain of the log at {@code file} (a missing file is an intact, empty log). */
  public static AuditVerification verify(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new AuditVerification(true, 0, null, null, null, null, 0);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return verify(in);
    }
  }

  static AuditVerification verify(InputStream in) throws IOException {
    byte[] content = in.readAllBytes();
    long entries = 0;
    long lineNumber = 0;
    long expectedSeq = 1;
    String expectedPrev = GENESIS;
    int position = 0;
    while (position < content.length) {
      int newline = indexOf(content, position);
      lineNumber++;
      if (newline < 0) {
        return new AuditVerification(true, entries, null, null, null, lineNumber, content.length - position);
      }
      String text = new String(content, position, newline - position, StandardCharsets.UTF_8);
      position = newline + 1;
      Line line = Line.parse(text);
      String problem = line.problem();
      if (problem == null && line.seq() != expectedSeq) {
        problem = "seq " + line.seq() + " where " + expectedSeq + " was expected (an entry is missing or out of order)";
      }
      if (problem == null && !line.prev().equals(expectedPrev)) {
        problem = "prev does not match the hash of the entry before (an entry was removed, reordered or changed)";
      }
      if (problem != null) {
        return new AuditVerification(false, entries, lineNumber, line.seq() < 0 ? null : line.seq(), problem, null, 0);
      }
      entries++;
      expectedSeq++;
      expectedPrev = line.hash();
    }
    return new AuditVerification(true, entries, null, null, null, null, 0);
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /**
   * The entries of the log that {@code filter} accepts, oldest first, at most the newest {@code limit} of them.
   * Unreadable lines and a torn tail are skipped (verification is where they are reported).
   */
  public static List<JsonObject> query(Path file, Predicate<JsonObject> filter, int limit) throws IOException {
    Deque<JsonObject> newest = new ArrayDeque<>();
    if (!Files.exists(file)) {
      return List.of();
    }
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
      String text;
      while ((text = reader.readLine()) != null) {
        JsonObject entry;
        try {
          entry = new JsonObject(text);
        } catch (DecodeException e) {
          continue;
        }
        if (filter.test(entry)) {
          newest.addLast(entry);
          if (newest.size() > limit) {
            newest.removeFirst();
          }
        }
      }
    }
    return new ArrayList<>(newest);
  }

  static String sha256(String text) {
    return HexFormat.of().formatHex(KeyIds.sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** One parsed line: its seq, prev and hash, or the problem that makes it unreadable. */
  private record Line(long seq, String prev, String hash, String problem) {

    static Line parse(String text) {
      int mark = text.length() - HASH_SUFFIX;
      if (mark < 1 || !text.startsWith(HASH_MARK, mark) || !text.endsWith("\"}")) {
        return new Line(-1, null, null, "not an audit entry (no hash at the end of the line)");
      }
      String hash = text.substring(mark + HASH_MARK.length(), text.length() - 2);
      JsonObject entry;
      try {
        entry = new JsonObject(text);
      } catch (DecodeException e) {
        return new Line(-1, null, hash, "not valid JSON");
      }
      Object seq = entry.getValue("seq");
      long seqValue = seq instanceof Number number ? number.longValue() : -1;
      if (!sha256(text.substring(0, mark)).equals(hash)) {
        return new Line(seqValue, null, hash, "the entry's content does not match its hash (it was changed)");
      }
      Object prev = entry.getValue("prev");
      if (seqValue < 1 || !(prev instanceof String prevText)) {
        return new Line(seqValue, null, hash, "seq or prev is missing");
      }
      return new Line(seqValue, prevText, hash, null);
    }
  }
}
