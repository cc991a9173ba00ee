package io.antbot.security.iplist;

/**
 * Whether an address may connect, and why.
 *
 * @param allowed the request may proceed
 * @param reason {@code allowed}, {@code deny-list}, {@code not-in-allow-list}, {@code
 *     invalid-address} or {@code disabled}
 * @param matched the list entry that decided, e.g. {@code 203.0.113.0/24}; {@code null} when none
 *     did
 */
public record IpDecision(boolean allowed, String reason, String matched) {}
