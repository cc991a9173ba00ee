package io.antbot.web;

import io.antbot.bus.Addresses;
import io.antbot.bus.Authorize;
import io.antbot.bus.BusException;
import io.antbot.bus.ConfigWriteGuard;
import io.antbot.bus.Decision;
import io.antbot.bus.TrustedHeaders;
import io.antbot.service.NodeLocal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A configuration write over HTTP ({@code PUT}/{@code DELETE /config/{key}}, {@code POST
 * /config/revert}, {@code PUT /features/{flag}}) is authorized on every key it changes, not on the
 * key or route it names: a write of a parent key, an unset or a revert changes keys the route never
 * names. The config service is asked for the change first ({@code dry_run}), each changed key is
 * authorized for the caller, and the write is then made only at the version that was checked
 * ({@code expect_version}; a change in between is a {@code 409}, never an unchecked write). A
 * caller's own {@code dry_run: true} gets the authorized preview ({@code {version, dry_run,
 * changes}}) and nothing is written; its own {@code expect_version} is checked by the dry run.
 *
 * <p>Each changed key needs {@code config:write} on the key. A key under {@code security} (roles,
 * JWT, lockout, threat rules, rate limits, IP lists, audit) also needs {@value
 * #SECURITY_CONFIG_WRITE}, which the default {@code operator} role does not hold. A role written
 * under {@code security.roles} may grant only what the writer holds: each grant it lists is checked
 * as an action of the writer's ({@code trade:*@SOL/*} as {@code trade:*} on {@code SOL/*}); denials
 * ({@code !rule}) only take away and are not checked.
 */
final class ConfigWriteAuthorizer {

  /**
   * The permission a write to the security sections of the configuration needs besides {@code
   * config:write}.
   */
  static final String SECURITY_CONFIG_WRITE = "security:config:write";

  private static final String CONFIG_WRITE = "config:write";
  private static final String SECURITY = "security";
  private static final String ROLES = "security.roles.";

  private final Vertx vertx;
  private final DeliveryOptions options;

  ConfigWriteAuthorizer(Vertx vertx, DeliveryOptions options) {
    this.vertx = vertx;
    this.options = options;
  }

  /**
   * The write of {@code body} to {@code address} for {@code caller}, once every key it changes is
   * authorized.
   */
  Future<Object> write(String address, JsonObject body, Principal caller) {
    ConfigWriteGuard asked;
    try {
      asked = ConfigWriteGuard.fromJson(body);
    } catch (BusException e) {
      return Future.failedFuture(e);
    }
    JsonObject dryRun = new ConfigWriteGuard(true, asked.expectVersion()).addTo(body.copy());
    return vertx
        .eventBus()
        .<JsonObject>request(address, dryRun, NodeLocal.options(vertx, address, options))
        .compose(
            preview -> {
              long version = preview.body().getLong("version");
              List<Check> checks = checks(preview.body().getJsonArray("changes", new JsonArray()));
              List<Future<Decision>> decisions = new ArrayList<>();
              for (Check check : checks) {
                decisions.add(authorize(caller, check));
              }
              return Future.all(decisions)
                  .compose(
                      all -> {
                        for (int i = 0; i < checks.size(); i++) {
                          Decision decision = decisions.get(i).result();
                          if (!decision.allowed()) {
                            return Future.failedFuture(
                                BusException.forbidden(
                                    checks.get(i).describe() + ": " + decision.reason()));
                          }
                        }
                        if (asked.dryRun()) {
                          return Future.succeededFuture(preview.body());
                        }
                        JsonObject guarded =
                            new ConfigWriteGuard(false, version).addTo(body.copy());
                        return vertx
                            .eventBus()
                            .request(
                                address,
                                guarded,
                                NodeLocal.options(
                                    vertx,
                                    address,
                                    TrustedHeaders.onBehalfOf(options, caller.user())))
                            .map(reply -> reply.body());
                      });
            });
  }

  /**
   * The actions a set of changes needs: {@code [{key, new}]} as the config service's dry run lists
   * them.
   */
  static List<Check> checks(JsonArray changes) {
    List<Check> checks = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      JsonObject change = changes.getJsonObject(i);
      String key = change.getString("key");
      checks.add(new Check(CONFIG_WRITE, key, key));
      if (key.equals(SECURITY) || key.startsWith(SECURITY + ".")) {
        checks.add(new Check(SECURITY_CONFIG_WRITE, key, key));
      }
      if (key.startsWith(ROLES) && change.getValue("new") instanceof JsonArray grants) {
        for (Object grant : grants) {
          if (grant instanceof String rule && !rule.startsWith("!")) {
            int at = rule.indexOf('@');
            checks.add(
                at < 0
                    ? new Check(rule, "*", key + " grants " + rule)
                    : new Check(
                        rule.substring(0, at), rule.substring(at + 1), key + " grants " + rule));
          }
        }
      }
    }
    return checks;
  }

  private Future<Decision> authorize(Principal caller, Check check) {
    JsonObject request =
        new Authorize(
                caller.user(), check.action(), check.resource(), caller.source().permissions())
            .toJson();
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.SECURITY_AUTHORIZE,
            request,
            NodeLocal.options(vertx, Addresses.SECURITY_AUTHORIZE, options))
        .map(reply -> Decision.fromJson(reply.body()));
  }

  /** One action on one resource, and what to name in a refusal. */
  record Check(String action, String resource, String subject) {
    String describe() {
      return subject + " (" + action + ")";
    }
  }
}
