package io.antbot.config;

import io.antbot.bus.ConfigChange;
import io.antbot.files.AtomicFiles;
import io.antbot.settings.ConfigException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * The last versions of the configuration, each with who changed what and why, kept in {@code
 * <state_dir>/config-history.json} (bounded: the oldest versions are dropped first).
 *
 * <p>Besides the entries, the file keeps the redacted configuration of the latest version, so that
 * a start can tell what changed while the service was stopped. Nothing in it is secret: values are
 * masked as in every broadcast.
 */
final class ConfigHistory {

  static final String FILE_NAME = "config-history.json";

  /**
   * One version.
   *
   * @param overrides the runtime overrides in force at this version (what a revert restores),
   *     secrets masked; never sent on the bus
   */
  record Entry(
      long version,
      String at,
      String source,
      String actor,
      String reason,
      List<ConfigChange> changes,
      JsonObject overrides) {

    /** The public view: everything but the overrides. */
    JsonObject toJson() {
      JsonArray list = new JsonArray();
      changes.forEach(change -> list.add(change.toJson()));
      return new JsonObject()
          .put("version", version)
          .put("at", at)
          .put("source", source)
          .put("actor", actor)
          .put("reason", reason)
          .put("changes", list);
    }

    JsonObject toStored() {
      return toJson().put("overrides", overrides);
    }

    static Entry fromStored(JsonObject json) {
      List<ConfigChange> changes = new ArrayList<>();
      JsonArray list = json.getJsonArray("changes", new JsonArray());
      for (int i = 0; i < list.size(); i++) {
        changes.add(ConfigChange.fromJson(list.getJsonObject(i)));
      }
      return new Entry(
          json.getLong("version"),
          json.getString("at"),
          json.getString("source"),
          json.getString("actor"),
          json.getString("reason"),
          changes,
          json.getJsonObject("overrides", new JsonObject()));
    }
  }

  private final Path file;
  private Deque<Entry> entries;
  private JsonObject lastConfig;

  private ConfigHistory(Path file, Deque<Entry> entries, JsonObject lastConfig) {
    this.file = file;
    this.entries = entries;
    this.lastConfig = lastConfig;
  }

  /** Loads the history kept in {@code stateDir}, or an empty one. */
  static ConfigHistory open(Path stateDir) throws ConfigException {
    Path file = stateDir.resolve(FILE_NAME);
    try {
      JsonObject stored = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      Deque<Entry> entries = new ArrayDeque<>();
      JsonArray versions = stored.getJsonArray("versions", new JsonArray());
      for (int i = 0; i < versions.size(); i++) {
        entries.addLast(Entry.fromStored(versions.getJsonObject(i)));
      }
      return new ConfigHistory(file, entries, stored.getJsonObject("config"));
    } catch (NoSuchFileException e) {
      return new ConfigHistory(file, new ArrayDeque<>(), null);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      throw new ConfigException(
          file
              + ": not a valid history file ("
              + e.getMessage()
              + "); move it aside to start with an empty history");
    }
  }

  /** The newest entry, or {@code null}. */
  Entry latest() {
    return entries.peekLast();
  }

  /**
   * The redacted configuration of the newest version, as last saved; {@code null} before the first
   * save.
   */
  JsonObject lastConfig() {
    return lastConfig;
  }

  /** The entry of {@code version}, or {@code null} when it is not (or no longer) kept. */
  Entry find(long version) {
    for (Entry entry : entries) {
      if (entry.version() == version) {
        return entry;
      }
    }
    return null;
  }

  /** The oldest kept version, or 0. */
  long oldest() {
    return entries.isEmpty() ? 0 : entries.peekFirst().version();
  }

  /** At most {@code limit} entries, newest first. */
  List<Entry> newest(int limit) {
    List<Entry> list = new ArrayList<>();
    Iterator<Entry> iterator = entries.descendingIterator();
    while (iterator.hasNext() && list.size() < limit) {
      list.add(iterator.next());
    }
    return list;
  }

  /**
   * Adds {@code entry}, drops the oldest beyond {@code limit} and saves with {@code config} as the
   * latest.
   */
  void append(Entry entry, JsonObject config, int limit) throws IOException {
    Deque<Entry> next = new ArrayDeque<>(entries);
    next.addLast(entry);
    while (next.size() > Math.max(1, limit)) {
      next.removeFirst();
    }
    write(next, config);
    entries = next;
  }

  /**
   * Adds {@code added} (oldest first) in one save, drops the oldest beyond {@code limit}, with
   * {@code config} as the latest.
   */
  void appendAll(List<Entry> added, JsonObject config, int limit) throws IOException {
    Deque<Entry> next = new ArrayDeque<>(entries);
    added.forEach(next::addLast);
    while (next.size() > Math.max(1, limit)) {
      next.removeFirst();
    }
    write(next, config);
    entries = next;
  }

  /** Saves the entries with {@code config} as the latest redacted configuration. */
  void save(JsonObject config) throws IOException {
    write(entries, config);
  }

  private void write(Deque<Entry> list, JsonObject config) throws IOException {
    JsonArray versions = new JsonArray();
    list.forEach(entry -> versions.add(entry.toStored()));
    AtomicFiles.write(
        file,
        new JsonObject().put("format", 1).put("config", config).put("versions", versions).encode());
    lastConfig = config;
  }
}
