"""After `inspraak retention` unlinked someone's chat, the bot tells them the truth: their sent
answers still count anonymously, and can no longer be shown or erased one by one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.identities import Chat
from tests.bot.conftest import BotWorld


async def count(world: BotWorld, sql: str) -> int:
    row = await world.store.fetch_one(sql)
    assert row is not None
    return int(row[0])


async def test_my_data_and_erase_after_retention(small: BotWorld) -> None:
    person = small.user(140)
    consent = (await person.command("start", await small.invite()))[-1].text
    # The consent promises erasure only as long as it is possible.
    assert "Alles wissen kan met /verwijder, tot 90 dagen na het einde van de ronde" in consent
    await person.press("Ja, ik doe mee")
    await person.press("Verder »")
    await person.press("Eens")
    participant = await small.store.participant_for(Chat(140))
    assert participant is not None
    [response] = await small.store.responses_of(participant.id)
    await small.store.submit_response(response.id, ["c_thuis"])
    assert "Eens" in (await person.command("mijngegevens"))[-1].text

    [round_] = await small.store.list_rounds()
    await small.store.close_round(round_.id)
    result = await small.store.apply_retention(datetime.now(UTC) + timedelta(days=1))
    assert result.messaging_links == 1
    assert await count(small, "SELECT count(*) FROM answers") == 1  # still in the figures

    text = (await person.command("mijngegevens"))[-1].text
    assert "geen antwoorden" in text and "meer dan 90 dagen voorbij" in text
    assert "tellen nog mee in de cijfers" in text and "niet apart wissen" in text
    assert "Neem contact op met de kwaliteitsmedewerker" in text
    assert "niets over jou bewaard" not in text  # that would not be true
    await person.command("verwijder")
    await person.press("Ja, wis alles")
    assert "tellen nog mee in de cijfers" in person.last_text
    assert await count(small, "SELECT count(*) FROM answers") == 1

    # Someone who never took part reads the same, in their language; nothing there is untrue.
    english = small.user(141)
    await english.command("taal")
    await english.press("English")
    text = (await english.command("mijngegevens"))[-1].text
    assert text.startswith("I find no answers for this chat.") and "not even us" in text
