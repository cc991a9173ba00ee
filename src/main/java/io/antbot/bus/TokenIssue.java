package io.antbot.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** {@code antbot.security.token.issue}: {@code {user, permissions?, ttl_s?, actor?}}. */
public record TokenIssue(String user, List<String> permissions, Long ttlS, String actor) {
  private static final Set<String> FIELDS = Set.of("user", "permissions", "ttl_s", "actor");

  public static TokenIssue fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    Long ttl = JsonFields.optionalLong(json, "ttl_s");
    if (ttl != null && ttl <= 0) {
      throw BusException.badRequest("ttl_s: expected a positive number of seconds, got " + ttl);
    }
    return new TokenIssue(
        SecurityFields.userNameField(json, "user"),
        SecurityFields.optionalStrings(json, "permissions"),
        ttl,
        SecurityFields.actorField(json));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("user", user);
    if (permissions != null) {
      json.put("permissions", new JsonArray(permissions));
    }
    if (ttlS != null) {
      json.put("ttl_s", ttlS);
    }
    if (actor != null) {
      json.put("actor", actor);
    }
    return json;
  }
}
