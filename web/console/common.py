"""What every console page shares: who is signed in, the page shell, the CSRF check of the
console session, problems shown in the page, downloads."""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import quote

from aiohttp import web

from coordination.audit_log import who
from coordination.problems import Problem
from coordination.reports import File
from storage.store import Round
from web import pages
from web.app import SECURITY, SETTINGS, STORE
from web.security import CSP

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
LOGIN_PATH = "/beheer/inloggen"
CONSOLE_CSRF_FIELD = "beheer_csrf"


@dataclass(frozen=True)
class Coordinator:
    """A signed-in coordinator: 'telegram:<user id>' or 'code:<name>', and their session."""

    key: str
    token: str

    @property
    def name(self) -> str:
        return who(self.actor)

    @property
    def actor(self) -> str:
        """How the audit log names them."""
        return f"beheer {self.key}"

    @property
    def csrf(self) -> str:
        return hmac.new(self.token.encode(), b"inspraak-beheer", hashlib.sha256).hexdigest()


COORDINATOR = web.RequestKey("coordinator", Coordinator)


def cookie_name(request: web.Request) -> str:
    return "__Host-inspraak-beheer" if request.app[SECURITY].secure else "inspraak-beheer"


def still_allowed(request: web.Request, key: str) -> bool:
    """A Telegram coordinator taken off INSPRAAK_COORDINATORS loses access at once."""
    kind, _, rest = key.partition(":")
    if kind == "telegram":
        return rest.isdigit() and int(rest) in request.app[SETTINGS].coordinators
    return kind == "code" and bool(rest)


async def current(request: web.Request) -> Coordinator | None:
    token = request.cookies.get(cookie_name(request))
    if not token or not 20 <= len(token) <= 100 or not token.isascii():
        return None
    idle = timedelta(minutes=request.app[SETTINGS].console_idle_minutes)
    key = await request.app[STORE].console_session(token, idle)
    if key is None or not still_allowed(request, key):
        return None
    return Coordinator(key, token)


def signed_in(handler: Handler) -> Handler:
    """Only for a live console session: anyone else goes to the login page (GET) or is
    refused (any other method). A POST must carry the console session's CSRF token."""

    @functools.wraps(handler)
    async def guarded(request: web.Request) -> web.StreamResponse:
        coordinator = await current(request)
        if coordinator is None:
            if request.method == "GET":
                raise web.HTTPSeeOther(LOGIN_PATH + "?verlopen=1")
            return page(
                request,
                "message.html.j2",
                status=403,
                heading="Niet ingelogd",
                message="Je bent niet (meer) ingelogd. Log opnieuw in en probeer het nog eens.",
            )
        request[COORDINATOR] = coordinator
        if request.method == "POST":
            form = await request.post()
            submitted = form.get(CONSOLE_CSRF_FIELD)
            if not isinstance(submitted, str) or not hmac.compare_digest(
                submitted, coordinator.csrf
            ):
                return error_page(request, 403)
        return await handler(request)

    return guarded


def page(
    request: web.Request,
    template: str,
    *,
    status: int = 200,
    problem: Problem | None = None,
    **context: Any,
) -> web.Response:
    """A console page with what every page needs: organisation, both CSRF tokens, menu. With a
    `problem`, the page says on top what was wrong (status 400, what was typed is kept)."""
    app = request.app
    security = app[SECURITY]
    session = security.ensure_session(request)
    static = app.router["static"]
    coordinator = request.get(COORDINATOR)
    context.setdefault("notice", None)
    response = pages.render(
        request,
        f"beheer/{template}",
        status=400 if problem is not None and status == 200 else status,
        lang="nl",
        org=app[SETTINGS].organisation,
        csrf=security.csrf_token(session),
        beheer_csrf=coordinator.csrf if coordinator else "",
        coordinator=coordinator,
        base_css=static.url_for(filename="basis.css"),
        css=static.url_for(filename="beheer.css"),
        script=static.url_for(filename="beheer.js"),
        path=request.path,
        problem=problem.nl if problem is not None else context.pop("problem_text", None),
        **context,
    )
    # With no-referrer, browsers send `Origin: null` with a form POST, which the CSRF layer
    # rightly refuses; same-origin keeps the Origin and sends nothing to other sites.
    response.headers["Referrer-Policy"] = "same-origin"
    return response


MAX_ID = 2**63 - 1  # SQLite's largest integer


def whole_number(text: str, *, most: int = MAX_ID) -> int | None:
    """A number as people type it and addresses carry it: ASCII digits, at most `most`."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19 or int(text) > most:
        return None
    return int(text)


def path_id(request: web.Request, name: str) -> int:
    """The id in the address; one no row can have is a page that does not exist."""
    found = whole_number(request.match_info[name])
    if found is None:
        raise web.HTTPNotFound()
    return found


# The console's error pages: what went wrong and that nothing changed, per HTTP status.
ERRORS = {
    400: (
        "Dit konden we niet lezen",
        "Wat je stuurde, konden we niet lezen. Er is niets "
        "veranderd. Ga terug en probeer het nog eens.",
    ),
    403: (
        "Niet uitgevoerd",
        "Dit formulier was verlopen. Er is niets veranderd. Laad de "
        "pagina opnieuw en probeer het nog eens.",
    ),
    404: ("Deze pagina bestaat niet", "Controleer het adres, of ga naar het overzicht."),
    405: ("Dit kan niet op deze pagina", "Deze pagina werkt zo niet. Er is niets veranderd."),
    413: (
        "Dit is te groot",
        "Wat je stuurde, is te groot. Er is niets veranderd. Maak het "
        "korter en probeer het nog eens.",
    ),
}
FAILED = (
    "Er ging iets mis",
    "Sorry, er ging iets mis aan onze kant. Er is mogelijk niets "
    "veranderd. Kijk in het overzicht en probeer het zo nog eens.",
)


def error_page(request: web.Request, status: int) -> web.Response:
    """An error in the console's own layout (registered for /beheer in `web.app`)."""
    heading, message = ERRORS.get(status, FAILED)
    return page(request, "message.html.j2", status=status, heading=heading, message=message)


def round_id(request: web.Request) -> int:
    return path_id(request, "round")


async def the_round(request: web.Request) -> Round:
    found = await request.app[STORE].get_round(round_id(request))
    if found is None:
        raise web.HTTPNotFound()
    return found


def download(file: File) -> web.Response:
    """A file to save, never to show: it cannot run in our origin."""
    return web.Response(
        body=file.content,
        headers={
            "Content-Type": file.media_type,
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(file.name)}",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


# A self-contained document (report preview, card sheet) with its own inline styles: no
# scripts at all (sandbox without allow-scripts), nothing loaded from anywhere.
DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
PAGE_WITH_FRAME_CSP = CSP + "; frame-src 'self'"


def form_text(form: Any, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""
