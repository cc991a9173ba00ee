package io.antbot.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * {@code antbot.security.authorize}: {@code {user, action, resource, permissions?}}. With {@code
 * permissions} (those of the caller's token), the action must be allowed by them as well as by the
 * user's roles.
 */
public record Authorize(String user, String action, String resource, List<String> permissions) {
  private static final Set<String> FIELDS = Set.of("user", "action", "resource", "permissions");

  public static Authorize fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    return new Authorize(
        SecurityFields.userNameField(json, "user"),
        JsonFields.requireString(json, "action", SecurityFields.MAX_PERMISSION_CHARS),
        JsonFields.requireString(json, "resource", SecurityFields.MAX_RESOURCE_CHARS),
        SecurityFields.optionalStrings(json, "permissions"));
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject().put("user", user).put("action", action).put("resource", resource);
    if (permissions != null) {
      json.put("permissions", new JsonArray(permissions));
    }
    return json;
  }
}
