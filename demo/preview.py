"""`inspraak preview ROLE`: answer a questionnaire in the terminal with the real bot logic.

The real Application runs against the local Bot API server on 127.0.0.1 with a throw-away
database, so a questionnaire author sees exactly what a participant will see.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app import build_application, running
from inspraak.errors import UserError
from localbotapi import LocalBotApi
from localbotapi.terminal import HELP, ReadLine, Write, read_stdin, run_terminal_chat
from questionnaires.model import Catalog, Kind
from settings import Settings
from storage.store import Store


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
            today = settings.local_date()
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
                await run_terminal_chat(user, read, write, first=first)
