package io.antbot.security;

import io.antbot.bus.Addresses;
import io.antbot.bus.ConfigGetRequest;
import io.antbot.security.crypto.FernetKey;
import io.antbot.security.crypto.RsaKeyPair;
import io.antbot.security.protection.EdgeGuard;
import io.antbot.security.protection.Protection;
import io.antbot.security.storage.FileWorker;
import io.antbot.security.storage.KeyFiles;
import io.antbot.security.token.JwtSettings;
import io.antbot.settings.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the security verticle reads before it can serve: its settings over the bus, and its keys
 * from disk.
 */
final class SecurityStartup {

  private SecurityStartup() {}

  /**
   * The settings, the raw {@code security} section (for the protection part) and the environment's
   * name.
   */
  record Loaded(SecurityOptions options, JsonObject section, String environmentName) {}

  /** The Fernet keys and RSA pair read (or made) at start. */
  record Keys(KeyFiles files, List<FernetKey> fernet, RsaKeyPair rsa) {}

  /**
   * Reads {@code security}, {@code core.state_dir} and the environment name from the config
   * service, validated.
   */
  static Future<Loaded> load(Vertx vertx) {
    Future<JsonObject> section =
        get(vertx, "security", new JsonObject())
            .map(value -> value instanceof JsonObject object ? object : new JsonObject());
    Future<String> stateDir =
        get(vertx, "core.state_dir", (String) Settings.defaultOf("core.state_dir"))
            .map(
                value ->
                    value instanceof String text
                        ? text
                        : (String) Settings.defaultOf("core.state_dir"));
    Future<String> environment =
        vertx
            .eventBus()
            .<JsonObject>request(Addresses.CONFIG_STATUS, new JsonObject())
            .map(
                reply ->
                    reply
                        .body()
                        .getJsonObject("details", new JsonObject())
                        .getString("env", "production"))
            .otherwise("production");
    return Future.all(section, stateDir, environment)
        .compose(
            all -> {
              SecurityOptions options =
                  SecurityOptions.fromJson(section.result(), stateDir.result());
              List<String> problems = new ArrayList<>(options.validate());
              problems.addAll(Protection.validate(section.result()));
              problems.addAll(EdgeGuard.EventOptions.fromJson(section.result()).validate());
              if (!problems.isEmpty()) {
                return Future.failedFuture(
                    new IllegalArgumentException(String.join("; ", problems)));
              }
              return Future.succeededFuture(
                  new Loaded(options, section.result(), environment.result()));
            });
  }

  private static Future<Object> get(Vertx vertx, String key, Object fallback) {
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.CONFIG_GET, new ConfigGetRequest(key, fallback, true).toJson())
        .map(reply -> reply.body().getValue("value"));
  }

  /**
   * Loads the Fernet keys and the RSA pair, creating them when allowed; RSA generation runs on a
   * worker.
   */
  static Future<Keys> keys(
      Vertx vertx, FileWorker files, SecurityOptions options, String environmentName) {
    KeyFiles keyFiles = new KeyFiles(Path.of(options.keysDir()));
    Future<List<FernetKey>> fernet =
        files.run(() -> keyFiles.loadOrCreateFernet(generates(options, "fernet", environmentName)));
    Future<RsaKeyPair> rsa =
        vertx.executeBlocking(
            () ->
                keyFiles.loadOrCreateRsa(
                    options.rsaKeyBits(), generates(options, "rsa", environmentName)),
            false);
    return Future.all(fernet, rsa).map(all -> new Keys(keyFiles, fernet.result(), rsa.result()));
  }

  /**
   * Whether a missing key of {@code kind} may be created: always with {@code always}, never with
   * {@code never}; with {@code auto}, JWT keys always (losing them only ends sessions) and Fernet
   * and RSA keys outside production (there a missing key means data encrypted under the real one
   * would be lost, so it must be supplied).
   */
  static boolean generates(SecurityOptions options, String kind, String environmentName) {
    return switch (options.keyGeneration()) {
      case "always" -> true;
      case "never" -> false;
      default -> "jwt".equals(kind) || !"production".equals(environmentName);
    };
  }

  /** Whether a changed configuration key can change this service's settings. */
  static boolean concernsSecurity(String key) {
    return key.equals("security")
        || key.startsWith("security.")
        || key.equals("core")
        || key.equals("core.state_dir");
  }

  /** The restart-only settings that differ between {@code before} and {@code after}. */
  static List<String> restartOnly(SecurityOptions before, SecurityOptions after) {
    List<String> changed = new ArrayList<>();
    check(changed, "core.state_dir", before.stateDir(), after.stateDir());
    check(changed, "security.keys_dir", before.keysDir(), after.keysDir());
    check(changed, "security.key_generation", before.keyGeneration(), after.keyGeneration());
    check(changed, "security.jwt.algorithm", before.jwt().algorithm(), after.jwt().algorithm());
    check(changed, "security.audit.dir", before.auditDir(), after.auditDir());
    check(changed, "security.audit.fsync", before.auditFsync(), after.auditFsync());
    check(changed, "security.rsa.key_bits", before.rsaKeyBits(), after.rsaKeyBits());
    return changed;
  }

  private static void check(List<String> changed, String key, Object before, Object after) {
    if (!Objects.equals(before, after)) {
      changed.add(key);
    }
  }

  /**
   * {@code next}'s live settings with {@code current}'s signing algorithm (which needs a restart to
   * change).
   */
  static JwtSettings liveJwt(JwtSettings current, JwtSettings next) {
    return new JwtSettings(
        current.algorithm(),
        next.allowedAlgorithms(),
        next.issuer(),
        next.audience(),
        next.accessTtl(),
        next.refreshTtl(),
        next.leewayS(),
        next.maxBytes(),
        next.rotationAge(),
        next.rsaBits(),
        next.cacheSize(),
        next.sessionLifetime(),
        next.maxSessionsPerUser());
  }
}
