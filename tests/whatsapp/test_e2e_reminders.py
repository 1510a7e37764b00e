"""Reminders on WhatsApp: only as the approved template, also after the 24-hour window; a
press on its button brings the question back; few, and none to an unreachable number."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from localwhatsapp import CloudApiFault
from tests.whatsapp.conftest import WhatsAppWorld
from whatsapp import reminders
from whatsapp.webhook import CHANNEL

NOON = datetime(2026, 12, 4, 11, 0, tzinfo=UTC)  # 12:00 in Amsterdam, outside quiet hours


async def silent_for_days(world: WhatsAppWorld) -> None:
    code = await world.invite("naaste")
    anna = world.person()
    await anna.send_text(f"Mijn code is {code}")
    await anna.press("Ja, ik doe mee")
    await world.store.conn.execute("UPDATE responses SET updated_at = '2020-01-01T00:00:00+00:00'")
    world.api.advance(hours=49)  # her window closed long ago


async def test_a_reminder_is_the_template_and_its_button_resumes(world: WhatsAppWorld) -> None:
    await silent_for_days(world)
    channel = world.server.runner.app[CHANNEL]
    assert await reminders.send_due(channel, NOON) == 1
    anna = world.person()
    reminder = anna.last
    assert reminder.kind == "template" and reminder.template == "inspraak_herinnering"
    assert reminder.parameters == ["Zorggroep De Linde"]
    assert await reminders.send_due(channel, NOON) == 0  # not again right away
    back = await anna.press_template_button("Verder gaan")
    assert "Welkom terug" in back[0].text
    assert back[-1].choices, "the question she was at comes back, with its choices"


async def test_no_reminders_at_night_nor_to_an_unreachable_number(world: WhatsAppWorld) -> None:
    await silent_for_days(world)
    channel = world.server.runner.app[CHANNEL]
    night = NOON.replace(hour=23)
    assert await reminders.send_due(channel, night) == 0
    fault = world.api.faults.add(CloudApiFault.undeliverable(times=None))
    assert await reminders.send_due(channel, NOON) == 0
    assert fault.hits == 1
    assert await world.count("whatsapp_links WHERE unreachable = 1") == 1
    assert await reminders.send_due(channel, NOON + timedelta(days=3)) == 0
    assert fault.hits == 1  # no retry storm
