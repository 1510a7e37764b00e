"""Logs cannot leak: a whole conversation at DEBUG, every logger captured, and the captured log
searched for the token, the chat id, the name and every answer."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from inspraak import redact
from tests.bot.conftest import TOKEN, BotWorld

CHAT_ID = 731904285
NAME = "Wilhelmina"
FREE_TEXT = "Mijn buurman Gerrit belt 0612345678"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """Everything every logger writes at DEBUG, as `inspraak run` configures it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    redact.install([TOKEN])
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        redact.uninstall()


async def test_a_conversation_at_debug_leaks_nothing(
    small: BotWorld, captured: io.StringIO
) -> None:
    code = await small.invite()
    person = small.api.user(CHAT_ID, NAME, "nl", username="wilhelmina_w")
    await person.command("start", code)
    await person.press("Ja, ik doe mee")
    await person.press("Verder »")
    await person.press("Helemaal eens")
    await person.press("Nee")
    await person.press("Ja")
    await person.press("Koken")
    await person.press("Klaar")
    await person.send_text("87")
    await person.send_text(FREE_TEXT)
    assert "Je bent klaar!" in person.last_text
    await person.command("mijngegevens")  # the bot repeats every answer back
    log = captured.getvalue()
    # The log really holds the Bot API traffic of PTB and httpx, and the SQL...
    for logger in ("telegram.ext.ExtBot", "telegram.ext.Application", "httpx", "aiosqlite"):
        assert f" {logger}: " in log, f"nothing logged by {logger}"
    assert "sendMessage" in log and "getUpdates" in log
    # ...with the places of ids and texts redacted...
    assert "[id]" in log and "'[text]'" in log
    # ...and none of what identifies the person or what they said.
    for secret in (TOKEN, str(CHAT_ID), NAME, "wilhelmina_w", FREE_TEXT, "Gerrit", "0612345678"):
        assert secret not in log, f"{secret!r} leaked into the log"
    # Button labels they pressed and typed numbers are answers too.
    for answer in ("Helemaal eens", "Koken", "87"):
        assert f"'{answer}'" not in log and f'"{answer}"' not in log
