"""Deliveries handled once and replies owed, one record for Telegram and WhatsApp: per
participant, in the transaction of the answer, gone with the participant and their link."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from questionnaires.model import Questionnaire
from storage.handled import Claim
from storage.identities import Chat, WhatsApp, Who
from storage.store import Store
from tests.storage.test_identities import AT, code, count

ANNA, BOB = WhatsApp("31611111111"), WhatsApp("31622222222")
MESSAGE = "wamid.HBgLMzE2MTExMTExMTEVAgASGBQzQTJCQzREMjU3QjM1RUY0QjQyMgA="


class Boom(Exception):
    pass


async def linked(store: Store, questionnaire: Questionnaire, who: Who | int) -> int:
    """`who` (a chat id: that Telegram chat) became a participant; their response's id."""
    response, _ = await store.start_response(
        Chat(who) if isinstance(who, int) else who, await code(store), questionnaire, "v1", at=AT
    )
    assert response is not None
    return response.id


async def stored(store: Store) -> list[tuple[str, str, int]]:
    rows = await store.fetch_all(
        "SELECT channel, delivery, replied FROM handled_deliveries ORDER BY 1, 2"
    )
    return [(row[0], row[1], row[2]) for row in rows]


async def test_a_delivery_is_claimed_once_per_participant(
    store: Store, rich: Questionnaire
) -> None:
    assert await store.claim_delivery(Chat(11), 100) is Claim.UNLINKED  # nothing recorded
    assert await store.claim_delivery(ANNA, MESSAGE) is Claim.UNLINKED
    await linked(store, rich, 11)
    await linked(store, rich, 12)
    await linked(store, rich, ANNA)
    assert await store.claim_delivery(Chat(11), 100) is Claim.NEW
    assert await store.claim_delivery(Chat(11), 100) is Claim.DUPLICATE
    assert await store.claim_delivery(Chat(11), 101) is Claim.NEW
    assert await store.claim_delivery(Chat(12), 100) is Claim.NEW  # ids per bot, checked per person
    assert await store.claim_delivery(ANNA, MESSAGE) is Claim.NEW
    assert await store.claim_delivery(ANNA, MESSAGE) is Claim.DUPLICATE
    async with store.conn.execute("SELECT * FROM handled_deliveries") as cursor:
        columns = [d[0] for d in cursor.description]
    assert columns == ["participant_id", "channel", "delivery", "handled_at", "replied"]
    hashed = hashlib.sha256(MESSAGE.encode()).hexdigest()  # Meta's id encodes the number
    assert ("whatsapp", hashed, 0) in await stored(store)
    assert not [row for row in await stored(store) if MESSAGE in row[1] or ANNA.wa_id in row[1]]


async def test_a_delivery_that_makes_a_participant_is_recorded_with_it(
    store: Store, rich: Questionnaire
) -> None:
    async def consent() -> str:
        await linked(store, rich, ANNA)
        return "welkom"

    assert await store.handle_once(ANNA, MESSAGE, consent) == "welkom"
    assert await store.handle_once(ANNA, MESSAGE, consent) is None  # dropped, nothing done
    assert await count(store, "participants") == 1 and await store.reply_owed(ANNA)

    async def explain() -> str:  # someone with no code: nothing stored, nothing owed
        return "je hebt een code nodig"

    assert await store.handle_once(BOB, "wamid.bob", explain) == "je hebt een code nodig"
    assert await store.handle_once(BOB, "wamid.bob", explain) == "je hebt een code nodig"
    assert await count(store, "handled_deliveries") == 1


async def test_the_claim_rolls_back_with_the_answer(store: Store, rich: Questionnaire) -> None:
    response_id = await linked(store, rich, 21)
    question = rich.questions[1].id

    async def answer_then_fail() -> None:
        await store.save_answer(response_id, question, 3)
        raise Boom

    with pytest.raises(Boom):
        await store.handle_once(Chat(21), 500, answer_then_fail)
    assert await store.answers_of(response_id) == {}
    assert not await store.reply_owed(Chat(21))

    async def answer() -> str:  # not handled after all: it can be handled now
        await store.save_answer(response_id, question, 3)
        return "volgende vraag"

    assert await store.handle_once(Chat(21), 500, answer) == "volgende vraag"
    assert set(await store.answers_of(response_id)) == {question}


