"""The Python client against the real runtime: the packaged jar, started by this module on the
shipped configuration in a directory of its own, reached through its TCP bridge and HTTP API.

Needs ``target/antbot-core.jar`` (``mvn -B verify`` builds it). Without it these tests are skipped,
unless ``ANTBOT_REQUIRE_RUNTIME=1`` (as ``.ci/run`` sets), which makes a missing jar a failure.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest

from antbot_client import (
    BotHeartbeat,
    BusConnection,
    BusError,
    ConfigClient,
    ConfigView,
    LogClient,
    MetricsClient,
    TokenManager,
)

ROOT = Path(__file__).resolve().parents[3]
JAR = ROOT / "target" / "antbot-core.jar"
BOT_PASSWORD = "a python bot's long password"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Runtime:
    """One runtime process on fixed free ports, so that a restart keeps its addresses."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.http_port = _free_port()
        self.bridge_port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.console = work / "console.txt"
        shutil.copytree(ROOT / "conf", work / "conf")
        self.admin_token = ""

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def start(self) -> None:
        java = shutil.which("java") or "java"
        env = dict(os.environ)
        env["ANTBOT_BRIDGE__PORT"] = str(self.bridge_port)
        env["ANTBOT_BRIDGE__RECHECK_S"] = "1"
        # Cheap password hashing: this module logs in a handful of times.
        env["ANTBOT_SECURITY__BCRYPT_COST"] = "4"
        # The module logs in more often than the shipped 5 logins a minute per address allow.
        env["ANTBOT_SECURITY__RATE_LIMITS__POLICIES__LOGIN__CAPACITY"] = "1000"
        env["ANTBOT_SECURITY__RATE_LIMITS__POLICIES__LOGIN__REFILL"] = "1000"
        self.process = subprocess.Popen(
            [java, "-jar", str(JAR), "--conf", "conf", "--env", "development",
             "--port", str(self.http_port)],
            cwd=self.work,
            stdout=self.console.open("ab"),
            stderr=subprocess.STDOUT,
            env=env,
        )
        deadline = time.monotonic() + 120
        while True:
            text = self.console.read_text(errors="replace")
            if text.count("runtime started") > self.starts:
                break
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("the runtime did not start:\n" + text[-4000:])
            time.sleep(0.2)
        self.starts += 1
        password = (self.work / "var" / "keys" / "admin-password").read_text().strip()
        self.admin_token = self.http("POST", "/auth/login",
                                     {"username": "admin", "password": password})["access_token"]

    starts = 0

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    def http(self, method: str, path: str, body: Any = None, token: str | None = None,
             raw: bool = False) -> Any:
        """One call under ``/api/v1`` (``/metrics`` as it is); the JSON answer, or the text."""
        url = self.base_url + (path if path.startswith("/metrics") else "/api/v1" + path)
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        bearer = token if token is not None else self.admin_token
        if bearer:
            request.add_header("Authorization", "Bearer " + bearer)
        with urllib.request.urlopen(request, timeout=10) as answer:
            text = answer.read().decode()
        return text if raw else (json.loads(text) if text else None)

    def add_bot(self, name: str) -> None:
        self.http("POST", "/users", {"username": name, "password": BOT_PASSWORD, "roles": ["bot"]})


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Runtime:
    if not JAR.exists():
        if os.environ.get("ANTBOT_REQUIRE_RUNTIME") == "1":
            pytest.fail(f"{JAR} is missing: build it with mvn -B verify")
        pytest.skip(f"{JAR} is missing: build it with mvn -B verify")
    started = Runtime(tmp_path_factory.mktemp("runtime"))
    started.start()
    started.add_bot("pybot")
    try:
        yield started
    finally:
        started.stop()


_TOKENS: dict[str, TokenManager] = {}


def _tokens(runtime: Runtime, name: str = "pybot") -> TokenManager:
    """One token manager per bot for the module: it logs in once and refreshes after that."""
    if name not in _TOKENS:
        _TOKENS[name] = TokenManager(runtime.base_url, name, BOT_PASSWORD)
    return _TOKENS[name]


def _bus(runtime: Runtime, token: Any, **options: Any) -> BusConnection:
    return BusConnection("127.0.0.1", runtime.bridge_port, token=token, **options)


def test_config_through_the_bridge(runtime: Runtime) -> None:
    async def scenario() -> None:
        tokens = _tokens(runtime)
        async with _bus(runtime, tokens.access_token) as bus:
            config = ConfigClient(bus)
            assert await config.get("trading.dry_run") is True
            decision = await config.feature("enable_colony_expansion", {"bot_id": "pybot"})
            assert decision.enabled is True

    asyncio.run(scenario())


def test_refused_without_a_token(runtime: Runtime) -> None:
    async def scenario() -> None:
        async with _bus(runtime, None, reconnect=False) as bus:
            with pytest.raises(BusError) as refused:
                await bus.request("antbot.config.get", {"key": "trading.dry_run"}, timeout=5)
            assert refused.value.code == 401
            assert refused.value.message.startswith("not authenticated")

    asyncio.run(scenario())


def test_forbidden_address_is_named(runtime: Runtime) -> None:
    async def scenario() -> None:
        async with _bus(runtime, _tokens(runtime).access_token) as bus:
            with pytest.raises(BusError) as denied:
                await bus.request("antbot.security.token.issue", {"user": "admin"}, timeout=5)
            assert denied.value.code == 403
            assert denied.value.message == (
                "access denied: send to antbot.security.token.issue is not allowed for pybot")

    asyncio.run(scenario())


