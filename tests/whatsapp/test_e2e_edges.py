"""WhatsApp at its edges: signatures, verification, duplicates, stale buttons, typed answers,
unknown numbers, stickers, failures and the 24-hour window."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp

from localwhatsapp import CloudApiFault, Sent
from questionnaires.model import Catalog
from tests.whatsapp.conftest import VERIFY_TOKEN, WhatsAppWorld, whatsapp_world
from whatsapp.webhook import CHANNEL


async def started(world: WhatsAppWorld, role: str = "client") -> list[Sent]:
    """Anna consented and passed the intro: the first question is her newest message."""
    code = await world.invite(role)
    anna = world.person()
    await anna.send_text(f"Mijn code is {code}")
    await anna.press("Ja, ik doe mee")
    return await anna.press("Verder »")


async def test_verification_echoes_the_challenge_only_with_the_token(world: WhatsAppWorld) -> None:
    url = f"{world.server.url}/whatsapp"
    async with aiohttp.ClientSession() as http:
        query = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "42"}
        async with http.get(url, params=query) as response:
            assert response.status == 200 and await response.text() == "42"
        query["hub.verify_token"] = "wrong-token-0123456789"
        async with http.get(url, params=query) as response:
            assert response.status == 403 and "42" not in await response.text()


async def test_a_forged_or_missing_signature_changes_nothing(world: WhatsAppWorld) -> None:
    code = await world.invite()
    anna = world.person()
    forged = await anna.send_text(code, secret="f" * 32, expect=False)
    assert anna.last_webhook_status == 403 and forged == []
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{world.server.url}/whatsapp", data=b"{}") as response,
    ):
        assert response.status == 401
    assert await world.count("handled_deliveries") == 0 and anna.read_marks == []


async def test_an_unknown_number_gets_a_kind_explanation(world: WhatsAppWorld) -> None:
    kim = world.person("31687654321", "Kim")
    [reply] = await kim.send_text("Hallo?")
    assert "Je hebt een code nodig" in reply.text and not reply.choices
    [sticker] = await kim.send_sticker()
    assert "alleen tekst" in sticker.text
    assert await world.count("participants") == 0


async def test_a_message_delivered_twice_is_answered_once(world: WhatsAppWorld) -> None:
    await started(world)
    anna = world.person()
    first = await anna.choose("Eens")
    count = await world.count("answers")
    assert anna.last_webhook_status == 200 and first
    before = len(anna.inbox)
    assert await world.api.redeliver() == 200  # Meta sends the same notification again
    assert await anna.replies_since(before, expect=False) == []
    assert await world.count("answers") == count


async def test_typed_answers_and_a_stale_button(world: WhatsAppWorld) -> None:
    first = (await started(world))[-1]
    anna = world.person()
    before = await world.count("answers")
    typed = await anna.send_text("eens")  # the label typed
    assert "✓ Je antwoord: Eens" in typed[0].text
    numbered = await anna.send_text("1")  # the number of the first option
    assert "✓ Je antwoord:" in numbered[0].text
    stale = await anna.choose("Oneens", on=first)  # on the first question's message
    assert "eerdere vraag" in stale[0].text
    assert stale[-1].choices, "after a stale press the current question follows"
    assert await world.count("answers") == before + 2  # the stale press stored nothing


async def test_failures_are_retried_and_nobody_is_stranded(world: WhatsAppWorld) -> None:
    await started(world)
    anna = world.person()
    world.api.faults.add(CloudApiFault.rate_limit(times=2))
    world.api.faults.add(CloudApiFault.server_error(503, times=1))
    replies = await anna.choose("Eens")
    assert replies and "✓ Je antwoord: Eens" in replies[0].text
    assert await world.count("handled_deliveries WHERE replied = 0") == 0


async def test_an_undeliverable_number_is_not_retried(world: WhatsAppWorld) -> None:
    await started(world)
    anna = world.person()
    fault = world.api.faults.add(CloudApiFault.undeliverable(wa_id=anna.wa_id, times=None))
    calls = len(world.api.calls)
    assert await anna.choose("Eens", expect=False) == []
    assert fault.hits <= 2  # the read mark and the reply: no retry storm
    assert len(world.api.calls) - calls <= 2
    assert await world.count("whatsapp_links WHERE unreachable = 1") == 1
    assert await world.count("handled_deliveries WHERE replied = 0") == 0


async def test_a_closed_window_sends_nothing_free_form(world: WhatsAppWorld) -> None:
    await started(world)
    anna = world.person()
    world.api.faults.add(CloudApiFault.server_error(500, times=None))
    assert await anna.choose("Eens", expect=False) == []  # owed: WhatsApp keeps failing
    channel = world.server.runner.app[CHANNEL]
    await asyncio.gather(*channel.tasks)  # until the reply's last retry failed
    assert await world.count("handled_deliveries WHERE replied = 0") == 1
    world.api.faults.clear()
    await world.store.conn.execute(
        "UPDATE whatsapp_links SET last_wrote_at = '2020-01-01T00:00:00+00:00'"
    )
    world.api.advance(hours=25)
    calls = len(world.api.calls)
    assert await channel.deliver_owed() == 0
    assert len(world.api.calls) == calls  # nothing sent outside the window
    back = await anna.send_text("hoi")  # writing again opens it
    assert back and back[-1].choices


async def test_a_delivery_after_a_restart_changes_nothing(tmp_path: Path, catalog: Catalog) -> None:
    async with whatsapp_world(tmp_path, catalog) as world:
        await started(world)
        await world.person().choose("Eens")
        delivered = world.api.notifications[-1]
        answers = await world.count("answers")
    async with whatsapp_world(tmp_path, catalog) as again:  # a new process, the same database
        anna = again.person()
        anna.last_wrote = again.api.now()  # a reply could reach her
        assert await again.api.post_raw(delivered) == 200
        assert await anna.replies_since(0, expect=False) == []
        assert await again.count("answers") == answers


async def test_a_person_who_blocked_the_business_gets_nothing_more(world: WhatsAppWorld) -> None:
    await started(world)
    anna = world.person()
    anna.block()  # WhatsApp accepts the reply, then reports it failed (131026)
    assert await anna.choose("Eens", expect=False) == []
    for _ in range(50):  # the failed status arrives beside the reply
        if await world.count("whatsapp_links WHERE unreachable = 1"):
            break
        await asyncio.sleep(0.1)
    assert await world.count("whatsapp_links WHERE unreachable = 1") == 1
    assert await world.count("handled_deliveries WHERE replied = 0") == 0
    assert world.api.unknown_sent, "the reply went to WhatsApp and failed there"
