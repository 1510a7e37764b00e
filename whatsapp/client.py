"""A thin client of the WhatsApp Business Cloud API: send a message, mark one read.

Why not `pywa` (the maintained Python library): its 4.x client fixes the host
(`https://graph.facebook.com/v{version}`) on its own httpx session, so it cannot be pointed at
`WHATSAPP_API_URL` (a local fake in tests and the demo) without reaching into its internals; it
brings a second HTTP stack next to aiohttp; and its webhook runs on Flask or FastAPI, not in our
aiohttp server beside the web form. What we need is two JSON calls, so they are here.

Failures: rate limits (codes 4, 80007, 130429, 131056, or HTTP 429) and 5xx answers are retried
with exponential backoff; a call that may have reached Meta (a timeout, a dropped connection) is
not repeated, so nobody gets a message twice. Everything else raises `CloudApiError` at once.
Every call tells `reach` whether Meta was reached (`whatsapp/reach.py`), for the health check
and a log that says an outage once.
"""

from __future__ import annotations

import asyncio
import logging
import random
from typing import Any

import aiohttp

from conversation.reachable import Reachability
from whatsapp.reach import trouble_of

log = logging.getLogger(__name__)
Json = dict[str, Any]

RATE_LIMIT_CODES = frozenset({4, 80007, 130429, 131056})
WINDOW_CLOSED = 131047  # re-engagement required: more than 24 hours since the person wrote
UNDELIVERABLE = frozenset({131026})  # blocked the business, or no WhatsApp on that number
TIMEOUT = aiohttp.ClientTimeout(total=20, connect=5)


class CloudApiError(Exception):
    """The Cloud API refused a call or could not be reached. No number in the message."""

    def __init__(self, status: int, code: int | None, message: str) -> None:
        super().__init__(f"HTTP {status}, code {code}: {message}")
        self.status = status
        self.code = code

    @property
    def rate_limited(self) -> bool:
        return self.status == 429 or self.code in RATE_LIMIT_CODES

    @property
    def transient(self) -> bool:
        """Worth trying again later: rate limits, Meta's 5xx, or Meta not reached."""
        return self.rate_limited or self.status >= 500 or self.status == 0

    @property
    def window_closed(self) -> bool:
        return self.code == WINDOW_CLOSED

    @property
    def undeliverable(self) -> bool:
        return self.code in UNDELIVERABLE


class CloudApi:
    """Calls to `{base_url}/{phone_number_id}/messages` with the access token."""

    def __init__(
        self,
        base_url: str,
        phone_number_id: str,
        token: str,
        *,
        retries: int = 4,
        backoff: float = 0.5,
        reach: Reachability | None = None,
    ) -> None:
        self.url = f"{base_url.rstrip('/')}/{phone_number_id}/messages"
        self.headers = {"Authorization": f"Bearer {token}"}
        self.retries = retries
        self.backoff = backoff
        self.calls = 0  # calls made, for figures
        self.reach = reach
        self._session: aiohttp.ClientSession | None = None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=TIMEOUT, headers=self.headers)
        return self._session

    async def send(self, to: str, message: Json) -> str:
        """Send one message (`message` holds `type` and its object); returns its message id."""
        payload = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to}
        answer = await self._post({**payload, **message})
        messages = answer.get("messages")
        if isinstance(messages, list) and messages and isinstance(messages[0], dict):
            return str(messages[0].get("id", ""))
        return ""

    async def mark_read(self, message_id: str) -> None:
        await self._post(
            {"messaging_product": "whatsapp", "status": "read", "message_id": message_id}
        )

    async def _post(self, payload: Json) -> Json:
        attempt = 0
        while True:
            try:
                return await self._post_once(payload)
            except CloudApiError as error:
                if not (error.rate_limited or error.status >= 500) or attempt >= self.retries:
                    raise
                delay = self.backoff * 2**attempt * (1 + random.random() / 2)
                log.debug("WhatsApp call failed (code %s), again in %.1f s", error.code, delay)
                attempt += 1
                await asyncio.sleep(delay)

    async def _post_once(self, payload: Json) -> Json:
        try:
            answer = await self._post_raw(payload)
        except CloudApiError as error:
            trouble = trouble_of(error.status, error.code)
            if self.reach is not None and trouble is not None:
                self.reach.failed(trouble, f"HTTP {error.status}, code {error.code}")
            elif self.reach is not None:
                self.reach.reached()
            raise
        if self.reach is not None:
            self.reach.reached()
        return answer

    async def _post_raw(self, payload: Json) -> Json:
        self.calls += 1
        try:
            async with self._client().post(self.url, json=payload) as response:
                try:
                    answer = await response.json(content_type=None)
                except ValueError:
                    answer = {}
                if response.status < 300 and isinstance(answer, dict):
                    return answer
                error = answer.get("error", {}) if isinstance(answer, dict) else {}
                code = error.get("code") if isinstance(error, dict) else None
                message = str(error.get("message", "")) if isinstance(error, dict) else ""
                raise CloudApiError(
                    response.status, code if isinstance(code, int) else None, message
                )
        except aiohttp.ClientConnectorError as exc:
            # Not connected: nothing reached Meta; the caller owes the reply for later.
            raise CloudApiError(0, None, f"not reached: {type(exc).__name__}") from None
        except (aiohttp.ClientError, TimeoutError) as exc:
            # It may have arrived: never repeated (a second copy would confuse the person).
            raise CloudApiError(0, None, f"no answer: {type(exc).__name__}") from None
