"""BusConnection against the fake bridge: framing, authentication, failures, pub/sub, reconnect."""

from __future__ import annotations

import asyncio
import shutil
import ssl
import subprocess
from typing import Any

import pytest

from antbot_client.connection import (
    Backoff,
    BusConnection,
    BusConnectionError,
    BusError,
    BusTimeout,
    ConnectionState,
    FailureCode,
    FrameDecoder,
    Message,
    ProtocolError,
    encode_frame,
)
from antbot_client.correlation import correlation
from fake_bridge import FakeBridge

FAST = Backoff(initial=0.02, maximum=0.1, jitter=0.1)


def connection(bridge: FakeBridge, **options: Any) -> BusConnection:
    options.setdefault("token", "good-token")
    options.setdefault("backoff", FAST)
    options.setdefault("request_timeout", 2.0)
    return BusConnection("127.0.0.1", bridge.port, **options)


def echo(bridge: FakeBridge) -> None:
    @bridge.service("test.echo")
    def _(body: Any, headers: dict[str, str]) -> Any:
        return {"echo": body, "correlation_id": headers.get("correlation-id")}


# ---------------------------------------------------------------- framing


def test_a_frame_is_a_big_endian_length_then_compact_utf8_json() -> None:
    data = encode_frame({"type": "ping", "x": "é"})
    body = '{"type":"ping","x":"é"}'.encode()
    assert data[:4] == len(body).to_bytes(4, "big")
    assert data[4:] == body


def test_a_frame_over_the_bound_is_not_sent() -> None:
    with pytest.raises(BusError) as e:
        encode_frame({"body": "x" * 100}, max_size=50)
    assert e.value.code == 413
    assert e.value.message.startswith("frame: at most 50 bytes, got ")


def test_a_body_that_is_not_json_is_a_400() -> None:
    with pytest.raises(BusError) as e:
        encode_frame({"body": float("nan")})
    assert e.value.code == 400


def test_frames_split_in_pieces_and_coalesced_are_read_whole() -> None:
    decoder = FrameDecoder()
    first = encode_frame({"type": "pong"})
    second = encode_frame({"type": "message", "address": "a", "body": {"n": 1}})
    third = encode_frame({"type": "message", "address": "b", "body": {"n": 2}})
    # byte by byte for the first frame and into the second, then the rest in one chunk
    stream = first + second + third
    frames = []
    for i in range(len(first) + 3):
        frames += decoder.feed(stream[i : i + 1])
    assert frames == [{"type": "pong"}]
    frames = decoder.feed(stream[len(first) + 3 :])
    assert [f["body"] for f in frames] == [{"n": 1}, {"n": 2}]
    assert decoder.feed(b"") == []


def test_a_frame_that_is_not_a_json_object_is_skipped_and_the_next_one_read() -> None:
    decoder = FrameDecoder()
    data = (5).to_bytes(4, "big") + b"{oops" + encode_frame([1, 2]) + encode_frame({"type": "pong"})
    assert decoder.feed(data) == [{"type": "pong"}]
    assert decoder.skipped == 2


def test_an_oversized_length_is_refused_without_waiting_for_the_frame() -> None:
    decoder = FrameDecoder(max_size=1024)
    with pytest.raises(ProtocolError, match="2147483648 bytes announced, at most 1024 accepted"):
        decoder.feed((1 << 31).to_bytes(4, "big") + b"{}")


def test_a_server_that_announces_an_oversized_frame_is_dropped_and_reconnected() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            echo(bridge)
            bus = connection(bridge, max_frame_size=4096)
            await bus.connect()
            await bus.request("test.echo", {})
            bridge.clients[0].writer.write((10_000_000).to_bytes(4, "big"))
            await asyncio.wait_for(_until(lambda: bus.reconnects == 1), 5)
            assert (await bus.request("test.echo", {"n": 2}))["echo"] == {"n": 2}
            await bus.close()

    asyncio.run(scenario())


def test_a_server_frame_split_across_writes_reaches_the_request() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            bus = connection(bridge)
            await bus.connect()
            bridge.silent.add("test.split")  # the reply is written by hand below
            pending = asyncio.create_task(bus.request("test.split", {}))
            [frame] = await bridge.wait_for_frame("send", "test.split")
            reply = encode_frame(
                {"type": "message", "address": frame["replyAddress"], "body": {"ok": True}}
            )
            writer = bridge.clients[0].writer
            for piece in (reply[:2], reply[2:7], reply[7:]):
                writer.write(piece)
                await writer.drain()
                await asyncio.sleep(0.01)
            assert await pending == {"ok": True}
            await bus.close()

    asyncio.run(scenario())


