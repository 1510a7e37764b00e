"""Handled updates and owed replies: kept per participant, in the transaction of the answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from questionnaires.model import Questionnaire
from storage.identities import Chat
from storage.store import Store
from storage.turns import Claim
from tests.storage.test_identities import AT, code, count


class Boom(Exception):
    pass


async def linked(store: Store, questionnaire: Questionnaire, chat_id: int) -> int:
    response, _ = await store.start_response(
        Chat(chat_id), await code(store), questionnaire, "v1", at=AT
    )
    assert response is not None
    return response.id


async def test_an_update_is_claimed_once_per_participant(store: Store, rich: Questionnaire) -> None:
    assert await store.claim_update(11, 100) is Claim.UNLINKED  # no participant: nothing recorded
    await linked(store, rich, 11)
    await linked(store, rich, 12)
    assert await store.claim_update(11, 100) is Claim.NEW
    assert await store.claim_update(11, 100) is Claim.DUPLICATE
    assert await store.claim_update(11, 101) is Claim.NEW
    assert await store.claim_update(12, 100) is Claim.NEW  # ids are per bot, the check per person
    async with store.conn.execute("SELECT * FROM handled_updates") as cursor:
        columns = [d[0] for d in cursor.description]
    assert columns == ["participant_id", "update_id", "handled_at", "replied"]  # no chat id


async def test_the_claim_rolls_back_with_the_answer(store: Store, rich: Questionnaire) -> None:
    response_id = await linked(store, rich, 21)
    question = rich.questions[1].id
    with pytest.raises(Boom):
        async with store.transaction():
            assert await store.claim_update(21, 500) is Claim.NEW
            await store.save_answer(response_id, question, 3)
            raise Boom
    assert await store.answers_of(response_id) == {}
    async with store.transaction():  # not handled after all: it can be handled now
        assert await store.claim_update(21, 500) is Claim.NEW
        await store.save_answer(response_id, question, 3)
    assert set(await store.answers_of(response_id)) == {question}


async def test_a_failing_inner_transaction_undoes_only_its_own_part(
    store: Store, rich: Questionnaire
) -> None:
    response_id = await linked(store, rich, 22)
    async with store.transaction():
        assert await store.claim_update(22, 600) is Claim.NEW
        with pytest.raises(Boom):
            async with store.transaction():  # a savepoint inside the outer transaction
                await store.save_answer(response_id, rich.questions[1].id, 3)
                raise Boom
    assert await store.answers_of(response_id) == {}
    assert await store.claim_update(22, 600) is Claim.DUPLICATE  # the outer part committed


async def test_owed_until_replied_and_forgotten_a_day_after(
    store: Store, rich: Questionnaire
) -> None:
    for chat_id in (31, 32):
        await linked(store, rich, chat_id)
    assert await store.owed_chats() == []
    await store.claim_update(31, 1)
    await store.claim_update(31, 2)
    await store.claim_update(32, 3)
    assert await store.owed_chats() == [31, 32]
    assert await store.chat_owed(31) and await store.chat_owed(32)
    await store.chat_replied(31)  # one reply settles all of a person's earlier updates
    assert await store.owed_chats() == [32]
    assert not await store.chat_owed(31)
    # Only what was replied to is forgotten, and only after Telegram's 24 hours.
    assert await store.forget_handled_updates(datetime.now(UTC) - timedelta(hours=24)) == 0
    assert await store.forget_handled_updates(datetime.now(UTC) + timedelta(minutes=1)) == 2
    assert await store.owed_chats() == [32]
    assert await store.claim_update(32, 3) is Claim.DUPLICATE


async def test_records_go_with_the_participant(store: Store, rich: Questionnaire) -> None:
    await linked(store, rich, 41)
    await store.claim_update(41, 1)
    participant = await store.participant_for(Chat(41))
    assert participant is not None
    await store.erase_participant(participant.id)
    assert await count(store, "handled_updates") == 0
    assert await store.owed_chats() == []
    # Without their Telegram link (retention deletes it) nothing can be owed or sent again.
    await linked(store, rich, 42)
    await store.claim_update(42, 2)
    await store.conn.execute("DELETE FROM messaging_links")
    assert await store.forget_handled_updates(datetime.now(UTC) - timedelta(hours=24)) == 1
    assert await count(store, "handled_updates") == 0
