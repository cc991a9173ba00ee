package io.antbot.security;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.antbot.cluster.HazelcastSetup;
import io.antbot.security.crypto.FernetKey;
import io.antbot.security.crypto.KeyIds;
import io.antbot.security.crypto.RsaKeyPair;
import io.antbot.security.storage.KeyFiles;
import io.antbot.security.token.JwtKey;
import io.antbot.security.token.JwtKeyRing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At a core node's start in a cluster: are this node's keys (JWT, Fernet, RSA) the ones the other
 * core nodes hold? A node with other keys would sign tokens the others refuse and encrypt what they
 * cannot decrypt, so it does not start. Each core node puts a fingerprint of its keys in map
 * {@value #MAP}, under its member id, and compares it with those of the members still in the
 * cluster (entries of members that left are dropped, so a whole set of core nodes restarted with
 * new keys is not held to the old ones by a bots node that kept the map alive).
 *
 * <p>The fingerprint reveals nothing of a secret: public keys are hashed, and each secret key
 * (Fernet keys, an HMAC JWT key) only keys an HMAC of a fixed label. The keys themselves never
 * travel: the operator gives every core node the same {@code var/keys} (docs/cluster.md).
 */
public final class ClusterKeyCheck {

  private static final Logger log = LoggerFactory.getLogger(ClusterKeyCheck.class);

  static final String MAP = HazelcastSetup.MAP_PREFIX + "keys";

  private static final byte[] LABEL =
      "antbot cluster key check v1".getBytes(StandardCharsets.UTF_8);

  private ClusterKeyCheck() {}

  /** A fingerprint of every key this node holds, in ring order. */
  static String fingerprint(JwtKeyRing jwt, List<FernetKey> fernet, RsaKeyPair rsa) {
    MessageDigest digest = KeyIds.sha256();
    digest.update(LABEL);
    for (JwtKey key : jwt.keys()) {
      update(digest, "jwt " + key.kid() + " " + key.alg());
      // The JWK as the key file holds it, private parts included, only ever as an HMAC key.
      digest.update(hmac(key.jwk().encode().getBytes(StandardCharsets.UTF_8)));
    }
    for (FernetKey key : fernet) {
      update(digest, "fernet");
      digest.update(hmac(key.encoded().getBytes(StandardCharsets.US_ASCII)));
    }
    update(digest, "rsa " + (rsa == null ? "none" : rsa.fingerprint()));
    return HexFormat.of().formatHex(digest.digest(), 0, 16);
  }

  /**
   * The fingerprint of the keys in {@code options}' keys directory, as a core node computes it at
   * start; with {@code create}, the keys missing there are made first, as a first start would make
   * them (a JWT key for the configured algorithm, a Fernet key, an RSA pair), whatever {@code
   * security.key_generation} says: the operator asked for them. Existing keys are never replaced.
   *
   * @throws IOException when a key file cannot be read or written, or is missing without {@code
   *     create}
   */
  public static String fingerprintOf(SecurityOptions options, boolean create, Instant now)
      throws IOException {
    KeyFiles files = new KeyFiles(Path.of(options.keysDir()));
    JwtKeyRing jwt =
        files.loadOrCreateJwt(options.jwt().algorithm(), options.jwt().rsaBits(), create, now);
    List<FernetKey> fernet = files.loadOrCreateFernet(create);
    RsaKeyPair rsa = files.loadOrCreateRsa(options.rsaKeyBits(), create);
    return fingerprint(jwt, fernet, rsa);
  }

  /**
   * Records this node's fingerprint and fails, with one line naming the node that differs, when a
   * core node still in the cluster holds other keys. On a worker: Hazelcast calls block.
   */
  static Future<Void> check(
      Vertx vertx, HazelcastInstance hazelcast, String node, String fingerprint) {
    return vertx.executeBlocking(
        () -> {
          IMap<String, String> map = hazelcast.getMap(MAP);
          UUID self = hazelcast.getCluster().getLocalMember().getUuid();
          map.set(
              self.toString(),
              new JsonObject().put("node", node).put("fingerprint", fingerprint).encode());
          Set<String> members =
              hazelcast.getCluster().getMembers().stream()
                  .map(Member::getUuid)
                  .map(UUID::toString)
                  .collect(Collectors.toSet());
          for (Map.Entry<String, String> entry : map.entrySet()) {
            if (entry.getKey().equals(self.toString())) {
              continue;
            }
            if (!members.contains(entry.getKey())) {
              map.remove(entry.getKey(), entry.getValue());
              continue;
            }
            JsonObject other = parse(entry.getValue());
            if (!fingerprint.equals(other.getString("fingerprint"))) {
              map.remove(self.toString());
              throw new IllegalStateException(
                  "cluster: this node's keys (security.keys_dir, fingerprint "
                      + fingerprint
                      + ") are not those of core node "
                      + other.getString("node", "?")
                      + " ("
                      + other.getString("fingerprint", "?")
                      + "): every core node needs the same var/keys (docs/cluster.md, Keys)");
            }
          }
          log.info(
              "keys fingerprint {}: the same as every core node's in the cluster (antbot-core keys"
                  + " fingerprint prints a node's)",
              fingerprint);
          return null;
        },
        false);
  }

  private static JsonObject parse(String text) {
    try {
      return new JsonObject(text);
    } catch (RuntimeException e) {
      return new JsonObject().put("node", "an unknown member");
    }
  }

  private static void update(MessageDigest digest, String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }

  private static byte[] hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(LABEL);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