# ---------------------------------------------------------------- authentication


def test_a_request_without_a_token_fails_with_401_not_authenticated() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            echo(bridge)
            bus = connection(bridge, token=None)
            await bus.connect()
            assert await bus.ping() >= 0  # ping is answered before authentication
            with pytest.raises(BusError) as e:
                await bus.request("test.echo", {})
            assert e.value.code == 401
            assert e.value.failure is FailureCode.UNAUTHENTICATED
            assert e.value.message == "not authenticated: no valid token"
            await bus.close()

    asyncio.run(scenario())


def test_a_bad_token_fails_with_401_and_a_good_one_set_later_is_sent() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            echo(bridge)
            bus = connection(bridge, token="stolen")
            await bus.connect()
            with pytest.raises(BusError) as e:
                await bus.request("test.echo", {})
            assert e.value.code == 401
            bus.set_token("good-token")
            assert (await bus.request("test.echo", {"a": 1}))["echo"] == {"a": 1}
            await bus.close()

    asyncio.run(scenario())


def test_the_token_goes_once_at_connect_and_again_when_it_changes() -> None:
    async def scenario() -> None:
        bridge = FakeBridge(tokens={"t1": "bot-1", "t2": "bot-1"})
        async with bridge:
            echo(bridge)
            bus = connection(bridge, token="t1")
            await bus.connect()
            for _ in range(3):
                await bus.request("test.echo", {})
            bus.set_token("t2")
            await bus.request("test.echo", {})
            auth = [(f["type"], f.get("headers", {}).get("authorization")) for _, f in bridge.frames]
            assert auth == [
                ("unregister", "Bearer t1"),  # presented at once, on a frame without effect
                ("ping", None),  # then two pings in turn: the bridge has decided on the token
                ("ping", None),
                ("send", None),
                ("send", None),
                ("send", None),
                ("send", "Bearer t2"),
            ]
            await bus.close()

    asyncio.run(scenario())


def test_the_frame_rate_stays_under_the_bridge_limit() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            echo(bridge)
            bus = connection(bridge, max_frames_per_second=200)
            await bus.connect()
            started = asyncio.get_running_loop().time()
            await asyncio.gather(*(bus.request("test.echo", {}) for _ in range(100)))
            elapsed = asyncio.get_running_loop().time() - started
            # a burst of 20, then 200 a second: the other 80 take about 0.4 s
            assert 0.3 < elapsed < 2
            await bus.close()

    asyncio.run(scenario())


def test_a_body_that_is_not_an_object_is_refused_before_sending() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            bus = connection(bridge)
            await bus.connect()
            with pytest.raises(BusError) as e:
                await bus.request("test.echo", [1, 2])  # type: ignore[arg-type]
            assert (e.value.code, e.value.message) == (
                400,
                "body: expected a JSON object (the bridge takes no other), got list",
            )
            with pytest.raises(BusError) as e:
                await bus.publish("x", {"big": "y" * 70_000})
            assert e.value.code == 413
            assert e.value.message.startswith("frame: at most 65536 bytes, got 700")
            assert bus.connected
            await bus.close()

    asyncio.run(scenario())


def test_a_token_source_coroutine_is_asked_at_connect() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            echo(bridge)
            calls = 0

            async def token() -> str:
                nonlocal calls
                calls += 1
                return "good-token"

            bus = connection(bridge, token=token)
            await bus.connect()
            await bus.request("test.echo", {})
            assert calls == 1
            await bus.close()

    asyncio.run(scenario())


# ---------------------------------------------------------------- failures


def test_a_forbidden_address_is_a_403_with_the_bridge_text() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            bridge.forbidden.add("antbot.security.users.add")
            bus = connection(bridge)
            await bus.connect()
            with pytest.raises(BusError) as e:
                await bus.request("antbot.security.users.add", {"username": "x"})
            assert (e.value.code, e.value.message) == (
                403,
                "access denied: bot-1 may not send antbot.security.users.add",
            )
            assert e.value.failure is FailureCode.FORBIDDEN
            await bus.close()

    asyncio.run(scenario())


