"""The web server: one aiohttp application with the shared security layer, and its sections.

`create_app` is the factory. A section is a function that adds its routes to the application:
the participant form (`web.participant.setup`, under /v) and the coordinator console (under
/beheer). Every section gets, without doing anything for it: the security headers and CSP, the
session cookie, the CSRF check on every POST, friendly error pages (a section may register its
own layout for them in `ERROR_PAGES`), the access log without paths, and one store operation at
a time.

Why aiohttp: it is already a dependency (python-telegram-bot's webhook server and our local
Bot API server use it), it runs in the same event loop as the bot so `inspraak run` starts both
in one process, and the form needs nothing that a larger framework would add.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager, suppress
from datetime import UTC, datetime, timedelta

from aiohttp import web

from conversation import texts as conversation_texts
from conversation.flow import Conversation
from questionnaires.model import Catalog, Lang
from settings import Settings
from storage.store import Store
from web import pages
from web.refused import REFUSED, PageRunner
from web.security import REFUSED_BY_PARSER, SESSION_MAX_AGE, AccessLogger, Handler, Security
from web.texts import t

log = logging.getLogger(__name__)

SETTINGS = web.AppKey("settings", Settings)
STORE = web.AppKey("store", Store)
CATALOG = web.AppKey("catalog", Catalog)
SECURITY = web.AppKey("security", Security)
CONVERSATION = web.AppKey("conversation", Conversation)
LANG = web.RequestKey("lang", str)  # the language of this request's page, once known
# Each configured channel's state (e.g. "telegram"): "ok", "stopped" (its polling loop or
# webhook server does not run) or what keeps its platform from being reached
# (conversation.reachable.Trouble: "unreachable", "failing", "refused", "conflict").
Channels = Mapping[str, Callable[[], str]]
CHANNELS = web.AppKey("channels", dict[str, Callable[[], str]])  # a section may add one
WRITABLE = web.AppKey("writable", list[bool])  # the database check /healthz last logged

Section = Callable[[web.Application], None]
ErrorPage = Callable[[web.Request, int], web.Response]  # the page for an HTTP error status
ERROR_PAGES = web.AppKey("error_pages", dict[str, ErrorPage])  # by path prefix, e.g. /beheer
MAX_FORM_BYTES = 64 * 1024
CLEANUP_EVERY = timedelta(hours=6)


def default_sections() -> Sequence[Section]:
    from web import console, participant

    return (participant.setup, console.setup)


def create_app(
    settings: Settings,
    catalog: Catalog,
    store: Store,
    *,
    sections: Sequence[Section] | None = None,
    channels: Channels | None = None,
) -> web.Application:
    """The web application over an open store; `sections` add the routes (default: /v);
    `channels` are what /healthz checks besides the database."""
    security = Security(settings.web_url, trust_proxy=settings.web_trust_proxy)
    app = web.Application(
        middlewares=[security.middleware(error_page), errors, web_channel],
        client_max_size=MAX_FORM_BYTES,
    )
    app[ERROR_PAGES] = {}
    app[SETTINGS] = settings
    app[STORE] = store
    app[CATALOG] = catalog
    app[SECURITY] = security
    app[CONVERSATION] = Conversation(store, catalog, settings)
    app[CHANNELS] = dict(channels or {})
    app[WRITABLE] = [True]
    app[pages.ENV] = pages.environment()
    app.router.add_get("/", to_form, name="root")
    app.router.add_get("/healthz", healthz, name="healthz")
    app.router.add_static("/static/", pages.STATIC_DIR, name="static", append_version=True)
    for section in sections if sections is not None else default_sections():
        section(app)
    app.cleanup_ctx.append(forget_idle_browsers)
    return app


async def to_form(request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound("/v")


async def healthz(request: web.Request) -> web.Response:
    """200 when the database takes a write and every configured channel reaches its platform,
    else 503. Says only which check fails and its kind of trouble, in fixed words: no versions,
    paths, counts or errors."""
    writable = await request.app[STORE].writable()
    checks = {"database": "ok" if writable else "failing"}
    checks |= {name: state() for name, state in request.app[CHANNELS].items()}
    failing = [name for name, state in checks.items() if state != "ok"]
    body = {"status": "unavailable" if failing else "ok", "checks": checks}
    healthy = not failing
    # Said once when it changes (a container asks every 30 seconds); a channel out of reach is
    # said by its own Reachability (conversation/reachable.py).
    said = request.app[WRITABLE]
    if writable != said[0]:
        log.log(
            logging.INFO if writable else logging.WARNING,
            "health check: the database takes %s",
            "writes again" if writable else "no write",
        )
        said[0] = writable
    return web.json_response(
        body, status=200 if healthy else 503, headers={"Cache-Control": "no-store"}
    )


def language(request: web.Request) -> Lang:
    """The page language: chosen for this request, else the language cookie, else Dutch."""
    chosen = request.get(LANG)
    if chosen in ("nl", "en"):
        return "en" if chosen == "en" else "nl"
    cookie = request.cookies.get(request.app[SECURITY].cookies.language)
    return "en" if cookie == "en" else "nl"


def page(
    request: web.Request, template: str, *, status: int = 200, **context: object
) -> web.Response:
    """Render a page with what every page needs: language, organisation, CSRF token, links."""
    app = request.app
    security = app[SECURITY]
    session = security.ensure_session(request)
    lang = language(request)
    static = app.router["static"]
    return pages.render(
        request,
        template,
        status=status,
        lang=lang,
        t=lambda key, **values: t(key, lang, **values),
        org=conversation_texts.configured(app[SETTINGS].organisation, lang),
        csrf=security.csrf_token(session),
        base_css=static.url_for(filename="basis.css"),
        css=static.url_for(filename="style.css"),
        script=static.url_for(filename="leesvoor.js"),
        back_path=request.path if request.method == "GET" else "/v",
        **context,
    )


def message_page(request: web.Request, heading: str, message: str, *, status: int) -> web.Response:
    """A page of one heading and one message (keys of web/texts.py) in the visitor's language."""
    lang = language(request)
    return page(
        request,
        "message.html.j2",
        status=status,
        heading=t(heading, lang),
        message=t(message, lang),
    )


