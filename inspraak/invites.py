"""Invite commands: create codes with links, QR codes and a card sheet; revoke codes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coordination import invites as invite_ops
from coordination.rounds import pick_round
from inspraak.errors import UserError
from inspraak.shell import actor, add_round_option, catalog_or_error, with_store
from questionnaires.i18n import ngettext
from questionnaires.model import Kind
from report.exports import slug
from report.invite_pack import write_invite_pack
from settings import Settings
from storage.store import Store

ROLES = invite_ops.ROLES


def cmd_invite_create(args: argparse.Namespace, settings: Settings) -> int:
    catalog = catalog_or_error(settings)
    max_uses = invite_ops.parse_uses(args.multi_use)

    async def run(store: Store) -> tuple[int, Path]:
        round_ = await pick_round(store, args.round, settings.local_date())
        invites = await invite_ops.create_invites(
            store,
            catalog,
            actor(),
            round_,
            args.role,
            args.count,
            timezone=settings.timezone,
            location=args.location,
            max_uses=max_uses,
            days=args.days,
            kind=args.kind,
        )
        parts = [slug(round_.name), args.role, slug(args.location or "")]
        out = Path(args.out) if args.out else Path("invites") / "-".join(p for p in parts if p)
        pack = write_invite_pack(
            invites,
            round_,
            bot_username(args, settings),
            settings.organisation,
            out,
            settings.web_url,
            whatsapp=settings.whatsapp_phone_number,
        )
        return len(invites), pack.sheet

    count, sheet = with_store(settings, run)
    written = ngettext("{n} invite", "{n} invites", count, "en")
    print(f"{written} written to {sheet.parent}: links.txt, qr-*.png and {sheet.name}.")
    return 0


def codes_from(args: argparse.Namespace) -> list[str]:
    """Codes given on the command line (a code or a link) and from --from links.txt files."""
    texts = list(args.codes)
    for name in args.from_files or []:
        try:
            text = Path(name).read_text(encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot read {name}: {exc.strerror}.") from None
        texts.extend(
            line.split("\t", 1)[0] for line in text.splitlines() if not line.startswith("#")
        )
    return invite_ops.codes_in(texts)


def cmd_invite_revoke(args: argparse.Namespace, settings: Settings) -> int:
    codes = codes_from(args)

    async def run(store: Store) -> invite_ops.Revoked:
        return await invite_ops.revoke(store, actor(), codes)

    result = with_store(settings, run)
    for code in result.unknown:
        print(f"{code}: unknown code, nothing revoked.", file=sys.stderr)
    for code, when in result.already:
        print(f"{code}: was already revoked on {when}.", file=sys.stderr)
    revoked = ngettext("{n} invite code", "{n} invite codes", len(result.revoked), "en")
    print(
        f"{revoked} revoked: they no longer start new answers (answers already given stay, and "
        "people who started can finish)."
    )
    return 1 if result.unknown else 0


def bot_username(args: argparse.Namespace, settings: Settings) -> str:
    return str(args.bot_username or settings.bot_username)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `inspraak invite create` and `inspraak invite revoke`."""
    invite = sub.add_parser("invite", help="make invite codes, links, QR codes and a card sheet")
    invites = invite.add_subparsers(dest="invite_command", required=True, metavar="ACTION")
    make = invites.add_parser("create", help="create invite codes for one role (and location)")
    add_round_option(make)
    make.add_argument("--role", required=True, help=", ".join(ROLES))
    make.add_argument("--location", help="location or team name")
    make.add_argument("--count", type=int, default=1, help="number of codes (default 1)")
    make.add_argument(
        "--multi-use",
        metavar="N|unlimited",
        help="uses per code (default: single use, one response per code)",
    )
    make.add_argument("--days", type=int, help="valid for N days (default: until the round ends)")
    make.add_argument(
        "--kind",
        choices=[k.value for k in Kind],
        default=Kind.SURVEY.value,
        help="survey; contribution for a peer expert's contribution log; reflection (after the "
        "round is closed) for the cliëntenraad, familieraad, peer experts and teams to reflect "
        "on its results",
    )
    make.add_argument("--out", help="folder for links.txt, PNGs and sheet.html")
    make.add_argument("--bot-username", help="the bot's username (default INSPRAAK_BOT_USERNAME)")
    make.set_defaults(func=cmd_invite_create)
    revoke = invites.add_parser("revoke", help="stop invite codes from starting new answers")
    revoke.add_argument("codes", nargs="*", help="codes or links (t.me/...?start=CODE)")
    revoke.add_argument(
        "--from",
        dest="from_files",
        action="append",
        metavar="LINKS_TXT",
        help="revoke every code in a links.txt written by `invite create` (repeatable)",
    )
    revoke.set_defaults(func=cmd_invite_revoke)
