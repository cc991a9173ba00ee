"""The correlation id of the running task, carried in the ``correlation-id`` header of every frame.

The id lives in a :class:`contextvars.ContextVar`, so it follows ``await`` chains and the tasks a
coroutine starts (asyncio copies the context into each new task), the way the Java runtime keeps it
on a Vert.x context. :class:`~antbot_client.connection.BusConnection` stamps it on what it sends,
and runs subscription handlers under the id of the message they receive.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import uuid
from collections.abc import Iterator

#: The bus header the id travels in (``io.antbot.service.Correlation.HEADER``).
HEADER = "correlation-id"

#: What the runtime accepts as an id (``Correlation.isValid``): 1 to 128 of ``A-Z a-z 0-9 . _ : -``.
_VALID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "antbot_correlation_id", default=None
)


def is_valid(correlation_id: object) -> bool:
    """Whether ``correlation_id`` is an id the runtime keeps as is (it replaces any other)."""
    return isinstance(correlation_id, str) and _VALID.fullmatch(correlation_id) is not None


def current() -> str | None:
    """The correlation id of the running context, or ``None`` outside any."""
    return _current.get()


def new_id() -> str:
    """A fresh id in the runtime's own form: 32 lowercase hex digits."""
    return uuid.uuid4().hex


@contextlib.contextmanager
def correlation(correlation_id: str | None = None) -> Iterator[str]:
    """Runs the ``with`` block under ``correlation_id`` (a new one when ``None``) and yields it.

    Every frame sent from the block, and every task started in it, carries the id; the previous id
    is restored on exit.

    :raises ValueError: when ``correlation_id`` is not 1 to 128 of ``A-Z a-z 0-9 . _ : -``
    """
    chosen = new_id() if correlation_id is None else correlation_id
    if not is_valid(chosen):
        raise ValueError(
            "correlation_id: expected 1 to 128 letters, digits, '.', '_', ':' or '-', "
            f"got {chosen!r}"
        )
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def bind(correlation_id: str | None) -> contextvars.Token[str | None]:
    """Sets the id of the running context until :func:`unbind`; prefer :func:`correlation`."""
    return _current.set(correlation_id)


def unbind(token: contextvars.Token[str | None]) -> None:
    """Restores the id that :func:`bind` replaced."""
    _current.reset(token)
