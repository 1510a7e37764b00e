"""`inspraak console-login`: a one-time code for the web console, for coordinators without
Telegram (the bot's /beheer sends a login link instead)."""

from __future__ import annotations

import argparse

from inspraak.errors import UserError
from inspraak.shell import actor, with_store
from questionnaires.i18n import ngettext
from settings import Settings
from storage.console import CODE_LENGTH, LOGIN_VALID, grouped
from storage.store import Store

LOGIN_PATH = "/beheer/inloggen"


def cmd_console_login(args: argparse.Namespace, settings: Settings) -> int:
    name = " ".join((args.name or actor()).split())
    if not name or len(name) > 60:
        raise UserError("--name must be 1 to 60 characters (it appears in the audit log).")

    async def run(store: Store) -> str:
        code = await store.new_console_login(f"code:{name}", LOGIN_VALID, length=CODE_LENGTH)
        await store.audit(actor(), "console_login_link", coordinator=name)
        return code

    code = with_store(settings, run)
    minutes = int(LOGIN_VALID.total_seconds() // 60)
    print(f"One-time login code for {name}: {grouped(code)}")
    print(f"Open {settings.web_url}{LOGIN_PATH} and type the code, or open this link:")
    print(f"{settings.web_url}{LOGIN_PATH}/{code}")
    valid = ngettext("{n} minute", "{n} minutes", minutes, "en")
    print(f"It works once, for {valid}. Give it only to the coordinator in person.")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `inspraak console-login`."""
    login = sub.add_parser(
        "console-login",
        help="print a one-time code to log in to the web console (/beheer) without Telegram",
    )
    login.add_argument(
        "--name", help="who will use it, for the audit log (default: your user name)"
    )
    login.set_defaults(func=cmd_console_login)
