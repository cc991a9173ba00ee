package io.antbot.local;

import io.antbot.bus.FailureCode;
import io.antbot.bus.Principal;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the edge gate decided about a request.
 *
 * @param allowed whether the request goes on
 * @param status the failure code of a refusal ({@code null} when allowed)
 * @param detail the text of a refusal, never naming a rule
 * @param clientIp the client address the decision was made for (after trusted proxies), or {@code
 *     null}
 * @param headers response headers to add either way ({@code RateLimit}, {@code RateLimit-Policy},
 *     {@code Retry-After})
 * @param principal the authenticated caller, or {@code null}
 * @param clientKey the key the gate counts this client under for per-client limits (an IPv6 address
 *     as its network of {@code security.ip_lists.ipv6_prefix_bits}), so caps elsewhere count alike;
 *     {@code clientIp} when {@code null}
 */
public record EdgeDecision(
    boolean allowed,
    FailureCode status,
    String detail,
    String clientIp,
    Map<String, String> headers,
    Principal principal,
    String clientKey) {

  public EdgeDecision {
    headers = headers == null || headers.isEmpty() ? Map.of() : headers;
    clientKey = clientKey == null ? clientIp : clientKey;
  }

  public static EdgeDecision allow(
      String clientIp, Map<String, String> headers, Principal principal) {
    return new EdgeDecision(true, null, null, clientIp, headers, principal, null);
  }

  public static EdgeDecision refuse(
      FailureCode status, String detail, String clientIp, Map<String, String> headers) {
    return new EdgeDecision(false, status, detail, clientIp, headers, null, null);
  }

  /**
   * The bus form: {@code {allowed, status?, detail?, client_ip?, client_key?, headers,
   * principal?}}.
   */
  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("allowed", allowed)
            .put("headers", new JsonObject(new LinkedHashMap<>(headers)));
    if (status != null) {
      json.put("status", status.code()).put("detail", detail);
    }
    if (clientIp != null) {
      json.put("client_ip", clientIp);
    }
    if (clientKey != null && !clientKey.equals(clientIp)) {
      json.put("client_key", clientKey);
    }
    if (principal != null) {
      json.put("principal", principal.toJson());
    }
    return json;
  }

  public static EdgeDecision fromJson(JsonObject json) {
    Map<String, String> headers = new LinkedHashMap<>();
    JsonObject given = json.getJsonObject("headers");
    if (given != null) {
      given.forEach(header -> headers.put(header.getKey(), String.valueOf(header.getValue())));
    }
    JsonObject principal = json.getJsonObject("principal");
    boolean allowed = json.getBoolean("allowed", false);
    FailureCode status =
        allowed ? null : FailureCode.of(json.getInteger("status", FailureCode.FORBIDDEN.code()));
    return new EdgeDecision(
        allowed,
        status,
        allowed ? null : json.getString("detail", status.title()),
        json.getString("client_ip"),
        headers,
        principal == null ? null : Principal.fromJson(principal),
        json.getString("client_key"));
  }
}
