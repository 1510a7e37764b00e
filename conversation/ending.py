"""The end of a path: handing in. What a person sees after it (`after_end`, whatever they
send) is in `rights.Rights.nothing_open_for`."""

from __future__ import annotations

from conversation.layout import overview
from conversation.markup import rich
from conversation.screens import (
    Outcome,
    Place,
    notice,
    paragraph,
)
from questionnaires import engine
from questionnaires.engine import Answer
from questionnaires.model import (
    Kind,
    Lang,
    Questionnaire,
)
from storage.store import Response, Store


async def hand_in(
    store: Store,
    response: Response,
    questionnaire: Questionnaire,
    answers: dict[str, Answer],
    lang: Lang,
) -> Outcome:
    """Send the answers when they are complete (else the overview again): the thank-you, in
    place of the overview, with nothing to press (`Place.ENDED`). Runs inside the operation
    that pressed "Versturen" (one transaction)."""
    if not engine.is_complete(questionnaire, answers):
        return Outcome([overview(questionnaire, response, answers, lang)])
    keep = engine.effective_answers(questionnaire, answers)
    await store.submit_response(response.id, keep)
    thanks = rich("thanks", lang)
    if questionnaire.kind is Kind.CONTRIBUTION:
        values = {qid: answer.value for qid, answer in keep.items()}
        await store.record_contribution(response, questionnaire, values)
        thanks = rich("contribution_thanks", lang)
    if questionnaire.outro:
        thanks.append(paragraph(questionnaire.outro.get(lang)))
    # The end of the path: a short thank-you in place of the overview, nothing to press.
    return Outcome(edit=notice(thanks, Place.ENDED), toast="✓")
