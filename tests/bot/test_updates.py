"""Different people at once, one person strictly in order."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from telegram import Chat, Message, Update, User

from bot.updates import PerChatUpdateProcessor
from coordination import reports
from demo.respondent import answer_everything
from report.document import build_document
from storage.identities import Chat as ChatOf
from tests.bot.conftest import BotWorld

T = TypeVar("T")


def _update(update_id: int, chat_id: int) -> Update:
    user = User(chat_id, "Test", is_bot=False)
    chat = Chat(chat_id, Chat.PRIVATE)
    return Update(update_id, message=Message(update_id, None, chat, from_user=user, text="x"))  # type: ignore[arg-type]


async def test_one_chat_in_order_and_chats_side_by_side() -> None:
    processor = PerChatUpdateProcessor(max_concurrent_updates=64)
    log: list[tuple[str, int, int]] = []

    async def handle(update: Update, pause: float) -> None:
        assert update.effective_chat is not None
        log.append(("begin", update.effective_chat.id, update.update_id))
        await asyncio.sleep(pause)
        log.append(("end", update.effective_chat.id, update.update_id))

    jobs = []
    for update_id in range(1, 7):
        chat_id = 1 if update_id % 2 else 2
        update = _update(update_id, chat_id)
        # The first update of chat 1 is slow: chat 1's next ones wait, chat 2's do not.
        pause = 0.2 if update_id == 1 else 0.01
        jobs.append(asyncio.create_task(processor.process_update(update, handle(update, pause))))
    await asyncio.gather(*jobs)
    for chat_id in (1, 2):
        mine = [(kind, uid) for kind, chat, uid in log if chat == chat_id]
        ids = sorted({uid for _, uid in mine})
        assert mine == [(kind, uid) for uid in ids for kind in ("begin", "end")]  # never overlap
    first_end = log.index(("end", 1, 1))
    assert [entry for entry in log[:first_end] if entry[1] == 2][-1] == ("end", 2, 6)
    assert processor.busy_chats == 0  # locks are dropped when nobody needs them


async def test_many_people_answer_at_the_same_time(small: BotWorld) -> None:
    people = []
    for user_id in range(4000, 4016):
        code = await small.invite()
        person = small.user(user_id)
        person.timeout = 30
        await person.command("start", code, wait=False)
        people.append(person)

    async def go(person_index: int) -> int:
        person = people[person_index]
        await person.wait_for_reply()
        await person.press("Ja, ik doe mee")
        return await answer_everything(person, person_index, "Meer tijd voor gesprekken.")

    steps = await asyncio.gather(*(go(i) for i in range(len(people))))
    assert all(steps)
    for person in people:
        participant = await small.store.participant_for(ChatOf(person.id))
        assert participant is not None
        [response] = await small.store.responses_of(participant.id)
        assert response.status == "submitted", person.transcript()


async def test_a_quick_succession_is_handled_in_order(small: BotWorld) -> None:
    ida = await small.joined(4100)
    await ida.press("Verder »")
    before = len(ida.messages)
    # Actions without waiting in between: their replies come in the same order.
    await ida.press("Eens", wait=False)
    await ida.command("help", wait=False)
    await ida.command("verder", wait=False)
    await ida.command("mijngegevens", wait=False)
    await ida.wait_for_reply()
    texts = [m.plain_text for m in ida.messages[before:]]
    order = [
        next(i for i, text in enumerate(texts) if marker in text)
        for marker in ("Weet je van de cliëntondersteuner?", "/verwijder", "Welkom terug", "Eens")
    ]
    assert order == sorted(order), "\n---\n".join(texts)


async def test_the_report_is_made_off_the_event_loop(
    world: BotWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/rapport builds and renders Word, HTML and Markdown in a thread: participants never wait."""
    loop_thread = threading.current_thread()
    where: list[tuple[str, bool]] = []

    def watched(name: str, work: Callable[..., T]) -> Callable[..., T]:
        def run(*args: Any) -> T:
            where.append((name, threading.current_thread() is loop_thread))
            return work(*args)

        return run

    monkeypatch.setattr(reports, "build_document", watched("build", build_document))
    monkeypatch.setattr(reports, "_render", watched("render", reports._render))
    await world.invite()
    coordinator = world.user(900)
    coordinator.timeout = 60
    await coordinator.command("rapport")
    assert len(coordinator.documents) == 3
    assert {name for name, _ in where} == {"build", "render"}
    assert not any(on_loop for _, on_loop in where), where
