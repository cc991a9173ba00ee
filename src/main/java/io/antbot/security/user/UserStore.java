package io.antbot.security.user;

import io.antbot.security.storage.SecureFiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

/**
 * The accounts, kept in memory and saved as one JSON file ({@code <state_dir>/users.json},
 * owner-only) written atomically.
 *
 * <p>The security verticle changes the map on its event loop and hands a snapshot ({@link
 * #toJson()}) to a worker for {@link #save}; the HTTP edge reads accounts from other event loops,
 * so the map is a concurrent sorted one. The command line uses the same class on the same file.
 */
public final class UserStore {

  /** File name under the state directory. */
  public static final String FILE = "users.json";

  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private final Map<String, User> users = new ConcurrentSkipListMap<>();

  /**
   * Whether {@code name} is a valid username: lowercase letters, digits, '.', '_' or '-', at most
   * 64.
   */
  public static boolean isValidUsername(String name) {
    return name != null && USERNAME.matcher(name).matches();
  }

  public static String usernameRule() {
    return "1 to 64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit";
  }

  public User get(String username) {
    return users.get(username);
  }

  public Collection<User> all() {
    return users.values();
  }

  public boolean isEmpty() {
    return users.isEmpty();
  }

  public void put(User user) {
    users.put(user.username(), user);
  }

  /** Forgets {@code username} (a change taken back because it could not be saved). */
  public void remove(String username) {
    users.remove(username);
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    users.values().forEach(user -> list.add(user.toStoredJson()));
    return new JsonObject().put("version", 1).put("users", list);
  }

  public static UserStore fromJson(JsonObject json) {
    UserStore store = new UserStore();
    for (Object item : json.getJsonArray("users", new JsonArray())) {
      store.put(User.fromStoredJson((JsonObject) item));
    }
    return store;
  }

  /**
   * Reads the store at {@code file}; {@code null} when the file does not exist (first start).
   * Blocking.
   */
  public static UserStore load(Path file) throws IOException {
    try {
      return fromJson(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (NoSuchFileException e) {
      return null;
    } catch (RuntimeException e) {
      throw new IOException("user store " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code snapshot} (from {@link #toJson()}) to {@code file} atomically, owner-only.
   * Blocking.
   */
  public static void save(Path file, JsonObject snapshot) throws IOException {
    SecureFiles.writeAtomically(
        file, snapshot.encodePrettily().getBytes(StandardCharsets.UTF_8), SecureFiles.OWNER_ONLY);
  }
}
