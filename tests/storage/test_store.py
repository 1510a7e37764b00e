"""The store: rounds, invites, responses, erasure, quotes, aggregates, export and reminders."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from questionnaires.engine import Answer
from questionnaires.model import AnswerValue
from storage.counts import CountRow, answer_people, question_people
from storage.identities import Chat
from storage.store import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Contribution,
    DuplicateName,
    InviteProblem,
    ProgressRow,
    Store,
)
from tests.storage.conftest import AT, CONSENT, ENDS, EXPIRES, STARTS, StoreWorld

TODAY = date(2026, 11, 26)  # the organisation's local date, as the bot passes it to reminders


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


# Invites -------------------------------------------------------------------------------------


async def test_invite_codes_are_unique_and_readable(world: StoreWorld) -> None:
    invites = await world.store.create_invites(
        world.round_id, "naaste", 200, EXPIRES, world.linde, max_uses=2, kind="survey"
    )
    codes = [invite.code for invite in invites]
    assert len(set(codes)) == 200
    assert all(len(code) == CODE_LENGTH == 12 and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert not set(CODE_ALPHABET) & set("01ilo")  # nothing to mix up when typed over
    first = invites[0]
    assert (first.role, first.location_name, first.max_uses, first.uses) == (
        "naaste",
        "De Linde",
        2,
        0,
    )
    assert await world.store.get_invite(first.code) == first
    assert await world.store.list_invites(world.round_id) == invites


async def test_check_invite_accepts_a_good_code(world: StoreWorld) -> None:
    code = await world.code()
    check = await world.store.check_invite(code, AT)
    assert check.problem is None
    assert check.invite is not None and check.invite.code == code
    assert check.round is not None and check.round.id == world.round_id


async def test_check_invite_names_every_problem(world: StoreWorld) -> None:
    store = world.store
    assert (await store.check_invite("onbekendecode", AT)).problem is InviteProblem.UNKNOWN

    code = await world.code()
    assert (await store.check_invite(code, EXPIRES + timedelta(seconds=1))).problem is (
        InviteProblem.EXPIRED
    )
    assert (await store.check_invite(code, datetime(2026, 2, 28, tzinfo=UTC))).problem is (
        InviteProblem.ROUND_NOT_STARTED
    )
    assert (await store.check_invite(code, datetime(2026, 5, 1, tzinfo=UTC))).problem is (
        InviteProblem.ROUND_CLOSED
    )

    used = await world.code(max_uses=1)
    await world.start(1, used)
    assert (await store.check_invite(used, AT)).problem is InviteProblem.USED_UP

    revoked = await world.code()
    assert await store.revoke_invite(revoked)
    assert not await store.revoke_invite(revoked)
    assert (await store.check_invite(revoked, AT)).problem is InviteProblem.REVOKED

    await store.close_round(world.round_id)
    assert (await store.check_invite(code, AT)).problem is InviteProblem.ROUND_CLOSED


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


# Coordinators --------------------------------------------------------------------------------


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


# Reminders -----------------------------------------------------------------------------------


async def test_due_reminders(world: StoreWorld) -> None:
    store = world.store
    await store.conn.execute("UPDATE rounds SET ends_on = '2099-12-31'")  # still running
    idle = await world.respond(101, {"r_thuis": 4}, submit=False)
    await world.respond(102, {"r_thuis": 4}, submit=True)  # finished: never reminded
    stopped = await world.respond(103, {}, submit=False)
    await store.stop_reminders(stopped.participant_id)
    soon = datetime.now(UTC) + timedelta(minutes=5)  # everything is idle "since" then
    assert await store.due_reminders(soon, max_reminders=2, today=TODAY) == [(idle.id, 101)]

    # At most `max_reminders` per response.
    await store.mark_reminded(idle.id)
    assert await store.due_reminders(soon, max_reminders=2, today=TODAY) == [(idle.id, 101)]
    await store.mark_reminded(idle.id)
    assert await store.due_reminders(soon, max_reminders=2, today=TODAY) == []
    assert await store.due_reminders(soon, max_reminders=3, today=TODAY) == [(idle.id, 101)]

    # Only after being idle: recent activity or a recent reminder both count.
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    assert await store.due_reminders(hour_ago, max_reminders=3, today=TODAY) == []
    await store.conn.execute(
        "UPDATE responses SET updated_at = '2026-01-01T00:00:00+00:00', last_reminder_at = NULL"
    )
    assert await store.due_reminders(hour_ago, max_reminders=3, today=TODAY) == [(idle.id, 101)]
    await store.mark_reminded(idle.id)
    assert await store.due_reminders(hour_ago, max_reminders=3, today=TODAY) == []

    # A round past its last day reminds nobody, and neither does a closed one. The last day
    # is the caller's local date: through it, not a day after.
    await store.conn.execute("UPDATE rounds SET ends_on = '2026-11-30'")
    last_day, day_after = date(2026, 11, 30), date(2026, 12, 1)
    assert await store.due_reminders(soon, max_reminders=9, today=last_day) == [(idle.id, 101)]
    assert await store.due_reminders(soon, max_reminders=9, today=day_after) == []
    await store.conn.execute("UPDATE rounds SET ends_on = '2000-01-01'")
    assert await store.due_reminders(soon, max_reminders=9, today=TODAY) == []
    await store.conn.execute("UPDATE rounds SET ends_on = '2099-12-31'")
    assert await store.due_reminders(soon, max_reminders=9, today=TODAY) == [(idle.id, 101)]
    await store.close_round(world.round_id)
    assert await store.due_reminders(soon, max_reminders=9, today=TODAY) == []


async def test_due_reminders_compare_moments_not_strings(world: StoreWorld) -> None:
    """Times written with another offset or with fractions of a second are compared as the
    moments they are (as ISO strings, '07:00+01:00' would sort after '06:30+00:00')."""
    store = world.store
    await store.conn.execute("UPDATE rounds SET ends_on = '2099-12-31'")
    idle = await world.respond(101, {"r_thuis": 4}, submit=False)
    idle_before = datetime(2026, 11, 26, 6, 30, tzinfo=UTC)
    for updated_at, due in [
        ("2026-11-26T07:00:00+01:00", True),  # 06:00 UTC: idle long enough
        ("2026-11-26T06:29:59.900000+00:00", True),
        ("2026-11-26T06:30:00.500000+00:00", False),
        ("2026-11-26T02:00:00-05:00", False),  # 07:00 UTC
    ]:
        await store.conn.execute(
            "UPDATE responses SET updated_at = ?, last_reminder_at = NULL", (updated_at,)
        )
        expected = [(idle.id, 101)] if due else []
        assert await store.due_reminders(idle_before, max_reminders=2, today=TODAY) == expected, (
            updated_at
        )
    await store.conn.execute(
        "UPDATE responses SET updated_at = '2026-11-26T05:00:00+00:00', "
        "last_reminder_at = '2026-11-26T07:15:00+01:00'"  # 06:15 UTC, before 06:30
    )
    assert await store.due_reminders(idle_before, max_reminders=2, today=TODAY) == [(idle.id, 101)]
