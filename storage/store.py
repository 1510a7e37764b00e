"""`Store`: one open database, with every storage operation as a method.

The one way to storage: a caller holds a `Store` and calls its methods (`store.save_answer`).
Each method is a function of its concept's module (rounds.py, invites.py, responses.py, ...)
that takes a `Db` as its first argument, bound below under the same name: the name leads to
the function in one step. The records its methods return are importable from here too. Nothing
outside this package writes SQL.

Transactions belong to the operation, not to the caller: an operation that writes several
rows opens `transaction()` itself, and a channel-neutral operation of a higher layer (a
conversation step, say) marks itself with `storage.db.operation`, which runs it in one
transaction whichever channel calls it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from storage import (
    audit_log,
    bulk,
    console,
    counts,
    handled,
    health,
    identities,
    invites,
    participants,
    publications,
    quotes,
    reminders,
    responses,
    retention,
    rounds,
    whatsapp,
)
from storage import contributions as contribution_log
from storage.contributions import Contribution
from storage.db import Db, connect
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

    # Each operation below is a function of its concept's module that takes the store as `db`.

    participant_for = identities.participant_for
    link_identity = identities.link_identity
    chat_for_participant = identities.chat_for_participant
    forget_browser = identities.forget_browser
    touch_browser = identities.touch_browser
    forget_idle_browsers = identities.forget_idle_browsers
    new_resume_token = identities.new_resume_token
    participant_for_resume = identities.participant_for_resume

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

    ensure_participant = participants.ensure_participant
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
    record_contribution = contribution_log.record_contribution
    contributions = contribution_log.contributions

    due_reminders = reminders.due_reminders
    due_whatsapp_reminders = reminders.due_whatsapp_reminders
    mark_reminded = reminders.mark_reminded
    stop_reminders = reminders.stop_reminders

    pending_quotes = quotes.pending_quotes
    review_quote = quotes.review_quote
    approved_quotes = quotes.approved_quotes
    withdraw_quote = quotes.withdraw_quote

    record_publication = publications.record_publication
    published_figures = publications.published_figures
    list_publications = publications.list_publications

    audit = audit_log.audit
    audit_entries = audit_log.audit_entries

    bulk_responses = bulk.bulk_responses
    bulk_answers = bulk.bulk_answers

    new_console_login = console.new_console_login
    console_login_state = console.console_login_state
    use_console_login = console.use_console_login
    start_console_session = console.start_console_session
    console_session = console.console_session
    end_console_session = console.end_console_session
    end_console_sessions_of = console.end_console_sessions_of

    handle_once = handled.handle_once
    claim_delivery = handled.claim_delivery
    reply_delivered = handled.reply_delivered
    reply_owed = handled.reply_owed
    owed_replies = handled.owed_replies
    forget_handled = handled.forget_handled

    whatsapp_wrote = whatsapp.whatsapp_wrote
    whatsapp_window_open = whatsapp.whatsapp_window_open
    whatsapp_unreachable = whatsapp.whatsapp_unreachable

    question_people = counts.question_people
    answer_people = counts.answer_people
    response_counts = counts.response_counts
    group_sizes = counts.group_sizes
    contribution_counts = counts.contribution_counts
    contribution_cells = counts.contribution_cells
    channel_counts = counts.channel_counts
    round_counts = counts.round_counts

    apply_retention = retention.apply_retention
    writable = health.writable
