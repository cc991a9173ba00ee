"""Metrics for bots: operation timers, trades, capital, custom gauges and counters.

>>> metrics = MetricsClient(bus)
>>> async with metrics.timer("TradingEngine", "buy_order"):
...     await place_order()                      # recorded with success=False if it raises
>>> await metrics.record_trade("buy", "completed", 2.5, profit_loss=0.15, symbol="BTC/USDT")
>>> await metrics.set_gauge("open_positions", 3, labels={"exchange": "binance"})
>>> await metrics.increment("orders_placed_total")

Each call is a request: it fails with a :class:`BusError` carrying the service's code and text (400
for a negative duration, a counter name not ending in ``_total``...). The bodies are those of
``io.antbot.bus.OperationMetric``, ``TradeMetric``, ``CapitalMetric``, ``CompoundingMetric``,
``WorkersMetric``, ``CustomGaugeSet`` and ``CustomCounterIncrement``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any

from . import addresses
from .connection import BusConnection, BusError

log = logging.getLogger(__name__)


class MetricsClient:
    """Bus calls to the metrics service that a bot makes."""

    def __init__(self, bus: BusConnection, *, timeout: float | None = None) -> None:
        """
        :param timeout: seconds per request; the connection's default when ``None``
        """
        self.bus = bus
        self._timeout = timeout

    async def _record(self, address: str, body: dict[str, Any]) -> None:
        await self.bus.request(address, body, timeout=self._timeout)

    async def record_operation(
        self, component: str, operation: str, duration_ms: float, success: bool = True
    ) -> None:
        """Records one operation of ``component`` that took ``duration_ms`` (finite, ≥ 0)."""
        await self._record(
            addresses.METRICS_OPERATION,
            {
                "component": component,
                "operation": operation,
                "duration_ms": float(duration_ms),
                "success": success,
            },
        )

    def timer(self, component: str, operation: str) -> OperationTimer:
        """A context manager (``with`` or ``async with``) that records the block as an operation."""
        return OperationTimer(self, component, operation)

    async def record_trade(
        self,
        side: str,
        status: str,
        amount: float,
        profit_loss: float | None = None,
        symbol: str | None = None,
    ) -> None:
        """Records one trade.

        :param side: ``buy`` or ``sell``
        :param status: e.g. ``completed``, ``cancelled``
        :param amount: in the base asset, not negative
        :param profit_loss: realized profit (positive) or loss (negative); ``None`` when not
            realized
        :param symbol: the market, e.g. ``BTC/USDT``
        """
        body: dict[str, Any] = {"side": side, "status": status, "amount": float(amount)}
        if profit_loss is not None:
            body["profit_loss"] = float(profit_loss)
        if symbol is not None:
            body["symbol"] = symbol
        await self._record(addresses.METRICS_TRADE, body)

    async def record_capital(
        self, total: float, available: float | None = None, allocated: float | None = None
    ) -> None:
        """Reports the capital under management (each figure ≥ 0)."""
        body: dict[str, Any] = {"total": float(total)}
        if available is not None:
            body["available"] = float(available)
        if allocated is not None:
            body["allocated"] = float(allocated)
        await self._record(addresses.METRICS_CAPITAL, body)

    async def record_compounding(
        self, layer: int, rate: float | None = None, efficiency: float | None = None
    ) -> None:
        """Reports compounding layer ``layer`` (1..5); ``None`` leaves a value as it was."""
        body: dict[str, Any] = {"layer": layer}
        if rate is not None:
            body["rate"] = float(rate)
        if efficiency is not None:
            body["efficiency"] = float(efficiency)
        await self._record(addresses.METRICS_COMPOUNDING, body)

    async def record_workers(
        self, active: int, efficiency: float | None = None, pool: str | None = None
    ) -> None:
        """Reports the active workers of ``pool`` (the default pool when ``None``)."""
        body: dict[str, Any] = {"active": active}
        if efficiency is not None:
            body["efficiency"] = float(efficiency)
        if pool is not None:
            body["pool"] = pool
        await self._record(addresses.METRICS_WORKERS, body)

    async def set_gauge(
        self,
        name: str,
        value: float,
        labels: Mapping[str, str] | None = None,
        description: str | None = None,
    ) -> None:
        """Sets custom gauge ``name`` (snake_case, no built-in prefix, not ending in ``_total``...).

        :param labels: up to 8; a name keeps the label names it was first set with
        """
        body: dict[str, Any] = {"name": name, "value": float(value)}
        if labels:
            body["labels"] = dict(labels)
        if description is not None:
            body["description"] = description
        await self._record(addresses.METRICS_CUSTOM_SET, body)

    async def increment(
        self,
        name: str,
        amount: float = 1.0,
        labels: Mapping[str, str] | None = None,
        description: str | None = None,
    ) -> None:
        """Adds ``amount`` (≥ 0) to custom counter ``name``, which ends in ``_total``."""
        body: dict[str, Any] = {"name": name, "amount": float(amount)}
        if labels:
            body["labels"] = dict(labels)
        if description is not None:
            body["description"] = description
        await self._record(addresses.METRICS_CUSTOM_INCREMENT, body)


class OperationTimer:
    """Times a block and records it as ``antbot.metrics.operation``.

    ``success`` is ``False`` when the block raises (the exception propagates) or when the block set
    :attr:`success` to ``False``. A failure to record is logged, never raised: metrics must not
    break the bot. ``async with`` waits for the record; plain ``with`` sends it without waiting.
    """

    def __init__(self, client: MetricsClient, component: str, operation: str) -> None:
        self._client = client
        self.component = component
        self.operation = operation
        #: Whether the operation succeeded; set it to ``False`` to record a failure without raising.
        self.success = True
        #: The measured duration, once the block has ended.
        self.duration_ms: float | None = None
        self._started = 0.0

    def _start(self) -> OperationTimer:
        self._started = time.perf_counter()
        return self

    def _stop(self, failed: bool) -> dict[str, Any]:
        self.duration_ms = (time.perf_counter() - self._started) * 1000.0
        if failed:
            self.success = False
        return {
            "component": self.component,
            "operation": self.operation,
            "duration_ms": self.duration_ms,
            "success": self.success,
        }

    async def __aenter__(self) -> OperationTimer:
        return self._start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        body = self._stop(exc is not None)
        try:
            await self._client._record(addresses.METRICS_OPERATION, body)
        except BusError as e:
            log.warning("cannot record %s/%s: %s", self.component, self.operation, e)

    def __enter__(self) -> OperationTimer:
        return self._start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        body = self._stop(exc is not None)
        if not self._client.bus.send_nowait(addresses.METRICS_OPERATION, body):
            log.warning("cannot record %s/%s: not connected", self.component, self.operation)
