"""`Store`: one open database, with every storage operation as a method.

The operations live with their concept (rounds.py, invites.py, responses.py, ...) as functions
that take a `Db`; `Store` is a `Db` that binds them all, so callers hold one object. The
records its methods return are importable from here too. Nothing outside this package writes
SQL.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from storage import (
    audit_log,
    bulk,
    invites,
    participants,
    quotes,
    reminders,
    responses,
    rounds,
)
from storage import contributions as contribution_log
from storage.console import ConsoleAccess
from storage.contributions import Contribution
from storage.db import Db, connect
from storage.identities import Identities, Participant, Who
from storage.invites import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Invite,
    InviteCheck,
    InviteCount,
    InviteProblem,
    ProgressRow,
)
from storage.quotes import Quote
from storage.responses import ExportRow, Response
from storage.rounds import DuplicateName, Location, Round
from storage.whatsapp import WhatsAppNumbers

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "Contribution",
    "DuplicateName",
    "ExportRow",
    "Invite",
    "InviteCheck",
    "InviteCount",
    "InviteProblem",
    "Location",
    "ProgressRow",
    "Quote",
    "Response",
    "Round",
    "Store",
]


class Store(Db):
    """One open database. Use `Store.open(path)` as an async context manager."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        super().__init__(conn)
        self.identities = Identities(conn)
        self.console = ConsoleAccess(conn)
        self.whatsapp = WhatsAppNumbers(conn)

    @classmethod
    async def connect(cls, path: Path | str) -> Store:
        """Open and migrate the database; the caller closes it."""
        return cls(await connect(path))

    @classmethod
    @asynccontextmanager
    async def open(cls, path: Path | str) -> AsyncIterator[Store]:
        store = await cls.connect(path)
        try:
            yield store
        finally:
            await store.close()

    async def close(self) -> None:
        await self.conn.close()

    async def participant_for(self, who: Who) -> Participant | None:
        """The participant a Telegram chat or a browser acts for, if any."""
        return await self.identities.participant_for(who)

    async def chat_for_participant(self, participant_id: int) -> int | None:
        return await self.identities.chat_for_participant(participant_id)

    # Each operation below is a function of its concept's module that takes the store as `db`.

    create_round = rounds.create_round
    get_round = rounds.get_round
    find_round = rounds.find_round
    list_rounds = rounds.list_rounds
    previous_round = rounds.previous_round
    last_round_with_role = rounds.last_round_with_role
    close_round = rounds.close_round
    set_round_dates = rounds.set_round_dates
    add_location = rounds.add_location
    rename_location = rounds.rename_location
    list_locations = rounds.list_locations

    create_invites = invites.create_invites
    get_invite = invites.get_invite
    list_invites = invites.list_invites
    revoke_invite = invites.revoke_invite
    check_invite = invites.check_invite
    started_unfinished = invites.started_unfinished
    invite_counts = invites.invite_counts
    progress = invites.progress

    set_language = participants.set_language
    erase_participant = participants.erase_participant

    start_response = responses.start_response
    get_response = responses.get_response
    active_response = responses.active_response
    invite_code_of = responses.invite_code_of
    responses_of = responses.responses_of
    save_answer = responses.save_answer
    forget_answer = responses.forget_answer
    answers_of = responses.answers_of
    set_current_question = responses.set_current_question
    submit_response = responses.submit_response
    export_rows = responses.export_rows

    add_contribution = contribution_log.add_contribution
    contributions = contribution_log.contributions

    due_reminders = reminders.due_reminders
    due_whatsapp_reminders = reminders.due_whatsapp_reminders
    mark_reminded = reminders.mark_reminded
    stop_reminders = reminders.stop_reminders

    pending_quotes = quotes.pending_quotes
    review_quote = quotes.review_quote
    approved_quotes = quotes.approved_quotes
    withdraw_quote = quotes.withdraw_quote

    audit = audit_log.audit
    audit_entries = audit_log.audit_entries

    bulk_responses = bulk.bulk_responses
    bulk_answers = bulk.bulk_answers
