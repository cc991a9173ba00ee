package io.antbot.security.token;

import io.antbot.security.crypto.KeyIds;
import io.antbot.security.crypto.StrictBase64;
import io.antbot.settings.Settings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refresh tokens, grouped in families (one per login): each refresh spends the presented token and
 * hands out the next one of the family. Presenting a spent token again means it was copied — the
 * family is revoked, with every access token it produced, and both the thief and the owner must log
 * in again (OAuth 2.0 Security BCP §4.14).
 *
 * <p>A refresh token is {@code <family id>.<secret>}, opaque to clients; only its SHA-256 is
 * stored. Tokens expire {@code ttl} after they are issued (a sliding window). Not thread-safe:
 * owned by the security verticle's event loop; persisted through {@link #toJson()}.
 */
public final class RefreshSessions {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a refresh attempt came to. */
  public sealed interface Outcome {}

  /** The token was the family's current one: here is the next. */
  public record Rotated(String user, String familyId, String refreshToken) implements Outcome {}

  /** Why a refresh token was refused. */
  public enum Refusal {
    UNKNOWN,
    SESSION_REVOKED,
    EXPIRED,
    SESSION_TOO_OLD,
    /** A spent token presented again: the whole session is revoked. */
    REUSE
  }

  /**
   * The token was refused for {@code why}, told to people as {@code reason}; {@code revokedJtis}
   * are access tokens to revoke (non-empty when reuse was detected).
   */
  public record Refused(Refusal why, String reason, String user, Map<String, Long> revokedJtis)
      implements Outcome {}

  private static final class Family {
    final String id;
    final String user;
    final long createdS;
    String currentHash;
    long expiresS;
    boolean revoked;

    /**
     * How many times the cluster's copy was written (0 outside a cluster): of two copies of a
     * family, the one with the higher number is the newer.
     */
    long rev;

    final Set<String> spentHashes = new LinkedHashSet<>();
    final Map<String, Long> accessJtis = new LinkedHashMap<>();

    Family(String id, String user, long createdS) {
      this.id = id;
      this.user = user;
      this.createdS = createdS;
    }

    JsonObject toJson() {
      JsonObject jtis = new JsonObject();
      accessJtis.forEach(jtis::put);
      JsonObject json =
          new JsonObject()
              .put("id", id)
              .put("user", user)
              .put("created_s", createdS)
              .put("current", currentHash)
              .put("expires_s", expiresS)
              .put("revoked", revoked)
              .put("spent", new JsonArray(new ArrayList<>(spentHashes)))
              .put("access_jtis", jtis);
      return rev > 0 ? json.put("rev", rev) : json;
    }

    /**
     * Reads a family written by {@link #toJson()}, by this node or another one.
     *
     * @throws IllegalArgumentException naming the field that is missing or of the wrong type (never
     *     its value)
     */
    static Family fromJson(JsonObject entry) {
      Family family =
          new Family(
              text(entry, "id", false), text(entry, "user", false), number(entry, "created_s"));
      family.currentHash = text(entry, "current", true);
      family.expiresS = number(entry, "expires_s");
      family.rev = entry.containsKey("rev") ? number(entry, "rev") : 0;
      Object revoked = entry.getValue("revoked");
      if (revoked != null && !(revoked instanceof Boolean)) {
        throw new IllegalArgumentException("revoked: expected a boolean");
      }
      family.revoked = Boolean.TRUE.equals(revoked);
      Object spent = entry.getValue("spent");
      if (spent != null) {
        if (!(spent instanceof JsonArray list)) {
          throw new IllegalArgumentException("spent: expected an array");
        }
        for (Object hash : list) {
          if (!(hash instanceof String text)) {
            throw new IllegalArgumentException("spent: expected strings");
          }
          family.spentHashes.add(text);
        }
      }
      Object jtis = entry.getValue("access_jtis");
      if (jtis != null) {
        if (!(jtis instanceof JsonObject map)) {
          throw new IllegalArgumentException("access_jtis: expected an object");
        }
        for (String jti : map.fieldNames()) {
          if (!(map.getValue(jti) instanceof Number exp)) {
            throw new IllegalArgumentException("access_jtis: expected numbers");
          }
          family.accessJtis.put(jti, exp.longValue());
        }
      }
      return family;
    }

