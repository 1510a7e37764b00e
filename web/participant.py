"""The participant form under /v: the same conversation as the bot, one question per page.

Every page works without JavaScript: each answer is a submit button (or a text box, or
checkboxes with 'Klaar'), posted with the CSRF token; answers travel only in POST bodies.
GET pages never store an answer, so a link preview (WhatsApp fetches links) uses no invite.
Every POST ends in a redirect to a page with its own address (`web.places`): the browser's
back button shows the previous question, reload shows the same page, and neither repeats an
action nor asks to send a form again.
"""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web
from multidict import MultiDictProxy

from conversation.choices import MAX_BYTES, Press, PressKind
from conversation.screens import Outcome, Place
from questionnaires.model import Lang
from web import entry
from web.app import LANG, SECURITY, SETTINGS, STORE, page
from web.form import (
    RESULTS,
    Visit,
    after,
    conversation,
    go,
    render,
    result_for,
    visit,
)
from web.pages import paragraphs
from web.places import (
    HOME,
    MESSAGE,
    OVERVIEW,
    PAUSED,
    QUESTION,
    WELCOME,
    Result,
    Results,
    place_of,
)
from web.security import Security

Form = MultiDictProxy[str | bytes | bytearray | web.FileField]
RETURN_PATH = re.compile(r"/v(/[A-Za-z0-9_-]+){0,2}")


def setup(app: web.Application) -> None:
    """Add the participant routes (the specific ones before /v/{code})."""
    app[RESULTS] = Results()
    add = app.router
    add.add_get(HOME, entry.home, name="home")
    add.add_post(HOME, entry.enter_code, name="enter_code")
    add.add_post("/v/actie", act, name="act")
    add.add_post("/v/pauze", pause, name="pause")
    add.add_post("/v/taal", choose_language, name="language")
    add.add_post("/v/bijdrage", contribution, name="contribution")
    add.add_get(QUESTION + "{question}", at_place, name="question")
    add.add_get(OVERVIEW, at_place, name="overview")
    add.add_get(WELCOME, welcome_page, name="welcome")
    add.add_get(PAUSED, paused_page, name="paused")
    add.add_get(MESSAGE, message_page, name="message")
    add.add_get("/v/mijn-gegevens", my_data, name="my_data")
    add.add_get("/v/wissen", erase, name="erase")
    add.add_get("/v/uitleg", explain, name="help")
    add.add_get("/v/terug/{token}", entry.resume_page, name="resume_link")
    add.add_post("/v/terug/{token}", entry.resume, name="resume")
    # A POST's address opened again from the address bar: back to where they are.
    for path in ("/v/actie", "/v/pauze", "/v/taal", "/v/bijdrage"):
        add.add_get(path, to_home)
    add.add_get("/v/{code}", entry.invite, name="invite")


async def to_home(request: web.Request) -> web.StreamResponse:
    raise web.HTTPSeeOther(HOME)


# Places: a question, the overview ----------------------------------------------------------


async def at_place(request: web.Request) -> web.StreamResponse:
    """A question or the overview, by its address; also when the browser goes back or forward
    to it, which moves the participant there as 'Terug' and 'Wijzig' do."""
    now = await visit(request)
    if now.participant is None:
        raise web.HTTPSeeOther(HOME)
    await request.app[STORE].touch_browser(now.who)
    outcome = await arrive(request, now, request.path)
    return await render(request, now, outcome.screens, result_for(request, now))


async def arrive(request: web.Request, now: Visit, target: str) -> Outcome:
    """The participant's screen at `target`: where they are, or an earlier question they go
    back to (to see or change their answer), or forward again to where they were. Anywhere
    else (an info text or a question no longer asked) redirects to where they are."""
    conv = conversation(request)
    outcome = await conv.current(now.who, now.lang)
    here = outcome.screens[-1]
    if place_of(here) == target:
        return outcome
    store = request.app[STORE]
    assert now.participant is not None
    response = await store.active_response(now.participant.id)
    if response is None:
        raise web.HTTPSeeOther(place_of(here))
    if target.startswith(QUESTION):
        moves = [Press(PressKind.GOTO, str(response.id), target.removeprefix(QUESTION))]
        if here.key is not None:  # one step back also reaches an info text
            moves.append(Press(PressKind.BACK, str(response.id), here.key))
        for move in moves:
            moved = await conv.press(now.who, move, [], now.lang)
            if moved.screens and place_of(moved.screens[-1]) == target:
                return moved
    # Forward again: past the question they went back to, to the first one still open.
    await store.set_current_question(response.id, None)
    outcome = await conv.current(now.who, now.lang)
    if place_of(outcome.screens[-1]) != target:
        raise web.HTTPSeeOther(place_of(outcome.screens[-1]))
    return outcome


