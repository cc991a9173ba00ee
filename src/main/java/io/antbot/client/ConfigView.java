package io.antbot.client;

import io.antbot.bus.Addresses;
import io.antbot.bus.ConfigChange;
import io.antbot.bus.ConfigChangedEvent;
import io.antbot.bus.JsonFields;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live local copy of the configuration for a bot: {@link #get(String)} is a map lookup, with no
 * bus round trip, and the copy follows every {@code antbot.config.changed} broadcast.
 *
 * <pre>{@code
 * ConfigView.open(vertx).onSuccess(config -> {
 *   double size = config.getDouble("trading.max_position_size", 0.1);
 *   config.onChange("trading", changes -> reconfigure(config));
 * });
 * }</pre>
 *
 * <p>It loads a snapshot ({@code antbot.config.snapshot}), then applies each broadcast whose
 * version follows its own; when a version is missing (a broadcast lost, or the view was slow to
 * start) it fetches the snapshot again, and reports the difference as changes. Values are those of
 * the snapshot: secrets arrive masked. Updates and change callbacks run on the Vert.x context that
 * opened the view; reads are safe from any thread.
 */
public final class ConfigView implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConfigView.class);

  /**
   * One version of the copy: the tree, and every path of it (leaves and objects) indexed for
   * lookups.
   */
  private record State(long version, JsonObject tree, Map<String, Object> index) {

    static State of(long version, JsonObject tree) {
      Map<String, Object> index = new HashMap<>();
      indexInto(tree, "", index);
      return new State(version, tree, index);
    }

    private static void indexInto(JsonObject object, String prefix, Map<String, Object> index) {
      for (Map.Entry<String, Object> entry : object) {
        String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
        index.put(path, entry.getValue());
        if (entry.getValue() instanceof JsonObject child) {
          indexInto(child, path, index);
        }
      }
    }
  }

  private record Listener(String prefix, Consumer<List<ConfigChange>> handler) {}

  private final ConfigClient client;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final List<ConfigChangedEvent> pending = new ArrayList<>();
  private MessageConsumer<JsonObject> consumer;
  private volatile State state;
  private boolean fetching = true;

  private ConfigView(ConfigClient client) {
    this.client = client;
  }

  /** Opens a view with a default {@link ConfigClient}. */
  public static Future<ConfigView> open(Vertx vertx) {
    return open(vertx, new ConfigClient(vertx));
  }

  /**
   * Subscribes to the broadcasts, then loads the snapshot; completes when the copy is usable. Both
   * happen on the caller's context (or a new one when called from outside Vert.x), so that updates
   * never race each other.
   */
  public static Future<ConfigView> open(Vertx vertx, ConfigClient client) {
    Context context = vertx.getOrCreateContext();
    Promise<ConfigView> opened = Promise.promise();
    context.runOnContext(
        v -> {
          ConfigView view = new ConfigView(client);
          view.consumer = vertx.eventBus().consumer(Addresses.CONFIG_CHANGED, view::onBroadcast);
          view.consumer
              .completion()
              .compose(registered -> client.snapshot())
              .map(
                  snapshot -> {
                    view.load(snapshot);
                    return view;
                  })
              .onFailure(failure -> view.consumer.unregister())
              .onComplete(opened);
        });
    return opened.future();
  }

  /** The version of the copy. */
  public long version() {
    return state.version();
  }

  /**
   * The value at the dotted {@code key}: a string, number, boolean, {@link JsonArray} or {@link
   * JsonObject} (copies, for the last two); {@code null} when absent.
   */
  public Object get(String key) {
    Object value = state.index().get(key);
    if (value instanceof JsonObject object) {
      return object.copy();
    }
    if (value instanceof JsonArray array) {
      return array.copy();
    }
    return value;
  }

  /** The value at {@code key}, or {@code defaultValue} when absent or null. */
  public Object get(String key, Object defaultValue) {
    Object value = get(key);
    return value == null ? defaultValue : value;
  }

  /**
   * A number at {@code key}, or {@code defaultValue}; a value of another type is an {@link
   * IllegalStateException}.
   */
  public double getDouble(String key, double defaultValue) {
    return typed(key, defaultValue, Number.class, "a number").doubleValue();
  }

  public long getLong(String key, long defaultValue) {
    return typed(key, defaultValue, Number.class, "a number").longValue();
  }

  public int getInteger(String key, int defaultValue) {
    return typed(key, defaultValue, Number.class, "a number").intValue();
  }

  public boolean getBoolean(String key, boolean defaultValue) {
    return typed(key, defaultValue, Boolean.class, "a boolean");
  }

  public String getString(String key, String defaultValue) {
    Object value = state.index().get(key);
    return value == null ? defaultValue : typed(key, defaultValue, String.class, "a string");
  }

  /** A copy of the whole configuration. */
  public JsonObject snapshot() {
    return state.tree().copy();
  }

  /**
   * Calls {@code handler} with the changes at or below {@code prefix} ({@code ""} for all) after
   * each update of the copy; the view already holds the new values when it runs. Returns what
   * cancels the callback.
   */
  public Runnable onChange(String prefix, Consumer<List<ConfigChange>> handler) {
    Listener listener = new Listener(prefix, handler);
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Stops following the broadcasts; the copy keeps its last values. */
  @Override
  public void close() {
    consumer.unregister();
  }

  private <T> T typed(String key, Object defaultValue, Class<T> type, String expected) {
    Object value = get(key, defaultValue);
    if (!type.isInstance(value)) {
      throw new IllegalStateException(
          key + ": expected " + expected + ", got " + JsonFields.describe(value));
    }
    return type.cast(value);
  }

  private void onBroadcast(Message<JsonObject> message) {
    ConfigChangedEvent event;
    try {
      event = ConfigChangedEvent.fromJson(message.body());
    } catch (RuntimeException e) {
      log.warn("ignoring a malformed {} broadcast: {}", Addresses.CONFIG_CHANGED, e.getMessage());
      return;
    }
    if (fetching) {
      pending.add(event);
    } else {
      apply(event);
    }
  }

  private void apply(ConfigChangedEvent event) {
    State current = state;
    if (event.version() <= current.version()) {
      return;
    }
    if (event.version() != current.version() + 1) {
      log.debug(
          "config version {} follows {}: fetching the snapshot again",
          event.version(),
          current.version());
      refetch();
      return;
    }
    JsonObject tree = current.tree().copy();
    ConfigChange.apply(tree, event.changes());
    state = State.of(event.version(), tree);
    notifyListeners(event.changes());
  }

  private void refetch() {
    fetching = true;
    client
        .snapshot()
        .onSuccess(this::load)
        .onFailure(
            failure -> {
              log.warn(
                  "cannot fetch the configuration snapshot, keeping version {}: {}",
                  state.version(),
                  failure.getMessage());
              fetching = false;
              replayPending();
            });
  }

  private void load(JsonObject snapshot) {
    long version = JsonFields.requireLong(snapshot, "version");
    JsonObject tree = snapshot.getJsonObject("config", new JsonObject());
    State before = state;
    if (before == null || version > before.version()) {
      state = State.of(version, tree);
      if (before != null) {
        notifyListeners(ConfigChange.diff(before.tree(), tree));
      }
    }
    fetching = false;
    replayPending();
  }

  private void replayPending() {
    List<ConfigChangedEvent> events = new ArrayList<>(pending);
    pending.clear();
    events.sort((a, b) -> Long.compare(a.version(), b.version()));
    for (ConfigChangedEvent event : events) {
      if (fetching) {
        pending.add(event);
      } else {
        apply(event);
      }
    }
  }

  private void notifyListeners(List<ConfigChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    for (Listener listener : listeners) {
      List<ConfigChange> mine = new ArrayList<>();
      for (ConfigChange change : changes) {
        if (change.isUnder(listener.prefix())) {
          mine.add(change);
        }
      }
      if (!mine.isEmpty()) {
        try {
          listener.handler().accept(Collections.unmodifiableList(mine));
        } catch (RuntimeException e) {
          log.error("a config change callback for '{}' failed", listener.prefix(), e);
        }
      }
    }
  }
}