def test_a_forbidden_subscription_is_reported_to_error_listeners() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            bridge.forbidden.add("antbot.security.events")
            bus = connection(bridge)
            await bus.connect()
            errors: list[BusError] = []
            bus.on_error(errors.append)
            sub = await bus.subscribe("antbot.security.events", lambda m: None)
            await _until(lambda: errors)
            assert errors[0].code == 403
            assert sub.error is errors[0]
            await bus.close()

    asyncio.run(scenario())


def test_a_request_without_a_reply_times_out_with_a_bus_timeout() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            bridge.silent.add("test.silent")
            bus = connection(bridge)
            await bus.connect()
            with pytest.raises(BusTimeout) as e:
                await bus.request("test.silent", {}, timeout=0.2)
            assert e.value.code == -1
            assert e.value.failure is FailureCode.TIMEOUT
            assert e.value.message == "test.silent: no reply within 0.2 s"
            assert isinstance(e.value, BusError)
            assert not bus._pending  # nothing left behind
            await bus.close()

    asyncio.run(scenario())


def test_a_failure_reply_is_a_bus_error_with_the_service_code_and_text() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:

            @bridge.service("antbot.config.get")
            def _(body: Any, headers: dict[str, str]) -> Any:
                raise BusError(404, f"no configuration key {body['key']}")

            bus = connection(bridge)
            await bus.connect()
            with pytest.raises(BusError) as e:
                await bus.request("antbot.config.get", {"key": "a.b"})
            assert (e.value.code, e.value.message) == (404, "no configuration key a.b")
            assert e.value.failure_type == "RECIPIENT_FAILURE"
            await bus.close()

    asyncio.run(scenario())


def test_no_handler_on_the_server_is_a_503_as_in_java() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            bus = connection(bridge)
            await bus.connect()
            with pytest.raises(BusError) as e:
                await bus.request("antbot.nobody", {})
            assert e.value.code == 503
            assert e.value.message.startswith("no service listens on this address: ")
            await bus.close()

    asyncio.run(scenario())


def test_err_frames_map_like_bus_exception_from() -> None:
    assert BusError.from_frame({"failureCode": 429, "message": "slow"}).code == 429
    assert BusError.from_frame({"failureCode": 418, "message": "teapot"}).code == 500
    assert BusError.from_frame({"failureCode": -1, "failureType": "TIMEOUT"}).code == 503
    assert BusError.from_frame({"failureCode": "x", "message": "m"}).code == 500
    # the stock Vert.x bridge's refusals carry a text and no code
    denied = BusError.from_frame({"type": "err", "body": "access_denied"})
    assert (denied.code, denied.message) == (403, "access_denied")
    assert BusError.from_frame({"type": "err", "message": "not authenticated"}).code == 401
    assert BusError.from_frame({"type": "err", "body": "unknown_type"}).code == 500


def test_connecting_to_nothing_is_a_connection_error() -> None:
    async def scenario() -> None:
        bridge = FakeBridge()
        await bridge.start()
        port = bridge.port
        await bridge.stop()
        bus = BusConnection("127.0.0.1", port, connect_timeout=1)
        with pytest.raises(BusConnectionError) as e:
            await bus.connect()
        assert e.value.code == 503
        assert e.value.message.startswith(f"cannot connect: 127.0.0.1:{port}: ")

    asyncio.run(scenario())


# ---------------------------------------------------------------- messaging


def test_publish_reaches_every_subscriber_with_its_headers() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            a, b = connection(bridge), connection(bridge)
            await a.connect()
            await b.connect()
            got_a: list[Message] = []
            got_b: list[Any] = []

            async def async_handler(message: Message) -> None:
                got_b.append(message.body)

            await a.subscribe("bots.news", got_a.append)
            await b.subscribe("bots.news", async_handler)
            await bridge.wait_for_frame("register", "bots.news", count=2)
            with correlation("corr-1"):
                await a.publish("bots.news", {"n": 1})
            await _until(lambda: got_a and got_b)
            assert got_a[0].body == {"n": 1}
            assert got_a[0].send is False
            assert got_a[0].correlation_id == "corr-1"
            assert got_b == [{"n": 1}]
            await a.close()
            await b.close()

    asyncio.run(scenario())


