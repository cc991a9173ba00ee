"""A fake event-bus bridge for the client tests: the standard TCP bridge framing and the auth rule.

It speaks what the runtime's bridge speaks (4-byte big-endian length + JSON; ``send``, ``publish``,
``register``, ``unregister``, ``ping`` in; ``message``, ``err``, ``pong`` out), binds a connection
to the first valid bearer token it sees, answers ``ping`` before that and refuses everything else
with a connection-level 401. Services are plain functions registered per address; a
:class:`~antbot_client.connection.BusError` raised by one becomes an ``err`` frame.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from antbot_client.connection import BusError

Service = Callable[[Any, dict[str, str]], Any]


@dataclass
class Client:
    """One client connection as the fake bridge sees it."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    principal: str | None = None
    token: str | None = None
    registered: set[str] = field(default_factory=set)


class FakeBridge:
    """An in-process bridge on 127.0.0.1 and a free port; use ``async with FakeBridge() as b``."""

    def __init__(self, tokens: dict[str, str] | None = None) -> None:
        #: Valid bearer tokens and the principal each names.
        self.tokens: dict[str, str] = {"good-token": "bot-1"} if tokens is None else tokens
        #: Addresses no principal may send to, publish to or register.
        self.forbidden: set[str] = set()
        #: Addresses that take requests and never answer.
        self.silent: set[str] = set()
        self.services: dict[str, Service] = {}
        #: Every frame received, in order, with the connection it came on.
        self.frames: list[tuple[Client, dict[str, Any]]] = []
        self.clients: list[Client] = []
        self.connections_accepted = 0
        self._server: asyncio.base_events.Server | None = None
        self._frame_event = asyncio.Event()
        self.port = 0

    async def __aenter__(self) -> FakeBridge:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def start(self, port: int = 0, ssl: Any = None) -> None:
        """Listens on ``port`` (a free one for 0), with TLS when given a server ``ssl`` context."""
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", port, ssl=ssl)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stops listening and drops every connection."""
        if self._server is not None:
            self._server.close()
        self.drop_all()
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    def drop_all(self) -> None:
        """Closes every client connection, as a runtime restart would."""
        for client in self.clients:
            client.writer.close()
        self.clients.clear()

    def forget(self, token: str) -> None:
        """Ends ``token`` silently: its connections are refused from their next frame on."""
        self.tokens.pop(token, None)
        for client in self.clients:
            if client.token == token:
                client.principal = client.token = None

    def expire(self, token: str) -> None:
        """Ends ``token``: the connections bound by it are told so with a 401 and closed, as the
        runtime's bridge does within ``recheck_s``."""
        self.tokens.pop(token, None)
        for client in self.clients:
            if client.token == token:
                client.principal = client.token = None
                client.registered.clear()
                self.write(
                    client,
                    {
                        "type": "err",
                        "failureCode": 401,
                        "failureType": "RECIPIENT_FAILURE",
                        "message": "the token is no longer valid: expired; closing",
                    },
                )
                client.writer.close()

    def service(self, address: str) -> Callable[[Service], Service]:
        """Decorator: ``fn(body, headers)`` answers requests to ``address``."""

        def register(fn: Service) -> Service:
            self.services[address] = fn
            return fn

        return register

    def frames_of(self, kind: str, address: str | None = None) -> list[dict[str, Any]]:
        """The frames received of ``kind`` (and to ``address``)."""
        return [
            f
            for _, f in self.frames
            if f.get("type") == kind and (address is None or f.get("address") == address)
        ]

    async def wait_for_frame(
        self, kind: str, address: str | None = None, count: int = 1, timeout: float = 5.0
    ) -> list[dict[str, Any]]:
        """Waits until ``count`` frames of ``kind`` (to ``address``) have arrived."""
        async with asyncio.timeout(timeout):
            while len(self.frames_of(kind, address)) < count:
                self._frame_event.clear()
                await self._frame_event.wait()
        return self.frames_of(kind, address)

    async def wait_for_clients(self, count: int = 1, timeout: float = 5.0) -> None:
        """Waits until ``count`` authenticated clients have registered something or sent."""
        async with asyncio.timeout(timeout):
            while sum(1 for c in self.clients if c.principal) < count:
                self._frame_event.clear()
                await self._frame_event.wait()

    def publish(self, address: str, body: Any, headers: dict[str, str] | None = None) -> int:
        """Delivers ``body`` to every client registered on ``address``; returns how many."""
        delivered = 0
        for client in self.clients:
            if address in client.registered:
                self.write(
                    client,
                    {
                        "type": "message",
                        "address": address,
                        "body": body,
                        "headers": headers or {},
                        "send": False,
                    },
                )
                delivered += 1
        return delivered

    @staticmethod
    def write(client: Client, frame: dict[str, Any]) -> None:
        """Writes one frame to ``client``."""
        data = json.dumps(frame).encode()
        client.writer.write(len(data).to_bytes(4, "big") + data)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        client = Client(reader, writer)
        self.clients.append(client)
        self.connections_accepted += 1
        try:
            while True:
                header = await reader.readexactly(4)
                data = await reader.readexactly(int.from_bytes(header, "big"))
                frame = json.loads(data)
                self.frames.append((client, frame))
                await self._handle(client, frame)
                self._frame_event.set()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            if client in self.clients:
                self.clients.remove(client)
            writer.close()
            self._frame_event.set()

    async def _handle(self, client: Client, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "ping":
            self.write(client, {"type": "pong"})
            return
        auth = (frame.get("headers") or {}).get("authorization", "")
        if auth.startswith("Bearer ") and auth[7:] in self.tokens:
            client.principal = self.tokens[auth[7:]]
            client.token = auth[7:]
        if client.principal is None:
            refusal = {
                "type": "err",
                "failureCode": 401,
                "failureType": "RECIPIENT_FAILURE",
                "message": "not authenticated: no valid token",
            }
            if frame.get("replyAddress"):
                refusal["address"] = frame["replyAddress"]  # as the runtime's bridge does
            self.write(client, refusal)
            return
        address = frame.get("address")
        if address in self.forbidden:
            self.write(
                client,
                {
                    "type": "err",
                    "address": frame.get("replyAddress") or address,
                    "failureCode": 403,
                    "failureType": "RECIPIENT_FAILURE",
                    "message": f"access denied: {client.principal} may not {kind} {address}",
                },
            )
            return
        if kind == "register":
            client.registered.add(address)
        elif kind == "unregister":
            client.registered.discard(address)
        elif kind == "publish":
            self.publish(address, frame.get("body"), frame.get("headers"))
        elif kind == "send":
            reply_address = frame.get("replyAddress")
            if reply_address is None:
                service = self.services.get(address)
                if service is not None:
                    await self._call(service, frame)
                return
            if address in self.silent:
                return
            service = self.services.get(address)
            if service is None:
                self.write(
                    client,
                    {
                        "type": "err",
                        "address": reply_address,
                        "failureCode": -1,
                        "failureType": "NO_HANDLERS",
                        "message": f"No handlers for address {address}",
                    },
                )
                return
            try:
                body = await self._call(service, frame)
            except BusError as e:
                self.write(
                    client,
                    {
                        "type": "err",
                        "address": reply_address,
                        "failureCode": e.code,
                        "failureType": "RECIPIENT_FAILURE",
                        "message": e.message,
                    },
                )
                return
            self.write(
                client,
                {
                    "type": "message",
                    "address": reply_address,
                    "body": body,
                    "headers": {},
                    "send": True,
                },
            )

    @staticmethod
    async def _call(service: Service, frame: dict[str, Any]) -> Any:
        result = service(frame.get("body"), frame.get("headers") or {})
        if inspect.isawaitable(result):
            result = await result
        return result
