"""The event-bus addresses a bot uses, declared once (the Python twin of ``Addresses.java``).

Request/reply unless marked *publish*; bodies are JSON objects with snake_case fields, as listed in
the README's "Bus addresses" table.
"""

from __future__ import annotations


def status(service: str) -> str:
    """The status address of a service: ``antbot.<service>.status``."""
    return f"antbot.{service}.status"


# Config
CONFIG_GET = "antbot.config.get"
CONFIG_SNAPSHOT = "antbot.config.snapshot"
CONFIG_FEATURE = "antbot.config.feature"
#: *publish*: ``{version, source, changes: [{key, old, new}], at, restart_required, ...}``
CONFIG_CHANGED = "antbot.config.changed"

# Logging
LOG_WRITE = "antbot.log.write"
LOG_CORRELATION_START = "antbot.log.correlation.start"
LOG_PERFORMANCE = "antbot.log.performance"

# Metrics
METRICS_OPERATION = "antbot.metrics.operation"
METRICS_TRADE = "antbot.metrics.trade"
METRICS_CAPITAL = "antbot.metrics.capital"
METRICS_COMPOUNDING = "antbot.metrics.compounding"
METRICS_WORKERS = "antbot.metrics.workers"
METRICS_CUSTOM_SET = "antbot.metrics.custom.set"
METRICS_CUSTOM_INCREMENT = "antbot.metrics.custom.increment"

# Bots (the bot registry, on the metrics service)
BOTS_ANNOUNCE = "antbot.bots.announce"
BOTS_HEARTBEAT = "antbot.bots.heartbeat"
#: *publish*: ``{name, command: pause|resume, at}``
BOTS_COMMAND = "antbot.bots.command"

# Security
SECURITY_RATELIMIT_CHECK = "antbot.security.ratelimit.check"

#: *publish*: ``{id, source, name, severity, state: firing|resolved, message, at}``
ALERTS = "antbot.alerts"
