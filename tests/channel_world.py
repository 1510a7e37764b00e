"""What the world of every channel (bot, web form, WhatsApp) does on its own store: give an
invite code in the newest round, and count a table's rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import ClassVar

from storage.store import Store


class ChannelWorld:
    """The base of BotWorld, WebWorld and WhatsAppWorld: each names its test round (and the
    location of its codes, if any)."""

    store: Store
    round_name: ClassVar[str]
    location: ClassVar[str | None] = None

    async def invite(
        self,
        role: str = "client",
        *,
        max_uses: int | None = 1,
        kind: str = "survey",
        days: int = 7,
    ) -> str:
        """A code for `role` in the newest round; with no round yet, the world's round is made,
        running from yesterday for two months."""
        rounds = await self.store.list_rounds()
        if rounds:
            round_ = rounds[-1]
        else:
            today = date.today()
            round_ = await self.store.create_round(
                self.round_name, today.year, today - timedelta(days=1), today + timedelta(days=60)
            )
        location = (await self.store.add_location(self.location)).id if self.location else None
        expires = datetime.now(UTC) + timedelta(days=days)
        [invite] = await self.store.create_invites(
            round_.id, role, 1, expires, location, max_uses=max_uses, kind=kind
        )
        return invite.code

    async def count(self, table: str) -> int:
        row = await self.store.fetch_one(f"SELECT count(*) FROM {table}")
        assert row is not None
        return int(row[0])
