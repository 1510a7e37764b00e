"""Entering: an invite code, the consent screen, consent given or refused, and a peer expert's
next contribution. Channel-neutral like the rest of `conversation`."""

from __future__ import annotations

from conversation.choices import Press, PressKind
from conversation.markup import rich
from conversation.rights import language_of
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
)
from conversation.showing import Showing
from conversation.texts import CHANNEL, configured, t
from questionnaires.model import (
    Kind,
    Lang,
    Questionnaire,
)
from storage.db import operation
from storage.identities import Who
from storage.store import InviteProblem

CONSENT_VERSION = "2026-1"

INVITE_TEXT = {
    InviteProblem.UNKNOWN: "invite_unknown",
    InviteProblem.EXPIRED: "invite_expired",
    InviteProblem.USED_UP: "invite_used_up",
    InviteProblem.REVOKED: "invite_revoked",
    InviteProblem.ROUND_CLOSED: "invite_round_closed",
    InviteProblem.ROUND_NOT_STARTED: "invite_round_not_started",
}


class Entry(Showing):
    """From an invite code to the first question."""

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
