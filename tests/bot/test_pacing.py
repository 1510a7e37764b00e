"""Pacing: Telegram's rate limit for everyone, a 429 only for the call that got it."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.pacing import Pacing
from questionnaires.model import Catalog


class Telegram:
    """Answers calls by chat; `flooded` chats get a 429 (retry after 1 s) that many times."""

    def __init__(self, flooded: dict[int, int] | None = None) -> None:
        self.flooded = dict(flooded or {})
        self.done: list[tuple[int, float]] = []  # chat, when
        self.began = time.perf_counter()

    async def call(self, chat_id: int) -> bool:
        if self.flooded.get(chat_id, 0) > 0:
            self.flooded[chat_id] -= 1
            raise RetryAfter(1)
        self.done.append((chat_id, time.perf_counter() - self.began))
        return True


async def send(pacing: Pacing, telegram: Telegram, chat_id: int) -> Any:
    data = {"chat_id": chat_id, "text": "hallo"}
    return await pacing.process_request(telegram.call, (chat_id,), {}, "sendMessage", data, None)


async def test_a_429_holds_up_only_the_call_that_got_it() -> None:
    pacing, telegram = Pacing(retries=3), Telegram(flooded={1: 1})
    await asyncio.gather(*(send(pacing, telegram, chat) for chat in range(1, 11)))
    when = dict(telegram.done)
    assert 1.0 < when[1] < 1.5  # waited what Telegram said, and went (without queueing anew)
    assert all(when[chat] < 0.5 for chat in range(2, 11)), when  # the others did not wait


async def test_a_call_still_flooded_after_its_retries_fails() -> None:
    pacing, telegram = Pacing(retries=1), Telegram(flooded={7: 2})
    with pytest.raises(RetryAfter):
        await send(pacing, telegram, 7)
    assert telegram.done == []


async def test_chat_calls_keep_to_the_rate_a_second() -> None:
    pacing, telegram = Pacing(retries=0, per_second=20), Telegram()
    await asyncio.gather(*(send(pacing, telegram, chat) for chat in range(60)))
    # A full bucket goes at once; the other 40 take about two seconds.
    assert 1.7 < max(at for _, at in telegram.done) < 3.0


async def test_calls_outside_a_chat_are_not_held() -> None:
    pacing = Pacing(retries=0, per_second=1)
    began = time.perf_counter()
    for _ in range(5):  # answerCallbackQuery, getUpdates: no chat_id
        assert await pacing.process_request(_ok, (), {}, "answerCallbackQuery", {}, None)
    assert time.perf_counter() - began < 0.5


async def _ok() -> bool:
    return True


async def test_turns_go_in_the_order_they_were_asked_for() -> None:
    """Many people answering at once: no reply overtakes one asked for earlier."""
    pacing, telegram = Pacing(retries=0, per_second=50), Telegram()
    await asyncio.gather(*(send(pacing, telegram, chat) for chat in range(120)))
    assert [chat for chat, _ in telegram.done] == list(range(120))


def test_the_bot_is_built_with_pacing_not_ptbs_limiter(catalog: Catalog) -> None:
    """The product's calls go through `Pacing` (PTB's limiter would pause everyone on a 429)."""
    from bot.app import RATE_RETRIES, build_application
    from settings import Settings

    app = build_application(Settings(), catalog, token="1:x", base_url="http://127.0.0.1")
    pacing = app.bot.rate_limiter
    assert isinstance(pacing, Pacing) and pacing.retries == RATE_RETRIES
