"""An invite code for a test that drives the bot or the web form."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from storage.store import Store


async def invite_code(
    store: Store,
    role: str,
    *,
    max_uses: int | None,
    kind: str,
    days: int,
    round_name: str,
    location: str | None = None,
) -> str:
    """A code for `role` in the newest round; with no round yet, `round_name` is made, running
    from yesterday for two months."""
    rounds = await store.list_rounds()
    if rounds:
        round_ = rounds[-1]
    else:
        today = date.today()
        round_ = await store.create_round(
            round_name, today.year, today - timedelta(days=1), today + timedelta(days=60)
        )
    location_id = (await store.add_location(location)).id if location else None
    expires = datetime.now(UTC) + timedelta(days=days)
    [invite] = await store.create_invites(
        round_.id, role, 1, expires, location_id, max_uses=max_uses, kind=kind
    )
    return invite.code
