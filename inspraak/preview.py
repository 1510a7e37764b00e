"""`inspraak preview ROLE`: answer a questionnaire in the terminal with the real bot logic.

The real Application runs against the local Bot API server on 127.0.0.1 with a throw-away
database, so a questionnaire author sees exactly what a participant will see.
"""

from __future__ import annotations

import asyncio
import html
import re
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.app import build_application, running
from bot.localapi import LocalBotApi, SimulatedUser, StoredMessage
from inspraak.errors import UserError
from inspraak.settings import Settings
from questionnaires.model import Catalog, Kind
from storage.store import Store

ReadLine = Callable[[str], Awaitable[str | None]]
Write = Callable[[str], None]
HELP = "Type an answer, a button number, a /command, or :q to quit."


async def read_stdin(prompt: str) -> str | None:
    try:
        return await asyncio.to_thread(input, prompt)
    except EOFError:
        return None


def as_terminal_text(message: StoredMessage) -> str:
    """A bot message as plain text with numbered buttons."""
    text = html.unescape(re.sub(r"</?(b|i|u|s|code|pre|a)( [^>]*)?>", "", message.text))
    lines = [text]
    number = 0
    for row in message.labels:
        cells = []
        for label in row:
            number += 1
            cells.append(f"[{number}] {label}")
        lines.append("   ".join(cells))
    return "\n".join(lines)


def _numbered(user: SimulatedUser) -> list[str]:
    message = user.keyboard_message
    return [label for row in message.labels for label in row] if message else []


async def chat(
    user: SimulatedUser, first: Sequence[StoredMessage], read: ReadLine, write: Write
) -> None:
    """The terminal loop: show what the bot said, act on what the person types."""
    replies = list(first)
    while True:
        for message in replies:
            write(as_terminal_text(message) + "\n")
        line = await read("> ")
        if line is None or line.strip() in (":q", ":quit"):
            return
        line = line.strip()
        buttons = _numbered(user)
        if line.isdigit() and 1 <= int(line) <= len(buttons):
            replies = await user.press(buttons[int(line) - 1])
        elif line:
            replies = await user.send_text(line)
        else:
            write(HELP)
            replies = []


def _questionnaire_id(catalog: Catalog, role: str) -> tuple[str, str]:
    """Accept a role (client) or a questionnaire id (ervaringsdeskundige_bijdrage)."""
    for questionnaire in catalog.questionnaires.values():
        if role in (questionnaire.id, questionnaire.role.value) and (
            role == questionnaire.id or questionnaire.kind is Kind.SURVEY
        ):
            return questionnaire.role.value, questionnaire.kind.value
    known = ", ".join(sorted(catalog.questionnaires))
    raise UserError(f"no questionnaire for {role!r}. Choose one of: {known}.")


async def preview(
    settings: Settings,
    catalog: Catalog,
    role: str,
    read: ReadLine = read_stdin,
    write: Write = print,
) -> None:
    role_name, kind = _questionnaire_id(catalog, role)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "preview.sqlite3"
        local = settings.model_copy(update={"db_path": db})
        async with LocalBotApi() as api, Store.open(db) as store:
            today = date.today()
            round_ = await store.create_round("Preview", today.year, today, today + timedelta(1))
            [invite] = await store.create_invites(
                round_.id, role_name, 1, datetime.now(UTC) + timedelta(days=1), kind=kind
            )
            app = build_application(
                local, catalog, base_url=api.base_url, token="1:PREVIEW", reminders_every=None
            )
            api.attach(app)
            async with running(app, store, poll_timeout=1):
                write(f"Preview of '{role}' with the real bot. {HELP}\n")
                user = api.user(1, "Preview")
                first = await user.command("start", invite.code)
                await chat(user, first, read, write)
