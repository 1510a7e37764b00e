"""SIGKILL the bot while many people are mid-questionnaire: every acknowledged answer is stored,
and after a restart everyone gets their question, nothing counts twice, and everyone finishes."""

from __future__ import annotations

import asyncio
import re
import signal
from collections.abc import Coroutine
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from demo.respondent import answer_everything
from localbotapi import BotApiFault, LocalBotApi, SimulatedUser
from questionnaires.loader import load_catalog
from storage.identities import Chat
from storage.store import Store
from tests.ports import free_port, inspraak_run
from tests.questionnaires.samples import SHORT, write_definitions

PEOPLE = 24
REPLIES = ["sendMessage", "editMessageText", "editMessageReplyMarkup", "answerCallbackQuery"]
TOKEN = "123456:CRASH-TEST"
BOLD = re.compile(r"<b>(.*?)</b>")


async def start_bot(api: LocalBotApi, db: Path, definitions: Path) -> asyncio.subprocess.Process:
    """`inspraak run` in its own process, polling the local server."""
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api.base_url,
        "INSPRAAK_DB": str(db),
        "INSPRAAK_QUESTIONNAIRES": str(definitions),
        "INSPRAAK_LOG_LEVEL": "ERROR",
        # `inspraak run` starts the web form too: on a free port, not the default 8080.
        "INSPRAAK_WEB_PORT": str(free_port()),
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }
    polls = api.polls
    process = await inspraak_run(env, db.parent)
    # Starting Python with the whole bot can take a while on a busy test machine.
    polling = asyncio.create_task(api.wait_for(lambda: api.polls > polls, timeout=120, quiet=False))
    ended = asyncio.create_task(process.wait())
    await asyncio.wait([polling, ended], return_when=asyncio.FIRST_COMPLETED)
    if not polling.done():
        polling.cancel()
        assert process.stderr is not None
        raise AssertionError(f"the bot stopped: {(await process.stderr.read()).decode()[-2000:]}")
    ended.cancel()
    await polling  # raises if polling never started
    return process


class Witness:
    """A person who notes each answer the bot confirmed (the question it belonged to), and who
    pauses before answering question number `pause_after + 1` until told to go on."""

    def __init__(self, person: SimulatedUser, questions: dict[str, str], pause_after: int) -> None:
        self.person = person
        self.questions = questions
        self.pause_after = pause_after
        self.confirmed: list[str] = []
        self.paused = asyncio.Event()
        self.go_on = asyncio.Event()
        self.in_flight: str | None = None  # the question answered while replies were held

    def __getattr__(self, name: str) -> object:
        return getattr(self.person, name)

    async def _step(self, action: Coroutine[Any, Any, object], toggle: bool = False) -> object:
        asked = BOLD.search(self.person.last_text)
        if not toggle and self.in_flight is None and len(self.confirmed) >= self.pause_after:
            self.in_flight = asked[1] if asked else "?"
            self.paused.set()
            await self.go_on.wait()
        replies = await action
        # Only question texts: the overview's heading ("Je bent klaar!") is bold too.
        if asked and asked[1] in self.questions and "✓ Je antwoord" in self.person.last_text:
            self.confirmed.append(asked[1])
        return replies

    async def press(self, label: str) -> object:
        # Ticking an option of a multiple choice stores nothing yet: "Klaar" does.
        labels = [label for row in self.person.buttons for label in row]
        toggle = "Klaar" in labels and label != "Klaar"
        return await self._step(self.person.press(label), toggle)

    async def send_text(self, text: str) -> object:
        return await self._step(self.person.send_text(text))


