"""People in the conversation: started at the first question, pressing buttons."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from conversation.choices import question_hash
from conversation.flow import Conversation
from conversation.screens import Outcome, Place, Screen, ticked_ids
from questionnaires.model import Lang
from storage.identities import Chat


async def started(conv: Conversation, chat: int, lang: Lang) -> tuple[int, Screen]:
    """A participant at the first question (c_thuis); returns the response id and screen."""
    today = date.today()
    round_ = await conv.store.create_round(
        f"r{chat}", today.year, today - timedelta(days=1), today + timedelta(days=9)
    )
    expires = datetime.now(UTC) + timedelta(days=3)
    [invite] = await conv.store.create_invites(round_.id, "client", 1, expires)
    out = await conv.start(Chat(chat), invite.code, lang)
    out = await press(conv, chat, out.screens[0], 0, lang)  # consent
    out = await press(conv, chat, out.screens[-1], 0, lang)  # past the info screen
    participant = await conv.store.participant_for(Chat(chat))
    assert participant is not None
    response = await conv.store.active_response(participant.id)
    assert response is not None
    return response.id, out.screens[0]


async def press(conv: Conversation, chat: int, screen: Screen, index: int, lang: Lang) -> Outcome:
    choices = screen.flat_choices
    return await conv.choose(Chat(chat), choices[index].id, ticked_ids(choices), lang)


def asking(conv: Conversation, screen: Screen) -> str | None:
    """The id of the question a screen asks (read from its choices), None for other screens."""
    if screen.place is not Place.QUESTION or not screen.choices:
        return None
    hashes = {
        question_hash(q.id): q.id
        for questionnaire in conv.catalog.questionnaires.values()
        for q in questionnaire.questions
    }
    return hashes.get(screen.flat_choices[0].press.question)
