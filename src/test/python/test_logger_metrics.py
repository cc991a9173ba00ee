"""LogClient, MetricsClient and RateLimiter: the exact bodies they put on the bus."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

from antbot_client.connection import Backoff, BusConnection, BusError
from antbot_client.correlation import correlation
from antbot_client.logger import BusLogHandler, LogClient, LogLevel, fit_body, write_body
from antbot_client.metrics import MetricsClient
from antbot_client.ratelimit import RateLimiter
from fake_bridge import FakeBridge


def run(scenario: Any) -> None:
    async def main() -> None:
        async with FakeBridge() as bridge:
            bridge.services["antbot.log.write"] = lambda body, headers: {"logged": True}
            bridge.services["antbot.log.correlation.start"] = lambda body, headers: {
                "correlation_id": "c0ffee" + body["operation"]
            }
            for address in (
                "antbot.metrics.operation",
                "antbot.metrics.trade",
                "antbot.metrics.capital",
                "antbot.metrics.compounding",
                "antbot.metrics.workers",
                "antbot.metrics.custom.set",
                "antbot.log.performance",
            ):
                bridge.services[address] = lambda body, headers: {}
            bus = BusConnection(
                "127.0.0.1",
                bridge.port,
                token="good-token",
                request_timeout=2,
                backoff=Backoff(0.02),
            )
            await bus.connect()
            try:
                await scenario(bridge, bus)
            finally:
                await bus.close()

    asyncio.run(main())


def sent(bridge: FakeBridge, address: str) -> list[dict[str, Any]]:
    return bridge.frames_of("send", address)


# ---------------------------------------------------------------- logger


def test_a_logger_call_sends_the_log_write_request_body() -> None:
    async def scenario(bridge: FakeBridge, bus: BusConnection) -> None:
        log = LogClient(bus).logger("TradingEngine")
        with correlation("trade-1"):
            assert log.info(
                "Trade executed", {"symbol": "SOL/USDC"}, amount=2.5, event_type="trade"
            )
        log.warn("plain")
        frames = await bridge.wait_for_frame("send", "antbot.log.write", count=2)
        assert frames[0]["body"] == {
            "component": "TradingEngine",
            "level": "INFO",
            "message": "Trade executed",
            "fields": {"symbol": "SOL/USDC", "amount": 2.5, "event_type": "trade"},
        }
        assert frames[0]["headers"]["correlation-id"] == "trade-1"
        assert "replyAddress" not in frames[0]  # fire and forget
        assert frames[1]["body"] == {
            "component": "TradingEngine",
            "level": "WARN",
            "message": "plain",
        }
        assert "correlation-id" not in frames[1]["headers"]

    run(scenario)


def test_every_level_has_its_name() -> None:
    async def scenario(bridge: FakeBridge, bus: BusConnection) -> None:
        log = LogClient(bus).logger("Bot")
        log.trace("t")
        log.debug("d")
        log.info("i")
        log.warning("w")
        log.error("e")
        log.critical("c")
        frames = await bridge.wait_for_frame("send", "antbot.log.write", count=6)
        assert [f["body"]["level"] for f in frames] == [
            "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "CRITICAL"
        ]

    run(scenario)


def test_fields_are_made_safe_for_the_service() -> None:
    class Custom:
        def __str__(self) -> str:
            return "custom!"

    body = write_body(
        "Bot",
        LogLevel.INFO,
        "x" * (1024 * 1024 + 10),
        {
            "message": "reserved",
            "correlation_id": "bad id with spaces",
            "nan": float("nan"),
            "obj": Custom(),
            "nested": {"t": (1, 2)},
        },
    )
    assert len(body["message"]) == 1024 * 1024
    assert body["message"].endswith("…[truncated]")
    assert body["fields"] == {
        "message_": "reserved",
        "correlation_id_": "bad id with spaces",
        "nan": "nan",
        "obj": "custom!",
        "nested": {"t": [1, 2]},
    }
    assert write_body("Bot", LogLevel.INFO, "m", {"correlation_id": "ok-1"})["fields"] == {
        "correlation_id": "ok-1"
    }
    many = write_body("Bot", LogLevel.INFO, "m", {f"f{i}": i for i in range(100)})
    assert len(many["fields"]) == 64


def test_a_bad_component_name_is_refused_at_once() -> None:
    async def scenario(bridge: FakeBridge, bus: BusConnection) -> None:
        with pytest.raises(ValueError, match="component: expected a letter then"):
            LogClient(bus).logger("1bad name")

    run(scenario)


def test_writes_without_a_connection_are_dropped_and_counted() -> None:
    async def scenario(bridge: FakeBridge, bus: BusConnection) -> None:
        logs = LogClient(bus)
        await bus.close()
        assert not logs.logger("Bot").info("lost")
        assert logs.dropped == 1

    run(scenario)


def test_a_correlated_block_starts_an_id_and_every_frame_in_it_carries_it() -> None:
    async def scenario(bridge: FakeBridge, bus: BusConnection) -> None:
        logs = LogClient(bus)
        async with logs.correlated("cycle") as cid:
            assert cid == "c0ffeecycle"
            logs.logger("Bot").info("inside")
            assert await logs.write("Bot", LogLevel.INFO, "waited", {"k": 1})
        [start] = sent(bridge, "antbot.log.correlation.start")
        assert start["body"] == {"operation": "cycle"}
        frames = await bridge.wait_for_frame("send", "antbot.log.write", count=2)
        assert {f["headers"]["correlation-id"] for f in frames} == {"c0ffeecycle"}
        logs.logger("Bot").info("outside")
        frames = await bridge.wait_for_frame("send", "antbot.log.write", count=3)
        assert "correlation-id" not in frames[2]["headers"]

    run(scenario)


def test_the_logging_handler_forwards_python_records() -> None:
    async def scenario(bridge: FakeBridge, bus: BusConnection) -> None:
        handler = BusLogHandler(LogClient(bus), "MyBot")
        logger = logging.getLogger("strategy.grid")
        logger.addHandler(handler)
        logger.propagate = False
        try:
            logger.warning("spread %s", "wide", extra={"symbol": "SOL/USDC"})
            try:
                raise KeyError("k")
            except KeyError:
                logger.exception("failed")
        finally:
            logger.removeHandler(handler)
        frames = await bridge.wait_for_frame("send", "antbot.log.write", count=2)
        assert frames[0]["body"] == {
            "component": "strategy.grid",
            "level": "WARN",
            "message": "spread wide",
            "fields": {"symbol": "SOL/USDC"},
        }
        assert frames[1]["body"]["level"] == "ERROR"
        assert frames[1]["body"]["fields"] == {"error": "'k'", "error_type": "KeyError"}

    run(scenario)


# ---------------------------------------------------------------- metrics


def test_the_timer_records_success_with_a_duration() -> None:
    async def scenario(bridge: FakeBridge, bus: BusConnection) -> None:
        metrics = MetricsClient(bus)
        async with metrics.timer("ExampleBot", "cycle") as timer:
            await asyncio.sleep(0.02)
        [frame] = sent(bridge, "antbot.metrics.operation")
        body = frame["body"]
        assert body["component"] == "ExampleBot" and body["operation"] == "cycle"
        assert body["success"] is True
        assert 15 <= body["duration_ms"] < 2000
        assert timer.duration_ms == body["duration_ms"]
        assert set(body) == {"component", "operation", "duration_ms", "success"}

    run(scenario)


def test_the_timer_records_failure_when_the_block_raises_and_lets_it_through() -> None:
    async def scenario(bridge: FakeBridge, bus: BusConnection) -> None:
        metrics = MetricsClient(bus)
        with pytest.raises(ZeroDivisionError):
            async with metrics.timer("ExampleBot", "cycle"):
                1 / 0
        async with metrics.timer("ExampleBot", "marked") as timer:
            timer.success = False
        with pytest.raises(KeyError):
            with metrics.timer("ExampleBot", "sync"):
                raise KeyError("x")
        frames = await bridge.wait_for_frame("send", "antbot.metrics.operation", count=3)
        assert [(f["body"]["operation"], f["body"]["success"]) for f in frames] == [
            ("cycle", False),
            ("marked", False),
            ("sync", False),
        ]

    run(scenario)


def test_a_timer_that_cannot_record_does_not_break_the_block() -> None:
    async def scenario(bridge: FakeBridge, bus: BusConnection) -> None:
        bridge.services["antbot.metrics.operation"] = _refuse
        async with MetricsClient(bus).timer("Bot", "op"):
            pass

    run(scenario)


def _refuse(body: Any, headers: dict[str, str]) -> Any:
    raise BusError(400, "duration_ms: must not be negative")


def test_trades_gauges_counters_and_capital_send_the_record_fields() -> None:
    async def scenario(bridge: FakeBridge, bus: BusConnection) -> None:
        bridge.services["antbot.metrics.custom.increment"] = lambda body, headers: {}
        metrics = MetricsClient(bus)
        await metrics.record_trade("buy", "completed", 2.5, profit_loss=0.15, symbol="BTC/USDT")
        await metrics.record_trade("sell", "cancelled", 1)
        await metrics.set_gauge("open_positions", 3, labels={"exchange": "binance"})
        await metrics.increment("orders_placed_total")
        await metrics.increment("fills_total", 2, {"side": "buy"}, description="fills")
        await metrics.record_capital(1000, available=400)
        await metrics.record_compounding(2, rate=0.01)
        await metrics.record_workers(4, pool="scanners")
        await metrics.record_operation("Bot", "op", 12, success=False)
        assert [f["body"] for f in sent(bridge, "antbot.metrics.trade")] == [
            {
                "side": "buy",
                "status": "completed",
                "amount": 2.5,
                "profit_loss": 0.15,
                "symbol": "BTC/USDT",
            },
            {"side": "sell", "status": "cancelled", "amount": 1.0},
        ]
        assert sent(bridge, "antbot.metrics.custom.set")[0]["body"] == {
            "name": "open_positions",
            "value": 3.0,
            "labels": {"exchange": "binance"},
        }
        assert [f["body"] for f in sent(bridge, "antbot.metrics.custom.increment")] == [
            {"name": "orders_placed_total", "amount": 1.0},
            {
                "name": "fills_total",
                "amount": 2.0,
                "labels": {"side": "buy"},
                "description": "fills",
            },
        ]
        assert sent(bridge, "antbot.metrics.capital")[0]["body"] == {
            "total": 1000.0,
            "available": 400.0,
        }
        assert sent(bridge, "antbot.metrics.compounding")[0]["body"] == {"layer": 2, "rate": 0.01}
        workers = sent(bridge, "antbot.metrics.workers")[0]["body"]
        assert workers == {"active": 4, "pool": "scanners"}
        assert sent(bridge, "antbot.metrics.operation")[0]["body"] == {
            "component": "Bot",
            "operation": "op",
            "duration_ms": 12.0,
            "success": False,
        }

    run(scenario)


def test_a_refused_metric_is_a_bus_error_with_the_service_text() -> None:
    async def scenario(bridge: FakeBridge, bus: BusConnection) -> None:
        def refuse(body: Any, headers: dict[str, str]) -> Any:
            raise BusError(400, "name: a counter's name must end in _total, got \"orders\"")

        bridge.services["antbot.metrics.custom.increment"] = refuse
        with pytest.raises(BusError) as e:
            await MetricsClient(bus).increment("orders")
        assert e.value.code == 400
        assert e.value.message == "name: a counter's name must end in _total, got \"orders\""

    run(scenario)


# ---------------------------------------------------------------- rate limits


def test_check_sends_key_policy_and_cost_and_reads_the_reply() -> None:
    async def scenario(bridge: FakeBridge, bus: BusConnection) -> None:
        answers = [
            {"allowed": False, "remaining": 0, "retry_after_s": 0, "policy": "bot", "limit": 10,
             "window_s": 1, "reset_s": 1},
            {"allowed": True, "remaining": 9, "retry_after_s": 0, "policy": "bot", "limit": 10,
             "window_s": 1, "reset_s": 1},
        ]
        bridge.services["antbot.security.ratelimit.check"] = lambda body, headers: answers.pop(0)
        limits = RateLimiter(bus)
        decision = await limits.acquire("binance:acct-1", policy="bot", cost=20)
        assert decision.allowed and decision.remaining == 9 and decision.policy == "bot"
        frames = sent(bridge, "antbot.security.ratelimit.check")
        assert [f["body"] for f in frames] == [
            {"key": "binance:acct-1", "cost": 20, "policy": "bot"}
        ] * 2
        bridge.services["antbot.security.ratelimit.check"] = lambda body, headers: {
            "allowed": False, "retry_after_s": 30, "policy": "bot"
        }
        with pytest.raises(BusError) as e:
            await limits.acquire("k", max_wait=1)
        assert (e.value.code, e.value.message) == (
            429,
            "k: rate limited under bot; retry in 30 s",
        )
        assert (await limits.check("k")).retry_after_s == 30
        last = sent(bridge, "antbot.security.ratelimit.check")[-1]["body"]
        assert last == {"key": "k", "cost": 1}

    run(scenario)


def test_a_long_event_is_cut_to_fit_the_bridge_frame() -> None:
    async def scenario(bridge: FakeBridge, bus: BusConnection) -> None:
        log = LogClient(bus).logger("Bot")
        assert log.info("é" * 100_000, detail="kept")
        assert log.info("short", blob="x" * 100_000)
        frames = await bridge.wait_for_frame("send", "antbot.log.write", count=2)
        long, fat = frames[0]["body"], frames[1]["body"]
        assert long["message"].endswith("…[truncated]") and long["fields"] == {"detail": "kept"}
        assert fat["message"] == "short" and fat["fields"] == {"fields_dropped": True}

    run(scenario)


def test_fit_body_leaves_small_events_alone() -> None:
    body = write_body("Bot", LogLevel.INFO, "m", {"a": 1})
    assert fit_body(body, 1000) is body
    cut = fit_body(write_body("Bot", LogLevel.INFO, "x" * 5000), 1000)
    assert len(json.dumps(cut, ensure_ascii=False).encode()) <= 1000
    assert len(json.dumps(cut, ensure_ascii=False).encode()) > 990  # no more cut than needed
    assert cut["message"].endswith("…[truncated]")
