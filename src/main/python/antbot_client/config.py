"""Configuration for bots: :class:`ConfigClient` (bus calls) and :class:`ConfigView` (a live copy).

The Python side of ``io.antbot.client.ConfigClient`` and ``ConfigView``, limited to what a bot may
do: read keys and snapshots, evaluate flags, follow ``antbot.config.changed``.
"""

from __future__ import annotations

import asyncio
import copy
import inspect
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from . import addresses
from .connection import (
    BusConnection,
    BusConnectionError,
    BusError,
    ConnectionState,
    Message,
    Subscription,
)
from .flags import FeatureDecision, FeatureFlags

log = logging.getLogger(__name__)

T = TypeVar("T")

_NO_DEFAULT: Any = object()


@dataclass(frozen=True)
class ConfigChange:
    """One leaf that changed: ``{key, old, new}`` (``io.antbot.bus.ConfigChange``).

    A leaf is any value that is not a non-empty object. A key that appeared has ``old is None``, one
    that disappeared ``new is None``.
    """

    key: str
    old: Any
    new: Any

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> ConfigChange:
        """Reads ``{key, old, new}``.

        :raises ValueError: without a string ``key``
        """
        key = body.get("key")
        if not isinstance(key, str) or not key:
            raise ValueError(f"key: expected a string, got {key!r}")
        return cls(key, body.get("old"), body.get("new"))

    def is_under(self, prefix: str) -> bool:
        """Whether this change concerns ``prefix``, a key below it, or an object above it.

        The empty prefix matches everything.
        """
        return (
            not prefix
            or self.key == prefix
            or self.key.startswith(prefix + ".")
            or prefix.startswith(self.key + ".")
        )


