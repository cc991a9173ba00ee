package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code antbot.config.feature}: {@code {flag, context?}} → {@code {flag, enabled, reason,
 * detail}}.
 *
 * @param flag the flag name under {@code features:}, such as {@code enable_compounding}
 * @param context what the flag is evaluated for: string values such as {@code bot_id}, {@code
 *     user}, {@code symbol}, {@code exchange}; never {@code null}. {@code bot} is read as another
 *     name of {@code bot_id} (the HTTP route's {@code ?bot=} and bots that say {@code bot}), so a
 *     rollout sticky on {@code bot_id} finds the bot either way; when both are given, {@code
 *     bot_id} wins.
 */
public record ConfigFeatureRequest(String flag, Map<String, String> context) {

  /** The most context entries a flag query may carry. */
  public static final int MAX_CONTEXT_ENTRIES = 32;

  /** The longest context value (a bot id, a symbol, an environment name). */
  public static final int MAX_CONTEXT_VALUE_CHARS = 256;

  private static final Set<String> FIELDS = Set.of("flag", "context");

  /** The context key flags are sticky on by default, and the other name it may arrive under. */
  private static final String BOT_ID = "bot_id";

  private static final String BOT = "bot";
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9_\\-]{1,128}", Pattern.CASE_INSENSITIVE);

  public ConfigFeatureRequest {
    if (context.containsKey(BOT) && !context.containsKey(BOT_ID)) {
      Map<String, String> named = new LinkedHashMap<>(context);
      named.put(BOT_ID, context.get(BOT));
      context = named;
    }
    context = Map.copyOf(context);
  }

  public static ConfigFeatureRequest fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    String flag = JsonFields.requireString(json, "flag");
    if (!NAME.matcher(flag).matches()) {
      throw BusException.badRequest(
          "flag: not a valid flag name "
              + JsonFields.describe(flag)
              + " (expected letters, digits, '_' or '-')");
    }
    return new ConfigFeatureRequest(
        flag,
        JsonFields.optionalStringMap(
            json, "context", MAX_CONTEXT_ENTRIES, MAX_CONTEXT_VALUE_CHARS));
  }

  public JsonObject toJson() {
    JsonObject context = new JsonObject();
    this.context.forEach(context::put);
    return new JsonObject().put("flag", flag).put("context", context);
  }
}
