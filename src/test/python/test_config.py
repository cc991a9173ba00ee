"""ConfigClient, ConfigView and FeatureFlags against a fake config service on the fake bridge."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

import pytest

from antbot_client.config import ConfigChange, ConfigClient, ConfigView, apply, diff
from antbot_client.connection import Backoff, BusConnection, BusError
from antbot_client.flags import FeatureFlags
from fake_bridge import FakeBridge


class FakeConfigService:
    """Answers ``antbot.config.get/snapshot/feature`` and publishes ``antbot.config.changed``."""

    def __init__(self, bridge: FakeBridge) -> None:
        self.bridge = bridge
        self.version = 7
        self.tree: dict[str, Any] = {
            "trading": {"max_position_size": 0.1, "symbols": ["SOL/USDC"], "enabled": True},
            "logging": {"level": "INFO"},
        }
        self.snapshots = 0
        self.feature_requests: list[dict[str, Any]] = []
        bridge.service("antbot.config.snapshot")(self._snapshot)
        bridge.service("antbot.config.get")(self._get)
        bridge.service("antbot.config.feature")(self._feature)

    def _snapshot(self, body: Any, headers: dict[str, str]) -> Any:
        self.snapshots += 1
        return {"version": self.version, "config": copy.deepcopy(self.tree)}

    def _get(self, body: Any, headers: dict[str, str]) -> Any:
        node: Any = self.tree
        for part in body["key"].split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            if "default" not in body:
                raise BusError(404, f"no configuration key {body['key']}")
            node = body["default"]
        return {"key": body["key"], "value": node, "version": self.version}

    def _feature(self, body: Any, headers: dict[str, str]) -> Any:
        self.feature_requests.append(body)
        on = body["flag"] == "enable_compounding"
        return {
            "flag": body["flag"],
            "enabled": on,
            "reason": "enabled" if on else "disabled",
            "detail": "on for everyone" if on else "off",
        }

    def change(self, key: str, new: Any, *, broadcast: bool = True) -> None:
        """Changes one leaf, bumps the version and (unless told not to) publishes the diff."""
        before = copy.deepcopy(self.tree)
        apply(self.tree, [ConfigChange(key, None if new is not None else True, new)])
        self.version += 1
        if broadcast:
            changes = [{"key": c.key, "old": c.old, "new": c.new} for c in diff(before, self.tree)]
            self.bridge.publish(
                "antbot.config.changed",
                {"version": self.version, "source": "runtime", "changes": changes, "at": "now"},
            )


def run(scenario: Any) -> None:
    async def main() -> None:
        async with FakeBridge() as bridge:
            service = FakeConfigService(bridge)
            bus = BusConnection(
                "127.0.0.1",
                bridge.port,
                token="good-token",
                request_timeout=2,
                backoff=Backoff(initial=0.02, maximum=0.1),
            )
            await bus.connect()
            try:
                await scenario(bridge, service, bus)
            finally:
                await bus.close()

    asyncio.run(main())


async def until(condition: Any, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


# ---------------------------------------------------------------- ConfigClient


def test_get_returns_the_value_and_404_without_default() -> None:
    async def scenario(bridge: FakeBridge, service: FakeConfigService, bus: BusConnection) -> None:
        config = ConfigClient(bus)
        assert await config.get("trading.max_position_size") == 0.1
        assert await config.get("trading.missing", 3) == 3
        assert await config.get_float("trading.max_position_size", 1.0) == 0.1
        assert await config.get_bool("trading.enabled", False) is True
        assert await config.get_str("logging.level", "DEBUG") == "INFO"
        with pytest.raises(BusError) as e:
            await config.get("trading.missing")
        assert (e.value.code, e.value.message) == (404, "no configuration key trading.missing")
        with pytest.raises(BusError) as e:
            await config.get_float("logging.level", 1.0)
        assert (e.value.code, e.value.message) == (
            400,
            'logging.level: expected a number, got a string ("INFO")',
        )
        assert (await config.snapshot())["version"] == 7

    run(scenario)


def test_flags_carry_the_bot_id_and_read_the_decision() -> None:
    async def scenario(bridge: FakeBridge, service: FakeConfigService, bus: BusConnection) -> None:
        flags = FeatureFlags(bus, bot_id="bot-7")
        decision = await flags.evaluate("enable_compounding", {"symbol": "SOL/USDC"})
        assert decision.enabled and decision.reason == "enabled"
        assert decision.detail == "on for everyone"
        assert not await flags.is_enabled("other_flag")
        assert not await flags.is_enabled("other_flag", {"bot": "named-otherwise"})
        assert service.feature_requests == [
            {"flag": "enable_compounding", "context": {"symbol": "SOL/USDC", "bot_id": "bot-7"}},
            {"flag": "other_flag", "context": {"bot_id": "bot-7"}},
            {"flag": "other_flag", "context": {"bot": "named-otherwise"}},
        ]
        assert await ConfigClient(bus, bot_id="b").is_enabled("enable_compounding")

    run(scenario)


# ---------------------------------------------------------------- ConfigView


def test_the_view_loads_the_snapshot_and_reads_dotted_keys_locally() -> None:
    async def scenario(bridge: FakeBridge, service: FakeConfigService, bus: BusConnection) -> None:
        view = await ConfigView.open(ConfigClient(bus))
        requests = len(bridge.frames_of("send"))
        assert view.version == 7
        assert view.get("trading.max_position_size") == 0.1
        assert view.get("trading.nothing", "fallback") == "fallback"
        assert view.get_float("trading.max_position_size", 1.0) == 0.1
        assert view.get_int("trading.max_position_size", 5) == 0
        assert view.get_list("trading.symbols") == ["SOL/USDC"]
        assert view.get_dict("logging") == {"level": "INFO"}
        assert view.get_bool("trading.enabled", False) is True
        with pytest.raises(TypeError, match=r"^trading.enabled: expected a number, got a boolean"):
            view.get_float("trading.enabled", 1.0)
        view.get_list("trading.symbols").append("mutated")
        assert view.get("trading.symbols") == ["SOL/USDC"]
        assert len(bridge.frames_of("send")) == requests  # no bus round trip for reads
        await view.close()

    run(scenario)


def test_a_broadcast_that_follows_is_applied_and_reported() -> None:
    async def scenario(bridge: FakeBridge, service: FakeConfigService, bus: BusConnection) -> None:
        view = await ConfigView.open(bus)
        seen: list[list[ConfigChange]] = []
        view.on_change("trading", seen.append)
        service.change("trading.max_position_size", 0.25)
        await until(lambda: seen)
        assert view.version == 8
        assert view.get("trading.max_position_size") == 0.25
        assert seen == [[ConfigChange("trading.max_position_size", 0.1, 0.25)]]
        assert service.snapshots == 1
        await view.close()

    run(scenario)


def test_on_change_gets_only_the_changes_under_its_prefix() -> None:
    async def scenario(bridge: FakeBridge, service: FakeConfigService, bus: BusConnection) -> None:
        view = await ConfigView.open(bus)
        trading: list[str] = []
        logging_: list[str] = []
        everything: list[str] = []
        exact: list[str] = []
        view.on_change("trading", lambda cs: trading.extend(c.key for c in cs))
        view.on_change("logging", lambda cs: logging_.extend(c.key for c in cs))
        view.on_change("", lambda cs: everything.extend(c.key for c in cs))
        cancel = view.on_change(
            "trading.max_position_size", lambda cs: exact.extend(c.key for c in cs)
        )
        service.change("logging.level", "DEBUG")
        service.change("trading.max_position_size", 0.5)
        await until(lambda: view.version == 9)
        cancel()
        service.change("trading.max_position_size", 0.6)
        service.change("trading_extra.x", 1)  # a sibling whose name starts with the prefix
        await until(lambda: view.version == 11)
        assert logging_ == ["logging.level"]
        assert trading == ["trading.max_position_size", "trading.max_position_size"]
        assert exact == ["trading.max_position_size"]
        assert everything == [
            "logging.level",
            "trading.max_position_size",
            "trading.max_position_size",
            "trading_extra.x",
        ]
        await view.close()

    run(scenario)


def test_a_version_gap_refetches_the_snapshot_and_reports_the_difference() -> None:
    async def scenario(bridge: FakeBridge, service: FakeConfigService, bus: BusConnection) -> None:
        view = await ConfigView.open(bus)
        seen: list[ConfigChange] = []
        view.on_change("", seen.extend)
        service.change("trading.max_position_size", 0.3, broadcast=False)  # version 8 lost
        service.change("logging.level", "WARN")  # version 9 shows the gap
        await until(lambda: view.version == 9)
        assert service.snapshots == 2
        assert view.refetches == 1
        assert view.get("trading.max_position_size") == 0.3
        assert view.get("logging.level") == "WARN"
        assert sorted(seen, key=lambda c: c.key) == [
            ConfigChange("logging.level", "INFO", "WARN"),
            ConfigChange("trading.max_position_size", 0.1, 0.3),
        ]
        service.change("trading.enabled", False)  # and it follows on from the new version
        await until(lambda: view.version == 10)
        assert view.get("trading.enabled") is False
        assert service.snapshots == 2
        await view.close()

    run(scenario)


def test_old_and_malformed_broadcasts_are_ignored() -> None:
    async def scenario(bridge: FakeBridge, service: FakeConfigService, bus: BusConnection) -> None:
        view = await ConfigView.open(bus)
        bridge.publish("antbot.config.changed", {"version": 7, "changes": [{"key": "a", "new": 1}]})
        bridge.publish("antbot.config.changed", {"no": "version"})
        bridge.publish("antbot.config.changed", {"version": 8, "changes": [{"old": 1}]})
        bridge.publish("antbot.config.changed", ["not", "an", "object"])
        service.change("logging.level", "ERROR")
        await until(lambda: view.version == 8)
        assert view.get("a") is None
        assert view.get("logging.level") == "ERROR"
        assert service.snapshots == 1
        await view.close()

    run(scenario)


def test_a_removed_key_disappears_and_empty_parents_are_pruned() -> None:
    async def scenario(bridge: FakeBridge, service: FakeConfigService, bus: BusConnection) -> None:
        view = await ConfigView.open(bus)
        service.change("logging.level", None)
        await until(lambda: view.version == 8)
        assert view.get("logging.level") is None
        assert "logging" not in view.snapshot()
        await view.close()

    run(scenario)


def test_after_a_reconnect_the_view_catches_up_from_the_snapshot() -> None:
    async def scenario(bridge: FakeBridge, service: FakeConfigService, bus: BusConnection) -> None:
        view = await ConfigView.open(bus)
        seen: list[ConfigChange] = []
        view.on_change("trading", seen.extend)
        bridge.drop_all()
        await until(lambda: not bus.connected)
        service.change("trading.max_position_size", 0.9)  # published to nobody
        await until(lambda: view.version == 8)
        assert seen == [ConfigChange("trading.max_position_size", 0.1, 0.9)]
        service.change("trading.max_position_size", 1.0)  # and the subscription is back
        await until(lambda: view.version == 9)
        assert view.get("trading.max_position_size") == 1.0
        await view.close()

    run(scenario)


def test_async_change_callbacks_run_and_a_failing_one_does_not_stop_others() -> None:
    async def scenario(bridge: FakeBridge, service: FakeConfigService, bus: BusConnection) -> None:
        view = await ConfigView.open(bus)
        done: list[str] = []

        def broken(changes: list[ConfigChange]) -> None:
            raise RuntimeError("boom")

        async def slow(changes: list[ConfigChange]) -> None:
            await asyncio.sleep(0)
            done.append(changes[0].key)

        view.on_change("", broken)
        view.on_change("", slow)
        service.change("logging.level", "DEBUG")
        await until(lambda: done)
        assert done == ["logging.level"]
        await view.close()
        await bridge.wait_for_frame("unregister", "antbot.config.changed")
        assert not bridge.clients[0].registered

    run(scenario)


# ---------------------------------------------------------------- diff and apply


def test_diff_and_apply_follow_the_java_rules() -> None:
    before = {"a": {"b": 1, "c": [1, 2]}, "d": True, "e": {}}
    after = {"a": {"b": 1.0, "c": [1, 3]}, "d": 1, "f": {"g": "x"}}
    changes = diff(before, after)
    assert changes == [
        ConfigChange("a.c", [1, 2], [1, 3]),
        ConfigChange("d", True, 1),
        ConfigChange("e", {}, None),
        ConfigChange("f.g", None, "x"),
    ]
    tree = copy.deepcopy(before)
    apply(tree, changes)
    assert diff(tree, after) == []
    assert ConfigChange("trading.x", 1, 2).is_under("trading")
    assert ConfigChange("trading", 1, 2).is_under("trading.x")
    assert not ConfigChange("tradingx", 1, 2).is_under("trading")
