"""Console login secrets and sessions: one use, short-lived, stored only as hashes."""

from __future__ import annotations

from datetime import timedelta

from storage.console import CODE_LENGTH, grouped, hash_secret
from storage.store import Store

IDLE = timedelta(minutes=30)


async def dump(store: Store) -> str:
    rows: list[str] = []
    for table in ("console_logins", "console_sessions"):
        async with store.conn.execute(f"SELECT * FROM {table}") as cursor:
            rows.extend(str(tuple(row)) for row in await cursor.fetchall())
    return "\n".join(rows)


async def test_a_login_secret_works_once(store: Store) -> None:
    secret = await store.new_console_login("telegram:900")
    assert len(secret) == 32 and await store.console_login_state(secret) == "valid"
    assert await store.use_console_login(secret) == "telegram:900"
    assert await store.use_console_login(secret) is None  # replayed
    assert await store.console_login_state(secret) == "used"
    assert await store.console_login_state("x" * 32) == "unknown"
    assert secret not in await dump(store) and hash_secret(secret) in await dump(store)


async def test_a_typed_code_forgives_dashes_and_capitals(store: Store) -> None:
    code = await store.new_console_login("code:kim", length=CODE_LENGTH)
    assert await store.use_console_login(f" {grouped(code).upper()} ") == "code:kim"


async def test_an_expired_secret_does_not_work(store: Store) -> None:
    secret = await store.new_console_login("telegram:900", timedelta(seconds=-1))
    assert await store.console_login_state(secret) == "expired"
    assert await store.use_console_login(secret) is None


async def test_sessions_end_when_idle_or_logged_out(store: Store) -> None:
    token = await store.start_console_session("telegram:900")
    assert await store.console_session(token, IDLE) == "telegram:900"
    assert await store.console_session(token + "x", IDLE) is None
    assert await store.console_session(token, timedelta(0)) is None  # idle too long
    assert token not in await dump(store)
    assert await store.end_console_session(token)
    assert await store.console_session(token, IDLE) is None
    other = await store.start_console_session("telegram:901")
    assert await store.end_console_sessions_of("telegram:901") == 1
    assert await store.console_session(other, IDLE) is None
