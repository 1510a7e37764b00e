"""Reminders: who is due one (idle long enough, not finished, not stopped, the round still
running) and how often; times compared as moments."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.storage.conftest import StoreWorld

TODAY = date(2026, 11, 26)  # the organisation's local date, as the bot passes it to reminders


async def test_due_reminders(world: StoreWorld) -> None:
    store = world.store
    await store.conn.execute("UPDATE rounds SET ends_on = '2099-12-31'")  # still running
    idle = await world.respond(101, {"r_thuis": 4}, submit=False)
    await world.respond(102, {"r_thuis": 4}, submit=True)  # finished: never reminded
    stopped = await world.respond(103, {}, submit=False)
    await store.stop_reminders(stopped.participant_id)
    soon = datetime.now(UTC) + timedelta(minutes=5)  # everything is idle "since" then
    assert await store.due_reminders(soon, max_reminders=2, today=TODAY) == [(idle.id, 101)]

    # At most `max_reminders` per response.
    await store.mark_reminded(idle.id)
    assert await store.due_reminders(soon, max_reminders=2, today=TODAY) == [(idle.id, 101)]
    await store.mark_reminded(idle.id)
    assert await store.due_reminders(soon, max_reminders=2, today=TODAY) == []
    assert await store.due_reminders(soon, max_reminders=3, today=TODAY) == [(idle.id, 101)]

    # Only after being idle: recent activity or a recent reminder both count.
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    assert await store.due_reminders(hour_ago, max_reminders=3, today=TODAY) == []
    await store.conn.execute(
        "UPDATE responses SET updated_at = '2026-01-01T00:00:00+00:00', last_reminder_at = NULL"
    )
    assert await store.due_reminders(hour_ago, max_reminders=3, today=TODAY) == [(idle.id, 101)]
    await store.mark_reminded(idle.id)
    assert await store.due_reminders(hour_ago, max_reminders=3, today=TODAY) == []

    # A round past its last day reminds nobody, and neither does a closed one. The last day
    # is the caller's local date: through it, not a day after.
    await store.conn.execute("UPDATE rounds SET ends_on = '2026-11-30'")
    last_day, day_after = date(2026, 11, 30), date(2026, 12, 1)
    assert await store.due_reminders(soon, max_reminders=9, today=last_day) == [(idle.id, 101)]
    assert await store.due_reminders(soon, max_reminders=9, today=day_after) == []
    await store.conn.execute("UPDATE rounds SET ends_on = '2000-01-01'")
    assert await store.due_reminders(soon, max_reminders=9, today=TODAY) == []
    await store.conn.execute("UPDATE rounds SET ends_on = '2099-12-31'")
    assert await store.due_reminders(soon, max_reminders=9, today=TODAY) == [(idle.id, 101)]
    await store.close_round(world.round_id)
    assert await store.due_reminders(soon, max_reminders=9, today=TODAY) == []


async def test_due_reminders_compare_moments_not_strings(world: StoreWorld) -> None:
    """Times written with another offset or with fractions of a second are compared as the
    moments they are (as ISO strings, '07:00+01:00' would sort after '06:30+00:00')."""
    store = world.store
    await store.conn.execute("UPDATE rounds SET ends_on = '2099-12-31'")
    idle = await world.respond(101, {"r_thuis": 4}, submit=False)
    idle_before = datetime(2026, 11, 26, 6, 30, tzinfo=UTC)
    for updated_at, due in [
        ("2026-11-26T07:00:00+01:00", True),  # 06:00 UTC: idle long enough
        ("2026-11-26T06:29:59.900000+00:00", True),
        ("2026-11-26T06:30:00.500000+00:00", False),
        ("2026-11-26T02:00:00-05:00", False),  # 07:00 UTC
    ]:
        await store.conn.execute(
            "UPDATE responses SET updated_at = ?, last_reminder_at = NULL", (updated_at,)
        )
        expected = [(idle.id, 101)] if due else []
        assert await store.due_reminders(idle_before, max_reminders=2, today=TODAY) == expected, (
            updated_at
        )
    await store.conn.execute(
        "UPDATE responses SET updated_at = '2026-11-26T05:00:00+00:00', "
        "last_reminder_at = '2026-11-26T07:15:00+01:00'"  # 06:15 UTC, before 06:30
    )
    assert await store.due_reminders(idle_before, max_reminders=2, today=TODAY) == [(idle.id, 101)]
