"""Bearer tokens for the bridge, from the runtime's HTTP API, kept fresh.

``POST /api/v1/auth/login {username, password}`` and ``POST /api/v1/auth/refresh {refresh_token}``
both answer ``{access_token, refresh_token, token_type, expires_in}``. HTTP goes through
:mod:`urllib` in a worker thread (:func:`asyncio.to_thread`), so the event loop never blocks.

>>> tokens = TokenManager("http://127.0.0.1:8001", "bot-1", password)
>>> bus = BusConnection("127.0.0.1", 7001, token=tokens)
"""

from __future__ import annotations

import asyncio
import json
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .connection import BusError, FailureCode

LOGIN_PATH = "/api/v1/auth/login"
REFRESH_PATH = "/api/v1/auth/refresh"


@dataclass(frozen=True)
class TokenPair:
    """A login's or a refresh's answer; ``expires_at`` is on the :func:`time.monotonic` clock."""

    access_token: str
    refresh_token: str | None
    token_type: str
    expires_in: float
    expires_at: float

    @classmethod
    def from_json(cls, body: Mapping[str, Any], now: float | None = None) -> TokenPair:
        """Reads ``{access_token, refresh_token, token_type, expires_in}``.

        :raises BusError: 500 when the answer has no access token
        """
        access = body.get("access_token")
        if not isinstance(access, str) or not access:
            raise BusError(FailureCode.INTERNAL, "token answer without an access_token")
        expires_in = body.get("expires_in")
        seconds = float(expires_in) if isinstance(expires_in, (int, float)) else 900.0
        refresh = body.get("refresh_token")
        return cls(
            access_token=access,
            refresh_token=refresh if isinstance(refresh, str) and refresh else None,
            token_type=str(body.get("token_type") or "Bearer"),
            expires_in=seconds,
            expires_at=(time.monotonic() if now is None else now) + seconds,
        )


def post_json(
    url: str,
    body: Mapping[str, Any],
    *,
    timeout: float = 10.0,
    context: ssl.SSLContext | None = None,
) -> dict[str, Any]:
    """POSTs ``body`` as JSON and returns the JSON answer (blocking: call it in a thread).

    :raises BusError: with the HTTP status and the problem's ``detail`` for an error answer; 503
        when the server cannot be reached
    """
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
            answer = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as e:
        detail = e.reason
        try:
            problem = json.loads(e.read() or b"{}")
            detail = problem.get("detail") or problem.get("title") or detail
        except (ValueError, AttributeError):
            pass
        raise BusError(e.code, str(detail)) from None
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise BusError(FailureCode.NOT_READY, f"{url}: {reason}") from None
    except ValueError:
        raise BusError(FailureCode.INTERNAL, f"{url}: the answer is not JSON") from None
    return answer if isinstance(answer, dict) else {}


class TokenManager:
    """Logs in once, then keeps an access token fresh: refreshed ``refresh_margin`` seconds before
    it expires, logging in again when the refresh is refused (a spent or expired session).

    Pass it (or its :meth:`access_token`) as the ``token`` of a
    :class:`~antbot_client.connection.BusConnection`: the connection asks it for the current token
    and tells it when the bridge refused one (:meth:`invalidate`).
    """

    def __init__(
        self,
        base_url: str,
        username: str,
        password: str,
        *,
        refresh_margin: float = 60.0,
        timeout: float = 10.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """
        :param base_url: the HTTP API's origin, such as ``http://127.0.0.1:8001``
        :param refresh_margin: seconds before expiry at which the token is renewed
        :param timeout: seconds per HTTP call
        :param ssl_context: for an ``https`` origin with a private CA
        """
        self.base_url = base_url.rstrip("/")
        self.username = username
        self._password = password
        self.refresh_margin = refresh_margin
        self.timeout = timeout
        self._ssl = ssl_context
        self._pair: TokenPair | None = None
        self._lock = asyncio.Lock()

    @property
    def pair(self) -> TokenPair | None:
        """The current token pair, if any."""
        return self._pair

    async def login(self) -> TokenPair:
        """Logs in with the username and password.

        :raises BusError: 401 ``invalid username or password``, 429 while locked out, 503 when the
            API cannot be reached
        """
        answer = await self._post(
            LOGIN_PATH, {"username": self.username, "password": self._password}
        )
        self._pair = TokenPair.from_json(answer)
        return self._pair

    async def refresh(self) -> TokenPair:
        """Trades the refresh token for a new pair (the old refresh token is spent); logs in when
        there is none or it is refused with 401."""
        pair = self._pair
        if pair is None or pair.refresh_token is None:
            return await self.login()
        try:
            answer = await self._post(REFRESH_PATH, {"refresh_token": pair.refresh_token})
        except BusError as e:
            if e.code != FailureCode.UNAUTHENTICATED:
                raise
            return await self.login()
        self._pair = TokenPair.from_json(answer)
        return self._pair

    def invalidate(self, token: str) -> None:
        """The bridge refused ``token`` (revoked, or its user disabled): the next
        :meth:`access_token` renews it instead of handing it out again."""
        pair = self._pair
        if pair is not None and pair.access_token == token:
            self._pair = TokenPair(
                pair.access_token, pair.refresh_token, pair.token_type, pair.expires_in, 0.0
            )

    async def access_token(self) -> str:
        """An access token valid for at least ``refresh_margin`` more seconds (if the server grants
        that long), logging in or refreshing as needed; concurrent callers share one renewal."""
        async with self._lock:
            pair = self._pair
            if pair is None:
                pair = await self.login()
            elif time.monotonic() >= pair.expires_at - self.refresh_margin:
                pair = await self.refresh()
            return pair.access_token

    async def _post(self, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        return await asyncio.to_thread(
            post_json, self.base_url + path, body, timeout=self.timeout, context=self._ssl
        )
