"""The example bot, run from its command line against the fake bridge and a fake config service."""

from __future__ import annotations

import asyncio
import pathlib
import sys
from typing import Any

import pytest

from fake_bridge import FakeBridge
from test_config import FakeConfigService

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "main" / "python" / "examples"
sys.path.insert(0, str(EXAMPLES))

import example_bot  # noqa: E402


def test_the_example_bot_runs_its_cycles_and_follows_trading_changes() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            config = FakeConfigService(bridge)
            def start(body: Any, headers: dict[str, str]) -> Any:
                started = bridge.frames_of("send", "antbot.log.correlation.start")
                return {"correlation_id": f"cycle-{len(started)}"}

            bridge.services["antbot.log.correlation.start"] = start
            bridge.services["antbot.metrics.operation"] = lambda body, headers: {}

            async def change_soon() -> None:
                await bridge.wait_for_frame("send", "antbot.metrics.operation")
                config.change("trading.max_position_size", 0.2)

            changer = asyncio.create_task(change_soon())
            code = await example_bot.main(
                ["--port", str(bridge.port), "--token", "good-token", "--cycle-ms", "100",
                 "--cycles", "3"]
            )
            await changer
            assert code == 0

            operations = [f["body"] for f in bridge.frames_of("send", "antbot.metrics.operation")]
            assert [(o["component"], o["operation"], o["success"]) for o in operations] == [
                ("ExampleBot", "cycle", True)
            ] * 3
            flags = [f["body"] for f in bridge.frames_of("send", "antbot.config.feature")]
            assert flags[0] == {"flag": "enable_compounding", "context": {"bot_id": "example-bot"}}

            logs = [f for f in bridge.frames_of("send", "antbot.log.write")]
            messages = [f["body"]["message"] for f in logs]
            assert messages[0] == "example bot started"
            assert logs[0]["body"]["fields"] == {
                "bot": "example-bot", "cycle_ms": 100, "max_position_size": 0.1
            }
            cycles = [f for f in logs if f["body"]["message"] == "cycle"]
            assert [f["headers"]["correlation-id"] for f in cycles] == [
                "cycle-1",
                "cycle-2",
                "cycle-3",
            ]
            assert cycles[-1]["body"]["fields"]["max_position_size"] == 0.2
            [changed] = [
                f["body"] for f in logs if f["body"]["message"] == "trading setting changed"
            ]
            assert changed["fields"] == {
                "key": "trading.max_position_size", "old": 0.1, "new": 0.2, "bot": "example-bot"
            }

    asyncio.run(scenario())


def test_the_command_line_needs_credentials(capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.delenv("ANTBOT_PASSWORD", raising=False)
    monkeypatch.delenv("ANTBOT_TOKEN", raising=False)
    with pytest.raises(SystemExit) as e:
        example_bot.parse_args(["--port", "1", "--user", "bot-1"])
    assert e.value.code == 2
    assert "give --user and --password (or ANTBOT_PASSWORD), or --token" in capsys.readouterr().err
