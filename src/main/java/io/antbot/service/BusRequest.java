package io.antbot.service;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

/**
 * One message as a service handler sees it.
 *
 * @param body the JSON body, never {@code null} ({@code {}} when the sender sent none)
 * @param headers the message headers
 * @param correlationId the correlation id, received or created at this hop, never {@code null}
 */
public record BusRequest(JsonObject body, MultiMap headers, String correlationId) {}