    private static String text(JsonObject entry, String field, boolean nullable) {
      Object value = entry.getValue(field);
      if (value instanceof String text) {
        return text;
      }
      if (value == null && nullable) {
        return null;
      }
      throw new IllegalArgumentException(field + ": expected a string");
    }

    private static long number(JsonObject entry, String field) {
      Object value = entry.getValue(field);
      if (value instanceof Number number) {
        return number.longValue();
      }
      if (value == null) {
        return 0;
      }
      throw new IllegalArgumentException(field + ": expected a number");
    }
  }

  /** In login order, so that of two logins within the same second the earlier is the older. */
  private final Map<String, Family> families = new LinkedHashMap<>();

  /**
   * Spent refresh tokens remembered per family, newest kept (about ten days of refreshes every 15
   * minutes): an older one replayed is refused as unknown instead of revoking the family, which it
   * can no longer harm.
   */
  static final int MAX_SPENT_REMEMBERED = 1_000;

  /** Until {@link #limit} is called: the schema's defaults. */
  private long absoluteLifetimeS =
      ((Number) Settings.defaultOf("security.jwt.session_lifetime_s")).longValue();

  private int maxFamiliesPerUser =
      ((Number) Settings.defaultOf("security.jwt.max_sessions_per_user")).intValue();

  /**
   * Sets the absolute lifetime and the cap per user ({@code security.jwt.session_lifetime_s} and
   * {@code max_sessions_per_user}). A shorter lifetime applies to the families already running:
   * their next refresh is measured from their login; a lower cap applies at each user's next login.
   */
  public void limit(long absoluteLifetimeS, int maxFamiliesPerUser) {
    if (absoluteLifetimeS < 1 || maxFamiliesPerUser < 1) {
      throw new IllegalArgumentException(
          "lifetime and cap must be positive, got "
              + absoluteLifetimeS
              + " and "
              + maxFamiliesPerUser);
    }
    this.absoluteLifetimeS = absoluteLifetimeS;
    this.maxFamiliesPerUser = maxFamiliesPerUser;
  }

  /**
   * Starts a family for {@code user} and returns its first refresh token; the user's oldest family
   * beyond the cap ends.
   */
  public Rotated start(String user, long nowS, long ttlS) {
    for (String ended : beyondCap(user, nowS)) {
      end(ended, nowS, ttlS);
    }
    byte[] id = new byte[12];
    RANDOM.nextBytes(id);
    Family family = new Family(StrictBase64.encodeUrlUnpadded(id), user, nowS);
    families.put(family.id, family);
    return new Rotated(user, family.id, next(family, nowS, ttlS));
  }

  /**
   * The families of {@code user} that a new login ends: the oldest live ones beyond the cap
   * (counting the new one), oldest first.
   */
  public List<String> beyondCap(String user, long nowS) {
    List<Family> live =
        families.values().stream()
            .filter(f -> f.user.equals(user) && !f.revoked && f.expiresS > nowS)
            .sorted(java.util.Comparator.comparingLong(f -> f.createdS))
            .toList();
    List<String> ended = new ArrayList<>();
    for (int i = 0; i <= live.size() - maxFamiliesPerUser; i++) {
      ended.add(live.get(i).id);
    }
    return ended;
  }

  /**
   * Ends family {@code familyId} because its user logged in once too often: revoked, its refresh
   * token expiring within {@code ttlS} (its access tokens stay valid until they expire).
   */
  public void end(String familyId, long nowS, long ttlS) {
    Family family = families.get(familyId);
    if (family != null && !family.revoked) {
      family.revoked = true;
      family.expiresS = Math.min(family.expiresS, nowS + ttlS);
    }
  }

  /** Whether family {@code familyId} is here and not revoked. */
  public boolean holds(String familyId) {
    Family family = families.get(familyId);
    return family != null && !family.revoked;
  }

