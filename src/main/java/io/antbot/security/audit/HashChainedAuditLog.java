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
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only audit trail in JSON lines where every entry carries the SHA-256 of the entry
 * before it.
 *
 * <p>Each line is {@code
 * {"seq":N,"at":"<ISO-8601>","type":"...",<fields>,"prev":"<hex>","hash":"<hex>"}}: {@code hash} is
 * the SHA-256 of the line's bytes up to (not including) {@code ,"hash":}, and {@code prev} is the
 * previous line's {@code hash} (64 zeros for the first). Changing a byte, deleting a line or
 * swapping two lines breaks the chain at that point, which {@link #verify(Path)} reports. What the
 * chain cannot show is the loss of the newest entries: keep copies elsewhere when that matters.
 *
 * <p>An append writes one whole line with one write call and, when {@code fsync} is on, forces it
 * to disk. A crash in the middle leaves an unterminated last line: {@link #verify} reports it as a
 * torn tail without calling the log broken, and {@link #open} moves it aside (to {@code
 * <file>.torn-<millis>}) before appending again; a complete last line that cannot be read is set
 * aside the same way, and each set-aside is itself recorded as an {@value #TAIL_SET_ASIDE} entry.
 * Every line written is bounded ({@link #bounded}), so the log never writes what it cannot read
 * back. Appends hold an OS file lock and re-read the tail when another process (the command line)
 * appended meanwhile.
 *
 * <p><b>Segments.</b> With a {@link Rotation}, the file ({@code audit.jsonl}) is the active
 * segment: once it passes {@link Rotation#segmentBytes} it is sealed by renaming it to {@code
 * audit-<first seq, 12 digits>.jsonl} beside it, and the next entry, in a new {@code audit.jsonl},
 * continues the chain ({@code seq} and {@code prev} go on from the sealed segment's last entry).
 * When the sealed segments together pass {@link Rotation#maxTotalBytes} less one segment, the
 * oldest are deleted, and each deletion is recorded as an {@value #SEGMENTS_PRUNED} entry carrying
 * the deleted segment's last {@code seq} and {@code hash}: {@link #verify} then accepts a trail
 * that starts after seq 1 only when such an entry vouches for exactly where it starts, so removing
 * old segments by hand still shows.
 *
 * <p>A new log file is readable by its owner only. All methods block: call them from a worker
 * thread. Appends are serialized by this object.
 */
public final class HashChainedAuditLog implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(HashChainedAuditLog.class);

  /** The {@code prev} of the first entry. */
  public static final String GENESIS = "0".repeat(64);

  /** Field names the log writes itself; an entry's own fields cannot use them. */
  public static final Set<String> RESERVED = Set.of("seq", "at", "type", "prev", "hash");

  /**
   * The type of the entry that records a damaged tail set aside at open: {@code {file, bytes,
   * reason}}.
   */
  public static final String TAIL_SET_ASIDE = "audit_tail_set_aside";

  /**
   * The type of the entry that records a deleted sealed segment: {@code {file, first_seq, last_seq,
   * last_hash, bytes}}.
   */
  public static final String SEGMENTS_PRUNED = "audit_segment_pruned";

  /**
   * When the active segment is sealed and how much the sealed ones may take together.
   *
   * @param segmentBytes the active segment is sealed once it is at least this long ({@code 0}:
   *     never)
   * @param maxTotalBytes the sealed segments and one full active segment stay under this ({@code
   *     0}: no cap)
   */
  public record Rotation(long segmentBytes, long maxTotalBytes) {
    /**
     * One file that grows without bound (the command line appends this way: the runtime rotates).
     */
    public static final Rotation NONE = new Rotation(0, 0);

    public Rotation {
      if (segmentBytes < 0
          || maxTotalBytes < 0
          || (maxTotalBytes > 0 && maxTotalBytes < 2 * segmentBytes)) {
        throw new IllegalArgumentException("audit rotation: the cap must be at least two segments");
      }
    }
  }

  private static final String HASH_MARK = ",\"hash\":\"";
  private static final int HASH_SUFFIX = HASH_MARK.length() + 64 + 2;
  private static final int TAIL_CHUNK = 64 * 1024;

  /** A string field longer than this is written as its start, its length and its SHA-256. */
  static final int MAX_VALUE_CHARS = 2048;

  private static final int KEPT_PREFIX_CHARS = 256;

  /**
   * A structured field (a list of config changes, say) longer than this once encoded is written as
   * its digest.
   */
  static final int MAX_STRUCTURED_CHARS = 16 * 1024;

  /** No line written is longer; a longer one found in the file was not written by this log. */
  static final int MAX_LINE_BYTES = 60 * 1024;

  /**
   * A line read back may be up to this long (lines written by earlier versions were not bounded).
   */
  private static final int MAX_READ_LINE_BYTES = 1024 * 1024;

  /**
   * How many damaged lines at the end of the log start-up sets aside before it calls the log
   * damaged.
   */
  private static final int MAX_DAMAGED_TAIL = 8;

  private final Path file;
  private FileChannel channel;

  /** Identifies the file {@link #channel} has open, to notice another process sealing it. */
  private Object fileKey;

  private final Clock clock;
  private final boolean fsync;
  private final Rotation rotation;
  private long knownSize = -1;
  private long lastSeq;
  private String lastHash = GENESIS;
  private final List<JsonObject> setAside = new ArrayList<>();

  private HashChainedAuditLog(Path file, Clock clock, boolean fsync, Rotation rotation) {
    this.file = file;
    this.clock = clock;
    this.fsync = fsync;
    this.rotation = rotation;
  }

  /**
   * Opens (creating if needed) the log at {@code file}, one file without rotation; a torn last line
   * is moved aside.
   */
  public static HashChainedAuditLog open(Path file, boolean fsync, Clock clock) throws IOException {
    return open(file, fsync, clock, Rotation.NONE);
  }

  /**
   * Opens (creating if needed) the log whose active segment is {@code file}; a torn last line is
   * moved aside first.
   */
  public static HashChainedAuditLog open(Path file, boolean fsync, Clock clock, Rotation rotation)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      SecureFiles.createPrivateDirectory(dir);
    }
    HashChainedAuditLog audit = new HashChainedAuditLog(file, clock, fsync, rotation);
    audit.reopen();
    try {
      audit.locked(
          () -> {
            audit.syncTail();
            return null;
          });
      for (JsonObject aside : audit.setAside()) {
        audit.append(TAIL_SET_ASIDE, aside);
      }
    } catch (IOException | RuntimeException e) {
      audit.channel.close();
      throw e;
    }
    return audit;
  }

  /**
   * (Re)opens the active segment, creating it owner-only when it is missing (just sealed, or never
   * written).
   */
  private void reopen() throws IOException {
    if (channel != null) {
      channel.close();
    }
    if (!Files.exists(file)) {
      SecureFiles.createOwnerOnly(file);
    }
    channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    knownSize = -1;
  }

  private interface LockedWork<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code work} holding the OS lock of the active segment. When another process sealed the
   * segment this object had open (the path now names a new file), the new one is opened and locked
   * instead.
   */
  private <T> T locked(LockedWork<T> work) throws IOException {
    while (true) {
      FileLock lock = channel.lock();
      boolean current;
      try {
        Object key =
            Files.exists(file)
                ? Files.readAttributes(file, BasicFileAttributes.class).fileKey()
                : null;
        current = key != null && (fileKey == null || key.equals(fileKey));
        if (current) {
          return work.run();
        }
      } finally {
        if (lock.isValid()) {
          lock.release();
        }
      }
      reopen();
    }
  }

  public Path file() {
    return file;
  }

  /**
   * Appends an entry of {@code type} with {@code fields} (their order is kept) and returns the line
   * as written.
   *
   * @throws IllegalArgumentException when a field uses a {@linkplain #RESERVED reserved} name
   */
  public synchronized JsonObject append(String type, JsonObject fields) throws IOException {
    for (String name : fields.fieldNames()) {
      if (RESERVED.contains(name)) {
        throw new IllegalArgumentException("audit field name reserved by the log: " + name);
      }
    }
    JsonObject written =
        locked(
            () -> {
              syncTail();
              return write(type, bounded(fields));
            });
    if (rotation.segmentBytes() > 0 && knownSize >= rotation.segmentBytes()) {
      try {
        rotate();
      } catch (IOException | RuntimeException e) {
        // The entry is written: a seal or a deletion that fails is tried again after the next
        // append.
        log.warn(
            "audit log {}: sealing or pruning segments failed, tried again at the next entry: {}",
            file,
            e.toString());
      }
    }
    return written;
  }

  /**
   * Writes one entry at the end of the active segment; the caller holds the lock and has synced the
   * tail.
   */
  private JsonObject write(String type, JsonObject fields) throws IOException {
    JsonObject entry =
        new JsonObject()
            .put("seq", lastSeq + 1)
            .put("at", Instant.now(clock).toString())
            .put("type", type);
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
  }

  /**
   * Seals the active segment when it is still over the size (another process may have sealed it
   * meanwhile), then deletes the oldest sealed segments past the cap, recording each deletion in
   * the new active segment.
   */
  private void rotate() throws IOException {
    boolean sealed =
        locked(
            () -> {
              syncTail();
              if (knownSize < rotation.segmentBytes() || lastSeq == 0) {
                return false;
              }
              long firstSeq = Line.parse(firstLine(channel)).seq();
              if (firstSeq < 1) {
                throw new IOException(
                    "audit log " + file + ": the first entry of the active segment cannot be read");
              }
              channel.force(true);
              Path segment = segmentPath(file, firstSeq);
              Files.move(file, segment, StandardCopyOption.ATOMIC_MOVE);
              SecureFiles.forceDirectory(file.toAbsolutePath().getParent());
              log.info(
                  "audit log: sealed {} (entries {} to {}, {} bytes)",
                  segment.getFileName(),
                  firstSeq,
                  lastSeq,
                  knownSize);
              return true;
            });
    if (!sealed) {
      return;
    }
    reopen();
    if (rotation.maxTotalBytes() == 0) {
      return;
    }
    locked(
        () -> {
          syncTail();
          List<Path> segments = segments(file);
          long total = 0;
          for (Path segment : segments) {
            total += Files.size(segment);
          }
          long allowed = rotation.maxTotalBytes() - rotation.segmentBytes();
          for (int i = 0; i < segments.size() && total > allowed; i++) {
            Path oldest = segments.get(i);
            long bytes = Files.size(oldest);
            Line last = lastLine(oldest);
            Files.delete(oldest);
            SecureFiles.forceDirectory(file.toAbsolutePath().getParent());
            total -= bytes;
            write(
                SEGMENTS_PRUNED,
                new JsonObject()
                    .put("file", oldest.getFileName().toString())
                    .put("first_seq", segmentFirstSeq(oldest))
                    .put("last_seq", last.seq())
                    .put("last_hash", last.hash())
                    .put("bytes", bytes)
                    .put("reason", "the sealed segments passed security.audit.max_total_mb"));
            log.warn(
                "audit log: deleted the oldest segment {} ({} bytes, entries up to {}) to stay under the cap",
                oldest.getFileName(),
                bytes,
                last.seq());
          }
          return null;
        });
  }

  /** The {@code seq} of the newest entry (0 for an empty log). */
  public synchronized long lastSeq() {
    return lastSeq;
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }

  /** The sealed segments of the log whose active segment is {@code file}, oldest first. */
  public static List<Path> segments(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    Pattern name = Pattern.compile(Pattern.quote(stem(file)) + "-(\\d{12,19})\\.jsonl");
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (name.matcher(entry.getFileName().toString()).matches()) {
          found.add(entry);
        }
      }
    }
    found.sort(Comparator.comparingLong(HashChainedAuditLog::segmentFirstSeq));
    return found;
  }

  /** The sealed segments then the active segment (when it exists): the whole trail in order. */
  static List<Path> family(Path file) throws IOException {
    List<Path> all = new ArrayList<>(segments(file));
    if (Files.exists(file)) {
      all.add(file);
    }
    return all;
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
  }

  static Path segmentPath(Path file, long firstSeq) {
    return file.resolveSibling(String.format("%s-%012d.jsonl", stem(file), firstSeq));
  }

  private static long segmentFirstSeq(Path segment) {
    String name = segment.getFileName().toString();
    return Long.parseLong(
        name.substring(name.lastIndexOf('-') + 1, name.length() - ".jsonl".length()));
  }

  /**
   * The first line of the file {@code in} has open (without its newline), bounded like every line
   * read.
   */
  private static String firstLine(FileChannel in) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(in.size(), MAX_READ_LINE_BYTES));
    while (buffer.hasRemaining() && in.read(buffer, buffer.position()) > 0) {
      // read on
    }
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  /**
   * The last whole entry of a sealed segment, which must be readable: a sealed segment ends in a
   * whole entry.
   */
  private static Line lastLine(Path segment) throws IOException {
    try (FileChannel in = FileChannel.open(segment, StandardOpenOption.READ)) {
      long size = in.size();
      long start = Math.max(0, size - MAX_READ_LINE_BYTES);
      ByteBuffer buffer = ByteBuffer.allocate((int) (size - start));
      while (buffer.hasRemaining() && in.read(buffer, start + buffer.position()) > 0) {
        // read on
      }
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
      if (!text.endsWith("\n")) {
        throw new IOException(
            "audit segment " + segment + " does not end with a whole entry; run verify-audit");
      }
      text = text.substring(0, text.length() - 1);
      Line line = Line.parse(text.substring(text.lastIndexOf('\n') + 1));
      if (line.problem() != null) {
        throw new IOException(
            "audit segment "
                + segment
                + ": its last entry cannot be read ("
                + line.problem()
                + "); run verify-audit");
      }
      return line;
    }
  }

  /**
   * Brings {@link #lastSeq}/{@link #lastHash} up to date with the file (under the lock). An
   * unterminated last line (an interrupted append) or a last entry that cannot be read (too long,
   * not JSON, hash mismatch) is set aside, one line at a time, so that start-up never fails on a
   * damaged tail; more than {@link #MAX_DAMAGED_TAIL} damaged lines in a row is no longer a damaged
   * tail but a damaged log, which needs a person.
   */
  private void syncTail() throws IOException {
    long size = channel.size();
    if (size == knownSize) {
      return;
    }
    int damaged = 0;
    while (true) {
      if (size == 0) {
        // A new active segment continues the chain of the newest sealed one.
        List<Path> sealed = segments(file);
        Line last = sealed.isEmpty() ? null : lastLine(sealed.get(sealed.size() - 1));
        lastSeq = last == null ? 0 : last.seq();
        lastHash = last == null ? GENESIS : last.hash();
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
        problem =
            "a last line of "
                + (contentEnd - lineStart)
                + " bytes, longer than any entry this log writes";
      } else {
        parsed = Line.parse(read(lineStart, (int) (contentEnd - lineStart)));
        problem =
            parsed.problem() == null
                ? null
                : "a last entry that cannot be read (" + parsed.problem() + ")";
      }
      if (problem == null) {
        lastSeq = parsed.seq();
        lastHash = parsed.hash();
        knownSize = size;
        return;
      }
      if (++damaged > MAX_DAMAGED_TAIL) {
        throw new IOException(
            "audit log "
                + file
                + ": the last "
                + MAX_DAMAGED_TAIL
                + " lines cannot be read; "
                + "run verify-audit and move the file aside");
      }
      setAside(lineStart, size, problem);
      size = lineStart;
    }
  }

  /**
   * Moves bytes {@code [from, to)} at the end of the file to a side file and cuts the log there.
   */
  private void setAside(long from, long to, String problem) throws IOException {
    Path aside = file.resolveSibling(file.getFileName() + ".torn-" + clock.millis());
    try (FileChannel out =
        FileChannel.open(
            aside,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
      long position = from;
      while (position < to) {
        position += channel.transferTo(position, to - position, out);
      }
      out.force(true);
    }
    channel.truncate(from);
    channel.force(true);
    setAside.add(
        new JsonObject()
            .put("file", aside.getFileName().toString())
            .put("bytes", to - from)
            .put("reason", problem));
    log.warn(
        "audit log {}: set aside {} ({} bytes) in {}; the chain continues from the entry before it",
        file,
        problem,
        to - from,
        aside);
  }

  private byte byteAt(long position) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    if (channel.read(one, position) != 1) {
      throw new IOException("audit log " + file + ": cannot read byte " + position);
    }
    return one.get(0);
  }

  /**
   * The position of the last newline before {@code end} (exclusive), or -1; reads backwards in
   * chunks.
   */
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

  /**
   * What {@link #open} set aside from the tail of the log, if anything: {@code {file, bytes,
   * reason}} each.
   */
  public synchronized List<JsonObject> setAside() {
    return List.copyOf(setAside);
  }

  /**
   * The fields as written: a string longer than {@link #MAX_VALUE_CHARS} keeps its start and is
   * otherwise replaced by its length and SHA-256 (an attacker's 70,000-character user name must not
   * make a line the log cannot read back), a structured value longer than {@link
   * #MAX_STRUCTURED_CHARS} once encoded likewise; and a line that would still pass {@link
   * #MAX_LINE_BYTES} keeps only the digest of all its fields.
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
      int keep =
          Character.isHighSurrogate(text.charAt(KEPT_PREFIX_CHARS - 1))
              ? KEPT_PREFIX_CHARS - 1
              : KEPT_PREFIX_CHARS;
      return digest(text).put("prefix", text.substring(0, keep));
    }
    if (value instanceof JsonObject || value instanceof JsonArray) {
      String encoded =
          value instanceof JsonObject object ? object.encode() : ((JsonArray) value).encode();
      if (encoded.length() > MAX_STRUCTURED_CHARS) {
        return digest(encoded);
      }
    }
    return value;
  }

  private static JsonObject digest(String text) {
    return new JsonObject().put("truncated_chars", text.length()).put("sha256", sha256(text));
  }

  /**
   * Checks the whole chain of the log whose active segment is {@code file}: its sealed segments
   * oldest first, then the file itself (a missing trail is an intact, empty one). Memory stays
   * bounded by the longest line.
   */
  public static AuditVerification verify(Path file) throws IOException {
    Verifier verifier = new Verifier();
    List<Path> all = family(file);
    for (int i = 0; i < all.size(); i++) {
      try (InputStream in = Files.newInputStream(all.get(i))) {
        AuditVerification broken =
            verifier.read(in, all.get(i).getFileName().toString(), i == all.size() - 1);
        if (broken != null) {
          return broken;
        }
      }
    }
    return verifier.finish(all.size());
  }

  /** Verifies one stream as a whole log (tests, and logs copied elsewhere). */
  static AuditVerification verify(InputStream in) throws IOException {
    Verifier verifier = new Verifier();
    AuditVerification broken = verifier.read(in, null, true);
    return broken != null ? broken : verifier.finish(1);
  }

  /** Reads segments in order, carrying the chain from one to the next. */
  private static final class Verifier {
    private long entries;
    private long expectedSeq = -1;
    private String expectedPrev;
    private long firstSeq = -1;
    private String firstPrev;
    private String firstFile;
    private long anchorSeq = -1;
    private String anchorHash;
    private Long tornLine;
    private long tornBytes;
    private String tornFile;

    /**
     * Streams the lines of {@code in}; returns the verdict when the chain breaks in it, else {@code
     * null}.
     */
    AuditVerification read(InputStream in, String name, boolean last) throws IOException {
      BufferedInputStream input = new BufferedInputStream(in, TAIL_CHUNK);
      java.io.ByteArrayOutputStream current = new java.io.ByteArrayOutputStream(1024);
      long lineNumber = 0;
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
          return null;
        }
        lineNumber++;
        if (b < 0) {
          if (last) {
            tornLine = lineNumber;
            tornBytes = length;
            tornFile = name;
            return null;
          }
          return broken(name, lineNumber, null, "a sealed segment ends in an unterminated line");
        }
        Line line =
            length > MAX_READ_LINE_BYTES
                ? new Line(
                    -1,
                    null,
                    null,
                    "a line of " + length + " bytes, longer than any entry the log writes",
                    null)
                : Line.parse(current.toString(StandardCharsets.UTF_8));
        String problem = line.problem();
        if (problem == null && expectedSeq < 0) {
          firstSeq = line.seq();
          firstPrev = line.prev();
          firstFile = name;
        } else if (problem == null && line.seq() != expectedSeq) {
          problem =
              "seq "
                  + line.seq()
                  + " where "
                  + expectedSeq
                  + " was expected (an entry is missing or out of order)";
        } else if (problem == null && !line.prev().equals(expectedPrev)) {
          problem =
              "prev does not match the hash of the entry before (an entry was removed, reordered or changed)";
        }
        if (problem != null) {
          return broken(name, lineNumber, line.seq() < 0 ? null : line.seq(), problem);
        }
        if (line.pruned() != null) {
          anchorSeq = line.pruned().getLong("last_seq", -1L);
          anchorHash = line.pruned().getString("last_hash");
        }
        entries++;
        expectedSeq = line.seq() + 1;
        expectedPrev = line.hash();
      }
    }

    /**
     * The verdict once every segment was read: a trail that does not start at seq 1 is intact only
     * when the newest {@value #SEGMENTS_PRUNED} entry names exactly the entry before its first one.
     */
    AuditVerification finish(int segments) {
      Long prunedThrough = null;
      if (firstSeq > 1 || (firstSeq == 1 && !GENESIS.equals(firstPrev))) {
        if (anchorSeq != firstSeq - 1 || !firstPrev.equals(anchorHash)) {
          return broken(
              firstFile,
              1,
              firstSeq,
              "the trail starts at seq "
                  + firstSeq
                  + " and no "
                  + SEGMENTS_PRUNED
                  + " entry accounts for the entries before it (a segment was removed)");
        }
        prunedThrough = anchorSeq;
      }
      return new AuditVerification(
          true,
          entries,
          null,
          null,
          null,
          null,
          tornLine,
          tornBytes,
          tornFile,
          segments,
          prunedThrough);
    }

    private AuditVerification broken(String name, long line, Long seq, String reason) {
      return new AuditVerification(
          false, entries, line, seq, reason, name, tornLine, tornBytes, tornFile, 0, null);
    }
  }

  /**
   * The entries of the trail that {@code filter} accepts, oldest first, at most the newest {@code
   * limit} of them; the segments are read newest first and reading stops once {@code limit} entries
   * are found. Unreadable lines and a torn tail are skipped (verification is where they are
   * reported).
   */
  public static List<JsonObject> query(Path file, Predicate<JsonObject> filter, int limit)
      throws IOException {
    List<Path> all = family(file);
    Deque<JsonObject> found = new ArrayDeque<>();
    for (int i = all.size() - 1; i >= 0 && found.size() < limit; i--) {
      List<JsonObject> inSegment = querySegment(all.get(i), filter, limit - found.size());
      for (int j = inSegment.size() - 1; j >= 0; j--) {
        found.addFirst(inSegment.get(j));
      }
    }
    return new ArrayList<>(found);
  }

  private static List<JsonObject> querySegment(
      Path segment, Predicate<JsonObject> filter, int limit) throws IOException {
    Deque<JsonObject> newest = new ArrayDeque<>();
    if (!Files.exists(segment)) {
      return List.of();
    }
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(Files.newInputStream(segment), StandardCharsets.UTF_8))) {
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
  private record Line(long seq, String prev, String hash, String problem, JsonObject pruned) {

    static Line parse(String text) {
      int mark = text.length() - HASH_SUFFIX;
      if (mark < 1 || !text.startsWith(HASH_MARK, mark) || !text.endsWith("\"}")) {
        return new Line(
            -1, null, null, "not an audit entry (no hash at the end of the line)", null);
      }
      String hash = text.substring(mark + HASH_MARK.length(), text.length() - 2);
      JsonObject entry;
      try {
        entry = new JsonObject(text);
      } catch (DecodeException e) {
        return new Line(-1, null, hash, "not valid JSON", null);
      }
      Object seq = entry.getValue("seq");
      long seqValue = seq instanceof Number number ? number.longValue() : -1;
      if (!sha256(text.substring(0, mark)).equals(hash)) {
        return new Line(
            seqValue,
            null,
            hash,
            "the entry's content does not match its hash (it was changed)",
            null);
      }
      Object prev = entry.getValue("prev");
      if (seqValue < 1 || !(prev instanceof String prevText)) {
        return new Line(seqValue, null, hash, "seq or prev is missing", null);
      }
      return new Line(
          seqValue,
          prevText,
          hash,
          null,
          SEGMENTS_PRUNED.equals(entry.getValue("type")) ? entry : null);
    }
  }
}
