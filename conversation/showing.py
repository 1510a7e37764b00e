"""Where a participant is and what they see there: their open questionnaire, the question they
are at (or the overview), and the screen for it. The base of the conversation's operations."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from conversation.layout import overview, question_screen
from conversation.markup import rich
from conversation.rights import Rights, language_of
from conversation.screens import (
    Outcome,
    notice,
)
from questionnaires import engine
from questionnaires.engine import Answer
from questionnaires.model import (
    Catalog,
    Kind,
    Lang,
    Question,
    Questionnaire,
)
from settings import Settings
from storage.identities import Participant, Who
from storage.store import Response, Store

# A closed round's results for one pillar (round id, pillar id), in plain sentences.
ResultsFor = Callable[[int, str], Awaitable[str | None]]


class Showing(Rights):
    """What a participant sees now (the rights that hold whatever one answers, such as pause,
    my data and erase, come from `Rights`)."""

    def __init__(
        self,
        store: Store,
        catalog: Catalog,
        settings: Settings,
        results: ResultsFor | None = None,
    ) -> None:
        """`results(round_id, pillar)`: a closed round's results for one pillar, in plain
        sentences, for the reflection round's info screens (handed in by the composition root)."""
        super().__init__(store, catalog, settings)
        self.results = results

    async def _results(self, response: Response, question: Question) -> str | None:
        if not question.shows_results or self.results is None:
            return None
        return await self.results(response.round_id, question.pillar)

    async def _context(
        self, participant: Participant | None
    ) -> tuple[Participant, Response, Questionnaire, dict[str, Answer]] | None:
        """What the participant is answering, and their answers so far; None when nothing is
        open (or nobody is known)."""
        if participant is None:
            return None
        response = await self.store.active_response(participant.id)
        if response is None:
            return None
        round_ = await self.store.get_round(response.round_id)
        questionnaire = self.catalog.questionnaires.get(response.questionnaire_id)
        if round_ is None or questionnaire is None:
            return None
        if questionnaire.kind is not Kind.REFLECTION and not round_.is_open(
            self.settings.local_date()
        ):
            return None  # a closed round takes no more answers (the reflection comes after it)
        return participant, response, questionnaire, await self.store.answers_of(response.id)

    def _current(
        self, questionnaire: Questionnaire, response: Response, answers: dict[str, Answer]
    ) -> Question | None:
        visible = engine.visible_questions(questionnaire, answers)
        if response.current_question and any(q.id == response.current_question for q in visible):
            return questionnaire.question(response.current_question)
        return engine.next_question(questionnaire, answers)

    async def current(self, who: Who, lang: Lang = "nl") -> Outcome:
        """What the participant sees now: their current question or the overview (no greeting)."""
        return await self._where_they_are(who, lang, resumed=False)

    async def resume(self, who: Who, lang: Lang = "nl") -> Outcome:
        """The same, with a 'welcome back' on top when something is open."""
        return await self._where_they_are(who, lang, resumed=True)

    async def _where_they_are(self, who: Who, lang: Lang, *, resumed: bool) -> Outcome:
        participant = await self.store.participant_for(who)
        lang = language_of(participant.language) if participant else lang
        context = await self._context(participant)
        if context is None:
            return Outcome([await self.nothing_open_for(participant, lang)])
        outcome = await self._show_current(context[1], lang)
        if resumed:
            outcome.screens.insert(0, notice(rich("resume", lang)))
        return outcome

    async def _show_current(self, response: Response, lang: Lang) -> Outcome:
        return await self._screen_for(response, await self.store.answers_of(response.id), lang)

    async def _screen_for(
        self, response: Response, answers: dict[str, Answer], lang: Lang
    ) -> Outcome:
        questionnaire = self.catalog.questionnaires[response.questionnaire_id]
        question = self._current(questionnaire, response, answers)
        if question is None:
            return Outcome([overview(questionnaire, response, answers, lang)])
        shown = await self._results(response, question)
        return Outcome(
            [question_screen(questionnaire, response, answers, question, lang, results=shown)]
        )
