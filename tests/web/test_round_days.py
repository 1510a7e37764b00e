"""The web form counts a round's days in INSPRAAK_TIMEZONE too (see
tests/conversation/test_round_days.py for how the zone is chosen)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from questionnaires.model import Catalog
from tests.conversation.test_round_days import zone_off_utc
from tests.web.conftest import web_world


async def test_the_web_form_follows_the_local_date(tmp_path: Path, catalog: Catalog) -> None:
    now = datetime.now(UTC)
    zone, first, last, _ = zone_off_utc(now)
    async with web_world(tmp_path, catalog, INSPRAAK_TIMEZONE=zone) as world:
        round_ = await world.store.create_round("Rond", first.year, first, last)
        [invite] = await world.store.create_invites(
            round_.id, "client", 1, now + timedelta(days=40)
        )
        async with world.visitor() as person:
            assert await person.open(f"/v/{invite.code}") == 200
            assert "Ja, ik doe mee" in person.labels, person.text
            assert await person.press("Ja, ik doe mee") == 200
            await person.open("/v")
            assert person.labels and "Deze vragenlijst" not in person.text
        assert await world.count("responses") == 1
