"""TokenManager against a small HTTP server that answers login and refresh like the runtime."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from antbot_client.auth import TokenManager
from antbot_client.connection import Backoff, BusConnection, BusError
from fake_bridge import FakeBridge


class FakeAuthApi:
    """``/api/v1/auth/login`` and ``/refresh``; each pair lives ``expires_in`` seconds."""

    def __init__(self, expires_in: int = 900) -> None:
        self.expires_in = expires_in
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.issued = 0
        self.live_refresh: set[str] = set()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the http.server name)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                api.calls.append((self.path, body))
                if self.path == "/api/v1/auth/login":
                    if body != {"username": "bot-1", "password": "secret"}:
                        return self.answer(401, _problem(401, "invalid username or password"))
                elif self.path == "/api/v1/auth/refresh":
                    if body.get("refresh_token") not in api.live_refresh:
                        return self.answer(
                            401, _problem(401, "refresh token rejected: already used")
                        )
                    api.live_refresh.discard(body["refresh_token"])
                else:
                    return self.answer(404, _problem(404, "no route"))
                api.issued += 1
                refresh = f"refresh-{api.issued}"
                api.live_refresh.add(refresh)
                self.answer(
                    200,
                    {
                        "access_token": f"access-{api.issued}",
                        "refresh_token": refresh,
                        "token_type": "Bearer",
                        "expires_in": api.expires_in,
                    },
                )

            def answer(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                kind = "application/json" if status == 200 else "application/problem+json"
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


def _problem(status: int, detail: str) -> dict[str, Any]:
    return {"type": "about:blank", "title": "Unauthorized", "status": status, "detail": detail}


@pytest.fixture
def api() -> Iterator[FakeAuthApi]:
    fake = FakeAuthApi()
    thread = threading.Thread(target=fake.server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def test_login_then_the_token_is_reused_until_near_expiry(api: FakeAuthApi) -> None:
    async def scenario() -> None:
        tokens = TokenManager(api.url, "bot-1", "secret", refresh_margin=60)
        assert await tokens.access_token() == "access-1"
        assert await tokens.access_token() == "access-1"
        assert api.calls == [("/api/v1/auth/login", {"username": "bot-1", "password": "secret"})]

    asyncio.run(scenario())


def test_a_token_near_expiry_is_refreshed_with_the_refresh_token(api: FakeAuthApi) -> None:
    async def scenario() -> None:
        api.expires_in = 30  # inside the 60 s margin at once
        tokens = TokenManager(api.url, "bot-1", "secret", refresh_margin=60)
        assert await tokens.access_token() == "access-1"
        assert await tokens.access_token() == "access-2"
        assert api.calls[1] == ("/api/v1/auth/refresh", {"refresh_token": "refresh-1"})

    asyncio.run(scenario())


def test_a_refused_refresh_logs_in_again(api: FakeAuthApi) -> None:
    async def scenario() -> None:
        tokens = TokenManager(api.url, "bot-1", "secret")
        await tokens.login()
        api.live_refresh.clear()  # the session ended on the server
        pair = await tokens.refresh()
        assert pair.access_token == "access-2"
        assert [path for path, _ in api.calls] == [
            "/api/v1/auth/login",
            "/api/v1/auth/refresh",
            "/api/v1/auth/login",
        ]

    asyncio.run(scenario())


def test_a_wrong_password_is_a_401_with_the_problem_detail(api: FakeAuthApi) -> None:
    async def scenario() -> None:
        with pytest.raises(BusError) as e:
            await TokenManager(api.url, "bot-1", "wrong").access_token()
        assert (e.value.code, e.value.message) == (401, "invalid username or password")

    asyncio.run(scenario())


def test_an_unreachable_api_is_a_503() -> None:
    async def scenario() -> None:
        with pytest.raises(BusError) as e:
            await TokenManager("http://127.0.0.1:9", "bot-1", "x", timeout=2).login()
        assert e.value.code == 503

    asyncio.run(scenario())


def test_concurrent_callers_share_one_login(api: FakeAuthApi) -> None:
    async def scenario() -> None:
        tokens = TokenManager(api.url, "bot-1", "secret")
        got = await asyncio.gather(*(tokens.access_token() for _ in range(10)))
        assert set(got) == {"access-1"}
        assert len(api.calls) == 1

    asyncio.run(scenario())


def test_the_connection_authenticates_with_the_managed_token(api: FakeAuthApi) -> None:
    async def scenario() -> None:
        async with FakeBridge(tokens={"access-1": "bot-1"}) as bridge:
            bridge.services["test.echo"] = lambda body, headers: body
            tokens = TokenManager(api.url, "bot-1", "secret")
            bus = BusConnection("127.0.0.1", bridge.port, token=tokens, backoff=Backoff(0.02))
            await bus.connect()
            # bound at once, on a frame without effect, before any request
            [present] = await bridge.wait_for_frame("unregister")
            assert present["headers"]["authorization"] == "Bearer access-1"
            assert bridge.clients[0].principal == "bot-1"
            assert await bus.request("test.echo", {"x": 1}) == {"x": 1}
            assert "authorization" not in bridge.frames_of("send", "test.echo")[0]["headers"]
            await bus.close()

    asyncio.run(scenario())


def test_a_request_refused_for_an_ended_token_is_sent_again_with_a_new_one(
    api: FakeAuthApi,
) -> None:
    async def scenario() -> None:
        async with FakeBridge(tokens={"access-1": "bot-1", "access-2": "bot-1"}) as bridge:
            bridge.services["test.echo"] = lambda body, headers: body
            tokens = TokenManager(api.url, "bot-1", "secret")
            bus = BusConnection("127.0.0.1", bridge.port, token=tokens, backoff=Backoff(0.02))
            await bus.connect()
            await bridge.wait_for_clients(1)
            bridge.forget("access-1")  # revoked: the next frame is refused with a 401
            assert await bus.request("test.echo", {"x": 2}, timeout=5) == {"x": 2}
            [refused, accepted] = bridge.frames_of("send", "test.echo")
            assert "authorization" not in refused["headers"]
            assert bus.reconnects == 1
            # the manager was told and renewed the token (a refresh) instead of handing it out again
            assert [path for path, _ in api.calls] == ["/api/v1/auth/login", "/api/v1/auth/refresh"]
            assert bridge.clients[0].token == "access-2"
            await bus.close()

    asyncio.run(scenario())


def test_a_subscriber_whose_token_ends_reconnects_with_a_new_one_and_registers_again() -> None:
    async def scenario() -> None:
        async with FakeBridge(tokens={"t1": "bot-1", "t2": "bot-1"}) as bridge:
            current = ["t1"]

            async def token() -> str:
                return current[0]

            bus = BusConnection("127.0.0.1", bridge.port, token=token, backoff=Backoff(0.02))
            await bus.connect()
            got: list[Any] = []
            await bus.subscribe("antbot.config.changed", lambda m: got.append(m.body))
            await bridge.wait_for_frame("register", "antbot.config.changed")

            current[0] = "t2"  # the token source renewed it
            bridge.expire("t1")  # "the token is no longer valid", and the bridge closes
            await bridge.wait_for_frame("register", "antbot.config.changed", count=2)
            assert bridge.clients[0].token == "t2"
            assert bus.reconnects == 1
            assert bridge.publish("antbot.config.changed", {"version": 3}) == 1
            async with asyncio.timeout(5):
                while not got:
                    await asyncio.sleep(0.01)
            assert got == [{"version": 3}]
            await bus.close()

    asyncio.run(scenario())


def test_a_renewed_token_is_presented_before_the_old_one_ends() -> None:
    async def scenario() -> None:
        async with FakeBridge(tokens={"t1": "bot-1", "t2": "bot-1"}) as bridge:
            current = ["t1"]

            async def token() -> str:
                return current[0]

            bus = BusConnection(
                "127.0.0.1", bridge.port, token=token, ping_interval=0.05, backoff=Backoff(0.02)
            )
            await bus.connect()
            await bus.subscribe("antbot.alerts", lambda m: None)
            current[0] = "t2"
            frames = await bridge.wait_for_frame("unregister", count=2)
            assert [f["headers"]["authorization"] for f in frames] == ["Bearer t1", "Bearer t2"]
            assert bridge.clients[0].token == "t2"
            assert bus.reconnects == 0
            await bus.close()

    asyncio.run(scenario())


def test_a_refused_token_without_a_new_one_stays_refused_without_reconnecting() -> None:
    async def scenario() -> None:
        async with FakeBridge(tokens={"t1": "bot-1"}) as bridge:
            bridge.services["test.echo"] = lambda body, headers: body

            async def token() -> str:
                return "t1"

            bus = BusConnection("127.0.0.1", bridge.port, token=token, backoff=Backoff(0.02))
            await bus.connect()
            assert await bus.request("test.echo", {}) == {}
            bridge.forget("t1")
            with pytest.raises(BusError) as e:
                await bus.request("test.echo", {}, timeout=2)
            assert (e.value.code, e.value.message) == (401, "not authenticated: no valid token")
            assert e.value.refused_by_bridge
            await bus.wait_connected(1)  # writes resume once the source gave the same token
            assert bus.reconnects == 0
            await bus.close()

    asyncio.run(scenario())
