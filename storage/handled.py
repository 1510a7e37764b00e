"""Each delivery handled once, and each reply owed until it went out: one record for every
messaging channel (`handled_deliveries`), also across restarts.

A messaging platform delivers again what it thinks was not handled: Telegram an update the bot
had not confirmed when it stopped (for up to 24 hours), WhatsApp a webhook call that was not
answered in time (Meta retries for up to 7 days). Handled twice, a typed "3" would answer the
next question. So a channel handles a person's delivery through `handle_once`: what it changes
(a conversation operation) runs in one transaction with a row saying it was handled, and a
delivery that finds its row is dropped without a reply. This row is the one check for
duplicates, in a process and across restarts.

Rows are per participant. A delivery from someone who is not a participant yet is recorded
only when it made them one (consent): before that nothing is stored that a second delivery
could change twice, so it is simply handled again. A delivery is known by the channel's own id
for it: Telegram's update id (a counter per bot that says nothing about the person; another
bot counts on its own, so the same number can come from two people, hence per participant),
WhatsApp's message id as its SHA-256 (Meta's ids encode the number).

The row is also a promise: written before the reply goes out, marked replied once a reply that
shows where the person is went out (`reply_delivered`). A participant with a row not replied
to is owed their current question (`owed_replies`, `reply_owed`): the platform failed, or the
process died between storing the answer and sending the reply. On WhatsApp only while a reply
may still go out, within 24 hours of their message; on Telegram until it went out.

Rows hold a participant, a channel, a delivery id and a time: no chat id, no number, no
content. They go with the participant (erasure), with their link on that channel (`inspraak
retention`), and once no second delivery can come and nothing is owed (`forget_handled`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import TypeVar

from storage.db import Db, now
from storage.identities import Chat, WhatsApp

log = logging.getLogger(__name__)
T = TypeVar("T")
Messenger = Chat | WhatsApp  # who writes through a messaging platform (not the web form)
M = TypeVar("M", bound=Messenger)


@dataclass(frozen=True)
class Platform:
    """What the record needs to know of a messaging channel."""

    channel: str  # as stored, also in responses.channel
    links: str  # the table that links its identities to participants
    key: str  # the identity's column there
    hashed: bool  # delivery ids are stored as their SHA-256
    again_for: timedelta  # how long the platform may deliver the same thing again
    owed_for: timedelta | None  # how long after a delivery its reply may still go out


WHATSAPP_WINDOW = timedelta(hours=24)  # a business may answer freely this long after a message
TELEGRAM = Platform("telegram", "messaging_links", "chat_id", False, timedelta(hours=24), None)
WHATSAPP = Platform("whatsapp", "whatsapp_links", "wa_id", True, timedelta(days=7), WHATSAPP_WINDOW)
PLATFORMS = (TELEGRAM, WHATSAPP)


def _platform(who: Messenger) -> Platform:
    return TELEGRAM if isinstance(who, Chat) else WHATSAPP


def _address(who: Messenger) -> int | str:
    return who.chat_id if isinstance(who, Chat) else who.wa_id


def _delivery_id(platform: Platform, delivery: int | str) -> str:
    text = str(delivery)
    return hashlib.sha256(text.encode()).hexdigest() if platform.hashed else text


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="seconds")


class Claim(Enum):
    NEW = "new"  # recorded now: handle it
    DUPLICATE = "duplicate"  # handled before: drop it
    UNLINKED = "unlinked"  # the sender is no participant (yet): nothing recorded


async def claim_delivery(db: Db, who: Messenger, delivery: int | str) -> Claim:
    """Record that this delivery of `who` is being handled, unless it was handled before.

    Call it inside the transaction that stores what the delivery changes (`handle_once` does):
    if that rolls back, so does the record, and the delivery counts as not handled."""
    platform = _platform(who)
    written = await db.execute(
        "INSERT INTO handled_deliveries (participant_id, channel, delivery, handled_at) "
        f"SELECT participant_id, ?, ?, ? FROM {platform.links} WHERE {platform.key} = ? "
        "ON CONFLICT DO NOTHING",
        (platform.channel, _delivery_id(platform, delivery), now(), _address(who)),
    )
    if written.rowcount > 0:
        return Claim.NEW
    linked = await db.fetch_one(
        f"SELECT 1 FROM {platform.links} WHERE {platform.key} = ?", (_address(who),)
    )
    return Claim.DUPLICATE if linked else Claim.UNLINKED


async def handle_once(
    db: Db, who: Messenger, delivery: int | str, decide: Callable[[], Awaitable[T]]
) -> T | None:
    """`decide()` (what the delivery changes) with the delivery recorded as handled, in one
    transaction; None, with nothing done, when it was handled before. A delivery that made
    `who` a participant (consent) is recorded after `decide()`, in the same transaction."""
    async with db.transaction():
        claim = await claim_delivery(db, who, delivery)
        if claim is Claim.DUPLICATE:
            log.info(
                "a %s message handled before came again and was dropped", _platform(who).channel
            )
            return None
        result = await decide()
        if claim is Claim.UNLINKED:
            await claim_delivery(db, who, delivery)
    return result


async def reply_delivered(db: Db, who: Messenger) -> None:
    """`who` got a reply that shows where they are (or cannot be reached at all): nothing is
    owed to them any more."""
    platform = _platform(who)
    await db.execute(
        "UPDATE handled_deliveries SET replied = 1 WHERE replied = 0 AND channel = ? AND "
        f"participant_id = (SELECT participant_id FROM {platform.links} WHERE {platform.key} = ?)",
        (platform.channel, _address(who)),
    )


def _still_owed(platform: Platform, at: datetime | None) -> tuple[str, tuple[str, ...]]:
    """SQL (and its parameters) for the rows whose reply may still go out at `at`."""
    if platform.owed_for is None:
        return "", ()
    since = (at or datetime.now(UTC)) - platform.owed_for
    return " AND julianday(handled_at) > julianday(?)", (_stamp(since),)


async def reply_owed(db: Db, who: Messenger, at: datetime | None = None) -> bool:
    """Whether `who` is owed a reply (a delivery handled, its reply not out yet)."""
    platform = _platform(who)
    recent, params = _still_owed(platform, at)
    row = await db.fetch_one(
        f"SELECT 1 FROM handled_deliveries JOIN {platform.links} USING (participant_id) "
        f"WHERE handled_deliveries.channel = ? AND {platform.key} = ? AND replied = 0{recent} "
        "LIMIT 1",
        (platform.channel, _address(who), *params),
    )
    return row is not None


async def owed_replies(db: Db, kind: type[M], at: datetime | None = None) -> list[M]:
    """Everyone of a channel (`Chat`, `WhatsApp`) owed a reply, also from before a restart."""
    platform = TELEGRAM if issubclass(kind, Chat) else WHATSAPP
    recent, params = _still_owed(platform, at)
    rows = await db.fetch_all(
        f"SELECT DISTINCT {platform.key} FROM handled_deliveries JOIN {platform.links} "
        f"USING (participant_id) WHERE handled_deliveries.channel = ? AND replied = 0{recent} "
        "ORDER BY 1",
        (platform.channel, *params),
    )
    return [kind(row[0]) for row in rows]


async def forget_unlinked(db: Db) -> int:
    """Drop the records of participants no longer linked on their channel (retention deleted
    the link): nothing can be owed to them, nor recognised again; returns how many."""
    removed = 0
    for platform in PLATFORMS:
        written = await db.execute(
            "DELETE FROM handled_deliveries WHERE channel = ? AND participant_id NOT IN "
            f"(SELECT participant_id FROM {platform.links})",
            (platform.channel,),
        )
        removed += written.rowcount
    return removed


async def forget_handled(db: Db, at: datetime | None = None) -> int:
    """Drop the records no longer needed at `at` (default now): no second delivery can come
    (Telegram 24 hours, WhatsApp 7 days) and no reply is owed (it went out, or can no longer
    go out), and those of people no longer linked; returns how many."""
    moment = at or datetime.now(UTC)
    removed = await forget_unlinked(db)
    for platform in PLATFORMS:
        settled = "replied = 1"
        params = [platform.channel, _stamp(moment - platform.again_for)]
        if platform.owed_for is not None:
            settled += " OR julianday(handled_at) <= julianday(?)"
            params.append(_stamp(moment - platform.owed_for))
        written = await db.execute(
            "DELETE FROM handled_deliveries WHERE channel = ? "
            f"AND julianday(handled_at) < julianday(?) AND ({settled})",
            params,
        )
        removed += written.rowcount
    return removed
