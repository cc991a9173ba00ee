"""One TCP connection to the runtime's event-bus bridge, in Vert.x's standard TCP bridge protocol.

Wire format: each frame is a 4-byte big-endian unsigned length followed by that many bytes of UTF-8
JSON. The client sends ``send`` (with a ``replyAddress`` for a request), ``publish``, ``register``,
``unregister`` and ``ping``; the server answers with ``message``, ``err`` and ``pong``.

The connection authenticates with a bearer token in the ``authorization`` header: the first frame
that carries a valid one binds the connection to its principal, so the token is sent once per
connection (and again whenever it changes), not on every frame.

A lost connection is reopened with exponential backoff and jitter; the new one is authenticated
again and the subscriptions are registered again. Requests in flight when it drops fail with a
:class:`BusConnectionError` (code 503): the client cannot know whether the service ran them, so it
does not resend them.
"""

from __future__ import annotations

import asyncio
import enum
import inspect
import itertools
import json
import logging
import random
import ssl as ssl_module
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from . import correlation as correlation_ids

log = logging.getLogger(__name__)

class TokenProvider(Protocol):
    """An object that hands out the current bearer token and hears when the bridge refused one
    (:class:`~antbot_client.auth.TokenManager` is one)."""

    async def access_token(self) -> str:
        """The current access token, renewed as needed."""
        ...

    def invalidate(self, token: str) -> None:
        """``token`` was refused: the next :meth:`access_token` must not return it."""
        ...


#: A source of bearer tokens: a fixed token, a :class:`TokenProvider`, or a coroutine function
#: returning the current token.
TokenSource = str | TokenProvider | Callable[[], Awaitable[str | None]] | None

#: What a subscription calls for each message: a plain or an ``async`` function.
Handler = Callable[["Message"], Any]

#: The header that carries the bearer token.
AUTHORIZATION = "authorization"

#: The largest frame read or written by default, in bytes of JSON (16 MiB).
DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024

#: The largest frame sent by default, in bytes: the bridge's default ``bridge.max_frame_bytes``
#: (64 KiB), over which it answers 413 and closes the connection.
DEFAULT_MAX_SEND_SIZE = 64 * 1024

#: Frames sent per second at most by default: under the bridge's ``bridge.frames_per_second``
#: (500), over which it refuses frames with a 429 that names no request, and then closes.
DEFAULT_MAX_FRAMES_PER_SECOND = 450.0

#: The texts with which the bridge refuses a frame for want of a valid token.
_UNAUTHENTICATED_TEXTS = ("not authenticated", "the token is no longer valid")

#: How long a request waits for its reply by default, in seconds (as ``BusClient`` in Java).
DEFAULT_REQUEST_TIMEOUT = 10.0

_LENGTH_BYTES = 4


class FailureCode(enum.IntEnum):
    """The failure codes shared by every service (``io.antbot.bus.FailureCode``), plus ``TIMEOUT``.

    The numbers are the HTTP statuses; ``TIMEOUT`` (-1) is local: no reply came in time.
    """

    TIMEOUT = -1
    BAD_REQUEST = 400
    UNAUTHENTICATED = 401
    FORBIDDEN = 403
    NOT_FOUND = 404
    CONFLICT = 409
    TOO_LARGE = 413
    RATE_LIMITED = 429
    INTERNAL = 500
    NOT_READY = 503


class BusError(Exception):
    """A failure in the shared vocabulary: ``code`` (see :class:`FailureCode`) and a ``message``.

    Raised for an ``err`` frame answering a request, for a connection-level refusal (401 before a
    token, 403 for a forbidden address) and for local failures (timeout, lost connection, a frame
    too large to send).
    """

    def __init__(self, code: int, message: str, failure_type: str | None = None) -> None:
        super().__init__(code, message)
        self.code: int = code
        self.message: str = message
        #: Vert.x's ``failureType`` (``RECIPIENT_FAILURE``, ``NO_HANDLERS``, ``TIMEOUT``) when the
        #: server gave one.
        self.failure_type: str | None = failure_type
        #: Whether the bridge itself refused the frame for want of a valid token (a 401 "not
        #: authenticated ..." or "the token is no longer valid ..."), rather than a service
        #: answering: such a request never reached a service.
        self.refused_by_bridge: bool = False

    @property
    def failure(self) -> FailureCode:
        """The code as a :class:`FailureCode` (``INTERNAL`` for a number outside the vocabulary)."""
        try:
            return FailureCode(self.code)
        except ValueError:
            return FailureCode.INTERNAL

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    @classmethod
    def from_frame(cls, frame: Mapping[str, Any]) -> BusError:
        """The error an ``err`` frame stands for, read as ``BusException.from`` reads a failure.

        The ``failureType`` decides first (no handler and a server-side timeout are 503, as in
        Java), then the ``failureCode``; a number outside the shared codes is a 500.
        """
        failure_type = frame.get("failureType")
        message = frame.get("message")
        text = message if isinstance(message, str) else str(frame.get("body") or "error")
        if failure_type == "NO_HANDLERS":
            return cls(503, f"no service listens on this address: {text}", failure_type)
        if failure_type == "TIMEOUT":
            return cls(503, "the service did not answer in time", failure_type)
        code = frame.get("failureCode")
        if code is None:
            # the stock Vert.x bridge sends {type: err, body: "access_denied"} without a code
            lowered = text.lower()
            if "access_denied" in lowered or "access denied" in lowered:
                code = FailureCode.FORBIDDEN
            elif "not authenticated" in lowered or "not_logged_in" in lowered:
                code = FailureCode.UNAUTHENTICATED
            else:
                code = FailureCode.INTERNAL
        elif isinstance(code, bool) or not isinstance(code, int):
            code = FailureCode.INTERNAL
        elif code not in FailureCode.__members__.values() or code == FailureCode.TIMEOUT:
            code = FailureCode.INTERNAL
        return cls(int(code), text, failure_type if isinstance(failure_type, str) else None)


