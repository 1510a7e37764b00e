"""The conversation as domain operations: each takes what a person did and returns screens.

Nothing here knows a channel: the Telegram handlers (bot/) and the web form (web/) turn what a
person did into these calls and the screens into messages or pages. Every answer is written to
the store before the next screen is built.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace

from conversation.choices import Press, PressKind, parse, question_hash
from conversation.layout import change_menu, numbered, overview, question_screen
from conversation.markup import rich
from conversation.matching import typed_button
from conversation.rights import Rights, language_of
from conversation.screens import (
    Choice,
    ChoiceRole,
    Expect,
    Outcome,
    Place,
    Screen,
    heading,
    notice,
    paragraph,
    ticked_ids,
)
from conversation.texts import CHANNEL, configured, t
from questionnaires import engine
from questionnaires.engine import Answer, InvalidAnswer
from questionnaires.model import (
    AnswerOption,
    AnswerValue,
    Catalog,
    Kind,
    Lang,
    Question,
    Questionnaire,
    QuestionType,
    Text,
)
from settings import Settings
from storage.db import operation
from storage.identities import Participant, Who
from storage.store import InviteProblem, Response, Store

# Refusals of a button that does not fit the question (forged, or from an old message).
USE_BUTTONS = Text("Kies een van de knoppen.", "Use the buttons.")
BUTTON_BROKEN = Text("Deze knop werkt niet.", "This button does not work.")

CONSENT_VERSION = "2026-1"

# A closed round's results for one pillar (round id, pillar id), in plain sentences.
ResultsFor = Callable[[int, str], Awaitable[str | None]]


INVITE_TEXT = {
    InviteProblem.UNKNOWN: "invite_unknown",
    InviteProblem.EXPIRED: "invite_expired",
    InviteProblem.USED_UP: "invite_used_up",
    InviteProblem.REVOKED: "invite_revoked",
    InviteProblem.ROUND_CLOSED: "invite_round_closed",
    InviteProblem.ROUND_NOT_STARTED: "invite_round_not_started",
}


class Conversation(Rights):
    """The participant side: from invite and consent to hand-in (the rights that hold whatever
    one answers, such as pause, my data and erase, come from `Rights`)."""

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

    # Entry and consent -----------------------------------------------------------------------

    @operation
    async def start(self, who: Who, code: str | None, lang: Lang) -> Outcome:
        participant = await self.store.participant_for(who)
        lang = language_of(participant.language) if participant else lang
        org = configured(self.settings.organisation, lang)
        if not code:
            if participant and await self.store.active_response(participant.id):
                return await self.resume(who)
            return Outcome([notice(rich("welcome_no_code", lang, org=org))])
        code = code.strip().lower()
        check = await self.store.check_invite(code, today=self.settings.local_date())
        questionnaire = (
            self._questionnaire_for(check.invite.role, check.invite.kind) if check.invite else None
        )
        resumable = check.problem is not InviteProblem.ROUND_CLOSED
        if participant and check.invite and questionnaire and resumable:
            for response in await self.store.responses_of(participant.id):
                if (
                    response.status == "in_progress"
                    and response.round_id == check.invite.round_id
                    and response.questionnaire_id == questionnaire.id
                ):
                    return await self.resume(who)
        if (
            check.problem is InviteProblem.USED_UP
            and check.invite is not None
            and check.invite.max_uses == 1
            and await self.store.started_unfinished(check.invite.id)
        ):
            # A personal code begun elsewhere: the code alone never opens the answers given
            # (whoever handed out the card knows it); it only says where to continue.
            return Outcome([notice(rich("invite_started_elsewhere", lang))])
        if check.problem is not None or check.round is None or questionnaire is None:
            problem = check.problem or InviteProblem.UNKNOWN
            start = check.round.starts_on.strftime("%d-%m-%Y") if check.round else ""
            return Outcome([notice(rich(INVITE_TEXT[problem], lang, start=start))])
        blocks = rich(
            "consent",
            lang,
            title=questionnaire.title.get(lang),
            org=org,
            k=t("n_people", lang, n=self.settings.min_group_size),
            minutes=t("n_minutes", lang, n=questionnaire.minutes),
            contact=configured(self.settings.privacy_contact, lang),
            controls=t(
                "consent_controls", lang, days=t("n_days", lang, n=self.settings.retention_days)
            ),
        )
        choices = [
            [
                Choice(
                    t("consent_yes", lang),
                    Press(PressKind.CONSENT, code, "", "y"),
                    ChoiceRole.PROCEED,
                )
            ],
            [
                Choice(
                    t("consent_no", lang),
                    Press(PressKind.CONSENT, code, "", "n"),
                    ChoiceRole.DECLINE,
                )
            ],
        ]
        if CHANNEL.get() != "web":  # a web page has its language link at the bottom already
            other: Lang = "en" if lang == "nl" else "nl"
            switch = "In English" if other == "en" else "In het Nederlands"
            press = Press(PressKind.LANGUAGE, code, "", other)
            choices.append([Choice(switch, press, ChoiceRole.NAVIGATE)])
        return Outcome([Screen(blocks, choices, Expect.CHOICE, Place.CONSENT)])

    def _questionnaire_for(self, role: str, kind: str) -> Questionnaire | None:
        qn_kind = Kind(kind) if kind in tuple(Kind) else Kind.SURVEY
        return self.catalog.for_role(role, qn_kind)

    @operation
    async def consent(self, who: Who, code: str, yes: bool, lang: Lang) -> Outcome:
        if not yes:
            # Changing one's mind stays one press away.
            again = Choice(
                t("consent_yes", lang), Press(PressKind.CONSENT, code, "", "y"), ChoiceRole.PROCEED
            )
            refused = rich("consent_refused", lang)
            return Outcome(edit=Screen(refused, [[again]], Expect.CHOICE, Place.CONSENT))
        invite = await self.store.get_invite(code)
        questionnaire = (
            self._questionnaire_for(invite.role, invite.kind) if invite is not None else None
        )
        if questionnaire is None:
            return Outcome(edit=notice(rich("invite_unknown", lang)))
        response, problem = await self.store.start_response(
            who, code, questionnaire, CONSENT_VERSION, lang, today=self.settings.local_date()
        )
        if response is None:
            return Outcome(edit=notice(rich(INVITE_TEXT[problem or InviteProblem.UNKNOWN], lang)))
        title = heading(questionnaire.title.get(lang))
        intro = notice([title, paragraph(questionnaire.intro.get(lang))])
        outcome = await self._show_current(response, lang)
        outcome.screens.insert(0, intro)
        outcome.edit = notice(rich("consent_given", lang))
        outcome.note = paragraph(t("consent_given", lang))
        return outcome

    @operation
    async def new_contribution(self, who: Who, lang: Lang) -> Outcome:
        """/bijdrage: a peer expert logs one more contribution with their logbook invite."""
        participant = await self.store.participant_for(who)
        if participant is None:
            return Outcome([notice(rich("contribution_no_invite", lang))])
        lang = language_of(participant.language)
        for response in reversed(await self.store.responses_of(participant.id)):
            questionnaire = self.catalog.questionnaires.get(response.questionnaire_id)
            if questionnaire is None or questionnaire.kind is not Kind.CONTRIBUTION:
                continue
            code = await self.store.invite_code_of(response.id)
            if code is None:
                break
            started, problem = await self.store.start_response(
                who, code, questionnaire, CONSENT_VERSION, lang, today=self.settings.local_date()
            )
            if started is None:
                problem = problem or InviteProblem.UNKNOWN
                return Outcome([notice(rich(INVITE_TEXT[problem], lang))])
            return await self._show_current(started, lang)
        return Outcome([notice(rich("contribution_no_invite", lang))])

    # Showing questions -----------------------------------------------------------------------

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
        participant = await self.store.participant_for(who)
        lang = language_of(participant.language) if participant else lang
        context = await self._context(participant)
        if context is None:
            return Outcome([await self.nothing_open_for(participant, lang)])
        return await self._show_current(context[1], lang)

    async def resume(self, who: Who, lang: Lang = "nl") -> Outcome:
        participant = await self.store.participant_for(who)
        lang = language_of(participant.language) if participant else lang
        context = await self._context(participant)
        if context is None:
            return Outcome([await self.nothing_open_for(participant, lang)])
        _, response, _, _ = context
        outcome = await self._show_current(response, lang)
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

    # Answers ---------------------------------------------------------------------------------

    @operation
    async def on_text(
        self,
        who: Who,
        text: str,
        shown: Sequence[Choice] | None = None,
        lang: Lang = "nl",
    ) -> Outcome:
        """Typed text. Text naming a choice counts as picking it: of `shown`, the choices of the
        newest screen with choices the person sees, else of their current screen."""
        participant = await self.store.participant_for(who)
        context = await self._context(participant)
        lang = language_of(participant.language) if participant else lang
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
            return await self._submit(response, questionnaire, answers, lang)
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

    async def _submit(
        self,
        response: Response,
        questionnaire: Questionnaire,
        answers: dict[str, Answer],
        lang: Lang,
    ) -> Outcome:
        if not engine.is_complete(questionnaire, answers):
            return Outcome([overview(questionnaire, response, answers, lang)])
        keep = engine.effective_answers(questionnaire, answers)
        await self.store.submit_response(response.id, keep)
        thanks = rich("thanks", lang)
        if questionnaire.kind is Kind.CONTRIBUTION:
            values = {qid: answer.value for qid, answer in keep.items()}
            await self.store.record_contribution(response, questionnaire, values)
            thanks = rich("contribution_thanks", lang)
        if questionnaire.outro:
            thanks.append(paragraph(questionnaire.outro.get(lang)))
        # The end of the path: a short thank-you in place of the overview, nothing to press.
        return Outcome(edit=notice(thanks, Place.ENDED), toast="✓")

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
            outcome.screens = (await self.resume(who)).screens[1:]
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
