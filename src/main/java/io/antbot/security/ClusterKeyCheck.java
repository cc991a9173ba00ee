package io.antbot.security;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.antbot.cluster.HazelcastSetup;
import io.antbot.security.crypto.FernetKey;
import io.antbot.security.crypto.KeyIds;
import io.antbot.security.crypto.RsaKeyPair;
import io.antbot.security.token.JwtKey;
import io.antbot.security.token.JwtKeyRing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
final class ClusterKeyCheck {

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
                  "cluster: this node's keys (security.keys_dir) are not those of core node "
                      + other.getString("node", "?")
                      + ": every core node needs the same var/keys (docs/cluster.md, Keys)");
            }
          }
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
