"""The conversation as domain operations: each takes what a person did and returns screens.

Nothing here knows a channel: the Telegram handlers (bot/) and the web form (web/) turn what a
person did into these calls and the screens into messages or pages. Every answer is written to
the store before the next screen is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from conversation.choices import Press, PressKind, parse, question_hash
from conversation.ending import hand_in
from conversation.entry import Entry
from conversation.layout import change_menu, numbered, overview, question_screen
from conversation.markup import rich
from conversation.matching import typed_button
from conversation.rights import language_of
from conversation.screens import (
    Choice,
    Outcome,
    heading,
    notice,
    paragraph,
    ticked_ids,
)
from conversation.texts import t
from questionnaires import engine
from questionnaires.engine import Answer, InvalidAnswer
from questionnaires.model import (
    AnswerOption,
    AnswerValue,
    Lang,
    Question,
    Questionnaire,
    QuestionType,
    Text,
)
from storage.db import operation
from storage.identities import Who
from storage.store import Response

# Refusals of a button that does not fit the question (forged, or from an old message).
USE_BUTTONS = Text("Kies een van de knoppen.", "Use the buttons.")
BUTTON_BROKEN = Text("Deze knop werkt niet.", "This button does not work.")


class Conversation(Entry):
    """The participant side: from invite and consent (`Entry`) to hand-in (`ending`); where a
    person is comes from `Showing`, the rights that hold whatever one answers from `Rights`."""

    # Answers ---------------------------------------------------------------------------------

    @operation
    async def on_text(
        self,
        who: Who,
        text: str,
        shown: Sequence[Choice] | None = None,
        lang: Lang = "nl",
        *,
        typed_on: str | None = None,
    ) -> Outcome:
        """Typed text. Text naming a choice counts as picking it: of `shown`, the choices of the
        newest screen with choices the person sees, else of their current screen. `typed_on`:
        the key of the question the text was typed under (the web form's text box says so);
        when that is not the current question any more, nothing is stored (see `_typed_late`)."""
        participant = await self.store.participant_for(who)
        context = await self._context(participant)
        lang = language_of(participant.language) if participant else lang
        if typed_on is not None and context is not None:
            late = self._typed_late(context[2], context[1], context[3], typed_on, text, lang)
            if late is not None:
                return late
        if shown is None and context is not None:
            shown = (await self._show_current(context[1], lang)).screens[-1].flat_choices
        picked = typed_button(text, shown or ())
        if picked is not None:
            return await self.press(who, picked.press, ticked_ids(shown or ()), lang)
        if context is None:
            return Outcome([await self.nothing_open_for(participant, lang)])
        _, response, questionnaire, answers = context
        question = self._current(questionnaire, response, answers)
        if question is None:
            return Outcome([overview(questionnaire, response, answers, lang)])
        try:
            value = engine.parse_text(question, text)
        except InvalidAnswer as exc:
            message = exc.message.get(lang)
            return Outcome([notice([paragraph(message)])], toast=message, alert=True)
        return await self._answer(response, answers, question, value, False, lang)

    def _typed_late(
        self,
        questionnaire: Questionnaire,
        response: Response,
        answers: dict[str, Answer],
        typed_on: str,
        text: str,
        lang: Lang,
    ) -> Outcome | None:
        """None when `typed_on` is the current question. Else the text came late, for an
        earlier question: the same answer again (a form sent twice) changes nothing and says
        nothing; another one is refused like a button of an earlier question."""
        current = self._current(questionnaire, response, answers)
        if current is not None and question_hash(current.id) == typed_on:
            return None
        earlier = next(
            (q for q in questionnaire.questions if question_hash(q.id) == typed_on), None
        )
        given = answers.get(earlier.id) if earlier else None
        if earlier is not None and given is not None and not given.skipped:
            try:
                if engine.parse_text(earlier, text) == given.value:
                    return Outcome(toast="✓")
            except InvalidAnswer:
                pass
        return Outcome(toast=t("stale_answer", lang), alert=True, drop_keyboard=True)

    async def _answer(
        self,
        response: Response,
        answers: dict[str, Answer],
        question: Question,
        value: AnswerValue,
        skipped: bool,
        lang: Lang,
    ) -> Outcome:
        await self.store.save_answer(response.id, question.id, value, skipped)
        if response.current_question is not None:
            await self.store.set_current_question(response.id, None)
        # What is stored now, without asking the database again.
        answers = {**answers, question.id: Answer(value, skipped)}
        outcome = await self._screen_for(replace(response, current_question=None), answers, lang)
        if question.answerable:
            shown = t("skipped", lang) if skipped else engine.display_value(question, value, lang)
            note = paragraph("✓ " + t("answered", lang, answer=shown))
            title = heading(question.text.get(lang))
            outcome.edit, outcome.note = notice([title, note]), note
        else:
            outcome.edit = notice([paragraph(question.text.get(lang))])
        outcome.toast = "✓"
        return outcome

    @operation
    async def choose(
        self,
        who: Who,
        choice_id: str,
        ticked: Sequence[str] = (),
        lang: Lang = "nl",  # pragma: no mutate (before consent only; any other reads as Dutch)
    ) -> Outcome:
        """A picked choice, by the id its screen gave it. `ticked`: the ids of the options
        ticked on that screen (a several-choices question); `lang` is used until the
        participant exists (before consent). Erasing and the language say so in the outcome
        (`erased`, `language`), for the edge to remember."""
        callback = parse(choice_id)
        if callback is None:
            participant = await self.store.participant_for(who)
            lang = language_of(participant.language) if participant else lang
            return Outcome(toast=t("invalid_button", lang), alert=True)
        if callback.kind is PressKind.ERASE:
            participant = await self.store.participant_for(who)
            lang = language_of(participant.language) if participant else lang
            return await self.erase(who, callback.arg == "y", lang)
        if callback.kind is PressKind.LANGUAGE:
            chosen: Lang = "en" if callback.arg == "en" else "nl"
            return await self.set_language(who, chosen, callback.ref)
        return await self.press(who, callback, ticked, lang)

    @operation
    async def press(
        self, who: Who, callback: Press, ticked: Sequence[str] = (), lang: Lang = "nl"
    ) -> Outcome:
        """A picked choice of the questionnaire (see `choose`)."""
        participant = await self.store.participant_for(who)
        lang = language_of(participant.language) if participant else lang
        if callback.kind is PressKind.CONSENT:
            return await self.consent(who, callback.ref, callback.arg == "y", lang)
        context = await self._context(participant)
        if context is None or callback.response_id != context[1].id:
            key = "invalid_button" if context is None else "stale_button"
            return Outcome(toast=t(key, lang), alert=True, drop_keyboard=True)
        _, response, questionnaire, answers = context
        if callback.kind is PressKind.SUBMIT:
            return await hand_in(self.store, response, questionnaire, answers, lang)
        if callback.kind is PressKind.CHANGE_MENU:
            return Outcome([change_menu(questionnaire, response, answers, lang)])
        if callback.kind is PressKind.GOTO:
            # Only a question the change menu offers: one the participant saw and can answer.
            target = next(
                (
                    q
                    for _, q in numbered(questionnaire, answers)
                    if question_hash(q.id) == callback.question
                ),
                None,
            )
            if target is None:
                return Outcome(toast=t("invalid_button", lang), alert=True)
            await self.store.set_current_question(response.id, target.id)
            return Outcome(
                [question_screen(questionnaire, response, answers, target, lang)],
                edit=notice(rich("choose_change", lang)),
            )
        question = self._current(questionnaire, response, answers)
        if question is None or question_hash(question.id) != callback.question:
            return Outcome(toast=t("stale_button", lang), alert=True, drop_keyboard=True)
        return await self._question_callback(
            callback, response, questionnaire, answers, question, lang, ticked
        )

    async def _question_callback(
        self,
        callback: Press,
        response: Response,
        questionnaire: Questionnaire,
        answers: dict[str, Answer],
        question: Question,
        lang: Lang,
        ticked: Sequence[str],
    ) -> Outcome:
        choices = question.choices()
        try:
            match callback.kind:
                case PressKind.ANSWER:
                    token = _choice_token(choices, callback.arg)
                    value = engine.parse_choice(question, token)
                    if question.type is QuestionType.MULTI:
                        raise InvalidAnswer(USE_BUTTONS)
                    return await self._answer(response, answers, question, value, False, lang)
                case PressKind.TOGGLE:
                    if question.type is not QuestionType.MULTI:
                        raise InvalidAnswer(USE_BUTTONS)
                    token = _choice_token(choices, callback.arg)
                    chosen = _selected_tokens(choices, ticked)
                    chosen.symmetric_difference_update({token})
                    ordered = [c.token for c in choices if c.token in chosen]
                    screen = question_screen(
                        questionnaire, response, answers, question, lang, ordered
                    )
                    return Outcome(edit=screen, toast="✓")
                case PressKind.DONE:
                    if question.type is not QuestionType.MULTI:
                        raise InvalidAnswer(USE_BUTTONS)
                    chosen = _selected_tokens(choices, ticked)
                    value = engine.parse_multi(question, sorted(chosen))
                    return await self._answer(response, answers, question, value, False, lang)
                case PressKind.SKIP:
                    if question.required:
                        return Outcome(toast=t("required", lang), alert=True)
                    return await self._answer(response, answers, question, None, True, lang)
                case PressKind.NEXT:  # only an info screen is passed without an answer
                    if question.type is not QuestionType.INFO:
                        raise InvalidAnswer(USE_BUTTONS)
                    return await self._answer(response, answers, question, None, False, lang)
                case PressKind.BACK:
                    previous = engine.previous_question(questionnaire, answers, question.id)
                    if previous is None:
                        return Outcome(toast=t("no_back", lang))
                    await self.store.set_current_question(response.id, previous.id)
                    return Outcome(
                        [
                            question_screen(
                                questionnaire,
                                response,
                                answers,
                                previous,
                                lang,
                                results=await self._results(response, previous),
                            )
                        ],
                        edit=notice([heading(question.text.get(lang))]),
                    )
        except InvalidAnswer as exc:
            return Outcome(toast=exc.message.get(lang), alert=True)
        return Outcome(toast=t("invalid_button", lang), alert=True)

    @operation
    async def set_language(self, who: Who, lang: Lang, code: str = "") -> Outcome:
        """`code`: pressed on the consent screen of this invite code, which is then shown again
        in the chosen language (nothing is stored before consent)."""
        participant = await self.store.participant_for(who)
        if participant is None and code:
            return Outcome(edit=(await self.start(who, code, lang)).screens[0], language=lang)
        if participant is not None:
            await self.store.set_language(participant.id, lang)
        outcome = Outcome(edit=notice(rich("language_set", lang)), language=lang)
        if participant is not None and await self.store.active_response(participant.id):
            outcome.screens = (await self.current(who)).screens
        return outcome


def _choice_token(choices: Sequence[AnswerOption], arg: str) -> str:
    if not arg.isdigit() or int(arg) >= len(choices):
        raise InvalidAnswer(BUTTON_BROKEN)
    return choices[int(arg)].token


def _selected_tokens(choices: Sequence[AnswerOption], ticked: Sequence[str]) -> set[str]:
    """The current selection of several choices: the ticked options of the screen itself."""
    chosen: set[str] = set()
    for choice_id in ticked:
        option = parse(choice_id)
        if option is None or option.kind is not PressKind.TOGGLE or not option.arg.isdigit():
            continue
        if int(option.arg) < len(choices):
            chosen.add(choices[int(option.arg)].token)
    return chosen
