"""A property over the real Application and the local Bot API server: from any state a person
can reach, whatever they send (text of any kind, commands, old, stale and forged buttons, media),
the newest message moves them on (live buttons, or it says what to type), and storage holds no
invalid row."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Coroutine
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from localbotapi import LocalBotApi, SimulatedUser
from questionnaires.model import Catalog
from storage.identities import Chat
from tests.bot.conftest import BotWorld, bot_world
from tests.questionnaires.domain import in_domain

T = TypeVar("T")
SAYS_WHAT_TO_TYPE = re.compile(r"\btype? ", re.IGNORECASE)  # "Typ een getal", "typ /verder"
SAYS_WHAT_TO_DO = re.compile(r"\btyp|\blink\b|uitnodiging", re.IGNORECASE)
# Button kinds that belong to a question or the overview: they must fit the current state.
QUESTION_KINDS = frozenset("amdsbnfxg")
COMMANDS = ["start", "verder", "stop", "help", "mijngegevens", "taal", "bijdrage", "onzin", "x"]
LABELS = ["verder", "OK", "eens", "ÉÉNS", "ja", "nee", "klaar", "sla over", "terug", "versturen"]

texts = st.one_of(
    st.text(max_size=60),
    st.sampled_from(LABELS),
    st.integers(min_value=-3, max_value=12).map(str),
    # Huge: longer than a Telegram message may be.
    st.builds(lambda part, times: part * times, st.text(min_size=1, max_size=8), st.just(5000)),
    st.sampled_from(["<b>vet</b>", "&amp; &lt;", "1 < 2", "'quote' \"dubbel\"", "   ", "🙂"]),
)


class WayForward(RuleBasedStateMachine):
    """Each example is a new person; the test gives every example the same bot (one server, one
    event loop), driven from Hypothesis's synchronous steps."""

    loop: ClassVar[asyncio.AbstractEventLoop]
    bot: ClassVar[BotWorld]
    people: ClassVar[int] = 0

    def __init__(self) -> None:
        super().__init__()
        WayForward.people += 1
        self.person: SimulatedUser = self.bot.user(20_000 + self.people)
        self.seen: list[tuple[int, str]] = []  # every (message id, button data) ever shown
        code = self.run(self.bot.invite())
        self.act(self.person.command("start", code))

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coroutine)

    def act(self, action: Coroutine[Any, Any, object]) -> None:
        self.run(action)
        for message in self.person.messages:
            for row in message.buttons:
                for button in row:
                    if "callback_data" in button:
                        self.seen.append((message.id, str(button["callback_data"])))

    # What a person does -------------------------------------------------------------------

    @rule(choice=st.integers(min_value=0, max_value=20))
    def press_a_live_button(self, choice: int) -> None:
        message = self.person.keyboard_message
        if message is None:
            return
        buttons = [b for row in message.buttons for b in row if "callback_data" in b]
        button = buttons[choice % len(buttons)]
        self.act(self.person.press_data(str(button["callback_data"]), message.id))

    @rule(text=texts)
    def type_something(self, text: str) -> None:
        if text.strip():  # Telegram does not deliver empty messages
            self.act(self.person.send_text(text))

    @rule(name=st.sampled_from(COMMANDS), args=st.sampled_from(["", "onbekend", "x" * 70]))
    def send_a_command(self, name: str, args: str) -> None:
        self.act(self.person.command(name, args))

    @rule(choice=st.integers(min_value=0, max_value=200))
    def press_an_old_button(self, choice: int) -> None:
        if self.seen:
            message_id, data = self.seen[choice % len(self.seen)]
            if self.person.chat.get(message_id) is not None:
                self.act(self.person.press_data(data, message_id))

    @rule(
        data=st.one_of(
            st.text(min_size=1, max_size=64),
            st.builds(
                "{}:{}:{}:{}".format,
                st.sampled_from([*sorted(QUESTION_KINDS), "c", "e", "l"]),
                st.integers(min_value=0, max_value=5),
                st.sampled_from(["", "deadbeef", "00000000"]),
                st.integers(min_value=-1, max_value=9),
            ),
        )
    )
    def press_a_forged_button(self, data: str) -> None:
        self.act(self.person.press_data(data))

    @rule(kind=st.sampled_from(["sticker", "photo", "voice", "location", "document"]))
    def send_media(self, kind: str) -> None:
        if kind == "document":
            self.act(self.person.send_document("brief.pdf", b"%PDF-1.4"))
        else:
            self.act(getattr(self.person, f"send_{kind}")())

    # What must always hold -----------------------------------------------------------------

    @invariant()
    def the_newest_message_moves_on(self) -> None:
        last = self.person.last
        text = last.plain_text
        assert not re.search(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", text, re.I), f"escaped: {text!r}"
        current = self.run(self._current_buttons())
        if current is None and not last.buttons:
            # Nothing open (not yet invited, refused, erased, done): say what to do.
            assert SAYS_WHAT_TO_DO.search(text), self.person.transcript()
            return
        assert last.buttons or SAYS_WHAT_TO_TYPE.search(text), self.person.transcript()
        if not last.buttons:
            return
        # Buttons of a question must be those of the person's current question right now.
        shown = {str(b.get("callback_data")) for row in last.buttons for b in row}
        kinds = {data.split(":")[0] for data in shown}
        if kinds & QUESTION_KINDS:
            assert current is not None, f"question buttons, nothing open:\n{last.view()}"
            assert shown == current, f"stale buttons at the bottom:\n{self.person.transcript()}"

    async def _current_buttons(self) -> set[str] | None:
        outcome = await self.bot.app.bot_data.conversation.current(Chat(self.person.id))
        screen = outcome.screens[-1]
        if not screen.choices:
            return None
        return {b.id for b in screen.flat_choices}

    @invariant()
    def storage_holds_only_valid_answers(self) -> None:
        store = self.bot.store
        questionnaire = self.bot.catalog.questionnaires["client"]

        async def rows() -> list[tuple[str, Any, bool]]:
            participant = await store.participant_for(Chat(self.person.id))
            if participant is None:
                return []
            found: list[tuple[str, Any, bool]] = []
            for response in await store.responses_of(participant.id):
                for qid, answer in (await store.answers_of(response.id)).items():
                    found.append((qid, answer.value, answer.skipped))
            return found

        for qid, value, skipped in self.run(rows()):
            question = questionnaire.question(qid)
            assert question is not None, f"answer to an unknown question {qid}"
            if skipped:
                assert value is None and not question.required, (qid, value)
            else:
                assert in_domain(question, value), (qid, value)


def test_always_a_way_forward(tmp_path: Path, short_catalog: Catalog) -> None:
    loop = asyncio.new_event_loop()
    stack = AsyncExitStack()

    async def start() -> BotWorld:
        api = await stack.enter_async_context(LocalBotApi())
        database = tmp_path / "machine.sqlite3"
        return await stack.enter_async_context(bot_world(api, database, short_catalog))

    WayForward.loop = loop
    WayForward.bot = loop.run_until_complete(start())
    try:
        run_state_machine_as_test(
            WayForward,
            settings=settings(
                max_examples=6,
                stateful_step_count=10,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
            ),
        )
    finally:
        loop.run_until_complete(stack.aclose())
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