def leaves(tree: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Every leaf of ``tree`` by dotted path, in document order."""
    found: dict[str, Any] = {}
    for name, value in tree.items():
        path = f"{prefix}.{name}" if prefix else name
        if isinstance(value, dict) and value:
            found.update(leaves(value, path))
        else:
            found[path] = value
    return found


def same_value(a: Any, b: Any) -> bool:
    """JSON equality where 1 and 1.0 are the same number but ``True`` is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return not diff(a, b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[ConfigChange]:
    """The leaf-level differences from ``before`` to ``after``, sorted by key."""
    old, new = leaves(before), leaves(after)
    changes = []
    for key in sorted(old.keys() | new.keys()):
        if (key in old) != (key in new) or not same_value(old.get(key), new.get(key)):
            changes.append(ConfigChange(key, old.get(key), new.get(key)))
    return changes


def apply(tree: dict[str, Any], changes: Iterable[ConfigChange]) -> None:
    """Applies ``changes`` to ``tree`` in place, as ``ConfigChange.apply`` does in Java.

    Removals first, pruning the objects they leave empty; then additions and updates in key order,
    creating (or replacing non-object) parents.
    """
    changes = list(changes)
    for change in changes:
        if change.new is None:
            _remove(tree, change.key.split("."))
    for change in sorted((c for c in changes if c.new is not None), key=lambda c: c.key):
        parts = change.key.split(".")
        node = tree
        for part in parts[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = {}
                node[part] = child
            node = child
        node[parts[-1]] = copy.deepcopy(change.new)


def _remove(node: dict[str, Any], parts: Sequence[str]) -> bool:
    """Removes the leaf at ``parts``; returns whether ``node`` became empty."""
    if len(parts) == 1:
        node.pop(parts[0], None)
    else:
        child = node.get(parts[0])
        if isinstance(child, dict) and _remove(child, parts[1:]):
            node.pop(parts[0], None)
    return not node


def _index(tree: Mapping[str, Any], prefix: str, into: dict[str, Any]) -> dict[str, Any]:
    for name, value in tree.items():
        path = f"{prefix}.{name}" if prefix else name
        into[path] = value
        if isinstance(value, dict):
            _index(value, path, into)
    return into


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f'a string ("{value}")'
    if isinstance(value, list):
        return "an array"
    return "an object"


def _typed(key: str, value: Any, kinds: tuple[type, ...], expected: str) -> Any:
    if isinstance(value, bool) and bool not in kinds:
        raise TypeError(f"{key}: expected {expected}, got {_describe(value)}")
    if not isinstance(value, kinds):
        raise TypeError(f"{key}: expected {expected}, got {_describe(value)}")
    return value


class ConfigClient:
    """Bus calls to the configuration service that a bot may make.

    >>> config = ConfigClient(bus)
    >>> size = await config.get_float("trading.max_position_size", 0.1)

    Failures are :class:`BusError`: 404 for an absent key without default, 400 for a malformed key.
    """

    def __init__(
        self, bus: BusConnection, *, timeout: float | None = None, bot_id: str | None = None
    ) -> None:
        """
        :param timeout: seconds per request; the connection's default when ``None``
        :param bot_id: put into flag contexts as ``bot_id`` (see :class:`FeatureFlags`)
        """
        self.bus = bus
        self._timeout = timeout
        self.flags = FeatureFlags(bus, bot_id=bot_id, timeout=timeout)

    async def get(self, key: str, default: Any = _NO_DEFAULT) -> Any:
        """The value at the dotted ``key`` (secrets masked), or ``default`` when absent or null.

        :raises BusError: 404 when absent and no default was given
        """
        body: dict[str, Any] = {"key": key}
        if default is not _NO_DEFAULT:
            body["default"] = default
        reply = await self.bus.request(addresses.CONFIG_GET, body, timeout=self._timeout)
        value = (reply or {}).get("value")
        return default if value is None and default is not _NO_DEFAULT else value

    async def get_float(self, key: str, default: float) -> float:
        """A number at ``key``, or ``default``; :class:`BusError` 400 for another type."""
        return float(self._checked(key, await self.get(key, default), (int, float), "a number"))

    async def get_int(self, key: str, default: int) -> int:
        """An integer at ``key`` (a fractional number is cut), or ``default``."""
        return int(self._checked(key, await self.get(key, default), (int, float), "a number"))

    async def get_str(self, key: str, default: str | None) -> str | None:
        """A string at ``key``, or ``default``."""
        value = await self.get(key, default)
        return None if value is None else self._checked(key, value, (str,), "a string")

    async def get_bool(self, key: str, default: bool) -> bool:
        """A boolean at ``key``, or ``default``."""
        return bool(self._checked(key, await self.get(key, default), (bool,), "a boolean"))

    @staticmethod
    def _checked(key: str, value: Any, kinds: tuple[type, ...], expected: str) -> Any:
        try:
            return _typed(key, value, kinds, expected)
        except TypeError as e:
            raise BusError(400, str(e)) from None

    async def snapshot(self) -> dict[str, Any]:
        """The whole effective configuration, secrets masked: ``{version, config}``."""
        reply = await self.bus.request(addresses.CONFIG_SNAPSHOT, {}, timeout=self._timeout)
        return reply if isinstance(reply, dict) else {}

    async def feature(self, flag: str, context: Mapping[str, str] | None = None) -> FeatureDecision:
        """Evaluates a feature flag for ``context`` (see :class:`FeatureFlags`)."""
        return await self.flags.evaluate(flag, context)

    async def is_enabled(self, flag: str, context: Mapping[str, str] | None = None) -> bool:
        """Whether a feature flag is on for ``context``."""
        return await self.flags.is_enabled(flag, context)

    async def view(self) -> ConfigView:
        """A live local copy of the configuration (see :class:`ConfigView`)."""
        return await ConfigView.open(self)


ChangeHandler = Callable[[list[ConfigChange]], Any]


class ConfigView:
    """A live local copy of the configuration: :meth:`get` is a dict lookup, no bus round trip.

    >>> view = await ConfigView.open(ConfigClient(bus))
    >>> size = view.get_float("trading.max_position_size", 0.1)
    >>> view.on_change("trading", lambda changes: reconfigure(view))

    It subscribes to ``antbot.config.changed``, loads the snapshot, then applies each broadcast
    whose version follows its own. When a version is missing (a broadcast lost, a reconnect) it
    fetches the snapshot again and reports the difference as changes. Values are those of the
    snapshot: secrets arrive masked. Use it from the connection's event loop.
    """

    def __init__(self, client: ConfigClient) -> None:
        """Use :meth:`open`."""
        self._client = client
        self._listeners: list[tuple[str, ChangeHandler]] = []
        self._pending: list[dict[str, Any]] = []
        self._fetching = True
        self._refetch: asyncio.Task[None] | None = None
        self._subscription: Subscription | None = None
        self._remove_state_listener: Callable[[], None] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._version = -1
        self._tree: dict[str, Any] = {}
        self._index: dict[str, Any] = {}
        #: How many times the snapshot was fetched again (gaps and reconnects).
        self.refetches = 0

    @classmethod
    async def open(cls, client: ConfigClient | BusConnection) -> ConfigView:
        """Subscribes to the broadcasts, then loads the snapshot; returns when the copy is usable.

        :raises BusError: when the snapshot cannot be loaded (the subscription is then removed)
        """
        if isinstance(client, BusConnection):
            client = ConfigClient(client)
        view = cls(client)
        view._subscription = await client.bus.subscribe(
            addresses.CONFIG_CHANGED, view._on_broadcast
        )
        try:
            view._load(await client.snapshot())
        except BaseException:
            await view._subscription.unsubscribe()
            raise
        view._remove_state_listener = client.bus.on_state(view._on_state)
        return view

    @property
    def version(self) -> int:
        """The configuration version of the copy."""
        return self._version

    def get(self, key: str, default: Any = None) -> Any:
        """The value at the dotted ``key`` (a copy for objects and lists), or ``default`` when
        absent or null."""
        value = self._index.get(key)
        if value is None:
            return default
        return copy.deepcopy(value) if isinstance(value, (dict, list)) else value

    def get_float(self, key: str, default: float) -> float:
        """A number at ``key``, or ``default``; :class:`TypeError` for another type."""
        return float(_typed(key, self.get(key, default), (int, float), "a number"))

    def get_int(self, key: str, default: int) -> int:
        """An integer at ``key`` (a fractional number is cut), or ``default``."""
        return int(_typed(key, self.get(key, default), (int, float), "a number"))

    def get_bool(self, key: str, default: bool) -> bool:
        """A boolean at ``key``, or ``default``."""
        return bool(_typed(key, self.get(key, default), (bool,), "a boolean"))

    def get_str(self, key: str, default: str | None = None) -> str | None:
        """A string at ``key``, or ``default``."""
        value = self.get(key, default)
        return None if value is None else _typed(key, value, (str,), "a string")

    def get_list(self, key: str, default: list[Any] | None = None) -> list[Any] | None:
        """A list at ``key`` (a copy), or ``default``."""
        value = self.get(key, default)
        return None if value is None else _typed(key, value, (list,), "an array")

    def get_dict(self, key: str, default: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """An object at ``key`` (a copy), or ``default``."""
        value = self.get(key, default)
        return None if value is None else _typed(key, value, (dict,), "an object")

    def snapshot(self) -> dict[str, Any]:
        """A copy of the whole configuration."""
        return copy.deepcopy(self._tree)

    def on_change(self, prefix: str, handler: ChangeHandler) -> Callable[[], None]:
        """Calls ``handler`` with the changes at or below ``prefix`` (``""`` for all) after each
        update; the view already holds the new values when it runs. ``handler`` may be ``async``.

        Returns what cancels the callback.
        """
        entry = (prefix, handler)
        self._listeners.append(entry)

        def cancel() -> None:
            if entry in self._listeners:
                self._listeners.remove(entry)

        return cancel

    async def close(self) -> None:
        """Stops following the broadcasts; the copy keeps its last values."""
        if self._remove_state_listener is not None:
            self._remove_state_listener()
            self._remove_state_listener = None
        if self._refetch is not None:
            self._refetch.cancel()
        if self._subscription is not None:
            await self._subscription.unsubscribe()

    # ---------------------------------------------------------------- internals

    def _on_broadcast(self, message: Message) -> None:
        event = message.body
        if not isinstance(event, dict) or isinstance(event.get("version"), bool):
            log.warning("ignoring a malformed %s broadcast", addresses.CONFIG_CHANGED)
            return
        if not isinstance(event.get("version"), int):
            log.warning("ignoring a %s broadcast without a version", addresses.CONFIG_CHANGED)
            return
        try:
            event["changes"] = [ConfigChange.from_json(c) for c in event.get("changes") or []]
        except (ValueError, AttributeError, TypeError) as e:
            log.warning("ignoring a malformed %s broadcast: %s", addresses.CONFIG_CHANGED, e)
            return
        if self._fetching:
            self._pending.append(event)
        else:
            self._apply(event)

    def _on_state(self, state: ConnectionState) -> None:
        # Broadcasts published while the connection was down are lost: catch up from the snapshot.
        if state is ConnectionState.CONNECTED and not self._fetching:
            self._start_refetch()

    def _apply(self, event: dict[str, Any]) -> None:
        version: int = event["version"]
        if version <= self._version:
            return
        if version != self._version + 1:
            log.debug("config version %d follows %d: fetching the snapshot", version, self._version)
            self._pending.append(event)
            self._start_refetch()
            return
        tree = copy.deepcopy(self._tree)
        apply(tree, event["changes"])
        self._set(version, tree)
        self._notify(event["changes"])

    def _start_refetch(self) -> None:
        self._fetching = True
        self.refetches += 1
        self._refetch = asyncio.ensure_future(self._fetch_again())

    async def _fetch_again(self) -> None:
        try:
            snapshot = await self._client.snapshot()
        except BusError as e:
            # a lost connection refetches again when it is back (see _on_state)
            level = logging.DEBUG if isinstance(e, BusConnectionError) else logging.WARNING
            log.log(
                level,
                "cannot fetch the configuration snapshot, keeping version %d: %s",
                self._version,
                e,
            )
            self._fetching = False
            # the events that showed the gap stay unapplied until the next broadcast or reconnect
            self._pending = [
                event for event in self._pending if event["version"] == self._version + 1
            ]
            self._replay()
            return
        self._load(snapshot)

    def _load(self, snapshot: Mapping[str, Any]) -> None:
        version = snapshot.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise BusError(500, f"{addresses.CONFIG_SNAPSHOT}: a reply without a version")
        tree = snapshot.get("config")
        tree = tree if isinstance(tree, dict) else {}
        before = self._tree if self._version >= 0 else None
        if version > self._version:
            self._set(version, tree)
            if before is not None:
                self._notify(diff(before, tree))
        self._fetching = False
        self._replay()

    def _replay(self) -> None:
        events = sorted(self._pending, key=lambda e: e["version"])
        self._pending = []
        for event in events:
            if self._fetching:
                self._pending.append(event)
            else:
                self._apply(event)

    def _set(self, version: int, tree: dict[str, Any]) -> None:
        self._version = version
        self._tree = tree
        self._index = _index(tree, "", {})

    def _notify(self, changes: list[ConfigChange]) -> None:
        if not changes:
            return
        for prefix, handler in list(self._listeners):
            mine = [change for change in changes if change.is_under(prefix)]
            if not mine:
                continue
            try:
                result = handler(mine)
                if inspect.isawaitable(result):
                    task = asyncio.ensure_future(result)
                    self._tasks.add(task)
                    task.add_done_callback(self._callback_done)
            except Exception:
                log.exception("a config change callback for %r failed", prefix)

    def _callback_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("a config change callback failed", exc_info=task.exception())
