"""The web form after `inspraak retention` removed the link between a browser and its answers:
'Mijn gegevens' and 'Alles wissen' say what happened, truthfully and kindly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from demo.web_visitor import answer_everything
from tests.web.conftest import WebWorld


async def test_my_data_and_erase_after_retention(world: WebWorld) -> None:
    async with world.visitor() as person:
        await person.open(f"/v/{await world.invite()}")
        assert "Dat kan tot 90 dagen na het einde van de ronde" in person.text  # the consent
        await person.press("Ja, ik doe mee")
        await person.open("/v")
        await answer_everything(person, 0)
        await person.open("/v/mijn-gegevens")
        assert "Wat er over jou is bewaard" in person.text
        answers = await world.count("answers")

        [round_] = await world.store.list_rounds()
        await world.store.close_round(round_.id)
        result = await world.store.apply_retention(datetime.now(UTC) + timedelta(days=1))
        assert result.web_sessions == 1 and await world.count("answers") == answers > 0

        for path in ("/v/mijn-gegevens", "/v/wissen"):
            assert await person.open(path) == 200
            text = person.text
            assert "Ik vind in deze browser geen antwoorden" in text, path
            assert "meer dan 90 dagen voorbij" in text and "persoonlijke link" in text
            assert "tellen nog mee in de cijfers" in text and "niet apart wissen" in text
            assert "andere telefoon of computer" in text
            assert "Traceback" not in person.html and "{" not in text