def test_an_address_is_registered_once_and_unregistered_with_its_last_handler() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            bus = connection(bridge)
            await bus.connect()
            first = await bus.subscribe("x.y", lambda m: None)
            second = await bus.subscribe("x.y", lambda m: None)
            await first.unsubscribe()
            await first.unsubscribe()
            assert bridge.frames_of("unregister", "x.y") == []
            await second.unsubscribe()
            await bridge.wait_for_frame("unregister", "x.y")
            assert len(bridge.frames_of("register", "x.y")) == 1
            assert not first.active and not second.active
            await bus.close()

    asyncio.run(scenario())


def test_send_carries_the_correlation_id_of_the_context() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            echo(bridge)
            bus = connection(bridge)
            await bus.connect()
            with correlation("trade-42") as cid:
                reply = await bus.request("test.echo", {})
            assert cid == "trade-42"
            assert reply["correlation_id"] == "trade-42"
            assert (await bus.request("test.echo", {}))["correlation_id"] is None
            await bus.close()

    asyncio.run(scenario())


def test_a_message_that_expects_a_reply_can_be_answered() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            bus = connection(bridge)
            await bus.connect()

            async def answer(message: Message) -> None:
                await message.reply({"pong": message.body["n"]})

            await bus.subscribe("bot.ask", answer)
            await bridge.wait_for_frame("register", "bot.ask")
            client = bridge.clients[0]
            bridge.write(
                client,
                {
                    "type": "message",
                    "address": "bot.ask",
                    "body": {"n": 7},
                    "replyAddress": "srv.1",
                    "send": True,
                },
            )
            [reply] = await bridge.wait_for_frame("send", "srv.1")
            assert reply["body"] == {"pong": 7}
            await bus.close()

    asyncio.run(scenario())


def test_many_concurrent_requests_get_their_own_replies() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            echo(bridge)
            bus = connection(bridge)
            await bus.connect()
            replies = await asyncio.gather(
                *(bus.request("test.echo", {"i": i}) for i in range(200))
            )
            assert [r["echo"]["i"] for r in replies] == list(range(200))
            await bus.close()

    asyncio.run(scenario())


# ---------------------------------------------------------------- reconnect


def test_after_the_server_drops_the_connection_it_reconnects_and_restores_subscriptions() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            echo(bridge)
            bus = connection(bridge)
            states: list[ConnectionState] = []
            bus.on_state(states.append)
            await bus.connect()
            got: list[Any] = []
            await bus.subscribe("antbot.config.changed", lambda m: got.append(m.body))
            await bridge.wait_for_frame("register", "antbot.config.changed")

            bridge.drop_all()
            await bridge.wait_for_frame("register", "antbot.config.changed", count=2)
            # the new connection authenticated itself first
            presented = [f for f in bridge.frames_of("unregister") if "authorization" in f["headers"]]
            assert [f["headers"]["authorization"] for f in presented] == ["Bearer good-token"] * 2
            assert bridge.publish("antbot.config.changed", {"version": 2}) == 1
            await _until(lambda: got)
            assert got == [{"version": 2}]
            assert (await bus.request("test.echo", {"k": 1}))["echo"] == {"k": 1}
            assert bus.reconnects == 1
            assert states == [
                ConnectionState.CONNECTED,
                ConnectionState.DISCONNECTED,
                ConnectionState.CONNECTED,
            ]
            await bus.close()
            assert states[-1] is ConnectionState.CLOSED

    asyncio.run(scenario())


def test_a_request_in_flight_when_the_connection_drops_fails_with_503() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            bridge.silent.add("test.slow")
            bus = connection(bridge)
            await bus.connect()
            pending = asyncio.create_task(bus.request("test.slow", {}, timeout=5))
            await bridge.wait_for_frame("send", "test.slow")
            bridge.drop_all()
            with pytest.raises(BusConnectionError) as e:
                await pending
            assert e.value.code == 503
            assert e.value.message.startswith("connection lost: ")
            await bus.close()

    asyncio.run(scenario())


def test_it_comes_back_after_the_server_restarts_on_the_same_port() -> None:
    async def scenario() -> None:
        bridge = FakeBridge()
        await bridge.start()
        echo(bridge)
        port = bridge.port
        bus = connection(bridge)
        await bus.connect()
        await bus.request("test.echo", {})
        await bridge.stop()
        await _until(lambda: not bus.connected)
        await asyncio.sleep(0.2)  # a few refused attempts
        restarted = FakeBridge()
        await restarted.start(port)
        echo(restarted)
        reply = await bus.request("test.echo", {"back": True}, timeout=5)
        assert reply["echo"] == {"back": True}
        await bus.close()
        await restarted.stop()

    asyncio.run(scenario())


