#!/usr/bin/env python3
"""An example bot that shows how a Python bot uses the runtime through the bridge. It places no
orders.

The Python twin of ``io.antbot.examples.ExampleBotVerticle``:

- Configuration: a :class:`ConfigView` kept live by the broadcasts, so each cycle reads
  ``trading.max_position_size`` as a local lookup, and ``on_change("trading", ...)`` reports edits
  as they happen.
- Feature flags: asks whether ``enable_compounding`` is on for this bot.
- Logging: a component logger over the bus (``ExampleBot``); each cycle runs under its own
  correlation id.
- Metrics: each cycle is recorded as an operation (``ExampleBot/cycle``) with its duration.

Run it against ``./scripts/run.sh``::

    python3 src/main/python/examples/example_bot.py --host 127.0.0.1 --port <bridge port> \\
        --user bot-1 --password ...        # or ANTBOT_PASSWORD in the environment

It logs in over the HTTP API (``--api``, default ``http://127.0.0.1:8001``) for its bearer token, or
takes one with ``--token``. Stop it with Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import pathlib
import signal
import ssl
import sys
import time
from typing import Any

try:
    import antbot_client  # noqa: F401 (installed with pip install ./src/main/python)
except ImportError:  # run from a clone without installing
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from antbot_client import (
    BusConnection,
    BusError,
    ConfigChange,
    ConfigClient,
    ConfigView,
    LogClient,
    MetricsClient,
    TokenManager,
)

COMPONENT = "ExampleBot"
DEFAULT_CYCLE_MS = 5_000


class ExampleBot:
    """One cycle every ``cycle_ms``: read limits locally, ask for a flag, time it."""

    def __init__(self, bus: BusConnection, bot_id: str, cycle_ms: int) -> None:
        if cycle_ms < 100:
            raise ValueError(f"cycle_ms: expected at least 100, got {cycle_ms}")
        self.bot_id = bot_id
        self.cycle_ms = cycle_ms
        self.config = ConfigClient(bus, bot_id=bot_id)
        self.logs = LogClient(bus)
        self.log = self.logs.logger(COMPONENT)
        self.metrics = MetricsClient(bus)
        self.view: ConfigView | None = None
        self.cycles = 0

    async def start(self) -> None:
        """Opens the config view and announces the bot."""
        self.view = await ConfigView.open(self.config)
        self.view.on_change("trading", self._trading_changed)
        self.log.info(
            "example bot started",
            bot=self.bot_id,
            cycle_ms=self.cycle_ms,
            max_position_size=self.view.get_float("trading.max_position_size", 0.1),
        )

    def _trading_changed(self, changes: list[ConfigChange]) -> None:
        for change in changes:
            self.log.info(
                "trading setting changed",
                key=change.key,
                old=change.old,
                new=change.new,
                bot=self.bot_id,
            )

    async def cycle(self) -> None:
        """One cycle, under its own correlation id, timed as ``ExampleBot/cycle``."""
        assert self.view is not None
        try:
            async with self.metrics.timer(COMPONENT, "cycle"):
                async with self.logs.correlated("example_cycle"):
                    compounding = await self.config.is_enabled("enable_compounding")
                    size = self.view.get_float("trading.max_position_size", 0.1)
                    self.log.debug(
                        "cycle", bot=self.bot_id, max_position_size=size, compounding=compounding
                    )
        except BusError as e:
            self.log.warn(f"cycle failed: {e}")
        self.cycles += 1

    async def run(self, stop: asyncio.Event, max_cycles: int | None = None) -> None:
        """Cycles until ``stop`` is set (or ``max_cycles`` have run)."""
        await self.start()
        started = time.monotonic()
        while not stop.is_set() and (max_cycles is None or self.cycles < max_cycles):
            await self.cycle()
            next_at = started + (self.cycles * self.cycle_ms) / 1000.0
            try:
                await asyncio.wait_for(stop.wait(), max(0.0, next_at - time.monotonic()))
            except TimeoutError:
                pass
        await self.close()

    async def close(self) -> None:
        """Stops following the configuration."""
        if self.view is not None:
            await self.view.close()
            self.view = None


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description="AntBot example bot over the event-bus bridge")
    parser.add_argument("--host", default="127.0.0.1", help="the bridge's host")
    parser.add_argument("--port", type=int, required=True, help="the bridge's port")
    parser.add_argument("--user", help="the bot's user name (logs in over the HTTP API)")
    parser.add_argument(
        "--password", default=os.environ.get("ANTBOT_PASSWORD"), help="or ANTBOT_PASSWORD"
    )
    parser.add_argument("--token", default=os.environ.get("ANTBOT_TOKEN"), help="a bearer token")
    parser.add_argument("--api", default="http://127.0.0.1:8001", help="the HTTP API's origin")
    parser.add_argument("--bot-id", default="example-bot")
    parser.add_argument("--cycle-ms", type=int, default=DEFAULT_CYCLE_MS)
    parser.add_argument("--cycles", type=int, help="stop after this many cycles")
    parser.add_argument("--tls", action="store_true", help="connect to the bridge with TLS")
    parser.add_argument("--cafile", help="CA certificate (PEM) for TLS to the bridge and the API")
    parser.add_argument("--verbose", action="store_true", help="the client's own debug log")
    args = parser.parse_args(argv)
    if not args.token and not (args.user and args.password):
        parser.error("give --user and --password (or ANTBOT_PASSWORD), or --token")
    return args


async def main(argv: list[str] | None = None) -> int:
    """Connects, runs the bot until a signal or ``--cycles``, and closes."""
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    context = ssl.create_default_context(cafile=args.cafile) if args.cafile else None
    token: Any = args.token
    if not token:
        tokens = TokenManager(args.api, args.user, args.password, ssl_context=context)
        try:
            await tokens.login()  # a wrong password fails here, not as 401s on the bus
        except BusError as e:
            logging.getLogger(COMPONENT).error("cannot log in at %s: %s", args.api, e)
            return 1
        token = tokens
    tls = (context or ssl.create_default_context()) if args.tls else None
    bus = BusConnection(args.host, args.port, token=token, ssl=tls)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await bus.connect(wait=True)
        bot = ExampleBot(bus, args.bot_id, args.cycle_ms)
        await bot.run(stop, args.cycles)
        logging.getLogger(COMPONENT).info("stopped after %d cycles", bot.cycles)
        return 0
    except BusError as e:
        logging.getLogger(COMPONENT).error("%s", e)
        return 1
    finally:
        await bus.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
