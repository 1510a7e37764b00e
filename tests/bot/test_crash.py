"""SIGKILL the bot while many people answer: every acknowledged answer is stored, and after a
restart everyone continues where they were and finishes."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from inspraak.respondent import answer_everything
from localbotapi import LocalBotApi, SimulatedUser
from questionnaires.loader import load_catalog
from storage.identities import Chat
from storage.store import Store
from tests.bot.samples import CLIENT, FRAMEWORK

PEOPLE = 24
TOKEN = "123456:CRASH-TEST"
BOLD = re.compile(r"<b>(.*?)</b>")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def start_bot(api: LocalBotApi, db: Path, definitions: Path) -> asyncio.subprocess.Process:
    """`inspraak run` in its own process, polling the local server."""
    env = {
        **os.environ,
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
    code = "from inspraak.cli import main; raise SystemExit(main(['run']))"
    polls = api.polls
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, env=env, cwd=db.parent, stderr=asyncio.subprocess.PIPE
    )
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
    """A person who notes each answer the bot confirmed (the question it belonged to)."""

    def __init__(self, person: SimulatedUser, questions: dict[str, str]) -> None:
        self.person = person
        self.questions = questions
        self.confirmed: list[str] = []

    def __getattr__(self, name: str) -> object:
        return getattr(self.person, name)

    async def _step(self, action: object) -> object:
        asked = BOLD.search(self.person.last_text)
        replies = await action  # type: ignore[misc]
        # Only question texts: the overview's heading ("Je bent klaar!") is bold too.
        if asked and asked[1] in self.questions and "✓ Je antwoord" in self.person.last_text:
            self.confirmed.append(asked[1])
        return replies

    async def press(self, label: str) -> object:
        return await self._step(self.person.press(label))

    async def send_text(self, text: str) -> object:
        return await self._step(self.person.send_text(text))


async def test_sigkill_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    definitions = tmp_path / "defs"
    definitions.mkdir()
    (definitions / "framework.yaml").write_text(FRAMEWORK)
    (definitions / "client.yaml").write_text(CLIENT)
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
        people = [Witness(api.user(7000 + i), questions) for i in range(PEOPLE)]
        for person in people:
            person.person.timeout = 20
        bot = await start_bot(api, db, definitions)

        async def answer(index: int) -> None:
            person = people[index]
            await person.person.command("start", invites[index].code)
            await person.person.press("Ja, ik doe mee")
            await answer_everything(person, index, "Meer tijd.")  # type: ignore[arg-type]

        crowd = [asyncio.create_task(answer(i)) for i in range(PEOPLE)]
        # Let them get going, then kill the bot in the middle of it.
        await api.wait_for(lambda: sum(len(p.confirmed) for p in people) >= PEOPLE, timeout=60)
        bot.send_signal(signal.SIGKILL)
        await bot.wait()
        for task in crowd:
            task.cancel()
        await asyncio.gather(*crowd, return_exceptions=True)
        confirmed = {p.person.id: list(p.confirmed) for p in people}
        acknowledged = sum(map(len, confirmed.values()))
        assert acknowledged >= PEOPLE
        print(f"SIGKILL after {acknowledged} acknowledged answers of {PEOPLE} people")

        async with Store.open(db) as store:
            for person_id, texts in confirmed.items():
                stored = await _stored(store, person_id)
                for text in texts:
                    assert questions[text] in stored, f"confirmed but lost: {text}"

        async with Store.open(db) as store:
            finished = {p.person.id for p in people if await _submitted(store, p.person.id)}

        # A new bot on the same database: everyone picks up where they were and finishes.
        bot = await start_bot(api, db, definitions)
        # Updates fetched but not confirmed before the kill come again first: let them pass.
        await api.wait_for(lambda: not api.pending, timeout=30)
        try:

            async def go_on(index: int) -> None:
                person = people[index]
                if person.person.id in finished:
                    return  # submitted before the kill: nothing to continue
                await person.person.command("verder")
                await answer_everything(person, index, "Meer tijd.")  # type: ignore[arg-type]

            await asyncio.gather(*(go_on(i) for i in range(PEOPLE)))
        finally:
            bot.send_signal(signal.SIGKILL)
            await bot.wait()
        async with Store.open(db) as store:
            for person in people:
                participant = await store.participant_for(Chat(person.person.id))
                assert participant is not None
                [response] = await store.responses_of(participant.id)
                assert response.status == "submitted", person.person.transcript()


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
