"""What every page of the participant form shares: who is visiting, a conversation screen as a
page, and the redirect that ends every action (Post/Redirect/Get, `web.places`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

from aiohttp import web

from conversation.flow import Conversation
from conversation.screens import Outcome, Screen
from questionnaires.model import Kind, Lang
from storage.identities import Browser, Participant
from web.app import CONVERSATION, LANG, SECURITY, STORE, language, page
from web.pages import paragraphs, screen_view
from web.places import HOME, MESSAGE, Result, Results, place_of
from web.security import Security

RESULTS = web.AppKey("results", Results)


@dataclass
class Visit:
    who: Browser
    participant: Participant | None
    lang: Lang


async def visit(request: web.Request) -> Visit:
    """Who is asking: this browser, the participant it acts for (if any), their language."""
    security: Security = request.app[SECURITY]
    who = Browser.from_token(security.ensure_session(request))
    participant = await request.app[STORE].participant_for(who)
    if participant is not None:
        request[LANG] = participant.language
    return Visit(who, participant, language(request))


def conversation(request: web.Request) -> Conversation:
    return request.app[CONVERSATION]


def result_for(request: web.Request, now: Visit) -> Result | None:
    """What this browser's last action said, if it led to this page."""
    return request.app[RESULTS].get(now.who.token_hash, request.path)


async def render(
    request: web.Request,
    now: Visit,
    screens: list[Screen],
    result: Result | None = None,
    *,
    code_form: bool = False,
    status: int = 200,
) -> web.Response:
    """Screens as a page: the last one with its form, those before it (and the result's
    earlier ones) above it, and what the last action said on top."""
    *earlier, last = screens
    shown_before = [*(result.earlier if result else []), *earlier]
    return page(
        request,
        "screen.html.j2",
        status=status,
        notice=result.notice if result else None,
        note=result.note if result else None,
        earlier=[paragraphs(screen.blocks) for screen in shown_before],
        screen=screen_view(last, now.lang, result.typed if result else ""),
        participant=now.participant is not None,
        can_contribute=await can_contribute(request, now),
        code_form=code_form,
    )


async def can_contribute(request: web.Request, now: Visit) -> bool:
    """A peer expert with a contribution log and nothing open may log another contribution."""
    if now.participant is None:
        return False
    store = request.app[STORE]
    if await store.active_response(now.participant.id) is not None:
        return False
    catalog = conversation(request).catalog
    for response in await store.responses_of(now.participant.id):
        questionnaire = catalog.questionnaires.get(response.questionnaire_id)
        if questionnaire is not None and questionnaire.kind is Kind.CONTRIBUTION:
            return True
    return False


def go(request: web.Request, result: Result) -> NoReturn:
    """End an action: keep what it said for its page, and send the browser there (303)."""
    session = Browser.from_token(request.app[SECURITY].ensure_session(request))
    request.app[RESULTS].put(session.token_hash, result)
    raise web.HTTPSeeOther(result.path)


async def after(request: web.Request, outcome: Outcome, *, typed: str = "") -> NoReturn:
    """End an action with what it led to: the address of the question or overview it shows,
    or a message page. A refused action goes back to where the participant is, saying why
    (with what they typed, to correct it)."""
    if outcome.alert or not (outcome.screens or outcome.edit):
        notice = outcome.toast if outcome.alert or outcome.toast != "✓" else None
        now = await visit(request)
        here = (await conversation(request).current(now.who, now.lang)).screens[-1]
        go(request, Result(place_of(here), notice=notice, typed=typed if outcome.alert else ""))
    screens = outcome.screens or ([outcome.edit] if outcome.edit else [])
    *earlier, last = screens
    path = place_of(last)
    if path == HOME:  # no place of its own (thanks, erased, ...): shown as a message
        go(request, Result(MESSAGE, note=outcome.note, screens=screens))
    go(request, Result(path, note=outcome.note, earlier=earlier))


def code_form(
    request: web.Request, *, problem: str | None = None, status: int = 200
) -> web.Response:
    return page(request, "code.html.j2", problem=problem, status=status, participant=False)