  /** Presents {@code refreshToken}: rotates it, or refuses it (revoking the family on reuse). */
  public Outcome use(String refreshToken, long nowS, long ttlS) {
    int dot = refreshToken == null ? -1 : refreshToken.indexOf('.');
    Family family = dot < 0 ? null : families.get(refreshToken.substring(0, dot));
    if (family == null) {
      return new Refused(Refusal.UNKNOWN, "unknown refresh token", null, Map.of());
    }
    String hash = hash(refreshToken);
    if (family.revoked) {
      return new Refused(
          Refusal.SESSION_REVOKED,
          "the session of this refresh token was revoked",
          family.user,
          Map.of());
    }
    if (equal(hash, family.currentHash)) {
      if (family.expiresS <= nowS || nowS >= family.createdS + absoluteLifetimeS) {
        boolean tooOld = nowS >= family.createdS + absoluteLifetimeS;
        return new Refused(
            tooOld ? Refusal.SESSION_TOO_OLD : Refusal.EXPIRED,
            tooOld
                ? "session older than " + describe(absoluteLifetimeS) + "; log in again"
                : "refresh token expired",
            family.user,
            Map.of());
      }
      family.spentHashes.add(family.currentHash);
      if (family.spentHashes.size() > MAX_SPENT_REMEMBERED) {
        family.spentHashes.remove(family.spentHashes.iterator().next());
      }
      return new Rotated(family.user, family.id, next(family, nowS, ttlS));
    }
    for (String spent : family.spentHashes) {
      if (equal(hash, spent)) {
        return new Refused(
            Refusal.REUSE,
            "refresh token reuse detected; the whole session was revoked",
            family.user,
            revoke(family, nowS));
      }
    }
    return new Refused(Refusal.UNKNOWN, "unknown refresh token", null, Map.of());
  }

  /**
   * Remembers that {@code jti} (expiring at {@code expS}) was issued in family {@code familyId},
   * and forgets the family's access tokens that have expired (a revocation has nothing to do for
   * them), so a family refreshed for weeks keeps only the few that can still be used.
   */
  public void recordAccessToken(String familyId, String jti, long expS, long nowS) {
    Family family = families.get(familyId);
    if (family != null) {
      family.accessJtis.values().removeIf(exp -> exp <= nowS);
      family.accessJtis.put(jti, expS);
    }
  }

  /** Revokes the family of {@code refreshToken} (logout); returns the access tokens to revoke. */
  public Map<String, Long> revokeByToken(String refreshToken, long nowS) {
    int dot = refreshToken.indexOf('.');
    Family family = dot < 0 ? null : families.get(refreshToken.substring(0, dot));
    if (family == null || family.revoked) {
      return null;
    }
    String hash = hash(refreshToken);
    boolean known =
        equal(hash, family.currentHash)
            || family.spentHashes.stream().anyMatch(spent -> equal(hash, spent));
    return known ? revoke(family, nowS) : null;
  }

  /** Revokes the family {@code familyId} (for example when one of its access tokens is revoked). */
  public Map<String, Long> revokeFamily(String familyId, long nowS) {
    Family family = families.get(familyId);
    return family == null || family.revoked ? Map.of() : revoke(family, nowS);
  }

  /**
   * Revokes every family of {@code user} (password change, disabling); returns the access tokens to
   * revoke.
   */
  public Map<String, Long> revokeUser(String user, long nowS) {
    Map<String, Long> jtis = new HashMap<>();
    for (Family family : families.values()) {
      if (family.user.equals(user) && !family.revoked) {
        jtis.putAll(revoke(family, nowS));
      }
    }
    return jtis;
  }

  private Map<String, Long> revoke(Family family, long nowS) {
    family.revoked = true;
    Map<String, Long> live = new HashMap<>();
    family.accessJtis.forEach(
        (jti, exp) -> {
          if (exp > nowS) {
            live.put(jti, exp);
          }
        });
    return live;
  }

  /**
   * Forgets families whose newest refresh token has expired or that have outlived the absolute
   * lifetime (revoked ones too: once their refresh token could no longer be used, a replay of it is
   * refused as unknown); returns how many.
   */
  public int prune(long nowS) {
    int before = families.size();
    families
        .values()
        .removeIf(family -> family.expiresS <= nowS || nowS >= family.createdS + absoluteLifetimeS);
    return before - families.size();
  }

  public int size() {
    return families.size();
  }

