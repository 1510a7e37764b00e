"""The `inspraak` command: a thin shell over the Python API of each package."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from coordination.problems import Problem
from inspraak import console, coordinator, invites, operations, quotes, redact
from inspraak.errors import UserError
from inspraak.shell import catalog_or_error, without_doubles
from questionnaires.i18n import ngettext
from questionnaires.loader import load_catalog
from questionnaires.model import Catalog
from questionnaires.reading import QuestionnaireError
from settings import Settings, SettingsError, load_settings, unknown_names

if TYPE_CHECKING:
    from telegram.error import TelegramError

    from bot.app import AnyApp
    from web.app import Section

Command = Callable[[argparse.Namespace, Settings], int]


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    """Check questionnaire files. Its reader edits them: a coordinator or functional
    administrator of a Dutch organisation, so it answers in Dutch (each problem's `nl`)."""
    path = Path(args.path) if args.path else settings.questionnaires_dir
    try:
        catalog = load_catalog(path)
    except QuestionnaireError as exc:
        found = ngettext("{n} probleem", "{n} problemen", len(exc.problems))
        print(f"{found} in {path}:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem.nl}", file=sys.stderr)
        print("Verbeter ze en kijk opnieuw met: inspraak validate", file=sys.stderr)
        return 1
    print(f"In orde: {path}")
    for questionnaire in catalog.questionnaires.values():
        answerable = [q for q in questionnaire.questions if q.answerable]
        print(
            f"  {questionnaire.id:<28} rol {questionnaire.role:<20} "
            + ngettext("{n:>3} vraag, ", "{n:>3} vragen, ", len(answerable))
            + f"~{questionnaire.minutes} min, versie {questionnaire.version}"
        )
    return 0


async def _check_bot(app: AnyApp) -> None:
    async with app.bot:  # initialize() calls getMe; leaving closes the connection again
        pass


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from telegram.error import TelegramError

    from bot.app import ReportedAtStart, build_application
    from coordination.reports import report_maker, results_maker

    if not settings.telegram_bot_token and not settings.whatsapp_enabled:
        raise UserError(
            "No messaging channel is configured: set TELEGRAM_BOT_TOKEN (create a bot with "
            "@BotFather) or the WHATSAPP_ settings, in the environment or in a .env file (see "
            "README.md). `inspraak web` runs the web form alone."
        )
    catalog = catalog_or_error(settings)
    redact.setup_logging(settings)
    if not settings.telegram_bot_token:
        return _run_web(settings, catalog)  # WhatsApp's webhook is part of the web server
    app = build_application(
        settings,
        catalog,
        report_maker=report_maker(settings, catalog),
        results_maker=results_maker(settings, catalog),
    )
    try:
        # Check token and connection first, so a mistake is one line and nothing is left open.
        asyncio.run(_check_bot(app))
    except TelegramError as exc:
        raise UserError(refused_at_start(settings, exc)) from None
    with_web_form(app, settings, catalog)
    # What Telegram refuses at start is our one line below, not PTB's traceback before it.
    logging.getLogger("telegram.ext").addFilter(ReportedAtStart())
    # run_polling/run_webhook use (and finally close) the current event loop: give them a fresh one.
    asyncio.set_event_loop(asyncio.new_event_loop())
    from web.app import WebError

    try:
        if settings.webhook_url:
            app.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path="telegram",
                webhook_url=settings.webhook_url.rstrip("/") + "/telegram",
                secret_token=settings.webhook_secret,
            )
        else:
            app.run_polling()
    except WebError as exc:
        raise UserError(str(exc)) from None
    except TelegramError as exc:
        # Starting: Telegram refused to set the webhook (or to remove it, for polling), or
        # could not be reached any more.
        raise UserError(refused_at_start(settings, exc)) from None
    return 0


def refused_at_start(settings: Settings, error: TelegramError) -> str:
    """What went wrong as the bot started, and what to check, in one line."""
    from telegram.error import BadRequest, InvalidToken, NetworkError

    message = error.message
    if isinstance(error, InvalidToken):
        return (
            "Telegram refused TELEGRAM_BOT_TOKEN. Check it with @BotFather (/mybots → API Token)."
        )
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
        return (
            f"cannot reach the Bot API at {settings.telegram_api_url} ({message}). "
            "Check the network or TELEGRAM_API_URL."
        )
    if settings.webhook_url:
        return (
            f"Telegram refused the webhook {settings.webhook_url.rstrip('/')}/telegram "
            f"({message}). INSPRAAK_WEBHOOK_URL must be this server's public https:// address, "
            f"and the reverse proxy must pass /telegram on to port {settings.webhook_port} "
            "(README.md, Going live)."
        )
    return f"Telegram refused to start polling ({message})."


