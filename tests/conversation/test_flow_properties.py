"""No sequence of presses and typed text crashes the conversation or stores a wrong value."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import cast

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conversation.choices import Press, PressKind, parse, question_hash
from conversation.flow import Conversation
from conversation.screens import Screen, ticked_ids
from questionnaires.model import Catalog
from settings import Settings
from storage.identities import Chat
from storage.store import Store
from tests.questionnaires.domain import in_domain

QUESTION_IDS = ("c_info", "c_thuis", "c_weet", "c_meer", "c_wat", "c_leeftijd", "c_beter")
# A forged press aims at something real: a kind, whose response (own, the other person's, or
# none), which real question (or garbage), and a choice index in or out of range.
forged = st.tuples(
    st.sampled_from(list(PressKind)),
    st.sampled_from(["own", "other", "999", ""]),
    st.one_of(st.sampled_from(QUESTION_IDS).map(question_hash), st.text(max_size=8)),
    st.one_of(st.integers(-2, 12).map(str), st.sampled_from(["y", "n", "en", ""])),
)
Action = tuple[str, object]
actions = st.lists(
    st.one_of(
        st.tuples(st.just("press"), st.integers(0, 20)),
        st.tuples(st.just("text"), st.text(max_size=80)),
        st.tuples(st.just("text"), st.sampled_from(["42", "16", "vandaag", "Eens", "ja", ""])),
        st.tuples(st.just("garbage"), st.text(max_size=70)),
        st.tuples(st.just("forge"), forged),
        st.tuples(st.just("resume"), st.just(0)),
    ),
    max_size=40,
)


async def snapshot(store: Store, participant_id: int) -> list[tuple[object, ...]]:
    rows = await store.fetch_all(
        "SELECT 'response', id, status, current_question, updated_at FROM responses "
        "WHERE participant_id = ? UNION ALL SELECT 'answer', response_id, question_id, value, "
        "answered_at FROM answers JOIN responses ON responses.id = answers.response_id "
        "WHERE participant_id = ? ORDER BY 1, 2, 3",
        (participant_id, participant_id),
    )
    return [tuple(row) for row in rows]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=actions)
async def test_random_use_never_crashes(short_catalog: Catalog, steps: list[Action]) -> None:
    questionnaire = short_catalog.questionnaires["client"]
    async with Store.open(":memory:") as store:
        conv = Conversation(store, short_catalog, Settings())
        today = date.today()
        round_ = await store.create_round("r", today.year, today, today + timedelta(days=9))
        expires = datetime.now(UTC) + timedelta(days=1)
        invite, other_invite = await store.create_invites(round_.id, "client", 2, expires)
        # Someone else, halfway: forged presses must never touch their answers.
        other = await conv.start(Chat(2), other_invite.code, "nl")
        await conv.choose(Chat(2), other.screens[0].choices[0][0].id)
        other_participant = await store.participant_for(Chat(2))
        assert other_participant is not None
        [other_response] = await store.responses_of(other_participant.id)
        await store.save_answer(other_response.id, "c_thuis", 2)
        theirs = await snapshot(store, other_participant.id)
        out = await conv.start(Chat(1), invite.code, "nl")
        screens: list[Screen] = list(out.screens)
        for kind, arg in steps:
            latest = next((s for s in reversed(screens) if s.choices), None)
            if kind == "press" and latest is not None:
                flat = latest.flat_choices
                picked = flat[int(str(arg)) % len(flat)]
                out = await conv.choose(Chat(1), picked.id, ticked_ids(flat))
                if out.edit is not None and out.edit.choices:
                    screens.append(out.edit)
            elif kind == "text":
                out = await conv.on_text(Chat(1), str(arg))
            elif kind == "garbage":
                callback = parse(str(arg))
                if callback is None:
                    continue
                out = await conv.press(Chat(1), callback, [])
            elif kind == "forge":
                press_kind, ref, aimed_at, choice = cast(tuple[PressKind, str, str, str], arg)
                mine = await store.participant_for(Chat(1))
                own = (await store.responses_of(mine.id))[-1].id if mine else 0
                target = {"own": str(own), "other": str(other_response.id)}.get(ref, ref)
                callback = Press(press_kind, target, aimed_at, choice)
                out = await conv.press(Chat(1), callback, [])
            else:
                out = await conv.resume(Chat(1))
            screens.extend(out.screens)
            assert all(len(b.id.encode()) <= 64 for s in out.screens for b in s.flat_choices)
        assert await snapshot(store, other_participant.id) == theirs
        participant = await store.participant_for(Chat(1))
        for response in await store.responses_of(participant.id) if participant else []:
            for qid, answer in (await store.answers_of(response.id)).items():
                question = questionnaire.question(qid)
                assert question is not None
                if answer.skipped:
                    assert not question.required, f"required {qid} was skipped"
                else:
                    assert in_domain(question, answer.value), (qid, answer)
