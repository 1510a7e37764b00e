"""What coordinators and reports read from the store: progress per role and location, quotes
to review, answer counts and respondents per question, export rows."""

from __future__ import annotations

from datetime import date

from storage.counts import CountRow, answer_people, question_people
from storage.db import instant
from storage.identities import Chat
from storage.store import ProgressRow
from tests.storage.conftest import AT, CONSENT, EXPIRES, StoreWorld


async def test_progress_per_role_and_location(world: StoreWorld) -> None:
    store = world.store
    await store.create_invites(world.round_id, "client", 3, EXPIRES, world.linde)
    await world.code("client", world.anker, max_uses=None)  # a team code
    await store.create_invites(world.round_id, "naaste", 2, EXPIRES)
    await store.revoke_invite(await world.code("naaste"))  # revoked: not counted
    await world.respond(101, {"r_thuis": 4}, location=world.linde)  # its own code: 4 at De Linde
    await world.respond(102, {"r_thuis": 4}, location=world.linde, submit=False)
    await world.respond(103, {}, location=world.anker, submit=False)
    assert await store.progress(world.round_id) == [
        ProgressRow("client", "De Linde", 5, 2, 1),
        ProgressRow("client", "Het Anker", None, 1, 0),
        ProgressRow("naaste", None, 2, 0, 0),
    ]


async def test_quotes_need_review(world: StoreWorld) -> None:
    store = world.store
    one = await world.respond(101, {"r_beter": "Meer uitjes", "r_hoe": None}, location=world.linde)
    two = await world.respond(102, {"r_beter": "Bel me op 06-12345678"})
    await world.respond(103, {"r_beter": None})  # skipped: nothing to review
    assert await store.pending_quotes(world.round_id, []) == []
    pending = await store.pending_quotes(world.round_id, ["r_beter", "r_hoe"])
    assert [(p.response_id, p.question_id, p.role, p.location, p.text) for p in pending] == [
        (one.id, "r_beter", "client", "De Linde", "Meer uitjes"),
        (two.id, "r_beter", "client", None, "Bel me op 06-12345678"),
    ]
    assert await store.approved_quotes(world.round_id) == []

    await store.review_quote(one.id, "r_beter", True, "Meer uitjes.", "kwaliteit")
    await store.review_quote(two.id, "r_beter", False, "Bel me op 06-12345678", "kwaliteit")
    assert await store.pending_quotes(world.round_id, ["r_beter"]) == []
    [quote] = await store.approved_quotes(world.round_id)
    assert (quote.response_id, quote.text, quote.location) == (one.id, "Meer uitjes.", "De Linde")

    # A second review replaces the first.
    await store.review_quote(one.id, "r_beter", False, "Meer uitjes.", "kwaliteit")
    assert await store.approved_quotes(world.round_id) == []