def test_pushed_change_within_a_second_of_a_put(runtime: Runtime) -> None:
    async def scenario() -> None:
        async with _bus(runtime, _tokens(runtime).access_token) as bus:
            view = await ConfigView.open(ConfigClient(bus))
            seen: asyncio.Future[list[Any]] = asyncio.get_running_loop().create_future()
            view.on_change("trading.max_open_positions",
                           lambda changes: seen.done() or seen.set_result(changes))
            wanted = view.get_int("trading.max_open_positions", 10) + 1
            started = time.monotonic()
            await asyncio.to_thread(runtime.http, "PUT", "/config/trading.max_open_positions",
                                    {"value": wanted})
            changes = await asyncio.wait_for(seen, 1.0)
            assert time.monotonic() - started < 1.0
            assert [c.key for c in changes] == ["trading.max_open_positions"]
            assert view.get_int("trading.max_open_positions", 0) == wanted
            await view.close()

    asyncio.run(scenario())


def test_bot_registry_lists_the_bot_and_pause_reaches_it(runtime: Runtime) -> None:
    async def scenario() -> None:
        async with _bus(runtime, _tokens(runtime).access_token) as bus:
            bot = BotHeartbeat(bus, "py-grid", node="py-host", version="1.2", interval_s=1)
            paused: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
            bot.on_pause(lambda state: paused.done() or paused.set_result(state))
            await bot.start()
            bot.loop_done(12.5)
            await bot.beat()
            listed = await asyncio.to_thread(runtime.http, "GET", "/bots")
            mine = [b for b in listed["bots"] if b["name"] == "py-grid"]
            assert len(mine) == 1
            assert mine[0]["node"] == "py-host"
            assert mine[0]["kind"] == "python"
            assert mine[0]["version"] == "1.2"
            assert mine[0]["status"] == "running"
            assert mine[0]["loop_ms"] == 12.5
            started = time.monotonic()
            await asyncio.to_thread(runtime.http, "POST", "/bots/py-grid/pause")
            assert await asyncio.wait_for(paused, 2.0) is True
            assert time.monotonic() - started < 2.0
            assert bot.paused
            listed = await asyncio.to_thread(runtime.http, "GET", "/bots")
            assert [b["status"] for b in listed["bots"] if b["name"] == "py-grid"] == ["paused"]
            await bot.stop()

    asyncio.run(scenario())


def test_logs_found_by_correlation_id(runtime: Runtime) -> None:
    marker = "python bot line " + uuid.uuid4().hex

    async def scenario() -> str:
        async with _bus(runtime, _tokens(runtime).access_token) as bus:
            logs = LogClient(bus)
            async with logs.correlated("python_cycle") as correlation_id:
                log = logs.logger("PyBot")
                log.info(marker, {"cycle": 1})
                await bus.ping(5)
            return correlation_id

    correlation_id = asyncio.run(scenario())
    deadline = time.monotonic() + 10
    found: list[Any] = []
    while time.monotonic() < deadline and not found:
        answer = runtime.http("GET", f"/logs?correlation_id={correlation_id}&limit=50")
        found = [e for e in answer["events"] if e.get("message") == marker]
        time.sleep(0.2)
    assert found, f"no log line with correlation id {correlation_id}"
    assert found[0]["component"] == "PyBot"


def test_metrics_visible_on_metrics(runtime: Runtime) -> None:
    async def scenario() -> None:
        async with _bus(runtime, _tokens(runtime).access_token) as bus:
            metrics = MetricsClient(bus)
            async with metrics.timer("PyBot", "cycle"):
                await asyncio.sleep(0.01)
            await bus.ping(5)

    asyncio.run(scenario())
    deadline = time.monotonic() + 10
    text = ""
    while time.monotonic() < deadline:
        text = runtime.http("GET", "/metrics", raw=True, token="")
        if re.search(r'antbot_operations_total\{[^}]*component="PyBot"', text):
            break
        time.sleep(0.2)
    assert re.search(r'antbot_operations_total\{[^}]*component="PyBot"[^}]*operation="cycle"', text)


def test_revoked_rights_cut_the_connection(runtime: Runtime) -> None:
    runtime.add_bot("shortlived")

    async def scenario() -> None:
        token = (await _tokens(runtime, "shortlived").login()).access_token
        errors: list[BusError] = []
        async with _bus(runtime, token, reconnect=False) as bus:
            bus.on_error(errors.append)
            assert await ConfigClient(bus).get("trading.dry_run") is True
            await asyncio.to_thread(runtime.http, "PATCH", "/users/shortlived", {"enabled": False})
            deadline = time.monotonic() + 8
            while time.monotonic() < deadline and not any(e.code == 401 for e in errors):
                await asyncio.sleep(0.1)
            assert any(e.code == 401 and "no longer valid" in e.message for e in errors), errors
            with pytest.raises(BusError):
                await bus.request("antbot.config.get", {"key": "trading.dry_run"}, timeout=3)

    asyncio.run(scenario())


def test_reconnects_after_the_runtime_restarts(runtime: Runtime) -> None:
    async def scenario() -> None:
        tokens = _tokens(runtime)
        async with _bus(runtime, tokens.access_token) as bus:
            config = ConfigClient(bus)
            assert await config.get("trading.dry_run") is True
            await asyncio.to_thread(runtime.stop)
            await asyncio.to_thread(runtime.start)
            deadline = time.monotonic() + 30
            while True:
                try:
                    assert await config.get("trading.dry_run") is True
                    break
                except BusError:
                    if time.monotonic() > deadline:
                        raise
                    await asyncio.sleep(0.5)
            assert bus.reconnects >= 1

    asyncio.run(scenario())
