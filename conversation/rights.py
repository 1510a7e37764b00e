"""A participant's rights and settings, whatever they are answering: pause, see what is stored
about them, erase it, help, and the language menu. Channel-neutral like the rest of
`conversation`: each operation takes `who` and returns screens."""

from __future__ import annotations

from datetime import datetime

from conversation.choices import Press, PressKind
from conversation.layout import shorten
from conversation.markup import rich
from conversation.screens import (
    Block,
    Choice,
    ChoiceRole,
    Emphasis,
    Expect,
    Outcome,
    Place,
    Screen,
    Span,
    notice,
)
from conversation.texts import configured, t
from questionnaires import engine
from questionnaires.model import Catalog, Lang
from settings import Settings
from storage.db import operation
from storage.identities import Participant, Who
from storage.store import Store


def language_of(value: str | None) -> Lang:
    """A stored language as one the texts know: English, or else Dutch."""
    return "en" if value == "en" else "nl"


class Rights:
    def __init__(self, store: Store, catalog: Catalog, settings: Settings) -> None:
        self.store = store
        self.catalog = catalog
        self.settings = settings

    @operation
    async def pause(self, who: Who, lang: Lang) -> Outcome:
        participant = await self.store.participant_for(who)
        if participant is None:
            return Outcome([self.nothing_open(lang)])
        await self.store.stop_reminders(participant.id)
        return Outcome([notice(rich("paused", language_of(participant.language)))])

    def nothing_open(self, lang: Lang) -> Screen:
        """No questionnaire open: an invite is needed to take part."""
        return notice(rich("nothing_open", lang), Place.NOTHING_OPEN)

    async def nothing_open_for(self, participant: Participant | None, lang: Lang) -> Screen:
        """Nothing open for this person: after a hand-in, a short word on what they can still
        do (the path has ended); else how to take part."""
        if participant is not None:
            responses = await self.store.responses_of(participant.id)
            if any(response.status == "submitted" for response in responses):
                return notice(rich("after_end", lang), Place.ENDED)
        return self.nothing_open(lang)

    def nothing_found(self, lang: Lang) -> Screen:
        """For someone this chat or browser leads to no answers: never took part, erased, or
        unlinked by `inspraak retention` (their sent answers still count, untraceably)."""
        contact = configured(self.settings.privacy_contact, lang)
        days = t("n_days", lang, n=self.settings.retention_days)
        return notice(rich("my_data_none", lang, days=days, contact=contact))

    async def my_data(self, who: Who, lang: Lang) -> Outcome:
        participant = await self.store.participant_for(who)
        if participant is None:
            return Outcome([self.nothing_found(lang)])
        lang = language_of(participant.language)
        blocks = rich(
            "my_data_head",
            lang,
            pseudonym=participant.pseudonym,
            language="Nederlands" if lang == "nl" else "English",
        )
        for response in await self.store.responses_of(participant.id):
            questionnaire = self.catalog.questionnaires.get(response.questionnaire_id)
            title = questionnaire.title.get(lang) if questionnaire else response.questionnaire_id
            blocks += rich(
                "my_data_response",
                lang,
                title=title,
                status=t(f"status_{response.status}", lang),
                started=datetime.fromisoformat(response.started_at).strftime("%d-%m-%Y"),
            )
            lines: list[Span] = []
            answers = await self.store.answers_of(response.id)
            for qid, answer in answers.items():
                question = questionnaire.question(qid) if questionnaire else None
                if question is None or not question.answerable:
                    continue
                shown = (
                    t("skipped", lang)
                    if answer.skipped
                    else engine.display_value(question, answer.value, lang)
                )
                # The answer under its question, as in the overview: a question's own "." or
                # "?" never meets a ":".
                if lines:
                    lines.append(Span("\n"))
                lines += [
                    Span(f"• {shorten(question.text.get(lang), 80)}\n   → "),
                    Span(shown, Emphasis.SOFT),
                ]
            if lines:
                blocks.append(Block(tuple(lines)))
        return Outcome([notice(blocks)])

    async def help(self, who: Who, lang: Lang) -> Outcome:
        contact = configured(self.settings.privacy_contact, lang)
        return Outcome([notice(rich("help", lang, contact=contact))])

    async def erase_request(self, who: Who, lang: Lang) -> Outcome:
        choices = [
            [Choice(t("erase_yes", lang), Press(PressKind.ERASE, "", "", "y"), ChoiceRole.DANGER)],
            [Choice(t("erase_no", lang), Press(PressKind.ERASE, "", "", "n"), ChoiceRole.DECLINE)],
        ]
        confirm = rich("erase_confirm", lang)
        return Outcome([Screen(confirm, choices, Expect.CHOICE, Place.CONFIRM)])

    @operation
    async def erase(self, who: Who, yes: bool, lang: Lang) -> Outcome:
        if not yes:
            return Outcome(edit=notice(rich("erase_cancelled", lang)))
        participant = await self.store.participant_for(who)
        if participant is None:
            return Outcome(edit=self.nothing_found(lang))
        removed = await self.store.erase_participant(participant.id)
        return Outcome(edit=notice(rich("erased", lang, n=removed)), erased=True)

    async def language_menu(self, who: Who, lang: Lang) -> Outcome:
        choices = [
            [
                Choice("Nederlands", Press(PressKind.LANGUAGE, "", "", "nl"), ChoiceRole.OPTION),
                Choice("English", Press(PressKind.LANGUAGE, "", "", "en"), ChoiceRole.OPTION),
            ]
        ]
        return Outcome([Screen(rich("language_choose", "nl"), choices, Expect.CHOICE)])