async def test_a_failing_inner_transaction_undoes_only_its_own_part(
    store: Store, rich: Questionnaire
) -> None:
    response_id = await linked(store, rich, 22)
    async with store.transaction():
        assert await store.claim_delivery(Chat(22), 600) is Claim.NEW
        with pytest.raises(Boom):
            async with store.transaction():  # a savepoint inside the outer transaction
                await store.save_answer(response_id, rich.questions[1].id, 3)
                raise Boom
    assert await store.answers_of(response_id) == {}
    assert await store.claim_delivery(Chat(22), 600) is Claim.DUPLICATE  # the outer part committed


async def test_owed_until_replied_and_forgotten_a_day_after_on_telegram(
    store: Store, rich: Questionnaire
) -> None:
    for chat_id in (31, 32):
        await linked(store, rich, chat_id)
    assert await store.owed_replies(Chat) == []
    await store.claim_delivery(Chat(31), 1)
    await store.claim_delivery(Chat(31), 2)
    await store.claim_delivery(Chat(32), 3)
    assert await store.owed_replies(Chat) == [Chat(31), Chat(32)]
    assert await store.reply_owed(Chat(31)) and await store.reply_owed(Chat(32))
    await store.reply_delivered(Chat(31))  # one reply settles all of a person's earlier updates
    assert await store.owed_replies(Chat) == [Chat(32)]
    assert not await store.reply_owed(Chat(31))
    # Only what was replied to is forgotten, and only after Telegram's 24 hours.
    now = datetime.now(UTC)
    assert await store.forget_handled(now) == 0
    assert await store.forget_handled(now + timedelta(hours=24, minutes=1)) == 2
    assert await store.forget_handled(now + timedelta(days=365)) == 0  # owed stays owed
    assert await store.owed_replies(Chat, now + timedelta(days=365)) == [Chat(32)]
    assert await store.claim_delivery(Chat(32), 3) is Claim.DUPLICATE


async def test_owed_within_the_window_and_forgotten_a_week_after_on_whatsapp(
    store: Store, rich: Questionnaire
) -> None:
    await linked(store, rich, ANNA)
    await linked(store, rich, BOB)
    await store.claim_delivery(ANNA, "wamid.1")
    await store.claim_delivery(BOB, "wamid.2")
    now = datetime.now(UTC)
    assert await store.owed_replies(WhatsApp) == [ANNA, BOB]
    assert await store.owed_replies(Chat) == []  # each channel its own
    await store.whatsapp_unreachable(BOB.wa_id)  # blocked: nothing owed
    assert await store.owed_replies(WhatsApp) == [ANNA]
    # After 24 hours WhatsApp takes no free-form reply: nothing owed any more.
    later = now + timedelta(hours=24, minutes=1)
    assert await store.owed_replies(WhatsApp, later) == []
    assert not await store.reply_owed(ANNA, later) and await store.reply_owed(ANNA, now)
    # Meta retries for up to 7 days: kept that long, also unreplied, to drop a late retry.
    assert await store.forget_handled(now + timedelta(days=6)) == 0
    assert await store.claim_delivery(ANNA, "wamid.1") is Claim.DUPLICATE
    assert await store.forget_handled(now + timedelta(days=7, minutes=1)) == 2
    assert await count(store, "handled_deliveries") == 0


async def test_records_go_with_the_participant_and_their_link(
    store: Store, rich: Questionnaire
) -> None:
    await linked(store, rich, 41)
    await store.claim_delivery(Chat(41), 1)
    participant = await store.participant_for(Chat(41))
    assert participant is not None
    await store.erase_participant(participant.id)  # /verwijder
    assert await count(store, "handled_deliveries") == 0
    assert await store.owed_replies(Chat) == []
    # Without their link (retention deletes it) nothing can be owed or recognised again.
    await linked(store, rich, 42)
    await linked(store, rich, ANNA)
    await store.claim_delivery(Chat(42), 2)
    await store.claim_delivery(ANNA, "wamid.3")
    await store.conn.execute("DELETE FROM messaging_links")
    assert await store.forget_handled() == 1
    assert await stored(store) == [("whatsapp", hashlib.sha256(b"wamid.3").hexdigest(), 0)]
    await store.conn.execute("DELETE FROM whatsapp_links")
    assert await store.forget_handled() == 1
    assert await count(store, "handled_deliveries") == 0
