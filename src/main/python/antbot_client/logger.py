"""Structured logging over the bus (``antbot.log.write``) and correlation ids.

>>> logs = LogClient(bus)
>>> log = logs.logger("TradingEngine")
>>> log.info("Trade executed", symbol="SOL/USDC", amount=2.5, event_type="trade")
>>> async with logs.correlated("trade_execution") as cid:   # a new id from the logging service
...     await execute_trade()                                # every frame sent here carries it

A :class:`BusLogger` call is a fire-and-forget ``antbot.log.write``: it never blocks and never
raises (an event that cannot be sent is counted in :attr:`LogClient.dropped`). The correlation id
of the calling context travels in the ``correlation-id`` header (see
:mod:`antbot_client.correlation`).
"""

from __future__ import annotations

import contextlib
import enum
import json
import logging
import math
import re
from collections.abc import AsyncIterator, Mapping
from typing import Any

from . import addresses
from .connection import BusConnection
from .correlation import correlation, current, is_valid

__all__ = [
    "BusLogHandler",
    "BusLogger",
    "LogClient",
    "LogLevel",
    "correlation",
    "current_correlation_id",
]

#: The correlation id of the running context (``None`` outside any); see :func:`correlation`.
current_correlation_id = current

#: What a component name looks like (``LogWriteRequest.isValidComponent``).
_COMPONENT = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]{0,127}")

#: The longest message the service accepts (``LogWriteRequest.MAX_MESSAGE_CHARS``); longer is cut.
MAX_MESSAGE_CHARS = 1024 * 1024

#: The most fields one event may carry (``LogWriteRequest.MAX_FIELDS``).
MAX_FIELDS = 64

#: Names a field may not take: the JSON line already has them (``LogWriteRequest.RESERVED_FIELDS``).
RESERVED_FIELDS = frozenset(
    {
        "@timestamp",
        "log.level",
        "message",
        "service.name",
        "component",
        "logger_name",
        "thread_name",
        "stack_trace",
    }
)

_TRUNCATED = " …[truncated]"


class LogLevel(enum.Enum):
    """The levels of a bus log event, least to most severe; CRITICAL raises an alert at once."""

    TRACE = "TRACE"
    DEBUG = "DEBUG"
    INFO = "INFO"
    WARN = "WARN"
    ERROR = "ERROR"
    CRITICAL = "CRITICAL"

    @classmethod
    def of_python(cls, levelno: int) -> LogLevel:
        """The bus level for a :mod:`logging` level number."""
        if levelno >= logging.CRITICAL:
            return cls.CRITICAL
        if levelno >= logging.ERROR:
            return cls.ERROR
        if levelno >= logging.WARNING:
            return cls.WARN
        if levelno >= logging.INFO:
            return cls.INFO
        if levelno >= logging.DEBUG:
            return cls.DEBUG
        return cls.TRACE


def is_valid_component(name: object) -> bool:
    """Whether ``name`` is a component name: a letter, then letters, digits, ``_ . -`` (≤ 128)."""
    return isinstance(name, str) and _COMPONENT.fullmatch(name) is not None


def _json_value(value: Any) -> Any:
    """``value`` as JSON can carry it: other objects as their ``str``, NaN and infinities too."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_json_value(v) for v in value]
    return str(value)


def write_body(
    component: str, level: LogLevel, message: str, fields: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The ``antbot.log.write`` body ``{component, level, message, fields?}``.

    ``fields`` is left out when empty (as ``LogWriteRequest.toJson``); its values are made
    JSON-safe, reserved names get an ``_`` suffix rather than being refused, fields beyond
    :data:`MAX_FIELDS` are dropped, and a message over 1 MiB is cut with a marker, so that a
    fire-and-forget write is not lost to a 400 or a 413 nobody sees.
    """
    if len(message) > MAX_MESSAGE_CHARS:
        message = message[: MAX_MESSAGE_CHARS - len(_TRUNCATED)] + _TRUNCATED
    body: dict[str, Any] = {"component": component, "level": level.value, "message": message}
    if fields:
        safe: dict[str, Any] = {}
        for name, value in fields.items():
            if len(safe) == MAX_FIELDS:
                break
            key = str(name)[:127]
            if not key.strip():
                continue
            if key in RESERVED_FIELDS:
                key += "_"
            if key == "correlation_id" and not is_valid(value):
                key = "correlation_id_"
            safe[key] = _json_value(value)
        if safe:
            body["fields"] = safe
    return body


