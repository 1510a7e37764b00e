"""Each conversation operation is one transaction, whichever channel calls it: the web form
calls it bare, the bot and WhatsApp inside their record of a message handled once."""

from __future__ import annotations

from typing import Any

import pytest

from conversation.flow import Conversation
from questionnaires.model import AnswerValue
from storage.handled import Claim
from storage.identities import Browser, Chat, Who, new_token
from tests.conversation.test_flow import invite, press


class Broken(Exception):
    pass


async def at_first_question(conv: Conversation, who: Who, chat: int) -> None:
    code = await invite(conv)
    consent = (await conv.start(who, code, "nl")).screens[0]
    if isinstance(who, Chat):
        out = await press(conv, chat, consent, "Ja, ik doe mee")
        await press(conv, chat, out.screens[1], "Verder »")
        return
    data = {c.label: c.id for c in consent.flat_choices}["Ja, ik doe mee"]
    out = await conv.choose(who, data)
    info = {c.label: c.id for c in out.screens[1].flat_choices}["Verder »"]
    await conv.choose(who, info)


def fail_after_saving(conv: Conversation, monkeypatch: pytest.MonkeyPatch) -> None:
    """The answer is written, then the operation fails before it ends."""
    save = conv.store.save_answer

    async def save_then_fail(*args: Any, **kwargs: Any) -> None:
        await save(*args, **kwargs)
        raise Broken

    monkeypatch.setattr(conv.store, "save_answer", save_then_fail)


async def stored(conv: Conversation, who: Who) -> dict[str, AnswerValue]:
    participant = await conv.store.participant_for(who)
    assert participant is not None
    response = await conv.store.active_response(participant.id)
    assert response is not None
    return {qid: answer.value for qid, answer in (await conv.store.answers_of(response.id)).items()}


async def test_an_answer_from_the_web_form_is_all_or_nothing(
    conv: Conversation, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = Browser.from_token(new_token())
    await at_first_question(conv, browser, 0)
    likert = (await conv.current(browser)).screens[0]
    eens = {c.label: c.id for c in likert.flat_choices}["Eens"]
    before = await stored(conv, browser)
    fail_after_saving(conv, monkeypatch)
    with pytest.raises(Broken):
        await conv.choose(browser, eens)
    assert await stored(conv, browser) == before  # the web form calls it bare: rolled back
    monkeypatch.undo()
    await conv.choose(browser, eens)
    assert await stored(conv, browser) == {**before, "c_thuis": 4}


async def test_an_answer_and_its_record_of_a_message_go_together(
    conv: Conversation, monkeypatch: pytest.MonkeyPatch
) -> None:
    await at_first_question(conv, Chat(7), 7)
    likert = (await conv.current(Chat(7))).screens[0]
    typed_eens = "4"
    before = await stored(conv, Chat(7))
    fail_after_saving(conv, monkeypatch)
    with pytest.raises(Broken):  # what bot/once.py and WhatsApp do around a message
        await conv.store.handle_once(
            Chat(7), 100, lambda: conv.on_text(Chat(7), typed_eens, likert.flat_choices)
        )
    assert await stored(conv, Chat(7)) == before
    assert not await conv.store.reply_owed(Chat(7))  # not recorded either
    monkeypatch.undo()
    handled = await conv.store.handle_once(  # not handled after all: handled now, once
        Chat(7), 100, lambda: conv.on_text(Chat(7), typed_eens, likert.flat_choices)
    )
    assert handled is not None and await conv.store.reply_owed(Chat(7))
    assert await stored(conv, Chat(7)) == {**before, "c_thuis": 4}
    assert await conv.store.claim_delivery(Chat(7), 100) is Claim.DUPLICATE
