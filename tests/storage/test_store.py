"""The store: rounds and locations, starting a response, answers and erasure."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from questionnaires.engine import Answer
from questionnaires.model import AnswerValue
from storage.counts import answer_people, question_people
from storage.identities import Chat
from storage.store import Contribution, DuplicateName, InviteProblem, Store
from tests.storage.conftest import AT, CONSENT, ENDS, STARTS, StoreWorld

# Rounds and locations -------------------------------------------------------------------------


async def test_rounds(store: Store) -> None:
    later = await store.create_round("Najaar", 2026, date(2026, 9, 1), date(2026, 10, 31), "2025")
    first = await store.create_round("Voorjaar", 2026, STARTS, ENDS)
    assert (later.name, later.report_year, later.client_experience_note) == ("Najaar", 2026, "2025")
    assert (first.starts_on, first.ends_on, first.closed_at) == (STARTS, ENDS, None)
    assert await store.get_round(first.id) == first
    assert await store.find_round("Voorjaar") == first
    assert await store.find_round(str(later.id)) == later
    assert await store.find_round("Zomer") is None
    assert [r.name for r in await store.list_rounds()] == ["Voorjaar", "Najaar"]
    assert await store.previous_round(later) == first
    assert await store.previous_round(first) is None
    assert first.is_open(AT.date()) and not first.is_open(ENDS + timedelta(days=1))
    with pytest.raises(DuplicateName):
        await store.create_round("Voorjaar", 2027, STARTS, ENDS)

    await store.close_round(first.id)
    closed = await store.get_round(first.id)
    assert closed is not None and closed.closed_at is not None and not closed.is_open(AT.date())


async def test_locations_are_added_once(store: Store) -> None:
    linde = await store.add_location("De Linde")
    anker = await store.add_location("Het Anker")
    assert await store.add_location("De Linde") == linde
    assert await store.list_locations() == [linde, anker]


# Starting a response ---------------------------------------------------------------------------


async def test_start_response_records_consent_and_uses_the_invite(world: StoreWorld) -> None:
    code = await world.code("client", world.linde)
    response = await world.start(101, code)
    qn = world.questionnaire
    assert (response.role, response.location_id, response.status) == (
        "client",
        world.linde,
        "in_progress",
    )
    assert (response.questionnaire_id, response.questionnaire_version) == (qn.id, qn.version)
    participant = await world.store.participant_for(Chat(101))
    assert participant is not None and participant.id == response.participant_id
    assert participant.pseudonym.startswith("p-")
    assert await world.store.chat_for_participant(participant.id) == 101
    assert (
        await world.count(
            "SELECT count(*) FROM consents WHERE participant_id = ? AND round_id = ? "
            "AND text_version = ?",
            participant.id,
            world.round_id,
            CONSENT,
        )
        == 1
    )
    invite = await world.store.get_invite(code)
    assert invite is not None and invite.uses == 1


async def test_the_same_invite_again_resumes_instead_of_starting_over(world: StoreWorld) -> None:
    code = await world.code(max_uses=1)
    first = await world.start(101, code)
    await world.store.save_answer(first.id, "r_thuis", 4)
    again = await world.start(101, code)  # the invite is used up, but it is the same person
    assert again.id == first.id
    assert await world.store.answers_of(again.id) == {"r_thuis": Answer(4)}
    invite = await world.store.get_invite(code)
    assert invite is not None and invite.uses == 1
    assert await world.count("SELECT count(*) FROM consents") == 1
    assert await world.count("SELECT count(*) FROM responses") == 1


async def test_a_single_use_code_cannot_be_used_by_another_chat(world: StoreWorld) -> None:
    code = await world.code(max_uses=1)
    await world.start(101, code)
    response, problem = await world.store.start_response(
        Chat(202), code, world.questionnaire, CONSENT, at=AT
    )
    assert (response, problem) == (None, InviteProblem.USED_UP)
    assert await world.store.participant_for(Chat(202)) is None  # nothing stored for them


async def test_a_team_code_gives_each_person_one_response(world: StoreWorld) -> None:
    code = await world.code(max_uses=None)
    one, two = await world.start(101, code), await world.start(202, code)
    assert one.id != two.id and one.participant_id != two.participant_id
    await world.store.save_answer(one.id, "r_thuis", 4)
    await world.store.submit_response(one.id, ["r_thuis"])
    # Opening the team code again reopens their own response, with the answers kept.
    again = await world.start(101, code)
    assert again.id == one.id and again.status == "in_progress"
    assert (await world.store.answers_of(one.id))["r_thuis"].value == 4
    assert len(await world.store.responses_of(one.participant_id)) == 1
    invite = await world.store.get_invite(code)
    assert invite is not None and invite.uses == 2


async def test_five_openings_of_a_team_code_count_as_one_person(world: StoreWorld) -> None:
    code = await world.code(max_uses=None)
    for value in (1, 2, 3, 4, 5):
        response = await world.start(101, code)
        await world.store.save_answer(response.id, "r_thuis", value)
        await world.store.submit_response(response.id, ["r_thuis"])
    rows = await answer_people(world.store, world.round_id, ["r_thuis"], by_location=False)
    assert [(r.value, r.n, r.people) for r in rows] == [("5", 1, 1)]  # the last answer counts
    [row] = await question_people(world.store, world.round_id, by_location=False)
    assert (row.n, row.people) == (1, 1)
    counted = await world.store.round_counts(world.round_id, ["r_thuis"])
    assert [(r.value, r.n, r.people) for r in counted.counts] == [("5", 1, 1)]
    assert [(r.n, r.people) for r in counted.people] == [(1, 1)]


async def test_a_used_single_code_reopens_only_for_its_own_person(world: StoreWorld) -> None:
    code = await world.code()
    mine = await world.start(101, code)
    await world.store.submit_response(mine.id, [])
    assert (await world.start(101, code)).id == mine.id
    response, problem = await world.store.start_response(
        Chat(202), code, world.questionnaire, CONSENT, at=AT
    )
    assert response is None and problem is InviteProblem.USED_UP
    # After the round, a submitted response stays closed.
    await world.store.submit_response(mine.id, [])
    response, problem = await world.store.start_response(
        Chat(101), code, world.questionnaire, CONSENT, at=AT.replace(month=6)
    )
    assert response is None and problem is InviteProblem.ROUND_CLOSED


async def test_a_refused_invite_stores_nothing(world: StoreWorld) -> None:
    code = await world.code()
    await world.store.revoke_invite(code)
    response, problem = await world.store.start_response(
        Chat(101), code, world.questionnaire, CONSENT, at=AT
    )
    assert (response, problem) == (None, InviteProblem.REVOKED)
    assert await world.count("SELECT count(*) FROM participants") == 0
    assert await world.count("SELECT count(*) FROM consents") == 0


# Answers ------------------------------------------------------------------------------------


async def test_save_answer_is_idempotent_and_overwrites(world: StoreWorld) -> None:
    store = world.store
    response = await world.start(101, await world.code())
    await store.save_answer(response.id, "r_thuis", 4)
    await store.save_answer(response.id, "r_thuis", 4)
    assert await world.count("SELECT count(*) FROM answers") == 1
    await store.save_answer(response.id, "r_thuis", "dont_know")
    await store.save_answer(response.id, "r_doen", ["sport", "koken"])
    await store.save_answer(response.id, "r_beter", "Meer uitjes, graag. ✓")
    await store.save_answer(response.id, "r_uitleg", None)
    await store.save_answer(response.id, "r_leeftijd", None, skipped=True)
    assert await store.answers_of(response.id) == {
        "r_thuis": Answer("dont_know"),
        "r_doen": Answer(["sport", "koken"]),
        "r_beter": Answer("Meer uitjes, graag. ✓"),
        "r_uitleg": Answer(None),
        "r_leeftijd": Answer(None, skipped=True),
    }
    await store.forget_answer(response.id, "r_beter")
    assert "r_beter" not in await store.answers_of(response.id)


async def test_submit_response_drops_hidden_answers(world: StoreWorld) -> None:
    store = world.store
    response = await world.start(101, await world.code())
    given: dict[str, AnswerValue] = {"r_weet": "yes", "r_meer": "no", "r_thuis": 2}
    for question_id, value in given.items():
        await store.save_answer(response.id, question_id, value)
    await store.set_current_question(response.id, "r_soort")
    await store.submit_response(response.id, keep=["r_weet", "r_thuis"])
    assert set(await store.answers_of(response.id)) == {"r_weet", "r_thuis"}
    submitted = await store.get_response(response.id)
    assert submitted is not None
    assert (submitted.status, submitted.current_question) == ("submitted", None)
    assert submitted.submitted_at is not None
    assert await store.active_response(response.participant_id) is None


# Erasure ------------------------------------------------------------------------------------


async def test_erase_participant_removes_everything_of_that_person_only(world: StoreWorld) -> None:
    store = world.store
    mine = await world.respond(101, {"r_thuis": 4, "r_beter": "Mijn tekst", "r_datum": None})
    theirs = await world.respond(202, {"r_thuis": 2, "r_beter": "Hun tekst"})
    for response in (mine, theirs):
        await store.review_quote(response.id, "r_beter", True, "Citaat", "coördinator")
        await store.add_contribution(
            world.round_id,
            Contribution("2026-03-10", "groep", ["gemeente"], 5, "1", "Goed", None, None),
            response_id=response.id,
        )
    loose = Contribution("2026-03-11", "training", [], None, None, None, None, None)
    await store.add_contribution(world.round_id, loose)  # not linked to any response

    assert await store.erase_participant(mine.participant_id) == 3

    assert await store.participant_for(Chat(101)) is None
    assert await store.chat_for_participant(mine.participant_id) is None
    assert await store.responses_of(mine.participant_id) == []
    assert await store.answers_of(mine.id) == {}
    for table, column in [
        ("participants", "id"),
        ("consents", "participant_id"),
        ("responses", "participant_id"),
        ("messaging_links", "participant_id"),
    ]:
        sql = f"SELECT count(*) FROM {table} WHERE {column} = ?"
        assert await world.count(sql, mine.participant_id) == 0, table
    assert await world.count("SELECT count(*) FROM quotes WHERE response_id = ?", mine.id) == 0
    assert (
        await world.count("SELECT count(*) FROM contributions WHERE response_id = ?", mine.id) == 0
    )

    # The other person, and the contribution nobody is linked to, are untouched.
    assert await store.participant_for(Chat(202)) is not None
    assert await store.answers_of(theirs.id) == {
        "r_thuis": Answer(2),
        "r_beter": Answer("Hun tekst"),
    }
    assert [q.response_id for q in await store.approved_quotes(world.round_id)] == [theirs.id]
    assert len(await store.contributions(world.round_id)) == 2
    assert await world.count("SELECT count(*) FROM consents") == 1

    # The audit log says an erasure happened, not whose.
    [(_, actor, action, details)] = await store.audit_entries()
    assert (actor, action, details) == ("participant", "erasure", {"answers": 3})
