"""How a participant is recognised on a channel, kept apart from what they answered.

A Telegram chat id sits in `messaging_links`, a WhatsApp number in `whatsapp_links`. A browser
is known by the SHA-256 of its session cookie (`web_sessions`); another device takes over with
a personal resume link whose token is stored hashed too (`resume_tokens`). None of these tables
holds an answer, and erasing a participant removes all of them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import Db, now


def new_token() -> str:
    """A secret for a cookie or a resume link: 256 random bits."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Chat:
    """A private Telegram chat."""

    chat_id: int


@dataclass(frozen=True)
class Browser:
    """A browser session, known by the hash of its cookie; the cookie itself is never stored."""

    token_hash: str

    @classmethod
    def from_token(cls, token: str) -> Browser:
        return cls(hash_token(token))


@dataclass(frozen=True)
class WhatsApp:
    """A WhatsApp user, known by their number as WhatsApp gives it (`wa_id`, digits only)."""

    wa_id: str

    def __repr__(self) -> str:  # never the number, also not in a traceback
        return "WhatsApp(…)"


Who = Chat | Browser | WhatsApp


def channel_of(who: Who) -> str:
    """The channel a participant answers on, as stored with each response they start."""
    if isinstance(who, Chat):
        return "telegram"
    return "whatsapp" if isinstance(who, WhatsApp) else "web"


@dataclass(frozen=True)
class Participant:
    id: int
    pseudonym: str
    language: str
    reminders_off: bool


def participant_from_row(row: aiosqlite.Row) -> Participant:
    return Participant(row["id"], row["pseudonym"], row["language"], bool(row["reminders_off"]))


async def participant_for(db: Db, who: Who) -> Participant | None:
    """The participant a Telegram chat, a WhatsApp number or a browser acts for, if any."""
    if isinstance(who, Chat):
        row = await db.fetch_one(
            "SELECT participants.* FROM participants JOIN messaging_links "
            "ON messaging_links.participant_id = participants.id WHERE chat_id = ?",
            (who.chat_id,),
        )
    elif isinstance(who, WhatsApp):
        row = await db.fetch_one(
            "SELECT participants.* FROM participants JOIN whatsapp_links "
            "ON whatsapp_links.participant_id = participants.id WHERE wa_id = ?",
            (who.wa_id,),
        )
    else:
        row = await db.fetch_one(
            "SELECT participants.* FROM participants JOIN web_sessions "
            "ON web_sessions.participant_id = participants.id WHERE token_hash = ?",
            (who.token_hash,),
        )
    return participant_from_row(row) if row else None


async def link_identity(db: Db, who: Who, participant_id: int) -> bool:
    """Let `who` act as this participant. False when that cannot be: a Telegram chat or
    WhatsApp number that belongs to someone else, or a participant who already has one."""
    if isinstance(who, Chat):
        written = await db.execute(
            "INSERT INTO messaging_links (participant_id, chat_id, created_at) "
            "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (participant_id, who.chat_id, now()),
        )
    elif isinstance(who, WhatsApp):
        stamp = now()
        written = await db.execute(
            "INSERT INTO whatsapp_links (participant_id, wa_id, last_wrote_at, created_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (participant_id, who.wa_id, stamp, stamp),
        )
    else:
        stamp = now()
        written = await db.execute(
            "INSERT INTO web_sessions (token_hash, participant_id, created_at, seen_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (who.token_hash, participant_id, stamp, stamp),
        )
    return written.rowcount > 0


async def chat_for_participant(db: Db, participant_id: int) -> int | None:
    row = await db.fetch_one(
        "SELECT chat_id FROM messaging_links WHERE participant_id = ?", (participant_id,)
    )
    return int(row["chat_id"]) if row else None


async def forget_browser(db: Db, browser: Browser) -> None:
    """This browser no longer acts for anyone (the answers stay)."""
    await db.execute("DELETE FROM web_sessions WHERE token_hash = ?", (browser.token_hash,))


async def touch_browser(db: Db, browser: Browser) -> None:
    await db.execute(
        "UPDATE web_sessions SET seen_at = ? WHERE token_hash = ?", (now(), browser.token_hash)
    )


async def forget_idle_browsers(db: Db, seen_before: datetime) -> int:
    """Drop browser sessions not used since `seen_before`; returns how many."""
    written = await db.execute(
        "DELETE FROM web_sessions WHERE seen_at < ?",
        (seen_before.isoformat(timespec="seconds"),),
    )
    return written.rowcount


async def new_resume_token(db: Db, participant_id: int) -> str:
    """A fresh personal resume link token; any earlier one stops working."""
    token = new_token()
    await db.execute(
        "INSERT INTO resume_tokens (participant_id, token_hash, created_at) VALUES (?, ?, ?) "
        "ON CONFLICT(participant_id) DO UPDATE SET token_hash = excluded.token_hash, "
        "created_at = excluded.created_at",
        (participant_id, hash_token(token), now()),
    )
    return token


async def participant_for_resume(db: Db, token: str) -> Participant | None:
    row = await db.fetch_one(
        "SELECT participants.* FROM participants JOIN resume_tokens "
        "ON resume_tokens.participant_id = participants.id WHERE token_hash = ?",
        (hash_token(token),),
    )
    return participant_from_row(row) if row else None
