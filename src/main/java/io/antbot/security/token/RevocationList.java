package io.antbot.security.token;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Revoked access tokens by {@code jti}, each kept until the token would have expired anyway.
 *
 * <p>Changed on the security verticle's event loop and persisted through {@link #toJson()}; read by
 * the HTTP edge from other event loops, hence the concurrent map.
 */
public final class RevocationList {

  private final Map<String, Long> expiresAtS = new ConcurrentHashMap<>();
  private final Map<String, Long> unshared = new ConcurrentHashMap<>();
  private volatile boolean shared;

  /** Revokes {@code jti} until {@code expiresAtS} (epoch seconds); returns whether it was new. */
  public boolean revoke(String jti, long expiresAtS) {
    Long previous =
        this.expiresAtS.put(jti, Math.max(expiresAtS, this.expiresAtS.getOrDefault(jti, 0L)));
    if (shared) {
      unshared.merge(jti, expiresAtS, Math::max);
    }
    return previous == null;
  }

  /**
   * From now on, revocations made here are kept for {@link #takeUnshared()} as well: the cluster's
   * other nodes must learn of them.
   */
  public void share() {
    shared = true;
  }

  /** The revocations made here since the last call, to hand to the cluster. */
  public Map<String, Long> takeUnshared() {
    Map<String, Long> taken = new java.util.HashMap<>();
    for (String jti : List.copyOf(unshared.keySet())) {
      Long exp = unshared.remove(jti);
      if (exp != null) {
        taken.put(jti, exp);
      }
    }
    return taken;
  }

  /** A revocation another node made; returns whether it was new here. */
  public boolean accept(String jti, long expiresAtS) {
    Long previous =
        this.expiresAtS.put(jti, Math.max(expiresAtS, this.expiresAtS.getOrDefault(jti, 0L)));
    return previous == null || previous < expiresAtS;
  }

  /** Every revocation in force here (a copy). */
  public Map<String, Long> all() {
    return Map.copyOf(expiresAtS);
  }

  public boolean isRevoked(String jti) {
    return expiresAtS.containsKey(jti);
  }

  /**
   * Forgets entries whose token expired before {@code nowS} minus {@code leewayS}; returns how
   * many.
   */
  public int prune(long nowS, long leewayS) {
    int before = expiresAtS.size();
    expiresAtS.values().removeIf(exp -> exp + leewayS < nowS);
    return before - expiresAtS.size();
  }

  public int size() {
    return expiresAtS.size();
  }

  public JsonObject toJson() {
    JsonObject revoked = new JsonObject();
    expiresAtS.forEach(revoked::put);
    return new JsonObject().put("revoked", revoked);
  }

  public static RevocationList fromJson(JsonObject json) {
    RevocationList list = new RevocationList();
    JsonObject revoked = json.getJsonObject("revoked", new JsonObject());
    for (String jti : revoked.fieldNames()) {
      list.expiresAtS.put(jti, revoked.getLong(jti));
    }
    return list;
  }
}
