package io.antbot.local;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;

/**
 * The configuration service's {@code antbot.config.get} as a local call, published under {@link
 * LocalServices#CONFIG_READER}: the HTTP route {@code GET /api/v1/config/{key}} and a {@code
 * ConfigClient} of the same Vert.x instance read the service's current snapshot (replaced as a
 * whole on every change, so a read sees one version) without a bus round trip. The reply is the bus
 * reply: the same version, the same masking of secrets.
 *
 * <p>Safe to call from any thread; never blocks.
 */
public interface ConfigReader extends Shareable {

  /**
   * Answers an {@code antbot.config.get} body ({@code {key, default?}}) with {@code {key, value,
   * version}}; the value is the caller's own copy.
   *
   * @throws io.antbot.bus.BusException 400 for a malformed body, 404 for an unknown key without a
   *     default, 503 while the configuration is still loading
   */
  JsonObject get(JsonObject request);

  /**
   * The reply of {@link #get} for {@code {key}} (no default) as compact JSON text in UTF-8, as the
   * HTTP edge sends it. The configuration service keeps the text of the keys read lately until the
   * next version, so a key read again is not looked up, masked and encoded again. The buffer is
   * shared: callers must not change it.
   *
   * @throws io.antbot.bus.BusException as {@link #get}
   */
  Buffer getEncoded(String key);
}
