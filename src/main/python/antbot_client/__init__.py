"""antbot_client: Python bots on the AntBot Core event bus, through the runtime's TCP bridge.

>>> tokens = TokenManager("http://127.0.0.1:8001", "bot-1", password)
>>> async with BusConnection("127.0.0.1", 7001, token=tokens) as bus:
...     view = await ConfigView.open(ConfigClient(bus))
...     log = LogClient(bus).logger("MyBot")
...     async with MetricsClient(bus).timer("MyBot", "cycle"):
...         log.info("cycle", size=view.get_float("trading.max_position_size", 0.1))

Standard library only; every failure is a :class:`BusError` with a shared ``code`` and a
``message``.
"""

from .auth import TokenManager, TokenPair
from .bots import BotHeartbeat
from .config import ConfigChange, ConfigClient, ConfigView
from .connection import (
    Backoff,
    BusConnection,
    BusConnectionError,
    BusError,
    BusTimeout,
    ConnectionState,
    FailureCode,
    Message,
    Subscription,
)
from .correlation import correlation
from .flags import FeatureDecision, FeatureFlags
from .logger import BusLogger, BusLogHandler, LogClient, LogLevel, current_correlation_id
from .metrics import MetricsClient, OperationTimer
from .ratelimit import RateLimitDecision, RateLimiter

__version__ = "0.1.0"

__all__ = [
    "Backoff",
    "BotHeartbeat",
    "BusConnection",
    "BusConnectionError",
    "BusError",
    "BusLogHandler",
    "BusLogger",
    "BusTimeout",
    "ConfigChange",
    "ConfigClient",
    "ConfigView",
    "ConnectionState",
    "FailureCode",
    "FeatureDecision",
    "FeatureFlags",
    "LogClient",
    "LogLevel",
    "Message",
    "MetricsClient",
    "OperationTimer",
    "RateLimitDecision",
    "RateLimiter",
    "Subscription",
    "TokenManager",
    "TokenPair",
    "correlation",
    "current_correlation_id",
]