class BusTimeout(BusError):
    """No reply within the request's timeout (code -1)."""

    def __init__(self, message: str) -> None:
        super().__init__(FailureCode.TIMEOUT, message)


class BusConnectionError(BusError):
    """The connection is down, was lost with the request in flight, or could not be opened (503)."""

    def __init__(self, message: str) -> None:
        super().__init__(FailureCode.NOT_READY, message)


def _body(body: Any) -> dict[str, Any]:
    """A message body as the bridge takes it: a JSON object (``{}`` for ``None``).

    :raises BusError: 400 for anything else
    """
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise BusError(
            FailureCode.BAD_REQUEST,
            f"body: expected a JSON object (the bridge takes no other), got {type(body).__name__}",
        )
    return body


class ProtocolError(Exception):
    """The server broke the framing (a length over the bound); the connection is dropped."""


def encode_frame(frame: Mapping[str, Any], max_size: int = DEFAULT_MAX_FRAME_SIZE) -> bytes:
    """One frame on the wire: the 4-byte big-endian length, then the compact UTF-8 JSON.

    :raises BusError: 413 when the JSON is longer than ``max_size`` bytes; 400 when it is not JSON
        (a value json cannot write, NaN or an infinity)
    """
    try:
        text = json.dumps(frame, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        data = text.encode()
    except (TypeError, ValueError) as e:
        raise BusError(FailureCode.BAD_REQUEST, f"body: not JSON: {e}") from None
    if len(data) > max_size:
        raise BusError(
            FailureCode.TOO_LARGE, f"frame: at most {max_size} bytes, got {len(data)}"
        )
    return len(data).to_bytes(_LENGTH_BYTES, "big") + data


class FrameDecoder:
    """Cuts a byte stream into frames, whatever the chunks it arrives in.

    >>> decoder = FrameDecoder(max_size=1024)
    >>> frames = decoder.feed(chunk)    # every whole frame so far; the rest is kept for later
    """

    def __init__(self, max_size: int = DEFAULT_MAX_FRAME_SIZE) -> None:
        self.max_size = max_size
        self._buffer = bytearray()
        #: Frames skipped because they were not a JSON object.
        self.skipped = 0

    def feed(self, data: bytes) -> list[dict[str, Any]]:
        """The frames completed by ``data``, in order; a frame that is not a JSON object is skipped.

        :raises ProtocolError: for an announced length over ``max_size`` (its bytes are not
            waited for: the stream cannot be trusted past it)
        """
        buffer = self._buffer
        buffer += data
        frames: list[dict[str, Any]] = []
        position = 0
        available = len(buffer)
        while available - position >= _LENGTH_BYTES:
            length = int.from_bytes(buffer[position : position + _LENGTH_BYTES], "big")
            if length > self.max_size:
                raise ProtocolError(
                    f"frame of {length} bytes announced, at most {self.max_size} accepted"
                )
            end = position + _LENGTH_BYTES + length
            if end > available:
                break
            try:
                frame = json.loads(buffer[position + _LENGTH_BYTES : end])
            except (UnicodeDecodeError, ValueError):
                frame = None
            if isinstance(frame, dict):
                frames.append(frame)
            else:
                self.skipped += 1
                log.warning("ignoring a frame from the bridge that is not a JSON object")
            position = end
        if position:
            del buffer[:position]
        return frames


class _FrameProtocol(asyncio.Protocol):
    """The socket side of a :class:`BusConnection`: frames in, flow control out.

    A protocol rather than a stream reader: each frame is dispatched as its bytes arrive, so a reply
    wakes the waiting request directly instead of first waking a reader task: one turn of the event
    loop less per round trip, on the path the bridge benchmark measures.
    """

    def __init__(self, connection: BusConnection, max_size: int) -> None:
        self._connection = connection
        self._decoder = FrameDecoder(max_size)
        self.transport: asyncio.Transport | None = None
        #: Resolves with the reason once the connection has ended.
        self.lost: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._paused = False
        self._writable: list[asyncio.Future[None]] = []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if self.lost.done():
            return
        try:
            frames = self._decoder.feed(data)
        except ProtocolError as e:
            self._end(str(e))
            return
        connection = self._connection
        connection._last_frame_at = time.monotonic()
        for frame in frames:
            if self.lost.done():
                return
            try:
                connection._dispatch(frame)
            except Exception:
                log.exception("cannot dispatch a frame of type %r", frame.get("type"))

    def eof_received(self) -> bool | None:
        self._end("closed by the server")
        return None

    def connection_lost(self, exc: Exception | None) -> None:
        reason = "closed by the server" if exc is None else (str(exc) or type(exc).__name__)
        self._end(reason)
        self._wake_writers(BusConnectionError(f"connection lost: {reason}"))

    def pause_writing(self) -> None:
        self._paused = True

    def resume_writing(self) -> None:
        self._paused = False
        self._wake_writers(None)

    async def writable(self) -> None:
        """Waits while the socket's buffer is over its high-water mark (a slow reader)."""
        if not self._paused:
            return
        if self.lost.done():
            raise BusConnectionError(f"connection lost: {self.lost.result()}")
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._writable.append(waiter)
        await waiter

    def _end(self, reason: str) -> None:
        if not self.lost.done():
            self.lost.set_result(reason)
        if self.transport is not None and not self.transport.is_closing():
            self.transport.close()

    def _wake_writers(self, error: Exception | None) -> None:
        waiters, self._writable = self._writable, []
        for waiter in waiters:
            if not waiter.done():
                if error is None:
                    waiter.set_result(None)
                else:
                    waiter.set_exception(error)


@dataclass(frozen=True, slots=True)
class Message:
    """A message received: a reply, or a message on a subscribed address."""

    address: str
    body: Any
    headers: dict[str, str]
    reply_address: str | None = None
    #: ``True`` for a point-to-point send, ``False`` for a publish.
    send: bool = True
    _connection: BusConnection | None = field(default=None, repr=False, compare=False)

    @property
    def correlation_id(self) -> str | None:
        """The ``correlation-id`` header, if any."""
        return self.headers.get(correlation_ids.HEADER)

    async def reply(self, body: Any, headers: Mapping[str, str] | None = None) -> None:
        """Answers a message that expects a reply (it has a ``reply_address``).

        :raises BusError: 400 when the message expects no reply
        """
        if self.reply_address is None or self._connection is None:
            raise BusError(FailureCode.BAD_REQUEST, f"{self.address}: the message expects no reply")
        await self._connection.send(self.reply_address, body, headers=headers)


class Subscription:
    """A handler on an address; :meth:`unsubscribe` removes it (the last one unregisters)."""

    def __init__(self, connection: BusConnection, address: str, handler: Handler) -> None:
        self._connection = connection
        self.address: str = address
        self.handler: Handler = handler
        self.active: bool = True
        #: The last refusal of this address by the server (a 403 on register), if any.
        self.error: BusError | None = None

    async def unsubscribe(self) -> None:
        """Stops delivering to this handler; idempotent."""
        if self.active:
            self.active = False
            await self._connection._remove(self)

    def __repr__(self) -> str:
        return f"Subscription({self.address!r}, active={self.active})"


class ConnectionState(enum.Enum):
    """What :meth:`BusConnection.on_state` listeners are told."""

    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    CLOSED = "closed"


class FrameRate:
    """A token bucket that keeps the frames sent under the bridge's per-second limit.

    Its burst is a tenth of the rate, so that any one-second window, wherever the bridge starts it,
    holds at most 1.1 times the rate (495 frames at the default 450 against the bridge's 500).
    """

    def __init__(self, per_second: float) -> None:
        self.per_second = per_second
        self.burst = max(1.0, per_second / 10)
        self._tokens = self.burst
        self._at = time.monotonic()

    def _refill(self) -> None:
        now = time.monotonic()
        self._tokens = min(self.burst, self._tokens + (now - self._at) * self.per_second)
        self._at = now

    def try_take(self) -> bool:
        """Takes a token if there is one now."""
        self._refill()
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False

    async def take(self) -> None:
        """Takes a token, waiting for one if needed."""
        while not self.try_take():
            await asyncio.sleep((1 - self._tokens) / self.per_second)


@dataclass
class Backoff:
    """Delays between reconnection attempts: ``initial * factor**n`` up to ``maximum``, with jitter.

    ``jitter`` is the fraction by which each delay varies at random either way (0.2: ±20%), so that
    many bots cut off at once do not come back in step.
    """

    initial: float = 0.1
    maximum: float = 30.0
    factor: float = 2.0
    jitter: float = 0.2

    def delay(self, attempt: int) -> float:
        """The delay before attempt ``attempt`` (0 for the first retry), in seconds."""
        base = min(self.maximum, self.initial * self.factor ** min(attempt, 64))
        return max(0.0, base * (1 + random.uniform(-self.jitter, self.jitter)))


class BusConnection:
    """An authenticated, self-healing connection to the event-bus bridge.

    >>> bus = BusConnection("127.0.0.1", 7001, token=tokens.access_token)
    >>> await bus.connect()
    >>> reply = await bus.request("antbot.config.get", {"key": "trading.max_position_size"})
    >>> sub = await bus.subscribe("antbot.config.changed", on_change)
    >>> await bus.close()

    Use it from one event loop. Every request failure is a :class:`BusError`.
    """

    def __init__(
        self,
        host: str,
        port: int,
        *,
        token: TokenSource = None,
        ssl: ssl_module.SSLContext | None = None,
        server_hostname: str | None = None,
        connect_timeout: float = 10.0,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        max_frame_size: int = DEFAULT_MAX_FRAME_SIZE,
        max_send_size: int = DEFAULT_MAX_SEND_SIZE,
        max_frames_per_second: float | None = DEFAULT_MAX_FRAMES_PER_SECOND,
        ping_interval: float | None = 10.0,
        ping_timeout: float = 10.0,
        reconnect: bool = True,
        backoff: Backoff | None = None,
        fallbacks: Iterable[tuple[str, int]] = (),
        always_send_token: bool = False,
    ) -> None:
        """
        :param host: the bridge's host
        :param port: the bridge's port
        :param token: a bearer token, a :class:`TokenProvider` (such as a
            :class:`~antbot_client.auth.TokenManager`), or a coroutine function returning the
            current token; ``None`` for none
        :param ssl: a client TLS context; ``None`` for plain TCP
        :param server_hostname: the name checked against the server certificate (default: ``host``)
        :param connect_timeout: seconds one connection attempt may take
        :param request_timeout: seconds a request waits for its reply unless told otherwise
        :param max_frame_size: the largest frame read, in bytes
        :param max_send_size: the largest frame sent, in bytes (the bridge's ``max_frame_bytes``); a
            larger one is a 413 :class:`BusError` at once, and the connection goes on
        :param max_frames_per_second: frames sent per second at most (the bridge refuses more);
            ``None`` for no limit
        :param ping_interval: seconds between keepalive pings; ``None`` for none
        :param ping_timeout: seconds without any frame after a ping before the connection is
            declared dead and reopened
        :param reconnect: whether a lost connection is reopened
        :param backoff: the delays between attempts to reopen
        :param fallbacks: other bridges (cluster nodes) tried in turn when one cannot be reached
        :param always_send_token: send the token on every frame, not once per connection
        """
        self._endpoints: list[tuple[str, int]] = [(host, port), *fallbacks]
        self._endpoint_index = 0
        self._token_source = token
        self._ssl = ssl
        self._server_hostname = server_hostname
        self.connect_timeout = connect_timeout
        self.request_timeout = request_timeout
        self.max_frame_size = max_frame_size
        self.max_send_size = max_send_size
        self._rate = FrameRate(max_frames_per_second) if max_frames_per_second else None
        self.ping_interval = ping_interval
        self.ping_timeout = ping_timeout
        self.reconnect = reconnect
        self.backoff = backoff or Backoff()
        self.always_send_token = always_send_token

        self._protocol: _FrameProtocol | None = None
        self._connected = asyncio.Event()
        self._closing = False
        self._supervisor: asyncio.Task[None] | None = None
        self._keepalive: asyncio.Task[None] | None = None
        self._pending: dict[str, asyncio.Future[Message]] = {}
        self._pongs: list[asyncio.Future[None]] = []
        self._subscriptions: dict[str, list[Subscription]] = {}
        self._state_listeners: list[Callable[[ConnectionState], Any]] = []
        self._error_listeners: list[Callable[[BusError], Any]] = []
        self._handler_tasks: set[asyncio.Task[Any]] = set()
        self._session = uuid.uuid4().hex[:16]
        self._ids = itertools.count(1)
        self._token: str | None = None
        self._token_sent: str | None = None
        self._last_frame_at = 0.0
        self._recovery: asyncio.Task[None] | None = None
        #: How many times the connection was reopened after a loss.
        self.reconnects = 0

    # ------------------------------------------------------------------ lifecycle

    @property
    def connected(self) -> bool:
        """Whether a connection is open now."""
        return self._connected.is_set()

    @property
    def endpoint(self) -> tuple[str, int]:
        """The bridge connected to, or tried next."""
        return self._endpoints[self._endpoint_index]

    async def connect(self, *, wait: bool = False) -> None:
        """Opens the connection and starts watching it.

        :param wait: keep trying (with backoff) until a bridge answers, instead of failing at once
        :raises BusConnectionError: when no bridge could be reached (and ``wait`` is false)
        """
        if self._supervisor is not None:
            raise RuntimeError("connect() was already called")
        self._closing = False
        attempt = 0
        while True:
            try:
                await self._open()
                break
            except BusConnectionError:
                if not wait or self._closing:
                    raise
                await asyncio.sleep(self.backoff.delay(attempt))
                attempt += 1
        self._supervisor = asyncio.create_task(self._supervise(), name="antbot-bus-supervisor")

    async def wait_connected(self, timeout: float | None = None) -> None:
        """Waits until a connection is open.

        :raises BusConnectionError: when none is open within ``timeout`` seconds, or after close
        """
        if self._closing:
            raise BusConnectionError("the connection is closed")
        if self._connected.is_set():
            return
        try:
            async with asyncio.timeout(timeout):
                await self._connected.wait()
        except TimeoutError:
            raise BusConnectionError(f"not connected to {self._describe()}") from None
        if self._closing:
            raise BusConnectionError("the connection is closed")

    async def close(self) -> None:
        """Closes the connection for good: pending requests fail, subscriptions end."""
        if self._closing:
            return
        self._closing = True
        tasks = (self._supervisor, self._keepalive, self._recovery)
        for task in tasks:
            if task is not None:
                task.cancel()
        for task in tasks:
            if task is not None:
                try:
                    await task
                except (asyncio.CancelledError, Exception):
                    pass
        await self._drop("the connection was closed")
        self._connected.set()  # wakes waiters, who then see _closing
        for subscriptions in self._subscriptions.values():
            for subscription in subscriptions:
                subscription.active = False
        self._subscriptions.clear()
        self._notify_state(ConnectionState.CLOSED)

    async def __aenter__(self) -> BusConnection:
        await self.connect()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def on_state(self, listener: Callable[[ConnectionState], Any]) -> Callable[[], None]:
        """Calls ``listener`` after each connect, loss and close; returns what removes it.

        A listener that needs to catch up after an outage (a config view) does it on ``CONNECTED``.
        """
        self._state_listeners.append(listener)
        return lambda: self._state_listeners.remove(listener)

    def on_error(self, listener: Callable[[BusError], Any]) -> Callable[[], None]:
        """Calls ``listener`` with each ``err`` frame that answers no request: a refusal of the
        connection (401 not authenticated, 403 access denied) or of a registration; returns what
        removes it."""
        self._error_listeners.append(listener)
        return lambda: self._error_listeners.remove(listener)

    def set_token(self, token: str | None) -> None:
        """Uses ``token`` from the next frame on (a refreshed token re-binds the connection)."""
        self._token = token

    # ------------------------------------------------------------------ messaging

    async def request(
        self,
        address: str,
        body: Any = None,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> Any:
        """Sends ``body`` to ``address`` and returns the reply's body.

        :param timeout: seconds to wait for the reply (including for a connection to be open);
            default :attr:`request_timeout`
        :raises BusError: with the service's code and text for a failure reply; 401/403 when the
            bridge refuses the frame
        :raises BusTimeout: when no reply comes in time
        :raises BusConnectionError: when the connection drops with the request in flight
        """
        reply = await self.request_message(address, body, headers=headers, timeout=timeout)
        return reply.body

    async def request_message(
        self,
        address: str,
        body: Any = None,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> Message:
        """As :meth:`request`, returning the whole reply :class:`Message` (body and headers).

        A request the bridge refused with 401 (an expired token) is sent once more when the token
        source then gives a different token: the bridge refused it, so no service ran it.
        """
        sent_with = self._token
        wait = self.request_timeout if timeout is None else timeout
        deadline = time.monotonic() + wait
        try:
            return await self._request_once(address, body, headers, wait)
        except BusError as e:
            if not (
                e.code == FailureCode.UNAUTHENTICATED
                and e.refused_by_bridge
                and self._renewable
            ):
                raise
            recovery = self._recovery
            if recovery is not None:
                await asyncio.shield(recovery)
            if not self._token or self._token == sent_with:
                raise
            return await self._request_once(
                address, body, headers, max(0.0, deadline - time.monotonic())
            )

    async def _request_once(
        self,
        address: str,
        body: Any,
        headers: Mapping[str, str] | None,
        wait: float,
    ) -> Message:
        reply_address = f"py.{self._session}.{next(self._ids)}"
        future: asyncio.Future[Message] = asyncio.get_running_loop().create_future()
        try:
            async with asyncio.timeout(wait):
                await self.wait_connected()
                # registered only now: a request not yet sent waits for a reconnection rather than
                # failing with the connection it never used
                self._pending[reply_address] = future
                await self._write(
                    {
                        "type": "send",
                        "address": address,
                        "body": _body(body),
                        "headers": self._headers(headers),
                        "replyAddress": reply_address,
                    }
                )
                return await future
        except TimeoutError:
            raise BusTimeout(f"{address}: no reply within {wait:g} s") from None
        finally:
            self._pending.pop(reply_address, None)

    async def send(
        self, address: str, body: Any = None, *, headers: Mapping[str, str] | None = None
    ) -> None:
        """Sends ``body`` to one consumer of ``address`` without waiting for a reply.

        Waits up to :attr:`request_timeout` for a connection to be open.

        :raises BusConnectionError: when none is
        """
        await self._fire("send", address, body, headers)

    async def publish(
        self, address: str, body: Any = None, *, headers: Mapping[str, str] | None = None
    ) -> None:
        """Publishes ``body`` to every consumer of ``address`` (see :meth:`send` for waiting)."""
        await self._fire("publish", address, body, headers)

    def send_nowait(
        self, address: str, body: Any = None, *, headers: Mapping[str, str] | None = None
    ) -> bool:
        """Sends at once if a connection is open, never blocking; ``False`` when it was not sent.

        For fire-and-forget traffic that must never hold the caller up, such as log lines.
        """
        if not self._connected.is_set() or self._protocol is None or self._closing:
            return False
        if not isinstance(body, dict) and body is not None:
            return False
        if self._rate is not None and not self._rate.try_take():
            return False
        try:
            self._write_now(
                {
                    "type": "send",
                    "address": address,
                    "body": {} if body is None else body,
                    "headers": self._headers(headers),
                }
            )
        except (BusError, ConnectionError, RuntimeError):
            return False
        return True

    async def subscribe(self, address: str, handler: Handler) -> Subscription:
        """Delivers every message on ``address`` to ``handler`` until unsubscribed.

        The address is registered with the bridge once, however many handlers it has, and again
        after each reconnect. A handler runs under the message's correlation id; an ``async`` one
        runs as its own task. A refusal by the bridge (403) reaches :meth:`on_error` listeners and
        the subscription's :attr:`Subscription.error`.
        """
        subscription = Subscription(self, address, handler)
        handlers = self._subscriptions.setdefault(address, [])
        handlers.append(subscription)
        if len(handlers) == 1 and self._connected.is_set():
            try:
                await self._write(
                    {"type": "register", "address": address, "headers": self._headers()}
                )
            except BusConnectionError:
                pass  # registered again by the reconnect
        return subscription

    async def ping(self, timeout: float | None = None) -> float:
        """Sends a ``ping`` and returns the seconds until its ``pong``.

        :raises BusTimeout: without a pong within ``timeout`` (default :attr:`ping_timeout`)
        """
        pong: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pongs.append(pong)
        started = time.monotonic()
        wait = self.ping_timeout if timeout is None else timeout
        try:
            async with asyncio.timeout(wait):
                await self.wait_connected()
                await self._write({"type": "ping"})
                await pong
        except TimeoutError:
            raise BusTimeout(f"no pong within {wait:g} s") from None
        finally:
            if pong in self._pongs:
                self._pongs.remove(pong)
        return time.monotonic() - started

    # ------------------------------------------------------------------ internals

    def _describe(self) -> str:
        host, port = self.endpoint
        return f"{host}:{port}"

    def _headers(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        headers: dict[str, str] = {}
        correlation_id = correlation_ids.current()
        if correlation_id is not None:
            headers[correlation_ids.HEADER] = correlation_id
        if extra:
            headers.update(extra)
        token = self._token
        if token and (self.always_send_token or token != self._token_sent):
            headers[AUTHORIZATION] = f"Bearer {token}"
            self._token_sent = token
        return headers

    async def _fire(
        self, kind: str, address: str, body: Any, headers: Mapping[str, str] | None
    ) -> None:
        try:
            async with asyncio.timeout(self.request_timeout):
                await self.wait_connected()
                await self._write(
                    {
                        "type": kind,
                        "address": address,
                        "body": _body(body),
                        "headers": self._headers(headers),
                    }
                )
        except TimeoutError:
            raise BusConnectionError(f"not connected to {self._describe()}") from None

    def _write_now(self, frame: Mapping[str, Any]) -> _FrameProtocol:
        protocol = self._protocol
        transport = None if protocol is None else protocol.transport
        if protocol is None or transport is None or transport.is_closing():
            raise BusConnectionError(f"not connected to {self._describe()}")
        transport.write(encode_frame(frame, self.max_send_size))
        return protocol

    async def _write(self, frame: Mapping[str, Any]) -> None:
        """Writes one frame when the frame rate allows, then waits while the socket's buffer is
        full (backpressure)."""
        if self._rate is not None:
            await self._rate.take()
        await self._write_now(frame).writable()

    @property
    def _renewable(self) -> bool:
        """Whether the token source can give another token (it is not a fixed string)."""
        return self._token_source is not None and not isinstance(self._token_source, str)

    async def _resolve_token(self) -> str | None:
        source = self._token_source
        if source is None or isinstance(source, str):
            return source
        if callable(source):
            return await source()
        return await source.access_token()

    async def _present_token(self) -> None:
        """Sends the current token on a frame with no effect when the connection has not carried
        it yet: an ``unregister`` of an address this connection never registered.

        So a new connection binds its principal at once (a bad token shows at connect, not at the
        first request, and the bridge's ``auth_timeout_s`` never closes an idle bot), and a
        renewed token reaches the bridge before the old one expires even on a connection that only
        listens.
        """
        if self._token and self._token != self._token_sent:
            await self._write(
                {
                    "type": "unregister",
                    "address": f"py.{self._session}.token",
                    "headers": self._headers(),
                }
            )

    async def _settle(self, protocol: _FrameProtocol) -> None:
        """Waits until the bridge has decided on the token just presented: two pings in turn.

        The bridge pauses the socket while it checks a new connection's first token, but frames
        already read with it are handled at once and refused as unauthenticated. The first pong may
        be one of those; a ping written after it is read only once the check is over, so its pong
        comes after the binding (or after the 401 that refuses the token).

        :raises BusConnectionError: when the connection ends or a pong does not come in time
        """
        for _ in range(2):
            pong: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._pongs.append(pong)
            try:
                await self._write({"type": "ping"})
                done, _ = await asyncio.wait(
                    {pong, protocol.lost},
                    timeout=self.ping_timeout,
                    return_when=asyncio.FIRST_COMPLETED,
                )
            finally:
                if pong in self._pongs:
                    self._pongs.remove(pong)
            if pong not in done:
                reason = protocol.lost.result() if protocol.lost.done() else "no pong"
                raise BusConnectionError(f"connection lost while authenticating: {reason}")

    async def _open(self) -> None:
        """Connects to the current endpoint (the next ones on failure), then re-registers."""
        errors: list[str] = []
        for _ in range(len(self._endpoints)):
            host, port = self.endpoint
            try:
                async with asyncio.timeout(self.connect_timeout):
                    _, protocol = await asyncio.get_running_loop().create_connection(
                        lambda: _FrameProtocol(self, self.max_frame_size),
                        host,
                        port,
                        ssl=self._ssl,
                        server_hostname=(self._server_hostname or host) if self._ssl else None,
                    )
                break
            except (OSError, TimeoutError, ssl_module.SSLError) as e:
                errors.append(f"{host}:{port}: {e or type(e).__name__}")
                self._endpoint_index = (self._endpoint_index + 1) % len(self._endpoints)
        else:
            raise BusConnectionError("cannot connect: " + "; ".join(errors))
        try:
            self._token = await self._resolve_token()
        except Exception as e:  # the token source is user code: any failure means no token now
            log.warning("cannot get a token for the bridge: %s", e)
        self._protocol = protocol
        self._token_sent = None
        self._last_frame_at = time.monotonic()
        try:
            if self._token:
                await self._present_token()
                await self._settle(protocol)
            self._connected.set()
            for address in list(self._subscriptions):
                await self._write(
                    {"type": "register", "address": address, "headers": self._headers()}
                )
        except BusError as e:
            await self._drop(str(e))
            raise BusConnectionError(f"connection to {self._describe()} lost: {e}") from None
        if self.ping_interval:
            self._keepalive = asyncio.create_task(self._ping_loop(), name="antbot-bus-keepalive")
        log.debug("connected to the bridge at %s", self._describe())
        self._notify_state(ConnectionState.CONNECTED)

    async def _supervise(self) -> None:
        while not self._closing:
            protocol = self._protocol
            reason = "not connected" if protocol is None else await protocol.lost
            if self._closing:
                return
            log.warning("connection to the bridge at %s lost: %s", self._describe(), reason)
            await self._drop(reason)
            self._notify_state(ConnectionState.DISCONNECTED)
            if not self.reconnect:
                return
            attempt = 0
            while not self._closing:
                await asyncio.sleep(self.backoff.delay(attempt))
                attempt += 1
                try:
                    await self._open()
                    self.reconnects += 1
                    break
                except BusConnectionError as e:
                    log.info("reconnect attempt %d failed: %s", attempt, e.message)

    async def _drop(self, reason: str) -> None:
        """Closes the socket and fails what waited on it."""
        self._connected.clear()
        keepalive, self._keepalive = self._keepalive, None
        if keepalive is not None and keepalive is not asyncio.current_task():
            keepalive.cancel()
        protocol, self._protocol = self._protocol, None
        self._token_sent = None
        if protocol is not None:
            protocol._end(reason)
            try:
                await asyncio.wait_for(asyncio.shield(protocol.lost), 1.0)
            except (Exception, asyncio.CancelledError):
                pass
        for future in list(self._pending.values()):
            if not future.done():
                future.set_exception(BusConnectionError(f"connection lost: {reason}"))
        for pong in self._pongs:
            if not pong.done():
                pong.set_exception(BusConnectionError(f"connection lost: {reason}"))

    async def _ping_loop(self) -> None:
        assert self.ping_interval is not None
        while True:
            await asyncio.sleep(self.ping_interval)
            if self._renewable:
                try:
                    self._token = await self._resolve_token()
                    if self._connected.is_set():
                        await self._present_token()
                except BusConnectionError:
                    return
                except Exception as e:  # the token source is user code
                    log.warning("cannot renew the bridge token: %s", e)
            try:
                await self.ping(self.ping_timeout)
            except BusTimeout:
                if time.monotonic() - self._last_frame_at >= self.ping_timeout:
                    log.warning("no pong from %s: reconnecting", self._describe())
                    if self._protocol is not None:
                        self._protocol._end("no pong")  # the supervisor reconnects
                    return
            except BusError:
                return

    def _dispatch(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "message":
            self._on_message(frame)
        elif kind == "err":
            self._on_err(frame)
        elif kind == "pong":
            pongs, self._pongs = self._pongs, []
            for pong in pongs:
                if not pong.done():
                    pong.set_result(None)
        else:
            log.debug("ignoring a frame of type %r", kind)

    def _on_message(self, frame: dict[str, Any]) -> None:
        address = frame.get("address")
        if not isinstance(address, str):
            return
        raw_headers = frame.get("headers")
        headers = (
            {str(k): str(v) for k, v in raw_headers.items()}
            if isinstance(raw_headers, dict)
            else {}
        )
        reply_address = frame.get("replyAddress")
        message = Message(
            address=address,
            body=frame.get("body"),
            headers=headers,
            reply_address=reply_address if isinstance(reply_address, str) else None,
            send=bool(frame.get("send", True)),
            _connection=self,
        )
        pending = self._pending.get(address)
        if pending is not None:
            if not pending.done():
                pending.set_result(message)
            return
        for subscription in list(self._subscriptions.get(address, ())):
            self._deliver(subscription, message)

    def _deliver(self, subscription: Subscription, message: Message) -> None:
        token = correlation_ids.bind(message.correlation_id)
        try:
            result = subscription.handler(message)
            if inspect.isawaitable(result):
                task = asyncio.ensure_future(result)
                self._handler_tasks.add(task)
                task.add_done_callback(self._handler_done)
        except Exception:
            log.exception("a handler of %s failed", subscription.address)
        finally:
            correlation_ids.unbind(token)

    def _handler_done(self, task: asyncio.Task[Any]) -> None:
        self._handler_tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("a handler failed", exc_info=task.exception())

    def _on_err(self, frame: dict[str, Any]) -> None:
        error = BusError.from_frame(frame)
        address = frame.get("address")
        # The bridge refuses for want of a token with the request's reply address when there is
        # one; the services a bot may reach never answer 401 themselves.
        if error.code == FailureCode.UNAUTHENTICATED and (
            not isinstance(address, str) or error.message.startswith(_UNAUTHENTICATED_TEXTS)
        ):
            error.refused_by_bridge = True
        if isinstance(address, str):
            pending = self._pending.get(address)
            if pending is not None and not pending.done():
                pending.set_exception(error)
            for subscription in self._subscriptions.get(address, ()):
                subscription.error = error
        if error.refused_by_bridge:
            self._on_unauthenticated(error)
        if isinstance(address, str) and address in self._pending:
            return
        for listener in list(self._error_listeners):
            try:
                listener(error)
            except Exception:
                log.exception("an error listener failed")
        if not self._error_listeners:
            log.warning("the bridge refused a frame: %s", error)

    def _on_unauthenticated(self, error: BusError) -> None:
        """The bridge refused a frame for want of a valid token (none yet, or it ended).

        With a token source, writes pause while it is asked for a new token (after telling it the
        old one was refused, see :meth:`_invalidate`); a new one reopens the connection, so that it
        binds the principal again and the subscriptions are registered again under it, and the
        refused requests are sent again by :meth:`request_message`.
        """
        refused = self._token_sent or self._token
        self._token_sent = None
        protocol = self._protocol
        if self._renewable and self._recovery is None and protocol is not None:
            self._connected.clear()
            self._recovery = asyncio.ensure_future(self._recover_auth(refused, protocol))

    def _invalidate(self, refused: str | None) -> None:
        """Tells the token source (an object with ``invalidate(token)``, such as a
        :class:`~antbot_client.auth.TokenManager` or its bound ``access_token``) that the bridge
        refused ``refused``, so that it renews it rather than handing it out again."""
        source = self._token_source
        owner = getattr(source, "__self__", source)
        invalidate = getattr(owner, "invalidate", None)
        if refused and callable(invalidate):
            invalidate(refused)

    async def _recover_auth(self, refused: str | None, protocol: _FrameProtocol) -> None:
        try:
            try:
                self._invalidate(refused)
                token = await self._resolve_token()
            except Exception as e:
                log.warning("cannot get a new token for the bridge: %s", e)
                token = None
            if protocol is not self._protocol or self._closing:
                return
            if token and token != refused:
                self._token = token
                protocol._end("reopened with a new token")  # the supervisor reconnects with it
            else:
                self._connected.set()
        finally:
            self._recovery = None

    async def _remove(self, subscription: Subscription) -> None:
        handlers = self._subscriptions.get(subscription.address)
        if handlers is None or subscription not in handlers:
            return
        handlers.remove(subscription)
        if not handlers:
            del self._subscriptions[subscription.address]
            if self._connected.is_set():
                try:
                    await self._write(
                        {
                            "type": "unregister",
                            "address": subscription.address,
                            "headers": self._headers(),
                        }
                    )
                except BusError:
                    pass  # a lost connection forgets its registrations anyway

    def _notify_state(self, state: ConnectionState) -> None:
        for listener in list(self._state_listeners):
            try:
                result = listener(state)
                if inspect.isawaitable(result):
                    task = asyncio.ensure_future(result)
                    self._handler_tasks.add(task)
                    task.add_done_callback(self._handler_done)
            except Exception:
                log.exception("a connection state listener failed")
