package io.antbot.service;

import io.antbot.bus.Addresses;
import io.antbot.bus.ConfigChange;
import io.antbot.bus.ConfigChangedEvent;
import io.antbot.bus.ConfigGetRequest;
import io.antbot.bus.TrustedHeaders;
import io.antbot.settings.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's copy of its own configuration section, kept current from the {@code
 * antbot.config.changed} broadcasts: the services' counterpart of {@code client.ConfigView}.
 *
 * <p>It fetches the section once at start ({@code antbot.config.get}). Each broadcast that follows
 * the copy's version is applied locally, so a change costs no bus round trip; a broadcast that
 * skips a version (one was lost, or arrived before the start's fetch) makes it fetch the section
 * once and report the difference. Broadcasts not sent by the configuration service are ignored. The
 * values are those the configuration service hands out, secrets masked, as with a fetch.
 *
 * <p>Call {@link #follow} from the service's own context, one broadcast at a time (a service's bus
 * handler is).
 */
public final class ConfigFollower {

  private static final Logger log = LoggerFactory.getLogger(ConfigFollower.class);

  /**
   * A change of the section.
   *
   * @param version the configuration version the section now has
   * @param section the new section (a copy the callee may keep)
   * @param changes the changes under the section, keys in full ({@code logging.level})
   * @param restartRequired those of {@code changes} that apply only after a restart, as the
   *     configuration service decided from the schema
   */
  public record Update(
      long version, JsonObject section, List<ConfigChange> changes, List<String> restartRequired) {

    public Update {
      changes = List.copyOf(changes);
      restartRequired = List.copyOf(restartRequired);
    }
  }

  private final Vertx vertx;
  private final String section;
  private JsonObject tree;
  private long version;

  private ConfigFollower(Vertx vertx, String section, JsonObject value, long version) {
    this.vertx = vertx;
    this.section = section;
    this.tree = new JsonObject().put(section, value);
    this.version = version;
  }

  /**
   * Fetches {@code section} (a top-level key such as {@code logging}; absent reads as {@code {}}).
   */
  public static Future<ConfigFollower> open(Vertx vertx, String section) {
    if (section.isEmpty() || section.contains(".")) {
      throw new IllegalArgumentException("a top-level section name, got \"" + section + "\"");
    }
    return fetch(vertx, section)
        .map(reply -> new ConfigFollower(vertx, section, value(reply), reply.getLong("version")));
  }

  /** The section as of {@link #version()}; a copy. */
  public JsonObject section() {
    return tree.getJsonObject(section).copy();
  }

  /** The configuration version the copy has. */
  public long version() {
    return version;
  }

  /**
   * Takes one {@code antbot.config.changed} broadcast; completes with the update when it changed
   * the section, empty otherwise (another section changed, an old or repeated version, or not the
   * configuration service's broadcast).
   */
  public Future<Optional<Update>> follow(BusRequest request) {
    if (!TrustedHeaders.CONFIG_SERVICE.equals(request.headers().get(TrustedHeaders.PUBLISHER))) {
      log.warn(
          "ignored a {} broadcast not sent by the configuration service", Addresses.CONFIG_CHANGED);
      return Future.succeededFuture(Optional.empty());
    }
    ConfigChangedEvent event;
    try {
      event = ConfigChangedEvent.fromJson(request.body());
    } catch (RuntimeException e) {
      log.warn("ignored a malformed {} broadcast: {}", Addresses.CONFIG_CHANGED, e.getMessage());
      return Future.succeededFuture(Optional.empty());
    }
    return follow(event);
  }

  /** {@link #follow(BusRequest)} for an event already read and trusted. */
  public Future<Optional<Update>> follow(ConfigChangedEvent event) {
    if (event.version() <= version) {
      return Future.succeededFuture(Optional.empty());
    }
    if (event.version() != version + 1) {
      return refetch(event.version());
    }
    version = event.version();
    List<ConfigChange> mine =
        event.changes().stream().filter(change -> change.isUnder(section)).toList();
    if (mine.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    JsonObject next = tree.copy();
    ConfigChange.apply(next, mine);
    if (!(next.getValue(section) instanceof JsonObject)) {
      next.put(section, new JsonObject());
    }
    tree = next;
    List<String> restart =
        event.restartRequired().stream().filter(key -> isUnder(key, section)).toList();
    return Future.succeededFuture(Optional.of(new Update(version, section(), mine, restart)));
  }

  /**
   * A version was skipped: the section is fetched again and the difference reported; which keys
   * wait for a restart is then read from the packaged schema.
   */
  private Future<Optional<Update>> refetch(long seen) {
    log.debug("config version {} follows {}: fetching {} again", seen, version, section);
    return fetch(vertx, section)
        .map(
            reply -> {
              long fetched = reply.getLong("version");
              if (fetched <= version) {
                return Optional.<Update>empty();
              }
              JsonObject next = new JsonObject().put(section, value(reply));
              List<ConfigChange> changes = ConfigChange.diff(tree, next);
              tree = next;
              version = fetched;
              List<String> restart =
                  changes.stream()
                      .map(ConfigChange::key)
                      .filter(key -> !Settings.live(key))
                      .toList();
              return changes.isEmpty()
                  ? Optional.<Update>empty()
                  : Optional.of(new Update(version, section(), changes, restart));
            });
  }

  private static Future<JsonObject> fetch(Vertx vertx, String section) {
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.CONFIG_GET,
            new ConfigGetRequest(section, new JsonObject(), true).toJson(),
            NodeLocal.options(vertx, Addresses.CONFIG_GET))
        .map(reply -> reply.body());
  }

  private static JsonObject value(JsonObject reply) {
    return reply.getValue("value") instanceof JsonObject object ? object : new JsonObject();
  }

  private static boolean isUnder(String key, String prefix) {
    return key.equals(prefix) || key.startsWith(prefix + ".");
  }
}
