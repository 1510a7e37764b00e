"""Channel identities: Telegram chats and browsers act for participants, kept apart from answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from questionnaires.model import Questionnaire
from storage.counts import response_counts
from storage.identities import Browser, Chat, hash_token, new_token
from storage.store import Store

AT = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


async def code(store: Store, max_uses: int | None = 1) -> str:
    rounds = await store.list_rounds()
    if rounds:
        round_ = rounds[0]
    else:
        round_ = await store.create_round("R", 2026, date(2026, 3, 1), date(2026, 4, 30))
    [invite] = await store.create_invites(
        round_.id, "client", 1, AT + timedelta(days=30), max_uses=max_uses
    )
    return invite.code


async def count(store: Store, table: str) -> int:
    async with store.conn.execute(f"SELECT count(*) FROM {table}") as cursor:
        row = await cursor.fetchone()
    assert row is not None
    return int(row[0])


async def test_a_browser_becomes_a_participant_by_the_hash_of_its_cookie(
    store: Store, rich: Questionnaire
) -> None:
    token = new_token()
    browser = Browser.from_token(token)
    assert await store.participant_for(browser) is None
    response, problem = await store.start_response(browser, await code(store), rich, "v1", at=AT)
    assert problem is None and response is not None
    participant = await store.participant_for(browser)
    assert participant is not None and participant.id == response.participant_id
    async with store.conn.execute("SELECT token_hash FROM web_sessions") as cursor:
        stored = [row[0] for row in await cursor.fetchall()]
    assert stored == [hash_token(token)] and token not in stored
    assert await store.chat_for_participant(participant.id) is None  # nobody to remind


async def test_one_population_whatever_the_channel(store: Store, rich: Questionnaire) -> None:
    for who in (Chat(1), Browser.from_token(new_token())):
        response, _ = await store.start_response(who, await code(store), rich, "v1", at=AT)
        assert response is not None
        await store.submit_response(response.id, [])
    assert response is not None
    [row] = await response_counts(store, response.round_id)
    assert (row.started, row.submitted, row.people) == (2, 2, 2)


async def test_resume_token_moves_to_another_device_and_rotates(
    store: Store, rich: Questionnaire
) -> None:
    phone = Browser.from_token(new_token())
    response, _ = await store.start_response(phone, await code(store), rich, "v1", at=AT)
    assert response is not None
    first = await store.new_resume_token(response.participant_id)
    second = await store.new_resume_token(response.participant_id)
    assert await store.participant_for_resume(first) is None  # replaced
    found = await store.participant_for_resume(second)
    assert found is not None and found.id == response.participant_id
    laptop = Browser.from_token(new_token())
    assert await store.link_identity(laptop, found.id)
    assert await store.participant_for(laptop) == await store.participant_for(phone)
    await store.forget_browser(laptop)
    assert await store.participant_for(laptop) is None
    assert await store.participant_for(phone) is not None


async def test_erasure_removes_every_identity(store: Store, rich: Questionnaire) -> None:
    browser = Browser.from_token(new_token())
    response, _ = await store.start_response(browser, await code(store), rich, "v1", at=AT)
    assert response is not None
    token = await store.new_resume_token(response.participant_id)
    await store.erase_participant(response.participant_id)
    assert await store.participant_for(browser) is None
    assert await store.participant_for_resume(token) is None
    assert await count(store, "web_sessions") == 0
    assert await count(store, "resume_tokens") == 0


async def test_an_invite_knows_whether_its_answers_are_unfinished(
    store: Store, rich: Questionnaire
) -> None:
    personal = await code(store)
    invite = await store.get_invite(personal)
    assert invite is not None and not await store.started_unfinished(invite.id)
    response, _ = await store.start_response(Chat(5), personal, rich, "v1", at=AT)
    assert response is not None and await store.started_unfinished(invite.id)
    await store.submit_response(response.id, [])
    assert not await store.started_unfinished(invite.id)


async def test_idle_browsers_are_forgotten(store: Store, rich: Questionnaire) -> None:
    browser = Browser.from_token(new_token())
    await store.start_response(browser, await code(store), rich, "v1", at=AT)
    assert await store.forget_idle_browsers(datetime.now(UTC) - timedelta(days=1)) == 0
    assert await store.forget_idle_browsers(datetime.now(UTC) + timedelta(days=1)) == 1
    assert await store.participant_for(browser) is None
