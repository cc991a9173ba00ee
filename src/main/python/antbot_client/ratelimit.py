"""Rate limits for a bot's own outbound calls: ``antbot.security.ratelimit.check``.

>>> limits = RateLimiter(bus)
>>> await limits.acquire("binance:acct-1", policy="bot", cost=20)  # waits while it is empty
>>> decision = await limits.check("binance:acct-1", cost=1)          # or decide yourself
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import addresses
from .connection import BusConnection, BusError, FailureCode

#: The longest key accepted (``RateLimitCheckRequest.MAX_KEY_LENGTH``).
MAX_KEY_LENGTH = 256


@dataclass(frozen=True)
class RateLimitDecision:
    """The reply of a check (``io.antbot.bus.RateLimitCheckReply``).

    A refusal is a normal reply with ``allowed`` false, not a failure: wait ``retry_after_s``.
    """

    allowed: bool
    remaining: int
    retry_after_s: int
    policy: str | None
    limit: int
    window_s: int
    reset_s: int

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> RateLimitDecision:
        """Reads ``{allowed, remaining, retry_after_s, policy, limit, window_s, reset_s}``."""

        def number(name: str) -> int:
            value = body.get(name, 0)
            return int(value) if isinstance(value, (int, float)) else 0

        policy = body.get("policy")
        return cls(
            allowed=body.get("allowed") is True,
            remaining=number("remaining"),
            retry_after_s=number("retry_after_s"),
            policy=policy if isinstance(policy, str) else None,
            limit=number("limit"),
            window_s=number("window_s"),
            reset_s=number("reset_s"),
        )


class RateLimiter:
    """Takes tokens from the runtime's buckets before calls to an exchange."""

    def __init__(self, bus: BusConnection, *, timeout: float | None = None) -> None:
        """
        :param timeout: seconds per request; the connection's default when ``None``
        """
        self.bus = bus
        self._timeout = timeout

    async def check(self, key: str, policy: str | None = None, cost: int = 1) -> RateLimitDecision:
        """Takes ``cost`` tokens from ``key``'s bucket under ``policy`` (the default policy when
        ``None``).

        :raises BusError: 400 for a key over 256 characters, a blank policy or a cost below 1
        """
        body: dict[str, Any] = {"key": key, "cost": cost}
        if policy is not None:
            body["policy"] = policy
        reply = await self.bus.request(
            addresses.SECURITY_RATELIMIT_CHECK, body, timeout=self._timeout
        )
        return RateLimitDecision.from_json(reply or {})

    async def acquire(
        self,
        key: str,
        policy: str | None = None,
        cost: int = 1,
        *,
        max_wait: float = 60.0,
    ) -> RateLimitDecision:
        """Checks until allowed, sleeping ``retry_after_s`` (at least 50 ms) between tries.

        :raises BusError: 429 when it would have to wait past ``max_wait`` seconds
        """
        deadline = time.monotonic() + max_wait
        while True:
            decision = await self.check(key, policy, cost)
            if decision.allowed:
                return decision
            delay = max(0.05, float(decision.retry_after_s))
            if time.monotonic() + delay > deadline:
                raise BusError(
                    FailureCode.RATE_LIMITED,
                    f"{key}: rate limited under {decision.policy or 'the default policy'}; "
                    f"retry in {decision.retry_after_s} s",
                )
            await asyncio.sleep(delay)