#: Room left in a frame for everything but the log event: type, address, headers.
_FRAME_OVERHEAD = 1024


def _json_size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False).encode())


def _prefix_within(text: str, room: int) -> str:
    """The longest prefix of ``text`` whose JSON string takes at most ``room`` bytes (quotes
    excluded)."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if _json_size(text[:middle]) - 2 <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low]


def fit_body(body: dict[str, Any], max_bytes: int) -> dict[str, Any]:
    """``body`` cut to fit in ``max_bytes`` of JSON: the message first (with a marker), then the
    fields too (replaced by ``fields_dropped: true``), so that a long event still reaches the log.
    """
    if _json_size(body) <= max_bytes:
        return body
    message = str(body["message"])
    fitted = dict(body)
    for drop_fields in (False, True):
        if drop_fields:
            fitted["fields"] = {"fields_dropped": True}
            fitted["message"] = message
            if _json_size(fitted) <= max_bytes:
                return fitted
        fitted["message"] = ""
        room = max_bytes - _json_size(fitted) - _json_size(_TRUNCATED) + 2
        if room >= 0:
            fitted["message"] = _prefix_within(message, room) + _TRUNCATED
            return fitted
    fitted["message"] = _TRUNCATED.strip()
    return fitted


class BusLogger:
    """The logger of one component; every call is a fire-and-forget ``antbot.log.write``.

    Fields come as a mapping, as keyword arguments, or both (keywords win).
    """

    def __init__(self, client: LogClient, component: str) -> None:
        """Use :meth:`LogClient.logger`."""
        self._client = client
        self.component = component

    def log(
        self, level: LogLevel, message: str, fields: Mapping[str, Any] | None = None, **kw: Any
    ) -> bool:
        """Sends one event; ``False`` when it could not be sent (no connection)."""
        merged = {**fields, **kw} if fields else kw
        return self._client._send(write_body(self.component, level, str(message), merged))

    def trace(self, message: str, fields: Mapping[str, Any] | None = None, **kw: Any) -> bool:
        """A TRACE event."""
        return self.log(LogLevel.TRACE, message, fields, **kw)

    def debug(self, message: str, fields: Mapping[str, Any] | None = None, **kw: Any) -> bool:
        """A DEBUG event."""
        return self.log(LogLevel.DEBUG, message, fields, **kw)

    def info(self, message: str, fields: Mapping[str, Any] | None = None, **kw: Any) -> bool:
        """An INFO event."""
        return self.log(LogLevel.INFO, message, fields, **kw)

    def warn(self, message: str, fields: Mapping[str, Any] | None = None, **kw: Any) -> bool:
        """A WARN event."""
        return self.log(LogLevel.WARN, message, fields, **kw)

    warning = warn

    def error(self, message: str, fields: Mapping[str, Any] | None = None, **kw: Any) -> bool:
        """An ERROR event."""
        return self.log(LogLevel.ERROR, message, fields, **kw)

    def critical(self, message: str, fields: Mapping[str, Any] | None = None, **kw: Any) -> bool:
        """A CRITICAL event: the logging service raises an alert at once."""
        return self.log(LogLevel.CRITICAL, message, fields, **kw)


class LogClient:
    """Bus calls to the logging service: component loggers, writes, correlation ids, performance."""

    def __init__(self, bus: BusConnection, *, timeout: float | None = None) -> None:
        """
        :param timeout: seconds per request; the connection's default when ``None``
        """
        self.bus = bus
        self._timeout = timeout
        #: Fire-and-forget events that could not be sent (no connection at the time).
        self.dropped = 0

    def logger(self, component: str) -> BusLogger:
        """A logger for ``component`` (also the logger name, so per-component levels apply).

        :raises ValueError: when ``component`` is not a letter then letters, digits, ``_ . -``
        """
        if not is_valid_component(component):
            raise ValueError(
                "component: expected a letter then letters, digits, '_', '.' or '-' "
                f"(at most 128), got {component!r}"
            )
        return BusLogger(self, component)

    async def write(
        self,
        component: str,
        level: LogLevel,
        message: str,
        fields: Mapping[str, Any] | None = None,
    ) -> bool:
        """Writes one event and waits: ``True`` when written, ``False`` when a level filtered it.

        :raises BusError: 400/413 from the service for a malformed event
        """
        body = fit_body(
            write_body(component, level, message, fields), self.bus.max_send_size - _FRAME_OVERHEAD
        )
        reply = await self.bus.request(addresses.LOG_WRITE, body, timeout=self._timeout)
        return bool((reply or {}).get("logged", False))

    async def start_correlation(self, operation: str) -> str:
        """A new correlation id for ``operation``, announced by the service on a line under it."""
        reply = await self.bus.request(
            addresses.LOG_CORRELATION_START, {"operation": operation}, timeout=self._timeout
        )
        return str((reply or {})["correlation_id"])

    @contextlib.asynccontextmanager
    async def correlated(self, operation: str) -> AsyncIterator[str]:
        """Starts a correlation id for ``operation`` and runs the block under it.

        >>> async with logs.correlated("example_cycle") as cid: ...
        """
        correlation_id = await self.start_correlation(operation)
        with correlation(correlation_id):
            yield correlation_id

    async def performance(
        self, component: str, operation: str, duration_ms: float, success: bool = True
    ) -> None:
        """Records how long ``operation`` took: in the performance log and as a metric."""
        await self.bus.request(
            addresses.LOG_PERFORMANCE,
            {
                "component": component,
                "operation": operation,
                "duration_ms": duration_ms,
                "success": success,
            },
            timeout=self._timeout,
        )

    def _send(self, body: dict[str, Any]) -> bool:
        body = fit_body(body, self.bus.max_send_size - _FRAME_OVERHEAD)
        if self.bus.send_nowait(addresses.LOG_WRITE, body):
            return True
        self.dropped += 1
        return False


class BusLogHandler(logging.Handler):
    """A :mod:`logging` handler that forwards records to the bus, so library logs reach the runtime.

    The component is the record's logger name when it is a valid component name, else ``component``.
    ``extra`` attributes of the record become fields; an exception becomes ``error`` and
    ``error_type`` fields.

    >>> logging.getLogger().addHandler(BusLogHandler(logs, "MyBot"))
    """

    _STANDARD = frozenset(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}

    def __init__(self, client: LogClient, component: str, level: int = logging.NOTSET) -> None:
        super().__init__(level)
        if not is_valid_component(component):
            raise ValueError(f"component: not a valid component name: {component!r}")
        self._client = client
        self._component = component

    def emit(self, record: logging.LogRecord) -> None:
        """Sends the record; never raises."""
        try:
            if record.name.startswith("antbot_client"):
                return  # the client's own records would loop when the connection is in trouble
            fields = {k: v for k, v in vars(record).items() if k not in self._STANDARD}
            if record.exc_info and record.exc_info[1] is not None:
                fields["error"] = str(record.exc_info[1])
                fields["error_type"] = type(record.exc_info[1]).__name__
            component = record.name if is_valid_component(record.name) else self._component
            level = LogLevel.of_python(record.levelno)
            self._client._send(write_body(component, level, record.getMessage(), fields))
        except Exception:
            self.handleError(record)
