"""The participant form under /v: the same conversation as the bot, one question per page.

Every page works without JavaScript: each answer is a submit button (or a text box, or
checkboxes with 'Klaar'), posted with the CSRF token; answers travel only in POST bodies.
GET pages never change anything, so a link preview (WhatsApp fetches links) uses no invite.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from multidict import MultiDictProxy

from conversation import texts as conversation_texts
from conversation.callbacks import Callback, Kind, decode
from conversation.flow import Conversation
from conversation.screens import SELECTED, Outcome
from questionnaires.model import Kind as QnKind
from questionnaires.model import Lang
from storage.identities import Browser, Participant
from storage.store import InviteProblem
from web.app import CONVERSATION, LANG, SECURITY, SETTINGS, STORE, language, message_page, page
from web.pages import paragraphs, screen_view
from web.security import GuessLimiter, GuessLimits, Handler, Security

Form = MultiDictProxy[str | bytes | bytearray | web.FileField]
CODE = re.compile(r"[a-z2-9]{12}")
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")
RETURN_PATH = re.compile(r"/v(/[A-Za-z0-9_-]+){0,2}")


def setup(app: web.Application) -> None:
    """Add the participant routes (the specific ones before /v/{code})."""
    add = app.router
    add.add_get("/v", home, name="home")
    add.add_post("/v", enter_code, name="enter_code")
    add.add_post("/v/actie", act, name="act")
    add.add_post("/v/pauze", pause, name="pause")
    add.add_post("/v/taal", choose_language, name="language")
    add.add_post("/v/bijdrage", contribution, name="contribution")
    add.add_get("/v/mijn-gegevens", my_data, name="my_data")
    add.add_get("/v/wissen", erase, name="erase")
    add.add_get("/v/uitleg", explain, name="help")
    add.add_get("/v/terug/{token}", resume_page, name="resume_link")
    add.add_post("/v/terug/{token}", resume, name="resume")
    # A POST's address opened again from the address bar: back to where they are.
    for path in ("/v/actie", "/v/pauze", "/v/taal", "/v/bijdrage"):
        add.add_get(path, to_home)
    add.add_get("/v/{code}", invite, name="invite")


async def to_home(request: web.Request) -> web.StreamResponse:
    raise web.HTTPSeeOther("/v")


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


def normalise_code(raw: str) -> str:
    """Codes are typed over from paper: ignore case, spaces, dashes and dots."""
    return re.sub(r"[\s.\-]", "", raw).lower()


def conversation(request: web.Request) -> Conversation:
    return request.app[CONVERSATION]


async def show(
    request: web.Request,
    outcome: Outcome,
    *,
    typed: str = "",
    status: int = 200,
    **extra: object,
) -> web.Response:
    """Show what an action led to; a refused action shows the current question and why."""
    now = await visit(request)
    notice = outcome.toast if outcome.alert else None
    screens = outcome.screens
    if not screens and outcome.edit is not None and not outcome.alert:
        screens = [outcome.edit]
    if outcome.alert or not screens:
        if not outcome.alert and outcome.toast and outcome.toast != "✓":
            notice = outcome.toast
        screens = (await conversation(request).current(now.who, now.lang)).screens
    *earlier, last = screens
    nothing_open = last.text == conversation_texts.t("nothing_open", now.lang)
    return page(
        request,
        "screen.html.j2",
        status=status,
        notice=notice,
        note=None if outcome.alert else outcome.note,
        earlier=[paragraphs(screen.text) for screen in earlier],
        screen=screen_view(last, now.lang, typed),
        participant=now.participant is not None,
        can_contribute=await can_contribute(request, now),
        code_form=nothing_open,
        **extra,
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
        if questionnaire is not None and questionnaire.kind is QnKind.CONTRIBUTION:
            return True
    return False


# Start ------------------------------------------------------------------------------------------


async def home(request: web.Request) -> web.Response:
    """Where the participant is: their current question, or the code form."""
    now = await visit(request)
    if now.participant is None:
        return code_form(request)
    await request.app[STORE].identities.touch_browser(now.who)
    outcome = await conversation(request).current(now.who, now.lang)
    return await show(request, outcome)


def code_form(
    request: web.Request, *, problem: str | None = None, status: int = 200
) -> web.Response:
    return page(request, "code.html.j2", problem=problem, status=status, participant=False)


async def enter_code(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    raw = form.get("code")
    code = normalise_code(raw if isinstance(raw, str) else "")
    if not code:
        lang = language(request)
        return code_form(request, problem=conversation_texts.t("invite_unknown", lang), status=400)
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
    # Read-only from here: with a participant or a usable code, start() only looks.
    outcome = await conversation(request).start(now.who, code, now.lang)
    resumed = outcome.screens and outcome.screens[0].question is None
    if now.participant is not None and resumed and any(s.question for s in outcome.screens):
        raise web.HTTPSeeOther("/v")  # they already answer with this invite: continue
    return await show(request, outcome)


# Answering ----------------------------------------------------------------------------------


async def act(request: web.Request) -> web.StreamResponse:
    """A pressed button or a typed answer."""
    now = await visit(request)
    form = await request.post()
    pressed = _field(form, "knop")
    conv = conversation(request)
    if pressed in ("", "tekst"):
        typed = _field(form, "tekst")
        outcome = await conv.on_text(now.who, typed)
        return await show(request, outcome, typed=typed if outcome.alert else "")
    data = decode(pressed)
    if data is None:
        toast = conversation_texts.t("invalid_button", now.lang)
        return await show(request, Outcome(toast=toast, alert=True))
    if data.kind is Kind.ERASE:
        outcome = await conv.erase(now.who, data.arg == "y", now.lang)
        if data.arg == "y":
            request.app[SECURITY].new_session(request)
        return await show(request, outcome)
    if data.kind is Kind.LANGUAGE:
        chosen: Lang = "en" if data.arg == "en" else "nl"
        request[LANG] = chosen
        return await show(request, await conv.set_language(now.who, chosen))
    had_participant = now.participant is not None
    selection = _selection(form, data) if data.kind is Kind.DONE else []
    outcome = await conv.on_callback(now.who, data, selection, now.lang)
    if data.kind is Kind.CONSENT and data.arg == "y" and not had_participant:
        return await welcome(request, outcome)
    return await show(request, outcome)


def _field(form: Form, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _selection(form: Form, done: Callback) -> list[tuple[str, str]]:
    """The ticked boxes as the conversation reads a multiple choice: the selected toggles."""
    ticked = {value for value in form.getall("keuze", []) if isinstance(value, str)}
    return [
        (SELECTED, Callback(Kind.TOGGLE, done.ref, done.question, index).encode())
        for index in sorted(ticked)
        if index.isdigit() and len(index) <= 3
    ]


async def welcome(request: web.Request, outcome: Outcome) -> web.Response:
    """Right after consent: the introduction and the personal resume link, once."""
    now = await visit(request)
    if now.participant is None:  # the code could not be used after all
        return await show(request, outcome)
    intro = [screen for screen in outcome.screens if screen.question is None]
    return await with_resume_link(
        request,
        now.participant,
        "welcome.html.j2",
        earlier=[paragraphs(screen.text) for screen in intro],
    )


async def with_resume_link(
    request: web.Request, participant: Participant, template: str, **context: object
) -> web.Response:
    """A page with a fresh personal link to continue on any device."""
    token = await request.app[STORE].identities.new_resume_token(participant.id)
    return page(
        request,
        template,
        status=200,
        resume_url=f"{request.app[SETTINGS].web_url}/v/terug/{token}",
        participant=True,
        can_contribute=False,
        **context,
    )


async def contribution(request: web.Request) -> web.Response:
    now = await visit(request)
    return await show(request, await conversation(request).new_contribution(now.who, now.lang))


# Pause, resume, privacy ---------------------------------------------------------------------


async def pause(request: web.Request) -> web.Response:
    """Pause: answers are kept; a fresh personal link to continue anywhere."""
    now = await visit(request)
    outcome = await conversation(request).pause(now.who, now.lang)
    if now.participant is None:
        return await show(request, outcome)
    return await with_resume_link(
        request,
        now.participant,
        "paused.html.j2",
        message=[p for screen in outcome.screens for p in paragraphs(screen.text)],
    )


async def resumed_participant(request: web.Request, guesser: Guesser) -> Participant | None:
    """Whose personal resume link is in the address; a wrong one counts as a guess."""
    token = request.match_info["token"]
    identities = request.app[STORE].identities
    found = await identities.participant_for_resume(token) if TOKEN.fullmatch(token) else None
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
    if found is None:
        return message_page(request, "resume_heading", "resume_bad", status=404)
    # This browser now acts for them, with a fresh cookie (whatever it had before is left).
    fresh = request.app[SECURITY].new_session(request)
    await request.app[STORE].identities.link(Browser.from_token(fresh), found.id)
    raise web.HTTPSeeOther("/v")


async def my_data(request: web.Request) -> web.Response:
    now = await visit(request)
    return await show(request, await conversation(request).my_data(now.who, now.lang))


async def erase(request: web.Request) -> web.Response:
    now = await visit(request)
    if now.participant is None:
        return await show(request, Outcome([conversation(request).nothing_found(now.lang)]))
    return await show(request, await conversation(request).erase_request(now.who, now.lang))


async def explain(request: web.Request) -> web.Response:
    now = await visit(request)
    return await show(request, await conversation(request).help(now.who, now.lang))


async def choose_language(request: web.Request) -> web.StreamResponse:
    """The language switch: remembered in a cookie, and for a participant in the store."""
    now = await visit(request)
    form = await request.post()
    chosen: Lang = "en" if _field(form, "taal") == "en" else "nl"
    if now.participant is not None:
        await request.app[STORE].set_language(now.participant.id, chosen)
    back = _field(form, "terug")
    response = web.HTTPSeeOther(back if RETURN_PATH.fullmatch(back) else "/v")
    security: Security = request.app[SECURITY]
    security.set_cookie(response, security.cookies.language, chosen)
    raise response
