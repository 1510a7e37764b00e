"""Access to the coordinator console: one-time login secrets and console sessions.

A login secret (in a link the bot sends, or a code `inspraak console-login` prints) works once
and briefly; a session lives in a cookie and ends after a while without use, on logging out,
or after a working day at most. Only the SHA-256 of each secret is stored: someone who reads
the database cannot log in with what they find.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime, timedelta

from storage.db import Db

# The same unambiguous characters as invite codes: a code is sometimes typed over.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
LINK_LENGTH = 32  # ~158 bits: a link is clicked, never typed
CODE_LENGTH = 12  # ~59 bits, typed; valid minutes only and guesses are rate limited
LOGIN_VALID = timedelta(minutes=10)
SESSION_MAX = timedelta(hours=12)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def new_secret(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise(secret: str) -> str:
    """What was typed or pasted, without spaces, dashes and capitals."""
    return re.sub(r"[^a-z0-9]", "", secret.lower())


def hash_secret(secret: str) -> str:
    return hashlib.sha256(normalise(secret).encode()).hexdigest()


def grouped(code: str) -> str:
    """A typed code in groups of four: abcd-efgh-jkmn."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


async def new_console_login(
    db: Db, coordinator: str, valid_for: timedelta = LOGIN_VALID, *, length: int = LINK_LENGTH
) -> str:
    """A fresh one-time secret for `coordinator` (e.g. 'telegram:123'); returned once."""
    secret = new_secret(length)
    at = datetime.now(UTC)
    await forget_old_console_access(db, at)
    await db.execute(
        "INSERT INTO console_logins (token_hash, coordinator, created_at, expires_at) "
        "VALUES (?, ?, ?, ?)",
        (hash_secret(secret), coordinator, _stamp(at), _stamp(at + valid_for)),
    )
    return secret


async def console_login_state(db: Db, secret: str) -> str:
    """'valid', 'used', 'expired' or 'unknown', without using the secret."""
    row = await db.fetch_one(
        "SELECT expires_at, used_at FROM console_logins WHERE token_hash = ?",
        (hash_secret(secret),),
    )
    if row is None:
        return "unknown"
    if row[1] is not None:
        return "used"
    return "expired" if row[0] <= _stamp(datetime.now(UTC)) else "valid"


async def use_console_login(db: Db, secret: str) -> str | None:
    """The coordinator a valid, unused secret belongs to; the secret is spent at once."""
    at = _stamp(datetime.now(UTC))
    row = await db.fetch_one(
        "UPDATE console_logins SET used_at = ? WHERE token_hash = ? AND used_at IS NULL "
        "AND expires_at > ? RETURNING coordinator",
        (at, hash_secret(secret), at),
    )
    return None if row is None else str(row[0])


async def start_console_session(db: Db, coordinator: str) -> str:
    """A new session for `coordinator`; the token goes into the cookie, its hash here."""
    token = secrets.token_urlsafe(32)
    at = _stamp(datetime.now(UTC))
    await db.execute(
        "INSERT INTO console_sessions (token_hash, coordinator, created_at, seen_at) "
        "VALUES (?, ?, ?, ?)",
        (_hash_token(token), coordinator, at, at),
    )
    return token


async def console_session(db: Db, token: str, idle: timedelta) -> str | None:
    """The coordinator of a live session (used within `idle`, younger than SESSION_MAX,
    not ended); marks it as used now."""
    now = datetime.now(UTC)
    row = await db.fetch_one(
        "UPDATE console_sessions SET seen_at = ? WHERE token_hash = ? AND ended_at IS NULL "
        "AND seen_at > ? AND created_at > ? RETURNING coordinator",
        (_stamp(now), _hash_token(token), _stamp(now - idle), _stamp(now - SESSION_MAX)),
    )
    return None if row is None else str(row[0])


async def end_console_session(db: Db, token: str) -> bool:
    written = await db.execute(
        "UPDATE console_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL",
        (_stamp(datetime.now(UTC)), _hash_token(token)),
    )
    return written.rowcount > 0


async def end_console_sessions_of(db: Db, coordinator: str) -> int:
    written = await db.execute(
        "UPDATE console_sessions SET ended_at = ? WHERE coordinator = ? AND ended_at IS NULL",
        (_stamp(datetime.now(UTC)), coordinator),
    )
    return written.rowcount


async def forget_old_console_access(db: Db, now: datetime) -> None:
    """Logins and sessions that can no longer be used carry no meaning: remove them."""
    day_ago = _stamp(now - timedelta(days=1))
    await db.execute("DELETE FROM console_logins WHERE expires_at < ?", (day_ago,))
    await db.execute(
        "DELETE FROM console_sessions WHERE created_at < ? OR ended_at < ?",
        (_stamp(now - SESSION_MAX - timedelta(days=1)), day_ago),
    )


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
