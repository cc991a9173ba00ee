package io.antbot.security;

import io.antbot.bus.Addresses;
import io.antbot.bus.ConfigGetRequest;
import io.antbot.bus.ConfigRuntime;
import io.antbot.security.crypto.FernetKey;
import io.antbot.security.crypto.RsaKeyPair;
import io.antbot.security.protection.EdgeGuard;
import io.antbot.security.protection.Protection;
import io.antbot.security.storage.FileWorker;
import io.antbot.security.storage.KeyFiles;
import io.antbot.security.token.JwtSettings;
import io.antbot.service.ConfigFollower;
import io.antbot.service.NodeLocal;
import io.antbot.settings.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the security verticle reads before it can serve: its settings over the bus, and its keys
 * from disk.
 */
final class SecurityStartup {

  private SecurityStartup() {}

  /**
   * The settings, the raw {@code security} section (for the protection part), the environment's
   * name, and the copy of the section that follows the broadcasts.
   */
  record Loaded(
      SecurityOptions options, JsonObject section, String environmentName, ConfigFollower config) {}

  /** The Fernet keys and RSA pair read (or made) at start. */
  record Keys(KeyFiles files, List<FernetKey> fernet, RsaKeyPair rsa) {}

  /**
   * Reads {@code security} (a {@link ConfigFollower}), {@code core.state_dir} and the environment
   * name ({@code antbot.config.runtime}) from the config service, validated.
   */
  static Future<Loaded> load(Vertx vertx) {
    Future<ConfigFollower> section = ConfigFollower.open(vertx, "security");
    Future<String> stateDir =
        vertx
            .eventBus()
            .<JsonObject>request(
                Addresses.CONFIG_GET,
                new ConfigGetRequest("core.state_dir", Settings.defaultOf("core.state_dir"), true)
                    .toJson(),
                NodeLocal.options(vertx, Addresses.CONFIG_GET))
            .map(
                reply ->
                    reply.body().getValue("value") instanceof String text
                        ? text
                        : (String) Settings.defaultOf("core.state_dir"));
    Future<ConfigRuntime> runtime =
        vertx
            .eventBus()
            .<JsonObject>request(
                Addresses.CONFIG_RUNTIME,
                new JsonObject(),
                NodeLocal.options(vertx, Addresses.CONFIG_RUNTIME))
            .map(reply -> ConfigRuntime.fromJson(reply.body()));
    return Future.all(section, stateDir, runtime)
        .compose(
            all -> {
              JsonObject value = section.result().section();
              SecurityOptions options = read(value, stateDir.result());
              return Future.succeededFuture(
                  new Loaded(options, value, runtime.result().env(), section.result()));
            });
  }

  /**
   * {@code section} read and validated whole: the service's own settings, the protection parts and
   * the edge's event settings.
   *
   * @throws IllegalArgumentException listing every problem
   */
  static SecurityOptions read(JsonObject section, String stateDir) {
    SecurityOptions options = SecurityOptions.fromJson(section, stateDir);
    List<String> problems = new ArrayList<>(options.validate());
    problems.addAll(Protection.validate(section));
    problems.addAll(EdgeGuard.EventOptions.fromJson(section).validate());
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return options;
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