def test_fallback_endpoints_are_tried_when_the_first_is_down() -> None:
    async def scenario() -> None:
        dead = FakeBridge()
        await dead.start()
        dead_port = dead.port
        await dead.stop()
        async with FakeBridge() as bridge:
            echo(bridge)
            bus = BusConnection(
                "127.0.0.1", dead_port, token="good-token", fallbacks=[("127.0.0.1", bridge.port)]
            )
            await bus.connect()
            assert bus.endpoint == ("127.0.0.1", bridge.port)
            assert (await bus.request("test.echo", {}))["echo"] == {}
            await bus.close()

    asyncio.run(scenario())


def test_a_silent_server_is_detected_by_the_keepalive() -> None:
    async def scenario() -> None:
        # a server that reads but never answers, not even ping
        accepted: list[asyncio.StreamWriter] = []

        async def mute(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            accepted.append(writer)
            await reader.read()

        server = await asyncio.start_server(mute, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        bus = BusConnection(
            "127.0.0.1", port, ping_interval=0.05, ping_timeout=0.1, backoff=FAST
        )
        await bus.connect()
        await asyncio.wait_for(_until(lambda: len(accepted) >= 2), 5)
        await bus.close()
        server.close()
        for w in accepted:
            w.close()

    asyncio.run(scenario())


def test_close_fails_waiting_requests_and_refuses_new_ones() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            bridge.silent.add("test.slow")
            bus = connection(bridge)
            await bus.connect()
            pending = asyncio.create_task(bus.request("test.slow", {}, timeout=5))
            await bridge.wait_for_frame("send", "test.slow")
            await bus.close()
            with pytest.raises(BusConnectionError):
                await pending
            with pytest.raises(BusConnectionError):
                await bus.request("test.slow", {})
            assert not bus.send_nowait("x", {})

    asyncio.run(scenario())


def test_a_non_json_frame_from_the_server_is_skipped() -> None:
    async def scenario() -> None:
        async with FakeBridge() as bridge:
            echo(bridge)
            bus = connection(bridge)
            await bus.connect()
            await bus.request("test.echo", {})
            bridge.clients[0].writer.write((5).to_bytes(4, "big") + b"{oops")
            bridge.clients[0].writer.write(encode_frame({"type": "surprise"}))
            assert (await bus.request("test.echo", {"still": 1}))["echo"] == {"still": 1}
            assert bus.reconnects == 0
            await bus.close()

    asyncio.run(scenario())


async def _until(condition: Any, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


def test_tls_with_a_private_ca(tmp_path: Any) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )

    async def scenario() -> None:
        server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_context.load_cert_chain(cert, key)
        bridge = FakeBridge()
        await bridge.start(ssl=server_context)
        echo(bridge)
        client_context = ssl.create_default_context(cafile=str(cert))
        bus = connection(bridge, ssl=client_context)
        await bus.connect()
        assert (await bus.request("test.echo", {"tls": True}))["echo"] == {"tls": True}
        await bus.close()
        untrusted = connection(bridge, ssl=ssl.create_default_context(), connect_timeout=2)
        with pytest.raises(BusConnectionError, match="certificate verify failed"):
            await untrusted.connect()
        await bridge.stop()

    asyncio.run(scenario())


def test_a_slow_reader_holds_writers_back_until_it_reads() -> None:
    async def scenario() -> None:
        reading = asyncio.Event()
        received = 0

        async def slow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            nonlocal received
            await reading.wait()
            while chunk := await reader.read(1 << 20):
                received += len(chunk)

        server = await asyncio.start_server(slow, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        bus = BusConnection(
            "127.0.0.1",
            port,
            ping_interval=None,
            request_timeout=30,
            max_send_size=1 << 20,
            max_frames_per_second=None,
        )
        await bus.connect()
        body = {"blob": "x" * 65536}

        async def flood() -> int:
            for i in range(1000):  # 64 MiB: more than the socket buffers hold
                await bus.publish("bulk", body)
            return i

        task = asyncio.create_task(flood())
        await asyncio.sleep(0.3)
        assert not task.done()  # held back: the server reads nothing yet
        reading.set()
        assert await asyncio.wait_for(task, 30) == 999
        await bus.close()
        server.close()

    asyncio.run(scenario())
