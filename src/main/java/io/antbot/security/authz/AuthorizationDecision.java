package io.antbot.security.authz;

import io.vertx.core.json.JsonObject;

/**
 * The answer to "may this user do this action on this resource", with the rule that decided it.
 *
 * @param allowed whether the action is allowed
 * @param reason which role and rule decided, or why nothing allowed it
 */
public record AuthorizationDecision(boolean allowed, String reason) {

  public JsonObject toJson() {
    return new JsonObject().put("allowed", allowed).put("reason", reason);
  }
}
