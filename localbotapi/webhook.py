"""Telegram's webhook mode: after setWebhook, Telegram no longer holds updates for getUpdates
(which then answers 409 Conflict) but POSTs each one to the bot's HTTPS address, with the secret
token in the `X-Telegram-Bot-Api-Secret-Token` header, one after another, retrying until the bot
answers 200.

Locally nothing listens on the public address: `via` plays the reverse proxy in front of the
bot, so an update for `https://<host>/<path>` goes to `<via>/<path>`. Without `via` the address
cannot be reached and setWebhook is refused, as Telegram refuses a host it cannot resolve.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import aiohttp

from localbotapi.model import BotApiError, Json

if TYPE_CHECKING:
    from localbotapi.state import BotApiState, Queued

SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
RETRY_AFTER = 0.5  # seconds before an update the bot did not take is sent again


@dataclass
class Webhook:
    url: str  # as the bot set it
    secret: str | None
    target: str  # where it is delivered locally
    last_error: str | None = None
    last_error_date: int | None = None  # unix time, as Telegram gives it


class WebhookDelivery:
    """The webhook a bot set, and the task that delivers the update queue to it."""

    def __init__(self, via: str | None) -> None:
        self.via = via
        self.hook: Webhook | None = None
        self.delivered = 0  # updates the bot took with a 200
        self._task: asyncio.Task[None] | None = None
        self._changed = asyncio.Condition()  # a webhook set or removed, an update delivered

    async def wait_until(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> None:
        """Wait until `predicate()` holds, checked whenever the webhook changes or delivers."""
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(predicate)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def set(self, state: BotApiState, url: str, secret: str | None) -> None:
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.hostname:
            raise BotApiError("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        if secret is not None and not SECRET_TOKEN.fullmatch(secret):
            raise BotApiError("Bad Request: secret token contains unallowed characters")
        if self.via is None:
            raise BotApiError(
                "Bad Request: bad webhook: Failed to resolve host: Name or service not known"
            )
        await self.stop()
        path = parts.path or "/"
        target = self.via.rstrip("/") + path + (f"?{parts.query}" if parts.query else "")
        self.hook = Webhook(url, secret, target)
        self._task = asyncio.create_task(self._deliver(state, self.hook))
        await self._notify()

    async def stop(self) -> None:
        """deleteWebhook, or the server stops: updates wait for getUpdates again."""
        self.hook = None
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._notify()

    def info(self, pending: int) -> Json:
        """getWebhookInfo's answer."""
        hook = self.hook
        info: Json = {
            "url": hook.url if hook else "",
            "has_custom_certificate": False,
            "pending_update_count": pending,
        }
        if hook is not None and hook.last_error is not None:
            info["last_error_message"] = hook.last_error
            info["last_error_date"] = hook.last_error_date
        return info

    async def _deliver(self, state: BotApiState, hook: Webhook) -> None:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
            while True:
                async with state.updates:
                    await state.updates.wait_for(lambda: bool(state.pending) or state.closing)
                    if state.closing:
                        return
                    queued = state.pending[0]
                taken = await self._post(session, hook, queued)
                if taken:
                    state.taken(queued)
                await self._notify()
                if not taken:
                    await asyncio.sleep(RETRY_AFTER)

    async def _post(self, session: aiohttp.ClientSession, hook: Webhook, queued: Queued) -> bool:
        headers = {SECRET_HEADER: hook.secret} if hook.secret else {}
        try:
            async with session.post(
                hook.target, json=copy.deepcopy(queued.update), headers=headers
            ) as response:
                if response.status == 200:
                    self.delivered += 1
                    hook.last_error = None
                    return True
                hook.last_error = f"Wrong response from the webhook: {response.status}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            hook.last_error = f"Connection failed: {type(exc).__name__}"
        hook.last_error_date = int(time.time())
        return False