def with_web_form(app: AnyApp, settings: Settings, catalog: Catalog) -> None:
    """Start the web form in the bot's event loop, after the bot, with its own database
    connection (SQLite in WAL mode lets both write); stop it when the bot stops."""
    from bot.app import health
    from storage.store import Store
    from web.app import WebError, WebServer, start

    bot_init, bot_shutdown = app.post_init, app.post_shutdown
    running: list[tuple[WebServer, Store]] = []
    log = logging.getLogger(__name__)

    async def announce_ready(context: object) -> None:
        """One log line once the bot takes updates: PTB starts the job queue after polling
        (or the webhook) began."""
        mode = "webhook" if settings.webhook_url else "polling"
        log.info("ready: Telegram %s, web form at %s/v (health: /healthz)", mode, settings.web_url)

    async def post_init(application: AnyApp) -> None:
        if bot_init is not None:
            await bot_init(application)
        store = await Store.connect(settings.db_path)
        try:
            server = await start(
                settings,
                catalog,
                store,
                sections=web_sections(settings),
                channels={"telegram": lambda: health(app)},
            )
        except WebError:
            await store.close()
            raise
        running.append((server, store))
        log.info("web form at %s/v", settings.web_url)
        if application.job_queue is not None:
            application.job_queue.run_once(
                announce_ready, when=0, job_kwargs={"misfire_grace_time": None}
            )

    async def post_shutdown(application: AnyApp) -> None:
        for server, store in running:
            await server.stop()
            await store.close()
        if bot_shutdown is not None:
            await bot_shutdown(application)

    app.post_init = post_init
    app.post_shutdown = post_shutdown


def web_sections(settings: Settings) -> list[Section]:
    """The web server's sections: the form and the console, and WhatsApp's webhook when its
    settings are set."""
    from web.app import default_sections

    sections = list(default_sections())
    if settings.whatsapp_enabled:
        from whatsapp.webhook import section

        sections.append(section())
    return sections


def cmd_web(args: argparse.Namespace, settings: Settings) -> int:
    """The web form alone (no Telegram token needed), with WhatsApp when it is configured."""
    catalog = catalog_or_error(settings)
    redact.setup_logging(settings)
    return _run_web(settings, catalog)


def _run_web(settings: Settings, catalog: Catalog) -> int:
    from web.app import WebError, serve_forever

    print(
        f"Web form: {settings.web_url}/v (listening on {settings.web_listen}:{settings.web_port})"
    )
    if settings.whatsapp_enabled:
        print(f"WhatsApp webhook: {settings.web_url}/whatsapp")
    try:
        asyncio.run(serve_forever(settings, catalog, sections=web_sections(settings)))
    except WebError as exc:
        raise UserError(str(exc)) from None
    return 0


def cmd_preview(args: argparse.Namespace, settings: Settings) -> int:
    try:
        from demo.preview import preview
    except ModuleNotFoundError as exc:
        raise without_doubles(exc, "preview") from None
    catalog = catalog_or_error(settings)
    asyncio.run(preview(settings, catalog, args.role))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inspraak",
        description="Gather stakeholder input for the kwaliteitsverslag (woonzorg langdurige ggz).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = sub.add_parser(
        "validate",
        help="check questionnaire files and list every problem (in Dutch, for their editor)",
    )
    validate.add_argument("path", nargs="?", help="folder or file (default: configured folder)")
    validate.set_defaults(func=cmd_validate)
    run = sub.add_parser(
        "run", help="start the Telegram bot (polling, or webhook if configured) and the web form"
    )
    run.set_defaults(func=cmd_run)
    web = sub.add_parser("web", help="start only the web form (INSPRAAK_WEB_PORT)")
    web.set_defaults(func=cmd_web)
    preview = sub.add_parser(
        "preview", help="answer a questionnaire in the terminal with the real bot, no token needed"
    )
    preview.add_argument("role", help="client, naaste, ervaringsdeskundige, partner, professional")
    preview.set_defaults(func=cmd_preview)
    coordinator.register(sub)
    invites.register(sub)
    quotes.register(sub)
    operations.register(sub)
    console.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        for line in unknown_names(os.environ):
            print(f"inspraak: warning: {line}", file=sys.stderr)
        redact.install(redact.secrets_of(settings))
        func: Command = args.func
        code = func(args, settings)
        sys.stdout.flush()  # here, so that a closed pipe is caught below
        return code
    except BrokenPipeError:
        # Piped into a reader that stopped early (`inspraak round list | head`): no traceback,
        # and nothing more to write when Python flushes at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Problem as exc:
        print(f"inspraak: {exc.en}", file=sys.stderr)
        return 2
    except (SettingsError, UserError) as exc:
        for line in str(exc).splitlines():
            print(f"inspraak: {line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
