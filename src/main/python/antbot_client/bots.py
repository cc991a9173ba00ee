"""A bot's line to the bot registry: ``antbot.bots.announce``, ``.heartbeat`` and ``.command``.

>>> bot = BotHeartbeat(bus, "grid-1", node="host-7")
>>> bot.on_pause(lambda paused: print("paused" if paused else "resumed"))
>>> await bot.start()                       # announce, then a heartbeat every interval
>>> ... each loop: bot.loop_done(loop_ms)   # the next heartbeat carries it
>>> if bot.paused: skip the trading part
>>> await bot.stop()

Operators see the bot in ``GET /api/v1/bots`` (running, paused, stale after three missed
heartbeats, stopped) and pause or resume it with ``POST /api/v1/bots/{name}/pause|resume``; the bot
learns it from the heartbeat's reply and at once from the ``antbot.bots.command`` broadcast.
"""

from __future__ import annotations

import asyncio
import datetime
import socket
from collections.abc import Callable
from typing import Any

from . import addresses
from .connection import BusConnection, BusError, Message, Subscription

#: Default seconds between heartbeats (``BotReport.DEFAULT_INTERVAL_S``).
DEFAULT_INTERVAL_S = 5


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat().replace("+00:00", "Z")


class BotHeartbeat:
    """Announces a bot, beats for it in the background and follows pause/resume."""

    def __init__(
        self,
        bus: BusConnection,
        name: str,
        *,
        node: str | None = None,
        kind: str = "python",
        version: str | None = None,
        interval_s: int = DEFAULT_INTERVAL_S,
    ) -> None:
        """
        :param name: the bot's name, unique on its node (letters, digits, ``. _ -``; at most 64)
        :param node: where it runs; the host name (made to fit the name rule) when ``None``
        :param interval_s: seconds between heartbeats, 1 to 3600; stale after three missed
        """
        self.bus = bus
        self.name = name
        self.node = node or _node_name()
        self.kind = kind
        self.version = version
        self.interval_s = interval_s
        self._paused = False
        self._on_pause: Callable[[bool], Any] = lambda paused: None
        self._last_loop_at: str | None = None
        self._loop_ms: float | None = None
        self._task: asyncio.Task[None] | None = None
        self._subscription: Subscription | None = None
        self.failures = 0

    @property
    def paused(self) -> bool:
        """Whether an operator paused this bot, as of the last heartbeat or command."""
        return self._paused

    def on_pause(self, handler: Callable[[bool], Any]) -> BotHeartbeat:
        """Called with the new state when an operator pauses or resumes the bot."""
        self._on_pause = handler
        return self

    def loop_done(self, loop_ms: float | None = None) -> None:
        """Records the end of a trading loop (and its duration); the next heartbeat carries it."""
        self._last_loop_at = _now()
        self._loop_ms = loop_ms

    async def announce(self) -> bool:
        """Registers the bot; returns whether it is paused."""
        reply = await self.bus.request(addresses.BOTS_ANNOUNCE, self._report())
        return self._set_paused(bool((reply or {}).get("paused")))

    async def beat(self) -> bool:
        """One heartbeat with the last loop's end and duration; returns whether it is paused."""
        reply = await self.bus.request(addresses.BOTS_HEARTBEAT, self._report())
        return self._set_paused(bool((reply or {}).get("paused")))

    async def start(self) -> None:
        """Follows the pause commands, announces, then beats every ``interval_s`` until
        :meth:`stop`. A heartbeat that fails is counted in ``failures`` and the next one tries
        again."""
        self._subscription = await self.bus.subscribe(addresses.BOTS_COMMAND, self._command)
        await self.announce()
        self._task = asyncio.create_task(self._beat_forever())

    async def stop(self) -> None:
        """Stops beating and following commands (the registry marks it stale)."""
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None
        if self._subscription is not None:
            await self._subscription.unsubscribe()
            self._subscription = None

    async def _beat_forever(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s)
            try:
                await self.beat()
            except BusError:
                self.failures += 1

    def _command(self, message: Message) -> None:
        body = message.body if isinstance(message.body, dict) else {}
        if body.get("name") == self.name:
            self._set_paused(body.get("command") == "pause")

    def _set_paused(self, paused: bool) -> bool:
        before, self._paused = self._paused, paused
        if before != paused:
            self._on_pause(paused)
        return paused

    def _report(self) -> dict[str, Any]:
        report: dict[str, Any] = {
            "name": self.name,
            "node": self.node,
            "kind": self.kind,
            "interval_s": self.interval_s,
        }
        if self.version is not None:
            report["version"] = self.version
        if self._last_loop_at is not None:
            report["last_loop_at"] = self._last_loop_at
        if self._loop_ms is not None:
            report["loop_ms"] = self._loop_ms
        return report


def _node_name() -> str:
    """The host name, made to fit the node-name rule (``[A-Za-z0-9][A-Za-z0-9._-]{0,63}``)."""
    cleaned = "".join(c if c.isalnum() or c in "._-" else "-" for c in socket.gethostname())
    cleaned = cleaned.lstrip("._-") or "python"
    return cleaned[:64]
