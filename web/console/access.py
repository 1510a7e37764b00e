"""Logging in with a one-time link or code, and logging out.

GET never uses a secret: a link preview (Telegram fetches links) or a scanner only sees the
page with the button. The secret is spent by the POST that the coordinator's button sends.
"""

from __future__ import annotations

import re

from aiohttp import web

from storage.console import SESSION_MAX
from web.app import SECURITY, STORE
from web.console.common import (
    COORDINATOR,
    LOGIN_PATH,
    cookie_name,
    current,
    form_text,
    page,
    signed_in,
    still_allowed,
)

SECRET = re.compile(r"[A-Za-z0-9-]{12,64}")
STATE_TEXTS = {
    "used": "Deze inloglink is al gebruikt. Een link werkt maar één keer.",
    "expired": "Deze inloglink is verlopen. Een link werkt 10 minuten.",
    "unknown": "Deze inloglink of code klopt niet.",
}
NEW_LINK = (
    "Vraag een nieuwe link: stuur /beheer naar de bot in Telegram. Zonder Telegram: vraag de "
    "beheerder van de server om een code (inspraak console-login)."
)


def setup(app: web.Application) -> None:
    app.router.add_get(LOGIN_PATH, login_page, name="console_login_page")
    app.router.add_post(LOGIN_PATH, login, name="console_login")
    app.router.add_get(LOGIN_PATH + "/{secret}", login_link, name="console_login_link")
    app.router.add_post("/beheer/uitloggen", logout, name="console_logout")


async def login_page(request: web.Request) -> web.StreamResponse:
    if await current(request) is not None:
        raise web.HTTPSeeOther("/beheer")
    notice = None
    if request.query.get("verlopen"):
        notice = "Je bent niet ingelogd, of je was een tijd niet actief. Log opnieuw in."
    elif request.query.get("uit"):
        notice = "Je bent uitgelogd."
    return page(request, "login.html.j2", notice=notice, secret="", new_link=NEW_LINK)


async def login_link(request: web.Request) -> web.StreamResponse:
    """The page a login link opens: one button that logs in."""
    secret = request.match_info["secret"]
    security = request.app[SECURITY]
    visitor = security.visitor(request)
    if security.guesses.console.blocked(visitor):
        return too_many_tries(request)
    state = "unknown"
    if SECRET.fullmatch(secret):
        state = await request.app[STORE].console_login_state(secret)
    if state == "unknown":
        security.guesses.console.failed(visitor)
    if state != "valid":
        await request.app[STORE].audit("web", "console_login_refused", reason=state)
        return page(
            request,
            "login.html.j2",
            status=403 if state == "unknown" else 410,
            problem_text=STATE_TEXTS[state],
            secret="",
            new_link=NEW_LINK,
        )
    return page(request, "login_confirm.html.j2", secret=secret)


async def login(request: web.Request) -> web.StreamResponse:
    security = request.app[SECURITY]
    store = request.app[STORE]
    visitor = security.visitor(request)
    form = await request.post()
    secret = form_text(form, "code")
    if security.guesses.console.blocked(visitor):
        return too_many_tries(request)
    key = await store.use_console_login(secret) if SECRET.fullmatch(secret) else None
    if key is None or not still_allowed(request, key):
        security.guesses.console.failed(visitor)
        state = await store.console_login_state(secret) if SECRET.fullmatch(secret) else ""
        await store.audit("web", "console_login_refused", reason=state or "unknown")
        message = STATE_TEXTS.get(state, STATE_TEXTS["unknown"])
        if key is not None:
            message = "Je staat niet (meer) op de lijst van coördinatoren."
        return page(
            request,
            "login.html.j2",
            status=403,
            problem_text=message,
            secret=secret if not SECRET.fullmatch(secret) else "",
            new_link=NEW_LINK,
        )
    token = await store.start_console_session(key)
    await store.audit(f"beheer {key}", "console_login")
    response = web.HTTPSeeOther("/beheer")
    response.set_cookie(
        cookie_name(request),
        token,
        max_age=int(SESSION_MAX.total_seconds()),
        path="/",
        secure=security.secure,
        httponly=True,
        samesite="Strict",
    )
    raise response


def too_many_tries(request: web.Request) -> web.Response:
    return page(
        request,
        "login.html.j2",
        status=429,
        problem_text="Er is te vaak een verkeerde code geprobeerd. Wacht 10 minuten en "
        "probeer het dan opnieuw.",
        secret="",
        new_link=NEW_LINK,
    )


@signed_in
async def logout(request: web.Request) -> web.StreamResponse:
    coordinator = request[COORDINATOR]
    await request.app[STORE].end_console_session(coordinator.token)
    await request.app[STORE].audit(coordinator.actor, "console_logout")
    response = web.HTTPSeeOther(LOGIN_PATH + "?uit=1")
    response.del_cookie(cookie_name(request), path="/", secure=request.app[SECURITY].secure)
    raise response
