"""`inspraak console-login`: a one-time code for the web console, for coordinators without
Telegram (the bot's /beheer sends a login link instead)."""

from __future__ import annotations

import argparse

from inspraak.coordinator import _actor, _run, open_store
from inspraak.errors import UserError
from inspraak.settings import Settings
from storage.console import CODE_LENGTH, LOGIN_VALID, grouped

LOGIN_PATH = "/beheer/inloggen"


def cmd_console_login(args: argparse.Namespace, settings: Settings) -> int:
    name = " ".join((args.name or _actor()).split())
    if not name or len(name) > 60:
        raise UserError("--name must be 1 to 60 characters (it appears in the audit log).")

    async def run() -> str:
        async with open_store(settings.db_path) as store:
            code = await store.console.new_login(f"code:{name}", LOGIN_VALID, length=CODE_LENGTH)
            await store.audit(_actor(), "console_login_link", coordinator=name)
            return code

    code = _run(run())
    minutes = int(LOGIN_VALID.total_seconds() // 60)
    print(f"One-time login code for {name}: {grouped(code)}")
    print(f"Open {settings.web_url}{LOGIN_PATH} and type the code, or open this link:")
    print(f"{settings.web_url}{LOGIN_PATH}/{code}")
    print(f"It works once, for {minutes} minutes. Give it only to the coordinator in person.")
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