# What the participant's error page says, per status (keys of web/texts.py); else "error".
ERROR_TEXTS = {
    400: "bad_request",
    403: "expired",
    404: "not_found",
    405: "not_allowed",
    413: "too_large",
}


def error_page(request: web.Request, status: int) -> web.Response:
    """The page for a request that went wrong, in the layout of the part of the site it was
    for: a section registers its own under its path (the console under /beheer)."""
    for prefix, render in request.app[ERROR_PAGES].items():
        if request.path == prefix or request.path.startswith(prefix + "/"):
            return render(request, status)
    key = ERROR_TEXTS.get(status, "error")
    return message_page(request, f"{key}_heading", key, status=status)


@web.middleware
async def errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Friendly pages for every error. What a visitor's request did wrong (an unknown page or
    method, a body too large or not UTF-8) gets its page and no traceback; a failure of ours
    gets the general page, and its traceback reaches the log, never the visitor."""
    if request.get(REFUSED):  # refused by aiohttp's HTTP parser (web/refused.py)
        return error_page(request, 400)
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        response = error_page(request, exc.status)
        if "Allow" in exc.headers:  # 405 says which methods the address takes
            response.headers["Allow"] = exc.headers["Allow"]
        return response
    except Exception as exc:
        route = request.match_info.route.name or "-"
        log.error("web request %s failed: %s", route, type(exc).__name__, exc_info=exc)
        return error_page(request, 500)


@web.middleware
async def web_channel(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Conversation texts are worded for a browser during this request."""
    token = conversation_texts.CHANNEL.set("web")
    try:
        return await handler(request)
    finally:
        conversation_texts.CHANNEL.reset(token)


async def forget_idle_browsers(app: web.Application) -> AsyncIterator[None]:
    """Browser sessions unused for as long as their cookie lives are removed regularly."""

    async def loop() -> None:
        while True:
            before = datetime.now(UTC) - timedelta(seconds=SESSION_MAX_AGE)
            removed = await app[STORE].forget_idle_browsers(before)
            if removed:
                log.info("forgot %d idle browser session(s)", removed)
            await asyncio.sleep(CLEANUP_EVERY.total_seconds())

    task = asyncio.create_task(loop())
    yield
    task.cancel()
    with suppress(asyncio.CancelledError):
        await task


class WebServer:
    """A running web server inside the current event loop."""

    def __init__(self, runner: web.AppRunner, url: str) -> None:
        self.runner = runner
        self.url = url  # where it listens, e.g. http://127.0.0.1:8080

    async def stop(self) -> None:
        await self.runner.cleanup()


async def start(
    settings: Settings,
    catalog: Catalog,
    store: Store,
    *,
    port: int | None = None,
    sections: Sequence[Section] | None = None,
    channels: Channels | None = None,
) -> WebServer:
    """Serve on INSPRAAK_WEB_LISTEN:INSPRAAK_WEB_PORT (or `port`; 0 picks a free one)."""
    app = create_app(settings, catalog, store, sections=sections, channels=channels)
    logging.getLogger("aiohttp.server").addFilter(REFUSED_BY_PARSER)
    runner = PageRunner(app, access_log_class=AccessLogger, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(
        runner, settings.web_listen, settings.web_port if port is None else port, reuse_address=True
    )
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        raise WebError(
            f"the web form cannot listen on {settings.web_listen}:{port or settings.web_port} "
            f"({exc.strerror}); choose another INSPRAAK_WEB_PORT or stop what uses it."
        ) from None
    bound = settings.web_port if port is None else port
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            bound = int(address[1])
    host = settings.web_listen if ":" not in settings.web_listen else f"[{settings.web_listen}]"
    return WebServer(runner, f"http://{host}:{bound}")


class WebError(Exception):
    """The web server cannot start; the message says why and what to do."""


@asynccontextmanager
async def serving(
    settings: Settings,
    catalog: Catalog,
    store: Store,
    *,
    port: int | None = None,
    sections: Sequence[Section] | None = None,
    channels: Channels | None = None,
) -> AsyncIterator[WebServer]:
    """The web server for the duration of a `with` block (tests, demo)."""
    server = await start(settings, catalog, store, port=port, sections=sections, channels=channels)
    try:
        yield server
    finally:
        await server.stop()


async def serve_forever(
    settings: Settings, catalog: Catalog, *, sections: Sequence[Section] | None = None
) -> None:
    """`inspraak web`: the web server alone, with its own database connection, until stopped."""
    async with Store.open(settings.db_path) as store:
        server = await start(settings, catalog, store, sections=sections)
        try:
            log.info("ready: web form listening on %s (health: /healthz)", server.url)
            await asyncio.Event().wait()
        finally:
            await server.stop()