async def message_page(request: web.Request) -> web.StreamResponse:
    """What the last action said that is no question (thanks, erased, ...)."""
    now = await visit(request)
    result = result_for(request, now)
    if result is None:
        raise web.HTTPSeeOther(HOME)
    return await render(request, now, result.screens, result)


async def welcome_page(request: web.Request) -> web.StreamResponse:
    """Right after consent: the introduction and the personal resume link."""
    now = await visit(request)
    result = result_for(request, now)
    if result is None or now.participant is None:
        raise web.HTTPSeeOther(HOME)
    return page_with_link(
        request,
        "welcome.html.j2",
        result,
        earlier=[paragraphs(screen.blocks) for screen in result.earlier],
    )


async def paused_page(request: web.Request) -> web.StreamResponse:
    """After pausing: answers are kept; a fresh personal link to continue anywhere."""
    now = await visit(request)
    result = result_for(request, now)
    if result is None or now.participant is None:
        raise web.HTTPSeeOther(HOME)
    message = [p for screen in result.screens for p in paragraphs(screen.blocks)]
    return page_with_link(request, "paused.html.j2", result, message=message)


def page_with_link(
    request: web.Request, template: str, result: Result, **context: Any
) -> web.Response:
    return page(
        request,
        template,
        resume_url=result.resume_url,
        participant=True,
        can_contribute=False,
        **context,
    )


async def resume_url(request: web.Request, participant_id: int) -> str:
    """A fresh personal link to continue on any device (the one before stops working)."""
    token = await request.app[STORE].new_resume_token(participant_id)
    return f"{request.app[SETTINGS].web_url}/v/terug/{token}"


# Actions: each ends in a redirect ------------------------------------------------------------


async def act(request: web.Request) -> web.StreamResponse:
    """A pressed button or a typed answer."""
    now = await visit(request)
    form = await request.post()
    pressed = _field(form, "knop")
    conv = conversation(request)
    if pressed in ("", "tekst"):
        typed, typed_on = _field(form, "tekst"), _field(form, "vraag") or None
        outcome = await conv.on_text(now.who, typed, typed_on=typed_on)
        # A text typed under an earlier question is not offered again under this one.
        await after(request, outcome, typed="" if outcome.drop_keyboard else typed)
    outcome = await conv.choose(now.who, pressed, _ticked(form), now.lang)
    if outcome.erased:
        request.app[RESULTS].forget(now.who.token_hash)
        request.app[SECURITY].new_session(request)
    if outcome.language is not None:
        request[LANG] = outcome.language
    if now.participant is None:
        started = await visit(request)
        if started.participant is not None:  # just consented: the personal link
            intro = [screen for screen in outcome.screens if screen.place is Place.NOTICE]
            url = await resume_url(request, started.participant.id)
            go(request, Result(WELCOME, earlier=intro, resume_url=url))
    await after(request, outcome)


def _field(form: Form, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _ticked(form: Form) -> list[str]:
    """The ticked boxes of a several-choices question: the ids of their options."""
    values = form.getall("keuze", [])
    return [value for value in values if isinstance(value, str) and len(value) <= MAX_BYTES]


async def contribution(request: web.Request) -> web.StreamResponse:
    now = await visit(request)
    await after(request, await conversation(request).new_contribution(now.who, now.lang))


async def pause(request: web.Request) -> web.StreamResponse:
    """Pause: answers are kept; a fresh personal link to continue anywhere."""
    now = await visit(request)
    outcome = await conversation(request).pause(now.who, now.lang)
    if now.participant is None:
        await after(request, outcome)
    url = await resume_url(request, now.participant.id)
    go(request, Result(PAUSED, screens=outcome.screens, resume_url=url))


async def choose_language(request: web.Request) -> web.StreamResponse:
    """The language switch: remembered in a cookie, and for a participant in the store."""
    now = await visit(request)
    form = await request.post()
    chosen: Lang = "en" if _field(form, "taal") == "en" else "nl"
    if now.participant is not None:
        await request.app[STORE].set_language(now.participant.id, chosen)
    back = _field(form, "terug")
    response = web.HTTPSeeOther(back if RETURN_PATH.fullmatch(back) else HOME)
    security: Security = request.app[SECURITY]
    security.set_cookie(response, security.cookies.language, chosen)
    raise response


# Pages that only show (GET changes nothing) --------------------------------------------------


async def my_data(request: web.Request) -> web.StreamResponse:
    now = await visit(request)
    outcome = await conversation(request).my_data(now.who, now.lang)
    return await render(request, now, outcome.screens)


async def erase(request: web.Request) -> web.StreamResponse:
    now = await visit(request)
    conv = conversation(request)
    if now.participant is None:
        return await render(request, now, [conv.nothing_found(now.lang)])
    return await render(request, now, (await conv.erase_request(now.who, now.lang)).screens)


async def explain(request: web.Request) -> web.StreamResponse:
    now = await visit(request)
    return await render(request, now, (await conversation(request).help(now.who, now.lang)).screens)