async def test_sigkill_mid_questionnaire_loses_nothing_and_strands_nobody(tmp_path: Path) -> None:
    """Everyone is mid-questionnaire at the kill, with an answer stored whose reply was held by
    Telegram; Telegram then delivers those answers again. After the restart each person gets
    their question without asking, no answer counts twice, and everyone finishes."""
    definitions = write_definitions(tmp_path / "defs", client=SHORT)  # for the bot's process
    catalog = load_catalog(definitions)
    questions = {q.text.nl: q.id for q in catalog.questionnaires["client"].questions}
    db = tmp_path / "crash.sqlite3"
    async with Store.open(db) as store:
        round_ = await store.create_round(
            "Crash", date.today().year, date.today(), date.today() + timedelta(30)
        )
        invites = await store.create_invites(
            round_.id, "client", PEOPLE, datetime.now(UTC) + timedelta(days=1)
        )

    async with LocalBotApi(token=TOKEN) as api:
        # 1 to 4 answers each before the pause: nobody can have finished (5 questions at least).
        people = [Witness(api.user(7000 + i), questions, 1 + i % 4) for i in range(PEOPLE)]
        for person in people:
            person.person.timeout = 20
        bot = await start_bot(api, db, definitions)

        async def answer(index: int) -> None:
            person = people[index]
            await person.person.command("start", invites[index].code)
            await person.person.press("Ja, ik doe mee")
            await answer_everything(person, index, "Meer tijd.")  # type: ignore[arg-type]

        crowd = [asyncio.create_task(answer(i)) for i in range(PEOPLE)]
        paused = asyncio.gather(*(p.paused.wait() for p in people))
        await asyncio.wait_for(paused, timeout=60)
        # Telegram holds every reply from here on; each person answers one more question.
        hold = api.faults.add(BotApiFault.timeout(120, methods=REPLIES, times=None))
        first_in_flight = api.next_update_id()  # the next update queued gets the id after it
        for person in people:
            person.go_on.set()
        # A reply is only attempted after its answer is committed: once each person's reply
        # is held, every in-flight answer is stored and none has been acknowledged.
        await api.wait_for(lambda: hold.hits >= PEOPLE, timeout=30, quiet=False)
        bot.send_signal(signal.SIGKILL)
        await bot.wait()
        for task in crowd:
            task.cancel()
        await asyncio.gather(*crowd, return_exceptions=True)
        killed_at = api.stamp
        confirmed = {p.person.id: list(p.confirmed) for p in people}
        acknowledged = sum(map(len, confirmed.values()))
        print(f"SIGKILL after {acknowledged} acknowledged answers of {PEOPLE} people")

        async with Store.open(db) as store:
            stored_at_kill = {p.person.id: await _stored(store, p.person.id) for p in people}
            unfinished = [p for p in people if not await _submitted(store, p.person.id)]
        assert len(unfinished) == PEOPLE  # the restart has everyone to continue
        for person in people:
            stored = stored_at_kill[person.person.id]
            for text in person.confirmed:
                assert questions[text] in stored, f"confirmed but lost: {text}"
            assert person.in_flight in questions, person.in_flight
            assert questions[person.in_flight] in stored, "stored before its reply was sent"

        # Telegram did not take in the bot's confirmation of the in-flight answers: a new bot
        # gets them again. It must drop them (they would answer the next question) and send
        # each person the question they are owed.
        api.faults.clear()
        again = api.forget_confirmed(first_in_flight)
        assert len(again) >= PEOPLE - 2, "nearly all in-flight updates had been confirmed"
        bot = await start_bot(api, db, definitions)
        try:
            await api.wait_for(
                lambda: all(_asked_since(p, killed_at) for p in people) and not api.pending,
                timeout=20,  # the owed questions go out at start-up, not after 30 s
            )
            async with Store.open(db) as store:
                for person in people:
                    stored = await _stored(store, person.person.id)
                    assert stored == stored_at_kill[person.person.id], "an update counted twice"
            for person in people:
                assert "Welkom terug" in person.person.last_text, person.person.transcript()

            async def go_on(index: int) -> None:  # from the question the bot sent, no /verder
                await answer_everything(people[index], index, "Meer tijd.")  # type: ignore[arg-type]

            await asyncio.gather(*(go_on(i) for i in range(PEOPLE)))
        finally:
            bot.send_signal(signal.SIGKILL)
            await bot.wait()
        async with Store.open(db) as store:
            for person in people:
                assert await _submitted(store, person.person.id), person.person.transcript()


def _asked_since(person: Witness, stamp: int) -> bool:
    """The bot has sent this person a question (with buttons or a typing hint) since `stamp`."""
    last = person.person.last
    return last.stamp > stamp and (bool(last.buttons) or "Typ " in last.text)


async def _stored(store: Store, chat_id: int) -> set[str]:
    participant = await store.participant_for(Chat(chat_id))
    if participant is None:
        return set()
    stored: set[str] = set()
    for response in await store.responses_of(participant.id):
        stored |= set(await store.answers_of(response.id))
    return stored


async def _submitted(store: Store, chat_id: int) -> bool:
    participant = await store.participant_for(Chat(chat_id))
    if participant is None:
        return False
    return any(r.status == "submitted" for r in await store.responses_of(participant.id))
