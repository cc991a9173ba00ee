package io.antbot.security;

import io.antbot.security.crypto.RsaKeyPair;
import io.antbot.security.storage.KeyFiles;
import io.antbot.security.storage.SecureFiles;
import io.antbot.testing.TestConf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Deploys the config service and the security service on a private copy of {@code conf/} and
 * private var dirs.
 */
public final class SecurityTestSupport {

  public static final String ADMIN_PASSWORD = "admin-password-for-tests";

  private static RsaKeyPair rsa;

  private SecurityTestSupport() {}

  /**
   * Test overrides: everything under {@code dir}, cheap bcrypt, an RSA key made once per test run.
   */
  public static JsonObject overrides(Path dir) {
    return new JsonObject()
        .put("core", new JsonObject().put("state_dir", dir.resolve("state").toString()))
        .put(
            "security",
            new JsonObject()
                .put("bcrypt_cost", 4)
                .put("keys_dir", dir.resolve("keys").toString())
                .put(
                    "audit",
                    new JsonObject()
                        .put("dir", dir.resolve("audit").toString())
                        .put("fsync", false))
                .put("rsa", new JsonObject().put("key_bits", 2048))
                .put("jwt", new JsonObject().put("rsa_bits", 2048)));
  }

  /** Writes a shared RSA key into {@code dir/keys} so that tests do not each generate one. */
  public static void presetRsaKey(Path dir) {
    try {
      synchronized (SecurityTestSupport.class) {
        if (rsa == null) {
          rsa = RsaKeyPair.generate(2048);
        }
      }
      Path keys = Files.createDirectories(dir.resolve("keys"));
      SecureFiles.writeAtomically(
          keys.resolve(KeyFiles.RSA_PRIVATE),
          rsa.privateKeyPem().getBytes(StandardCharsets.US_ASCII),
          SecureFiles.OWNER_ONLY);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static Future<String> deploy(Vertx vertx, Path dir, JsonObject extra) {
    return deploy(
        vertx,
        dir,
        extra,
        "development",
        Clock.systemUTC(),
        Map.of("ANTBOT_ADMIN_PASSWORD", ADMIN_PASSWORD));
  }

  public static Future<String> deploy(
      Vertx vertx,
      Path dir,
      JsonObject extra,
      String env,
      Clock clock,
      Map<String, String> environment) {
    Path conf = TestConf.copyShipped(dir.resolve("conf"));
    presetRsaKey(dir);
    JsonObject overrides = overrides(dir).mergeIn(extra, true);
    return TestConf.deployConfig(vertx, conf, env, overrides)
        .compose(id -> vertx.deployVerticle(new SecurityVerticle(clock, environment)));
  }

  /** The failure code of a failed request, or -1. */
  public static int code(Throwable failure) {
    return failure instanceof ReplyException reply ? reply.failureCode() : -1;
  }
}
