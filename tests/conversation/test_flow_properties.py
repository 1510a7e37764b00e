"""No sequence of presses and typed text crashes the conversation or stores a wrong value."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conversation.callbacks import decode
from conversation.flow import Conversation
from conversation.screens import Screen
from inspraak.settings import Settings
from questionnaires.engine import in_domain
from questionnaires.loader import load_catalog
from storage.identities import Chat
from storage.store import Store
from tests.bot.samples import CLIENT, FRAMEWORK

Action = tuple[str, int | str]
actions = st.lists(
    st.one_of(
        st.tuples(st.just("press"), st.integers(0, 20)),
        st.tuples(st.just("text"), st.text(max_size=80)),
        st.tuples(st.just("text"), st.sampled_from(["42", "16", "vandaag", "Eens", "ja", ""])),
        st.tuples(st.just("forge"), st.text(max_size=70)),
        st.tuples(st.just("resume"), st.just(0)),
    ),
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=actions)
async def test_random_use_never_crashes(
    tmp_path_factory: pytest.TempPathFactory, steps: list[Action]
) -> None:
    folder = tmp_path_factory.mktemp("defs")
    (folder / "framework.yaml").write_text(FRAMEWORK)
    (folder / "client.yaml").write_text(CLIENT)
    catalog = load_catalog(folder)
    questionnaire = catalog.questionnaires["client"]
    async with Store.open(":memory:") as store:
        conv = Conversation(store, catalog, Settings())
        today = date.today()
        round_ = await store.create_round("r", today.year, today, today + timedelta(days=9))
        expires = datetime.now(UTC) + timedelta(days=1)
        [invite] = await store.create_invites(round_.id, "client", 1, expires)
        out = await conv.start(Chat(1), invite.code, "nl")
        screens: list[Screen] = list(out.screens)
        for kind, arg in steps:
            latest = next((s for s in reversed(screens) if s.buttons), None)
            if kind == "press" and latest is not None:
                flat = [(b.label, b.data) for row in latest.buttons for b in row]
                _label, data = flat[int(arg) % len(flat)]
                callback = decode(data)
                assert callback is not None
                out = await conv.on_callback(Chat(1), callback, flat)
                if out.edit is not None and out.edit.buttons:
                    screens.append(out.edit)
            elif kind == "text":
                out = await conv.on_text(Chat(1), str(arg))
            elif kind == "forge":
                callback = decode(str(arg))
                if callback is None:
                    continue
                out = await conv.on_callback(Chat(1), callback, [])
            else:
                out = await conv.resume(Chat(1))
            screens.extend(out.screens)
            assert all(
                len(b.data.encode()) <= 64 for s in out.screens for r in s.buttons for b in r
            )
        participant = await store.participant_for(Chat(1))
        for response in await store.responses_of(participant.id) if participant else []:
            for qid, answer in (await store.answers_of(response.id)).items():
                question = questionnaire.question(qid)
                assert question is not None
                if not answer.skipped:
                    assert in_domain(question, answer.value), (qid, answer)
