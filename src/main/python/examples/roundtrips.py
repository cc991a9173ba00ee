#!/usr/bin/env python3
"""Request/reply round trips per second from Python, for the bridge benchmark.

Two modes with the same framing code and the same wait for each reply, so that their ratio measures
the bridge and the service, not the client:

- through the bridge: ``BusConnection.request`` to ``--address`` (default ``antbot.config.get``)::

      python3 roundtrips.py --port <bridge port> --token <jwt> --seconds 10 --frame-rate 0

  (``--frame-rate 0`` lifts the client's own limit of 450 frames a second; give the bridge a
  ``bridge.frames_per_second`` above the rate measured, or it refuses frames with a 429)

- against a bare server that echoes each length-prefixed frame back as it came::

      python3 roundtrips.py --port <echo port> --echo --seconds 10

Prints one JSON line:
``{"mode", "address", "concurrency", "round_trips", "seconds", "per_second"}``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pathlib
import sys
import time
from typing import Any

try:
    import antbot_client  # noqa: F401 (installed with pip install ./src/main/python)
except ImportError:  # run from a clone without installing
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from antbot_client import BusConnection, TokenManager
from antbot_client.connection import DEFAULT_MAX_FRAMES_PER_SECOND, FrameDecoder, encode_frame


class EchoClient(asyncio.Protocol):
    """Sends a frame and waits for the echo, one future per frame as ``BusConnection`` waits."""

    def __init__(self) -> None:
        self._decoder = FrameDecoder()
        self._waiting: list[asyncio.Future[dict[str, Any]]] = []
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        for frame in self._decoder.feed(data):
            waiter = self._waiting.pop(0)
            if not waiter.done():
                waiter.set_result(frame)

    async def request(self, frame: dict[str, Any]) -> dict[str, Any]:
        """Writes ``frame`` and returns the frame that comes back."""
        assert self.transport is not None
        waiter: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        self.transport.write(encode_frame(frame))
        return await waiter


async def measure(call: Any, seconds: float, concurrency: int) -> tuple[int, float]:
    """Runs ``call()`` back to back in ``concurrency`` tasks for ``seconds``; (count, elapsed)."""
    count = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal count
        while time.perf_counter() < deadline:
            await call()
            count += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return count, time.perf_counter() - started


async def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Measures as the command line says and prints the result line; returns it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--echo", action="store_true", help="against a bare echo server")
    parser.add_argument("--address", default="antbot.config.get")
    parser.add_argument("--body", default='{"key": "trading.max_position_size", "default": 0.1}')
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument(
        "--frame-rate",
        type=float,
        default=DEFAULT_MAX_FRAMES_PER_SECOND,
        help="frames per second the client keeps under (the bridge's frames_per_second); 0: none",
    )
    parser.add_argument("--token", default=os.environ.get("ANTBOT_TOKEN"))
    parser.add_argument("--user")
    parser.add_argument("--password", default=os.environ.get("ANTBOT_PASSWORD"))
    parser.add_argument("--api", default="http://127.0.0.1:8001")
    args = parser.parse_args(argv)
    body = json.loads(args.body)

    bus: BusConnection | None = None
    echo: EchoClient | None = None
    if args.echo:
        _, echo = await asyncio.get_running_loop().create_connection(
            EchoClient, args.host, args.port
        )
        frame = {"type": "send", "address": args.address, "body": body, "headers": {}}
        sequence = iter(range(1 << 62))

        async def call() -> None:
            assert echo is not None
            await echo.request({**frame, "replyAddress": f"py.bench.{next(sequence)}"})

    else:
        token: Any = args.token
        if not token and args.user:
            token = TokenManager(args.api, args.user, args.password or "")
        bus = BusConnection(
            args.host,
            args.port,
            token=token,
            ping_interval=None,
            max_frames_per_second=args.frame_rate or None,
        )
        await bus.connect()

        async def call() -> None:
            assert bus is not None
            await bus.request(args.address, body)

    try:
        await measure(call, args.warmup, args.concurrency)
        count, elapsed = await measure(call, args.seconds, args.concurrency)
    finally:
        if echo is not None and echo.transport is not None:
            echo.transport.close()
        if bus is not None:
            await bus.close()
    result = {
        "mode": "echo" if args.echo else "bridge",
        "address": args.address,
        "concurrency": args.concurrency,
        "round_trips": count,
        "seconds": round(elapsed, 3),
        "per_second": round(count / elapsed, 1) if elapsed else 0.0,
    }
    print(json.dumps(result), flush=True)
    return result


if __name__ == "__main__":
    asyncio.run(main())
