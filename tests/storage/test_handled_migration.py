"""Migration 9: Telegram's `handled_updates` and WhatsApp's `whatsapp_messages` of a version-8
database become `handled_deliveries`, and every row means what it meant: the same deliveries
are recognised as handled, the same people are owed a reply, the same rows are forgotten when,
and no message id is stored unhashed."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage.db import connect, migrate_to, schema_version
from storage.handled import Claim
from storage.identities import Chat, WhatsApp
from storage.migrations import SCHEMA_VERSION
from storage.store import Store

NOW = datetime.now(UTC)
ANNA, BOB, KIM = "31611111111", "31622222222", "31633333333"


def stamp(ago: timedelta) -> str:
    return (NOW - ago).isoformat(timespec="seconds")


def sha(message_id: str) -> str:
    return hashlib.sha256(message_id.encode()).hexdigest()


RECENT = stamp(timedelta(hours=1))
TWO_DAYS = stamp(timedelta(days=2))
EIGHT_DAYS = stamp(timedelta(days=8))
# Participants 1 and 2 on Telegram (chats 101, 102), 3 and 4 on WhatsApp (Anna, Bob).
PEOPLE = [
    "INSERT INTO participants (id, pseudonym, created_at) VALUES (1, 'p1', ?), (2, 'p2', ?), "
    "(3, 'p3', ?), (4, 'p4', ?)",
    "INSERT INTO messaging_links (participant_id, chat_id, created_at) VALUES (1, 101, ?), "
    "(2, 102, ?)",
    "INSERT INTO whatsapp_links (participant_id, wa_id, last_wrote_at, created_at) "
    f"VALUES (3, '{ANNA}', ?, ?), (4, '{BOB}', ?, ?)",
]
HANDLED_UPDATES = [  # participant, update id, handled at, replied
    (1, 100, RECENT, 0),  # owed
    (1, 99, RECENT, 1),
    (2, 100, TWO_DAYS, 1),  # the same update id from another bot; past Telegram's 24 hours
    (2, 101, TWO_DAYS, 0),  # owed for two days now: still owed
]
WHATSAPP_MESSAGES = [  # hash of Meta's id, participant, received at, replied
    (sha("wamid.A"), 3, RECENT, 0),  # owed, Anna's window open
    (sha("wamid.B"), 3, RECENT, 1),
    (sha("wamid.C"), None, RECENT, 0),  # Kim, no participant: nothing owed, nothing stored
    (sha("wamid.D"), 4, EIGHT_DAYS, 1),  # past Meta's 7 days of retries
]


async def version_8(path: Path) -> None:
    conn = await connect(path, migrate=False)
    try:
        assert await migrate_to(conn, 8) == 8
        await conn.execute(PEOPLE[0], (RECENT,) * 4)
        await conn.execute(PEOPLE[1], (RECENT,) * 2)
        await conn.execute(PEOPLE[2], (RECENT, RECENT, EIGHT_DAYS, EIGHT_DAYS))
        await conn.executemany("INSERT INTO handled_updates VALUES (?, ?, ?, ?)", HANDLED_UPDATES)
        await conn.executemany(
            "INSERT INTO whatsapp_messages (id_hash, participant_id, received_at, replied) "
            "VALUES (?, ?, ?, ?)",
            WHATSAPP_MESSAGES,
        )
        await conn.commit()
    finally:
        await conn.close()


async def test_handled_rows_mean_the_same_after_migration_9(tmp_path: Path) -> None:
    path = tmp_path / "inspraak.db"
    await version_8(path)
    async with Store.open(path) as store:
        assert await schema_version(store.conn) == SCHEMA_VERSION >= 9
        tables = {row[0] for row in await store.fetch_all("SELECT name FROM sqlite_master")}
        assert "handled_deliveries" in tables
        assert not {"handled_updates", "whatsapp_messages"} & tables
        rows = await store.fetch_all("SELECT delivery FROM handled_deliveries")
        assert not [row for row in rows if "wamid" in row[0]]  # Meta's ids stay hashed

        # Owed as before: Telegram until replied, WhatsApp while the window is open.
        assert await store.owed_replies(Chat) == [Chat(101), Chat(102)]
        assert await store.owed_replies(WhatsApp) == [WhatsApp(ANNA)]
        assert not await store.reply_owed(WhatsApp(BOB))

        # Handled before, so a second delivery is dropped; per participant on Telegram.
        for who, delivery in (
            (Chat(101), 100),
            (Chat(101), 99),
            (Chat(102), 100),
            (Chat(102), 101),
            (WhatsApp(ANNA), "wamid.A"),
            (WhatsApp(ANNA), "wamid.B"),
            (WhatsApp(BOB), "wamid.D"),
        ):
            assert await store.claim_delivery(who, delivery) is Claim.DUPLICATE, (who, delivery)
        assert await store.claim_delivery(Chat(101), 101) is Claim.NEW
        assert await store.claim_delivery(WhatsApp(KIM), "wamid.C") is Claim.UNLINKED

        # Forgotten as before: Telegram's replied update past 24 hours, WhatsApp's past 7 days.
        assert await store.forget_handled(NOW) == 2
        left = await store.fetch_all(
            "SELECT participant_id, channel, delivery, replied FROM handled_deliveries "
            "ORDER BY 1, 3"
        )
        assert [tuple(row) for row in left] == [
            (1, "telegram", "100", 0),
            (1, "telegram", "101", 0),
            (1, "telegram", "99", 1),
            (2, "telegram", "101", 0),
            *sorted([(3, "whatsapp", sha("wamid.A"), 0), (3, "whatsapp", sha("wamid.B"), 1)]),
        ]
        await store.reply_delivered(Chat(101))
        assert await store.owed_replies(Chat) == [Chat(102)]