async def test_answer_counts_and_question_respondents(world: StoreWorld) -> None:
    linde, anker = world.linde, world.anker
    await world.respond(101, {"r_thuis": 4, "r_doen": ["sport", "lezen"]}, location=linde)
    await world.respond(102, {"r_thuis": 4, "r_doen": ["sport"]}, location=linde)
    await world.respond(103, {"r_thuis": 5, "r_doen": None}, location=linde)  # skipped
    await world.respond(104, {"r_thuis": 4, "r_weet": "yes"}, location=anker)
    await world.respond(105, {"r_weet": "no"}, role="naaste")
    # An answer in another round never counts in this one.
    other = await world.store.create_round("Najaar", 2026, date(2026, 9, 1), date(2026, 10, 31))
    [invite] = await world.store.create_invites(other.id, "client", 1, EXPIRES.replace(month=10))
    response, _ = await world.store.start_response(
        Chat(106), invite.code, world.questionnaire, CONSENT, at=AT.replace(month=9)
    )
    assert response is not None
    await world.store.save_answer(response.id, "r_thuis", 1)

    CLOSED = ["r_thuis", "r_doen", "r_weet"]

    def table(rows: list[CountRow]) -> dict[tuple[str, str | None, str, str], int]:
        return {(r.role, r.location, r.question_id, r.value): r.n for r in rows}

    counts = table(await answer_people(world.store, world.round_id, CLOSED, by_location=False))
    assert counts == {
        ("client", None, "r_thuis", "4"): 3,
        ("client", None, "r_thuis", "5"): 1,
        ("client", None, "r_doen", "sport"): 2,
        ("client", None, "r_doen", "lezen"): 1,
        ("client", None, "r_weet", "yes"): 1,
        ("naaste", None, "r_weet", "no"): 1,
    }
    by_location = table(await answer_people(world.store, world.round_id, CLOSED))
    assert by_location[("client", "De Linde", "r_thuis", "4")] == 2
    assert by_location[("client", "Het Anker", "r_thuis", "4")] == 1
    assert await answer_people(world.store, other.id, CLOSED, by_location=False) == [
        CountRow("client", None, "r_thuis", "1", 1, 1)
    ]

    respondents = table(await question_people(world.store, world.round_id, by_location=False))
    assert respondents == {
        ("client", None, "r_thuis", ""): 4,
        ("client", None, "r_doen", ""): 2,  # the skip does not count
        ("client", None, "r_weet", ""): 1,
        ("naaste", None, "r_weet", ""): 1,
    }
    by_location = table(await question_people(world.store, world.round_id, by_location=True))
    assert by_location[("client", "De Linde", "r_doen", "")] == 2
    # One pass (what reports use) gives the same rows.
    counted = await world.store.round_counts(world.round_id, CLOSED)
    assert table(counted.counts) == table(await answer_people(world.store, world.round_id, CLOSED))
    assert table(counted.respondents) == by_location
    assert table(counted.people) == respondents


async def test_export_rows_carry_pseudonyms_never_chat_ids(world: StoreWorld) -> None:
    chat_ids = [987654321, 123456789]
    for chat_id in chat_ids:
        await world.respond(chat_id, {"r_thuis": 3, "r_leeftijd": 40}, location=world.linde)
    rows = [row async for row in world.store.export_rows(world.round_id)]
    pseudonyms = set()
    for chat_id in chat_ids:
        participant = await world.store.participant_for(Chat(chat_id))
        assert participant is not None
        pseudonyms.add(participant.pseudonym)
    assert {row.pseudonym for row in rows} == pseudonyms
    assert {(row.question_id, row.value) for row in rows} == {("r_thuis", 3), ("r_leeftijd", 40)}
    assert all(row.location == "De Linde" and row.status == "submitted" for row in rows)
    for row in rows:
        fields = [str(value) for value in vars(row).values()]
        assert not any(str(chat_id) in field for chat_id in chat_ids for field in fields)


async def test_the_same_pass_counts_the_answers_kept_since_a_moment(world: StoreWorld) -> None:
    """What an earlier report read and is still there as it was: answers given before its
    moment and not changed since. A changed answer, a new one and an erased person's are not
    kept; the same answer given again keeps its time."""
    first = await world.respond(201, {"r_thuis": 4, "r_weet": "yes"}, location=world.linde)
    second = await world.respond(202, {"r_thuis": 5}, location=world.linde)
    gone = await world.respond(203, {"r_thuis": 2}, location=world.linde)
    moment = instant()
    await world.store.save_answer(first.id, "r_thuis", 4)  # the same again: still kept
    await world.store.save_answer(second.id, "r_thuis", 3)  # changed: not kept
    await world.store.erase_participant(gone.participant_id)
    await world.respond(204, {"r_thuis": 1}, location=world.linde)  # new: not kept

    counted = await world.store.round_counts(
        world.round_id, ["r_thuis", "r_weet"], kept_since=moment
    )
    assert counted.kept is not None
    kept = {(r.location, r.question_id, r.value): r.n for r in counted.kept.counts}
    assert kept == {("De Linde", "r_thuis", "4"): 1, ("De Linde", "r_weet", "yes"): 1}
    now = {(r.location, r.question_id, r.value): r.n for r in counted.counts}
    assert now == {
        ("De Linde", "r_thuis", "4"): 1,
        ("De Linde", "r_thuis", "3"): 1,
        ("De Linde", "r_thuis", "1"): 1,
        ("De Linde", "r_weet", "yes"): 1,
    }
    assert (await world.store.round_counts(world.round_id, ["r_thuis"])).kept is None
