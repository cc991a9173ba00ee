package io.antbot.bus;

import io.vertx.core.json.JsonObject;

/**
 * The optional fields of {@code antbot.config.set}, {@code .unset} and {@code .revert} that let a
 * caller check a change before it is made: {@code dry_run: true} answers {@code {version, dry_run:
 * true, changes: [{key, new}]}} — every key the write would change, in the effective configuration
 * or in the runtime overrides, secrets masked — and writes nothing; {@code expect_version: N}
 * applies the write only while the configuration is at version {@code N}, else {@code 409}. The
 * HTTP edge uses the two to authorize every changed key before the change is made.
 *
 * @param dryRun compute and answer the change, apply nothing
 * @param expectVersion the version the write was checked against, or {@code null}
 */
public record ConfigWriteGuard(boolean dryRun, Long expectVersion) {

  /** No dry run, no expected version. */
  public static final ConfigWriteGuard NONE = new ConfigWriteGuard(false, null);

  static final String DRY_RUN = "dry_run";
  static final String EXPECT_VERSION = "expect_version";

  public static ConfigWriteGuard fromJson(JsonObject json) {
    Long expect = JsonFields.optionalLong(json, EXPECT_VERSION);
    if (expect != null && expect < 0) {
      throw BusException.badRequest(
          EXPECT_VERSION + ": expected a version (0 or more), got " + expect);
    }
    return new ConfigWriteGuard(JsonFields.optionalBoolean(json, DRY_RUN, false), expect);
  }

  /** Adds the guard's fields to a request body. */
  public JsonObject addTo(JsonObject json) {
    if (dryRun) {
      json.put(DRY_RUN, true);
    }
    if (expectVersion != null) {
      json.put(EXPECT_VERSION, expectVersion);
    }
    return json;
  }
}