  private String next(Family family, long nowS, long ttlS) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = family.id + "." + StrictBase64.encodeUrlUnpadded(secret);
    family.currentHash = hash(token);
    family.expiresS = Math.min(nowS + ttlS, family.createdS + absoluteLifetimeS);
    return token;
  }

  private static String describe(long seconds) {
    if (seconds % 86_400 == 0) {
      return seconds / 86_400 + (seconds == 86_400 ? " day" : " days");
    }
    return seconds % 3600 == 0
        ? seconds / 3600 + (seconds == 3600 ? " hour" : " hours")
        : seconds + " s";
  }

  private static String hash(String token) {
    return HexFormat.of().formatHex(KeyIds.sha256().digest(token.getBytes(StandardCharsets.UTF_8)));
  }

  private static boolean equal(String a, String b) {
    return a != null
        && b != null
        && MessageDigest.isEqual(
            a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    for (Family family : families.values()) {
      list.add(family.toJson());
    }
    return new JsonObject().put("families", list);
  }

  public static RefreshSessions fromJson(JsonObject json) {
    RefreshSessions sessions = new RefreshSessions();
    for (Object item : json.getJsonArray("families", new JsonArray())) {
      if (!(item instanceof JsonObject entry)) {
        throw new IllegalArgumentException("families: expected objects");
      }
      Family family = Family.fromJson(entry);
      sessions.families.put(family.id, family);
    }
    return sessions;
  }

  // --- one family at a time, for the cluster's copy (ClusterSessions) ---

  /**
   * One family as the cluster keeps it: its JSON text and the second until which it must be kept
   * (after that its refresh token can no longer be used and a replay of it is refused as unknown).
   */
  public record Snapshot(String text, long keepUntilS) {}

  /**
   * A working copy with this one's limits holding only the family {@code text} describes (none when
   * {@code null}): a change of one family is decided on it, then written to the cluster with {@link
   * #snapshot}.
   *
   * @throws IllegalArgumentException when {@code text} is not a family whose id is {@code familyId}
   */
  public RefreshSessions detached(String familyId, String text) {
    RefreshSessions copy = new RefreshSessions();
    copy.absoluteLifetimeS = absoluteLifetimeS;
    copy.maxFamiliesPerUser = maxFamiliesPerUser;
    if (text != null) {
      Family family = parse(text);
      if (!family.id.equals(familyId)) {
        throw new IllegalArgumentException("id: not the family's key");
      }
      copy.families.put(family.id, family);
    }
    return copy;
  }

  /**
   * The family {@code familyId} as the next version of the cluster's copy (its write count one
   * higher), or {@code null} when there is no such family.
   */
  public Snapshot snapshot(String familyId) {
    Family family = families.get(familyId);
    if (family == null) {
      return null;
    }
    family.rev++;
    return new Snapshot(family.toJson().encode(), keepUntil(family));
  }

  /** Every family as it stands, except those that can be forgotten at {@code nowS}. */
  public Map<String, Snapshot> snapshots(long nowS) {
    Map<String, Snapshot> all = new LinkedHashMap<>();
    families
        .values()
        .forEach(
            family -> {
              if (keepUntil(family) > nowS) {
                all.put(family.id, new Snapshot(family.toJson().encode(), keepUntil(family)));
              }
            });
    return all;
  }

  /**
   * Takes the cluster's copy of a family when this node holds none or an older one (a lower write
   * count); returns whether it did.
   *
   * @throws IllegalArgumentException when {@code text} is not a family
   */
  public boolean adopt(String text) {
    Family family = parse(text);
    Family held = families.get(family.id);
    if (held != null && held.rev >= family.rev) {
      return false;
    }
    families.put(family.id, family);
    return true;
  }

  /** The write count in a family's text; -1 when it is not a family. */
  public static long revision(String text) {
    try {
      return parse(text).rev;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  /** The ids of {@code user}'s families that are not revoked. */
  public List<String> familiesOf(String user) {
    return families.values().stream()
        .filter(family -> family.user.equals(user) && !family.revoked)
        .map(family -> family.id)
        .toList();
  }

  private long keepUntil(Family family) {
    return Math.min(family.expiresS, family.createdS + absoluteLifetimeS);
  }

  private static Family parse(String text) {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return Family.fromJson(json);
  }

  /** The family id of a refresh token's text, or {@code null} (no lookup; for audit entries). */
  public static String familyOf(String refreshToken) {
    int dot = refreshToken == null ? -1 : refreshToken.indexOf('.');
    return dot < 0 ? null : refreshToken.substring(0, dot);
  }

  /** Whether {@code text} has the shape of a refresh token rather than a JWT. */
  public static boolean looksLikeRefreshToken(String text) {
    return text != null && text.chars().filter(c -> c == '.').count() == 1;
  }
}
