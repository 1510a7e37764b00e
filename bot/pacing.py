"""Pacing calls to Telegram: its rate limits, first come first served, and a 429 "retry after"
for the call that got it only.

Telegram takes about 30 messages a second from one bot, and about 20 a minute in one group.
`Pacing` keeps to that and differs from PTB's `AIORateLimiter` in two ways:

- **Turns in order of arrival.** Each call reserves its turn when it is made (a leaky bucket
  kept as the time the next turn is free, GCRA), so when many people answer at once every reply
  waits its place in the queue, not longer. aiolimiter's buckets wake waiters by timer, in no
  particular order: some replies overtake, others wait twice the median.
- **A 429 holds up only the call that got it.** It waits what Telegram says and is tried again
  at once, keeping its turn. PTB's limiter pauses every call of the bot instead, and a call
  tried again queues anew behind everyone: under load each 429 stalled all replies for a second
  and its own for several (`bench/load_bench.py --modes faults`: 1 % of steps without a
  visible reply within 8 s, all behind such pauses). A real global flood answers every call
  with 429, so every call waits all the same.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

PER_SECOND = 30  # messages a second from one bot
PER_GROUP_MINUTE = 20  # messages a minute in one group
MAX_GROUPS = 512  # group buckets kept; an idle one is full again within a minute
Result = bool | dict[str, Any] | list[dict[str, Any]]


class Bucket:
    """At most `rate` turns per `period`, bursts up to `rate`, in the order they were asked for
    (the generic cell rate algorithm: `free` is when the next turn would be due)."""

    def __init__(self, rate: float, period: float = 1.0) -> None:
        self.interval = period / rate
        self.burst = (rate - 1) * self.interval
        self.free = 0.0

    async def turn(self) -> None:
        now = asyncio.get_running_loop().time()
        due = max(self.free, now)
        self.free = due + self.interval  # reserved at once: later callers queue behind this one
        wait = due - self.burst - now
        if wait > 0:
            await asyncio.sleep(wait)


class Pacing(BaseRateLimiter[int]):
    """At most `per_second` chat calls a second (and `PER_GROUP_MINUTE` a minute per group),
    in order of arrival; a call answered 429 waits what Telegram says and is tried again, up to
    `retries` times."""

    def __init__(self, retries: int, per_second: float = PER_SECOND) -> None:
        self.retries = retries
        self.overall = Bucket(per_second)
        self.groups: dict[int | str, Bucket] = {}

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    def _group(self, chat_id: object) -> Bucket | None:
        with contextlib.suppress(TypeError, ValueError):
            chat_id = int(chat_id)  # type: ignore[call-overload]
        if isinstance(chat_id, str) or (isinstance(chat_id, int) and chat_id < 0):
            if chat_id not in self.groups and len(self.groups) >= MAX_GROUPS:
                self.groups.clear()
            return self.groups.setdefault(chat_id, Bucket(PER_GROUP_MINUTE, 60.0))
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        chat_id = data.get("chat_id")
        if chat_id is not None:
            group = self._group(chat_id)
            if group is not None:
                await group.turn()
            await self.overall.turn()
        for attempt in range(self.retries + 1):
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == self.retries:
                    raise
                pause = exc.retry_after
                seconds = pause if isinstance(pause, int | float) else pause.total_seconds()
                log.info("%s: Telegram asks to wait %.0f s, trying again then", endpoint, seconds)
                await asyncio.sleep(seconds + 0.1)
        raise AssertionError("unreachable")  # pragma: no cover
