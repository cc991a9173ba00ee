"""Feature flags: ``antbot.config.feature {flag, context}`` → ``{flag, enabled, reason,
detail}``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import addresses
from .connection import BusConnection


@dataclass(frozen=True)
class FeatureDecision:
    """Whether a flag is on for a context, and why (``io.antbot.bus.FeatureDecision``).

    ``reason`` is a stable code: ``kill_switch``, ``disabled``, ``environment``, ``outside_window``,
    ``allow_list``, ``rollout``, ``no_context_key`` or ``enabled``; ``detail`` says the same in
    words.
    """

    flag: str
    enabled: bool
    reason: str
    detail: str = ""

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> FeatureDecision:
        """Reads a reply of ``antbot.config.feature``."""
        return cls(
            flag=str(body.get("flag", "")),
            enabled=body.get("enabled") is True,
            reason=str(body.get("reason", "")),
            detail=str(body.get("detail") or ""),
        )


class FeatureFlags:
    """Evaluates feature flags for a bot; the bot's id goes into every context as ``bot_id``.

    >>> flags = FeatureFlags(bus, bot_id="example-bot")
    >>> if await flags.is_enabled("enable_compounding"): ...
    """

    def __init__(
        self, bus: BusConnection, *, bot_id: str | None = None, timeout: float | None = None
    ) -> None:
        """
        :param bot_id: added to each context as ``bot_id`` (rollouts are sticky on it) unless the
            call's context names one
        :param timeout: seconds per request; the connection's default when ``None``
        """
        self._bus = bus
        self.bot_id = bot_id
        self._timeout = timeout

    async def evaluate(
        self, flag: str, context: Mapping[str, str] | None = None
    ) -> FeatureDecision:
        """The decision for ``flag`` in ``context`` (string values: ``bot_id``, ``user``,
        ``symbol``, ``exchange``...).

        :raises BusError: 400 for a malformed flag name or context
        """
        merged: dict[str, str] = dict(context or {})
        # "bot" is the other name the service reads as bot_id: a caller's own wins over the default
        if self.bot_id is not None and "bot_id" not in merged and "bot" not in merged:
            merged["bot_id"] = self.bot_id
        reply = await self._bus.request(
            addresses.CONFIG_FEATURE, {"flag": flag, "context": merged}, timeout=self._timeout
        )
        return FeatureDecision.from_json(reply or {})

    async def is_enabled(self, flag: str, context: Mapping[str, str] | None = None) -> bool:
        """Whether ``flag`` is on for ``context``."""
        return (await self.evaluate(flag, context)).enabled
