"""Handled updates and owed replies: kept per participant, in the transaction of the answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from questionnaires.model import Questionnaire
from storage.identities import Chat
from storage.store import Store
from storage.turns import Claim, Turns
from tests.storage.test_identities import AT, code, count


class Boom(Exception):
    pass


async def linked(store: Store, questionnaire: Questionnaire, chat_id: int) -> int:
    response, _ = await store.start_response(
        Chat(chat_id), await code(store), questionnaire, "v1", at=AT
    )
    assert response is not None
    return response.id


async def test_an_update_is_claimed_once_per_participant(
    store: Store, questionnaire: Questionnaire
) -> None:
    turns = Turns(store.conn)
    assert await turns.claim(11, 100) is Claim.UNLINKED  # no participant: nothing recorded
    await linked(store, questionnaire, 11)
    await linked(store, questionnaire, 12)
    assert await turns.claim(11, 100) is Claim.NEW
    assert await turns.claim(11, 100) is Claim.DUPLICATE
    assert await turns.claim(11, 101) is Claim.NEW
    assert await turns.claim(12, 100) is Claim.NEW  # ids are per bot, the check per person
    async with store.conn.execute("SELECT * FROM handled_updates") as cursor:
        columns = [d[0] for d in cursor.description]
    assert columns == ["participant_id", "update_id", "handled_at", "replied"]  # no chat id


async def test_the_claim_rolls_back_with_the_answer(
    store: Store, questionnaire: Questionnaire
) -> None:
    turns = Turns(store.conn)
    response_id = await linked(store, questionnaire, 21)
    question = questionnaire.questions[1].id
    with pytest.raises(Boom):
        async with store.transaction():
            assert await turns.claim(21, 500) is Claim.NEW
            await store.save_answer(response_id, question, 3)
            raise Boom
    assert await store.answers_of(response_id) == {}
    async with store.transaction():  # not handled after all: it can be handled now
        assert await turns.claim(21, 500) is Claim.NEW
        await store.save_answer(response_id, question, 3)
    assert set(await store.answers_of(response_id)) == {question}


async def test_a_failing_inner_transaction_undoes_only_its_own_part(
    store: Store, questionnaire: Questionnaire
) -> None:
    turns = Turns(store.conn)
    response_id = await linked(store, questionnaire, 22)
    async with store.transaction():
        assert await turns.claim(22, 600) is Claim.NEW
        with pytest.raises(Boom):
            async with store.transaction():  # a savepoint inside the outer transaction
                await store.save_answer(response_id, questionnaire.questions[1].id, 3)
                raise Boom
    assert await store.answers_of(response_id) == {}
    assert await turns.claim(22, 600) is Claim.DUPLICATE  # the outer part committed


async def test_owed_until_replied_and_forgotten_a_day_after(
    store: Store, questionnaire: Questionnaire
) -> None:
    turns = Turns(store.conn)
    for chat_id in (31, 32):
        await linked(store, questionnaire, chat_id)
    assert await turns.owed_chats() == []
    await turns.claim(31, 1)
    await turns.claim(31, 2)
    await turns.claim(32, 3)
    assert await turns.owed_chats() == [31, 32]
    assert await turns.owed(31) and await turns.owed(32)
    await turns.replied(31)  # one reply settles all of a person's earlier updates
    assert await turns.owed_chats() == [32]
    assert not await turns.owed(31)
    # Only what was replied to is forgotten, and only after Telegram's 24 hours.
    assert await turns.forget(datetime.now(UTC) - timedelta(hours=24)) == 0
    assert await turns.forget(datetime.now(UTC) + timedelta(minutes=1)) == 2
    assert await turns.owed_chats() == [32]
    assert await turns.claim(32, 3) is Claim.DUPLICATE


async def test_records_go_with_the_participant(store: Store, questionnaire: Questionnaire) -> None:
    turns = Turns(store.conn)
    await linked(store, questionnaire, 41)
    await turns.claim(41, 1)
    participant = await store.participant_for(Chat(41))
    assert participant is not None
    await store.erase_participant(participant.id)
    assert await count(store, "handled_updates") == 0
    assert await turns.owed_chats() == []
    # Without their Telegram link (retention deletes it) nothing can be owed or sent again.
    await linked(store, questionnaire, 42)
    await turns.claim(42, 2)
    await store.conn.execute("DELETE FROM messaging_links")
    assert await turns.forget(datetime.now(UTC) - timedelta(hours=24)) == 1
    assert await count(store, "handled_updates") == 0
