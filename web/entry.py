"""How a participant gets into the form: the code form, an invite link, a personal resume link.

Opening a link changes nothing (a link preview, as WhatsApp makes, uses no invite): the invite
shows the consent text, the resume link asks first. Wrong codes and resume links count against
the visitor's guess limits (`web.security.GuessLimits`), each kind its own budget.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

from conversation import texts as conversation_texts
from conversation.screens import Place
from storage.identities import Browser, Participant
from storage.store import InviteProblem
from web.app import LANG, SECURITY, SETTINGS, STORE, message_page, page
from web.form import code_form, conversation, go, render, result_for, visit
from web.places import HOME, Result, place_of
from web.security import GuessLimiter, GuessLimits, Handler, Security

CODE = re.compile(r"[a-z2-9]{12}")
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


def normalise_code(raw: str) -> str:
    """Codes are typed over from paper: ignore case, spaces, dashes and dots."""
    return re.sub(r"[\s.\-]", "", raw).lower()


async def home(request: web.Request) -> web.StreamResponse:
    """/v: where the participant is (their question or overview has its own address), else
    the code form."""
    now = await visit(request)
    result = result_for(request, now)
    if now.participant is None:
        return code_form(request, problem=result.notice if result else None)
    await request.app[STORE].touch_browser(now.who)
    outcome = await conversation(request).current(now.who, now.lang)
    here = place_of(outcome.screens[-1])
    if here != HOME:
        raise web.HTTPSeeOther(here)
    nothing_open = outcome.screens[-1].place is Place.NOTHING_OPEN
    return await render(request, now, outcome.screens, result, code_form=nothing_open)


async def enter_code(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    raw = form.get("code")
    code = normalise_code(raw if isinstance(raw, str) else "")
    if not code:
        lang = (await visit(request)).lang
        go(request, Result(HOME, notice=conversation_texts.t("invite_unknown", lang)))
    raise web.HTTPSeeOther(f"/v/{code}" if CODE.fullmatch(code) else "/v/onbekend")


@dataclass(frozen=True)
class Guesser:
    """A visitor trying a code or a resume link: after too many wrong ones they must wait."""

    limiter: GuessLimiter
    visitor: str

    def wrong(self) -> None:
        self.limiter.failed(self.visitor)


GuessingHandler = Callable[[web.Request, Guesser], Awaitable[web.StreamResponse]]


def guess_limited(
    budget: Callable[[GuessLimits], GuessLimiter],
) -> Callable[[GuessingHandler], Handler]:
    """The handler runs only for a visitor with wrong guesses left in this `budget`."""

    def decorate(handler: GuessingHandler) -> Handler:
        async def limited(request: web.Request) -> web.StreamResponse:
            security: Security = request.app[SECURITY]
            guesser = Guesser(budget(security.guesses), security.visitor(request))
            if guesser.limiter.blocked(guesser.visitor):
                return message_page(request, "notice", "too_many_tries", status=429)
            return await handler(request, guesser)

        return limited

    return decorate


def invite_codes(limits: GuessLimits) -> GuessLimiter:
    return limits.codes


def resume_links(limits: GuessLimits) -> GuessLimiter:
    return limits.resume


@guess_limited(invite_codes)
async def invite(request: web.Request, guesser: Guesser) -> web.StreamResponse:
    """An invite link: the consent text (nothing is stored until the person says yes)."""
    now = await visit(request)
    code = normalise_code(request.match_info["code"])
    store = request.app[STORE]
    today = request.app[SETTINGS].local_date()
    check = await store.check_invite(code, today=today) if CODE.fullmatch(code) else None
    if check is None or check.problem is InviteProblem.UNKNOWN:
        guesser.wrong()
        problem = conversation_texts.t("invite_unknown", now.lang)
        return code_form(request, problem=problem, status=404)
    # Read-only: with a participant or a usable code, start() only looks.
    outcome = await conversation(request).start(now.who, code, now.lang)
    if now.participant is not None and place_of(outcome.screens[-1]) != HOME:
        raise web.HTTPSeeOther(HOME)  # they already answer with this invite: continue
    return await render(request, now, outcome.screens)


async def resumed_participant(request: web.Request, guesser: Guesser) -> Participant | None:
    """Whose personal resume link is in the address; a wrong one counts as a guess."""
    token = request.match_info["token"]
    store = request.app[STORE]
    found = await store.participant_for_resume(token) if TOKEN.fullmatch(token) else None
    if found is None:
        guesser.wrong()
    return found


@guess_limited(resume_links)
async def resume_page(request: web.Request, guesser: Guesser) -> web.StreamResponse:
    """A personal resume link: asks first, so that opening (or previewing) it changes nothing."""
    found = await resumed_participant(request, guesser)
    now = await visit(request)
    if found is None:
        return message_page(request, "resume_heading", "resume_bad", status=404)
    request[LANG] = found.language
    token = request.match_info["token"]
    return page(request, "resume.html.j2", token=token, participant=now.participant is not None)


@guess_limited(resume_links)
async def resume(request: web.Request, guesser: Guesser) -> web.StreamResponse:
    found = await resumed_participant(request, guesser)
    if found is None:  # the link stopped working since its page was opened: that page says so
        raise web.HTTPSeeOther(request.path)
    # This browser now acts for them, with a fresh cookie (whatever it had before is left).
    fresh = request.app[SECURITY].new_session(request)
    await request.app[STORE].link_identity(Browser.from_token(fresh), found.id)
    raise web.HTTPSeeOther(HOME)
