"""examples/roundtrips.py, the benchmark client, in both modes for a fraction of a second."""

from __future__ import annotations

import asyncio
import pathlib
import sys
from typing import Any

from fake_bridge import FakeBridge

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "main" / "python" / "examples"
sys.path.insert(0, str(EXAMPLES))

import roundtrips  # noqa: E402


def test_round_trips_through_the_bridge_and_against_an_echo_server() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            bridge.services["antbot.config.get"] = lambda body, headers: {"value": 0.1}
            result = await roundtrips.main(
                [
                    "--port", str(bridge.port), "--token", "good-token",
                    "--seconds", "0.2", "--warmup", "0.05", "--concurrency", "2",
                ]
            )
            assert result["mode"] == "bridge" and result["concurrency"] == 2
            assert result["round_trips"] > 10 and result["per_second"] > 0

        async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            while chunk := await reader.read(65536):
                writer.write(chunk)

        server = await asyncio.start_server(echo, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        result: Any = await roundtrips.main(
            ["--port", str(port), "--echo", "--seconds", "0.2", "--warmup", "0.05"]
        )
        assert result["mode"] == "echo" and result["round_trips"] > 10
        server.close()

    asyncio.run(scenario())
