"""A round's first and last day are days in INSPRAAK_TIMEZONE, for invites and answers alike:
a round ending on 30 November ends at local midnight, not at midnight UTC.

The test runs at whatever moment it runs: it picks a zone whose date differs from the UTC date
right now (Kiritimati, UTC+14, from 10:00 UTC; Pago Pago, UTC-11, before 11:00 UTC), so the
round is open today in that zone but not on the UTC date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from conversation.flow import Conversation
from questionnaires.model import Catalog
from settings import Settings
from storage.identities import Chat
from storage.store import Store
from tests.conversation.test_flow import press

AHEAD, BEHIND = "Pacific/Kiritimati", "Pacific/Pago_Pago"


def zone_off_utc(now: datetime) -> tuple[str, date, date, str]:
    """A zone whose date is not the UTC date at `now`, and a round that is open on the local
    date but not on the UTC one: (zone, first day, last day, what the UTC reading says)."""
    utc_day = now.date()
    zone = AHEAD if now.astimezone(ZoneInfo(AHEAD)).date() != utc_day else BEHIND
    local_day = now.astimezone(ZoneInfo(zone)).date()
    assert local_day != utc_day
    if local_day > utc_day:  # the round starts today here; in UTC that is tomorrow
        return zone, local_day, local_day + timedelta(days=30), "begint op"
    # The round's last day is today here; in UTC that was yesterday.
    return zone, local_day - timedelta(days=30), local_day, "is gesloten"


async def test_invites_and_answers_follow_the_local_date(
    store: Store, short_catalog: Catalog
) -> None:
    now = datetime.now(UTC)
    zone, first, last, wrong = zone_off_utc(now)
    round_ = await store.create_round("Rond", first.year, first, last)
    [invite] = await store.create_invites(round_.id, "client", 1, now + timedelta(days=40))
    conv = Conversation(store, short_catalog, Settings(INSPRAAK_TIMEZONE=zone))
    out = await conv.start(Chat(1), invite.code, "nl")
    assert "Doe je mee?" in out.screens[0].plain, out.screens[0].plain
    out = await press(conv, 1, out.screens[0], "Ja, ik doe mee")
    assert any("Eerst wat uitleg" in screen.plain for screen in out.screens)
    assert (await conv.current(Chat(1), "nl")).screens[-1].choices  # and it takes answers

    # The same round read on the UTC date would be closed or not started yet.
    in_utc = Conversation(store, short_catalog, Settings(INSPRAAK_TIMEZONE="UTC"))
    [other] = await store.create_invites(round_.id, "client", 1, now + timedelta(days=40))
    refused = await in_utc.start(Chat(2), other.code, "nl")
    assert wrong in refused.screens[0].plain, refused.screens[0].plain
