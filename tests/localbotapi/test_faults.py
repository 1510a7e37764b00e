"""Injected faults reach the bot exactly as Telegram's own: 429, 5xx, timeouts, a blocked user."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from localbotapi import BotApiFault, LocalBotApi

TOKEN = "123456:FAULTS"
os.environ["PTB_TIMEDELTA"] = "true"  # RetryAfter.retry_after as a timedelta, without a warning


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi() as server:
        server.user(1)
        server.user(2)
        yield server


@pytest.fixture
async def bot(api: LocalBotApi) -> AsyncIterator[Bot]:
    request = HTTPXRequest(read_timeout=0.3)
    async with Bot(TOKEN, base_url=api.base_url, request=request) as started:
        yield started


async def test_flood_answers_429_with_retry_after_then_recovers(api: LocalBotApi, bot: Bot) -> None:
    fault = api.faults.add(BotApiFault.flood(retry_after=3, times=2))
    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(1, "hallo")
        assert caught.value.retry_after == timedelta(seconds=3)
    assert (await bot.send_message(1, "hallo")).text == "hallo"
    assert fault.hits == 2
    assert [m.text for m in api.users[1].messages] == ["hallo"]  # refused calls change nothing


async def test_server_errors_are_network_errors_until_cleared(api: LocalBotApi, bot: Bot) -> None:
    api.faults.add(BotApiFault.server_error(502, times=None))
    for _ in range(3):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(1, "hallo")
    api.faults.clear()
    api.faults.add(BotApiFault.server_error(500))
    with pytest.raises(NetworkError, match=r"Internal Server Error"):
        await bot.send_message(1, "hallo")
    await bot.send_message(1, "hallo")
    assert len(api.users[1].messages) == 1


async def test_a_fault_can_hit_one_chat_and_one_method(api: LocalBotApi, bot: Bot) -> None:
    api.faults.add(BotApiFault.server_error(503, chat_id=2, methods=["sendMessage"], times=None))
    await bot.send_message(1, "een")
    with pytest.raises(NetworkError, match="Service Unavailable"):
        await bot.send_message(2, "twee")
    sent = await bot.send_message(1, "drie")
    await bot.edit_message_text("drie!", 1, sent.message_id)  # other methods are untouched
    assert (await bot.get_updates(timeout=0)) == ()  # so is polling, unless named


async def test_a_timeout_can_lose_only_the_answer(api: LocalBotApi, bot: Bot) -> None:
    api.faults.add(BotApiFault.timeout(1.0, applied=True))
    with pytest.raises(TimedOut):
        await bot.send_message(1, "kwam toch aan")
    assert [m.text for m in api.users[1].messages] == ["kwam toch aan"]
    api.faults.add(BotApiFault.timeout(1.0))
    with pytest.raises(TimedOut):
        await bot.send_message(1, "kwam niet aan")
    await asyncio.sleep(0.8)  # the held request ends; it still changes nothing
    assert len(api.users[1].messages) == 1


async def test_blocked_user_is_403_and_other_errors_stay_400(api: LocalBotApi, bot: Bot) -> None:
    api.users[2].block()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(2, "herinnering")
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", 1, 999)
    assert ("sendMessage", "Forbidden: bot was blocked by the user") in api.errors
