package io.antbot.security.audit;

import io.antbot.security.crypto.KeyIds;
import io.antbot.security.storage.SecureFiles;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
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
 * log broken, and {@link #open} moves it aside (to {@code <file>.torn-<millis>}) before appending again; a complete
 * last line that cannot be read is set aside the same way, and each set-aside is itself recorded as an
 * {@value #TAIL_SET_ASIDE} entry. Every line written is bounded ({@link #bounded}), so the log never writes what it
 * cannot read back. Appends
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
  /** The type of the entry that records a damaged tail set aside at open: {@code {file, bytes, reason}}. */
  public static final String TAIL_SET_ASIDE = "audit_tail_set_aside";

  private static final String HASH_MARK = ",\"hash\":\"";
  private static final int HASH_SUFFIX = HASH_MARK.length() + 64 + 2;
  private static final int TAIL_CHUNK = 64 * 1024;
  /** A string field longer than this is written as its start, its length and its SHA-256. */
  static final int MAX_VALUE_CHARS = 2048;
  private static final int KEPT_PREFIX_CHARS = 256;
  /** A structured field (a list of config changes, say) longer than this once encoded is written as its digest. */
  static final int MAX_STRUCTURED_CHARS = 16 * 1024;
  /** No line written is longer; a longer one found in the file was not written by this log. */
  static final int MAX_LINE_BYTES = 60 * 1024;
  /** A line read back may be up to this long (lines written by earlier versions were not bounded). */
  private static final int MAX_READ_LINE_BYTES = 1024 * 1024;
  /** How many damaged lines at the end of the log start-up sets aside before it calls the log damaged. */
  private static final int MAX_DAMAGED_TAIL = 8;

  private final Path file;
  private final FileChannel channel;
  private final Clock clock;
  private final boolean fsync;
  private long knownSize = -1;
  private long lastSeq;
  private String lastHash = GENESIS;
  private final List<JsonObject> setAside = new ArrayList<>();

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
      for (JsonObject aside : audit.setAside()) {
        audit.append(TAIL_SET_ASIDE, aside);
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
      bounded(fields).forEach(field -> entry.put(field.getKey(), field.getValue()));
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

  /**
   * Brings {@link #lastSeq}/{@link #lastHash} up to date with the file (under the lock). An unterminated last line (an
   * interrupted append) or a last entry that cannot be read (too long, not JSON, hash mismatch) is set aside, one line
   * at a time, so that start-up never fails on a damaged tail; more than {@link #MAX_DAMAGED_TAIL} damaged lines in a
   * row is no longer a damaged tail but a damaged log, which needs a person.
   */
  private void syncTail() throws IOException {
    long size = channel.size();
    if (size == knownSize) {
      return;
    }
    int damaged = 0;
    while (true) {
      if (size == 0) {
        lastSeq = 0;
        lastHash = GENESIS;
        knownSize = 0;
        return;
      }
      boolean terminated = byteAt(size - 1) == '\n';
      long contentEnd = terminated ? size - 1 : size;
      long lineStart = newlineBefore(contentEnd) + 1;
      String problem;
      Line parsed = null;
      if (!terminated) {
        problem = "an unterminated last line (an interrupted append)";
      } else if (contentEnd - lineStart > MAX_READ_LINE_BYTES) {
        problem = "a last line of " + (contentEnd - lineStart) + " bytes, longer than any entry this log writes";
      } else {
        parsed = Line.parse(read(lineStart, (int) (contentEnd - lineStart)));
        problem = parsed.problem() == null ? null : "a last entry that cannot be read (" + parsed.problem() + ")";
      }
      if (problem == null) {
        lastSeq = parsed.seq();
        lastHash = parsed.hash();
        knownSize = size;
        return;
      }
      if (++damaged > MAX_DAMAGED_TAIL) {
        throw new IOException("audit log " + file + ": the last " + MAX_DAMAGED_TAIL + " lines cannot be read; "
          + "run verify-audit and move the file aside");
      }
      setAside(lineStart, size, problem);
      size = lineStart;
    }
  }

  /** Moves bytes {@code [from, to)} at the end of the file to a side file and cuts the log there. */
  private void setAside(long from, long to, String problem) throws IOException {
    Path aside = file.resolveSibling(file.getFileName() + ".torn-" + clock.millis());
    try (FileChannel out = FileChannel.open(aside, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
      StandardOpenOption.APPEND)) {
      long position = from;
      while (position < to) {
        position += channel.transferTo(position, to - position, out);
      }
      out.force(true);
    }
    channel.truncate(from);
    channel.force(true);
    setAside.add(new JsonObject().put("file", aside.getFileName().toString()).put("bytes", to - from)
      .put("reason", problem));
    log.warn("audit log {}: set aside {} ({} bytes) in {}; the chain continues from the entry before it",
      file, problem, to - from, aside);
  }

  private byte byteAt(long position) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    if (channel.read(one, position) != 1) {
      throw new IOException("audit log " + file + ": cannot read byte " + position);
    }
    return one.get(0);
  }

  /** The position of the last newline before {@code end} (exclusive), or -1; reads backwards in chunks. */
  private long newlineBefore(long end) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(TAIL_CHUNK);
    long chunkEnd = end;
    while (chunkEnd > 0) {
      long chunkStart = Math.max(0, chunkEnd - TAIL_CHUNK);
      chunk.clear().limit((int) (chunkEnd - chunkStart));
      while (chunk.hasRemaining()) {
        if (channel.read(chunk, chunkStart + chunk.position()) < 0) {
          break;
        }
      }
      for (int i = chunk.position() - 1; i >= 0; i--) {
        if (chunk.get(i) == '\n') {
          return chunkStart + i;
        }
      }
      chunkEnd = chunkStart;
    }
    return -1;
  }

  private String read(long from, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, from + buffer.position()) < 0) {
        break;
      }
    }
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
  }

  /** What {@link #open} set aside from the tail of the log, if anything: {@code {file, bytes, reason}} each. */
  public synchronized List<JsonObject> setAside() {
    return List.copyOf(setAside);
  }

  /**
   * The fields as written: a string longer than {@link #MAX_VALUE_CHARS} keeps its start and is otherwise replaced by
   * its length and SHA-256 (an attacker's 70,000-character user name must not make a line the log cannot read back),
   * a structured value longer than {@link #MAX_STRUCTURED_CHARS} once encoded likewise; and a line that would still
   * pass {@link #MAX_LINE_BYTES} keeps only the digest of all its fields.
   */
  static JsonObject bounded(JsonObject fields) {
    JsonObject out = new JsonObject();
    fields.forEach(field -> out.put(field.getKey(), boundedValue(field.getValue())));
    String encoded = out.encode();
    if (encoded.length() * 3L > MAX_LINE_BYTES) {
      return new JsonObject().put("oversized_fields", digest(encoded));
    }
    return out;
  }

  private static Object boundedValue(Object value) {
    if (value instanceof String text && text.length() > MAX_VALUE_CHARS) {
      int keep = Character.isHighSurrogate(text.charAt(KEPT_PREFIX_CHARS - 1)) ? KEPT_PREFIX_CHARS - 1 : KEPT_PREFIX_CHARS;
      return digest(text).put("prefix", text.substring(0, keep));
    }
    if (value instanceof JsonObject || value instanceof JsonArray) {
      String encoded = value instanceof JsonObject object ? object.encode() : ((JsonArray) value).encode();
      if (encoded.length() > MAX_STRUCTURED_CHARS) {
        return digest(encoded);
      }
    }
    return value;
  }

  private static JsonObject digest(String text) {
    return new JsonObject().put("truncated_chars", text.length()).put("sha256", sha256(text));
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

  /** Streams the lines of {@code in}: memory stays bounded by the longest line read, whatever the file's size. */
  static AuditVerification verify(InputStream in) throws IOException {
    BufferedInputStream input = new BufferedInputStream(in, TAIL_CHUNK);
    java.io.ByteArrayOutputStream current = new java.io.ByteArrayOutputStream(1024);
    long entries = 0;
    long lineNumber = 0;
    long expectedSeq = 1;
    String expectedPrev = GENESIS;
    while (true) {
      current.reset();
      long length = 0;
      int b;
      while ((b = input.read()) >= 0 && b != '\n') {
        if (length++ < MAX_READ_LINE_BYTES) {
          current.write(b);
        }
      }
      if (b < 0 && length == 0) {
        return new AuditVerification(true, entries, null, null, null, null, 0);
      }
      lineNumber++;
      if (b < 0) {
        return new AuditVerification(true, entries, null, null, null, lineNumber, length);
      }
      Line line = length > MAX_READ_LINE_BYTES
        ? new Line(-1, null, null, "a line of " + length + " bytes, longer than any entry the log writes")
        : Line.parse(current.toString(StandardCharsets.UTF_8));
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
