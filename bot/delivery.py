"""Getting messages through when Telegram falters, so nobody is left without their next question.

Three layers, from quick to patient:

1. `ResilientRequest` retries a call that got a 5xx answer or no answer in time, with growing
   pauses, for up to `RETRY_WINDOW` seconds (a 429 "retry after" is bot/pacing.py's job).
   A message sent without an answer in time is never sent again by this layer: it may have
   arrived (`MaybeDelivered`); the chat is owed its question, and the copy that did arrive
   loses its buttons once the next message shows where the chat stands (bot/replies.py).
2. When a reply still could not be delivered, the participant is *owed* their current question:
   the record of their update (`storage/handled.py`, written with what it changed) stays
   unreplied. `handlers.deliver_owed`, a repeating job, sends it once Telegram answers again.
   Every answer was stored before any reply was sent, so only the message is missing, never
   the answer.
3. Any later reply that goes out settles the debt (`bot/once.replied`): it shows the question.

A person who blocked the bot (403) is owed nothing and gets no more reminders.

Every call, getUpdates too, tells the bot's `Reachability` whether Telegram was reached
(`bot/reach.py`): an outage is logged once and fails the health check, instead of a line per
retry while PTB's polling loop keeps trying.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest, RequestData

from bot.reach import trouble_of
from conversation.reachable import Reachability, Trouble

log = logging.getLogger(__name__)

RETRY_WINDOW = 60.0  # seconds one call keeps trying
FIRST_PAUSE = 0.25
LONGEST_PAUSE = 8.0
# What is retried: the calls that carry the conversation. Not getMe: at start-up a wrong URL or
# token must show at once. A press must be answered within seconds or Telegram forgets it.
RETRIED = {
    "sendmessage": 1.0,
    "senddocument": 1.0,
    "editmessagetext": 1.0,
    "editmessagereplymarkup": 1.0,
    "setmycommands": 1.0,
    "answercallbackquery": 0.15,
}

# Calls that must not be repeated once they may have reached Telegram: a second copy would show.
NOT_REPEATED = {"sendmessage", "senddocument"}


class MaybeDelivered(TimedOut):
    """A message went out but Telegram's answer did not come in time: it may have arrived."""


def may_have_arrived(error: NetworkError) -> bool:
    """No answer in time after the request was sent (not: could not connect at all)."""
    cause = error.__cause__
    return isinstance(error, TimedOut) and not isinstance(
        cause, httpx.ConnectTimeout | httpx.PoolTimeout | httpx.ConnectError
    )


@dataclass(frozen=True)
class Patience:
    """How long the bot waits for and on Telegram."""

    retry_window: float = RETRY_WINDOW  # one call retries 5xx and timeouts this long
    read_timeout: float = 10.0  # seconds to wait for an answer to one call
    redeliver_every: timedelta = timedelta(seconds=30)  # how often owed questions are tried


PATIENCE = Patience()


class ResilientRequest(HTTPXRequest):
    """HTTPXRequest that retries 5xx answers and timeouts with exponential backoff, and tells
    `reach` how each attempt went."""

    def __init__(
        self, *, window: float = RETRY_WINDOW, reach: Reachability | None = None, **options: Any
    ) -> None:
        super().__init__(**options)
        self.window = window
        self.reach = reach

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> tuple[int, bytes]:
        """The call, retried on 5xx answers and timeouts until `window` seconds have passed."""
        name = url.rsplit("/", 1)[-1]
        share = RETRIED.get(name.lower(), 0.0)
        if not share:
            return await self._attempt(url, method, request_data, *args, **kwargs)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.window * share
        pause = FIRST_PAUSE
        while True:
            try:
                code, payload = await self._attempt(url, method, request_data, *args, **kwargs)
            except NetworkError as exc:  # TimedOut is one too; no answer arrived at all
                if name.lower() in NOT_REPEATED and may_have_arrived(exc):
                    raise MaybeDelivered(f"{name}: no answer in time") from exc
                if loop.time() + pause > deadline:
                    raise
                # Not news on its own: an outage that lasts is said once (`reach`).
                log.debug(
                    "%s: no answer from Telegram (%s), trying again", name, type(exc).__name__
                )
            else:
                if code < 500 or loop.time() + pause > deadline:
                    return code, payload
                log.debug("%s: Telegram answered %d, trying again", name, code)
            await asyncio.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE)

    async def _attempt(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        """One HTTP request, its outcome told to `reach`."""
        try:
            code, payload = await super().do_request(*args, **kwargs)
        except NetworkError as exc:
            if self.reach is not None:
                cause = exc.__cause__ or exc
                self.reach.failed(Trouble.UNREACHABLE, type(cause).__name__)
            raise
        if self.reach is not None:
            trouble = trouble_of(code)
            if trouble is None:
                self.reach.reached()
            else:
                self.reach.failed(trouble, f"HTTP {code}")
        return code, payload


def transient(error: BaseException | None) -> bool:
    """An error that goes away by itself: Telegram unreachable, slow, failing or flooded."""
    if isinstance(error, RetryAfter):
        return True
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)
