"""Invite commands: create codes with links, QR codes and a card sheet; revoke codes."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from inspraak.coordinator import ROLES, _actor, _catalog, _run, find_round, open_store
from inspraak.errors import UserError
from inspraak.settings import Settings
from questionnaires.model import Kind
from report.exports import slug
from report.invites import write_invite_pack
from storage.store import Round


def parse_uses(text: str | None) -> int | None:
    """--multi-use: a number of uses, or 'unlimited' (None); absent means single use."""
    if text is None:
        return 1
    if text.strip().lower() in ("unlimited", "onbeperkt"):
        return None
    if not text.isdigit() or int(text) < 1:
        raise UserError(f"--multi-use {text!r}: give a number of uses (1 or more) or 'unlimited'.")
    return int(text)


def invite_expiry(round_: Round, days: int | None, timezone: str, now: datetime) -> datetime:
    """--days from now, or else the end of the round's last day in the local time zone."""
    if days is not None:
        if days < 1:
            raise UserError("--days must be 1 or more.")
        return now + timedelta(days=days)
    local = datetime.combine(round_.ends_on, time(23, 59, 59), tzinfo=ZoneInfo(timezone))
    return local.astimezone(UTC)


def cmd_invite_create(args: argparse.Namespace, settings: Settings) -> int:
    if args.role not in ROLES:
        raise UserError(f"unknown role {args.role!r}; choose one of: {', '.join(ROLES)}.")
    if args.count < 1:
        raise UserError("--count must be 1 or more.")
    catalog = _catalog(settings)
    kind = Kind(args.kind)
    if catalog.for_role(args.role, kind) is None:
        raise UserError(
            f"there is no {kind} questionnaire for role {args.role!r} in "
            f"{settings.questionnaires_dir}; add one or choose another role or --kind."
        )
    max_uses = parse_uses(args.multi_use)

    async def run() -> tuple[int, Path]:
        async with open_store(settings.db_path) as store:
            round_ = await find_round(store, args.round)
            location_id = None
            if args.location:
                known = {loc.name: loc.id for loc in await store.list_locations()}
                if args.location not in known:
                    raise UserError(
                        f"unknown location {args.location!r}; add it with "
                        f"`inspraak location add` or see `inspraak location list`."
                    )
                location_id = known[args.location]
            expires = invite_expiry(round_, args.days, settings.timezone, datetime.now(UTC))
            invites = await store.create_invites(
                round_.id, args.role, args.count, expires, location_id, max_uses, kind.value
            )
            parts = [slug(round_.name), args.role, slug(args.location or "")]
            out = Path(args.out) if args.out else Path("invites") / "-".join(p for p in parts if p)
            pack = write_invite_pack(
                invites, round_, bot_username(args, settings), settings.organisation, out
            )
            await store.audit(
                _actor(), "invites_created", round=round_.name, role=args.role, count=len(invites)
            )
            return len(invites), pack.sheet

    count, sheet = _run(run())
    print(f"{count} invite(s) written to {sheet.parent}: links.txt, qr-*.png and {sheet.name}.")
    return 0


CODE_IN_TEXT = re.compile(r"(?:start=|/v/)?([a-z0-9]{12})\b")


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
    codes = []
    for text in texts:
        found = CODE_IN_TEXT.search(text.strip().lower())
        if found is None:
            raise UserError(f"{text.strip()!r} is not an invite code or link.")
        if found[1] not in codes:
            codes.append(found[1])
    if not codes:
        raise UserError("give one or more codes, or --from with a links.txt file.")
    return codes


def cmd_invite_revoke(args: argparse.Namespace, settings: Settings) -> int:
    codes = codes_from(args)

    async def run() -> tuple[int, list[str]]:
        revoked, problems = 0, []
        async with open_store(settings.db_path) as store:
            for code in codes:
                invite = await store.get_invite(code)
                if invite is None:
                    problems.append(f"{code}: unknown code, nothing revoked.")
                elif not await store.revoke_invite(code):
                    problems.append(f"{code}: was already revoked on {invite.revoked_at}.")
                else:
                    revoked += 1
            if revoked:
                await store.audit(_actor(), "invites_revoked", count=revoked)
        return revoked, problems

    revoked, problems = _run(run())
    for problem in problems:
        print(problem, file=sys.stderr)
    print(
        f"{revoked} invite code(s) revoked: they no longer start new answers (answers already "
        "given stay, and people who started can finish)."
    )
    return 1 if any("unknown" in p for p in problems) else 0


def bot_username(args: argparse.Namespace, settings: Settings) -> str:
    return str(args.bot_username or settings.bot_username)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `inspraak invite create` and `inspraak invite revoke`."""
    invite = sub.add_parser("invite", help="make invite codes, links, QR codes and a card sheet")
    invites = invite.add_subparsers(dest="invite_command", required=True, metavar="ACTION")
    make = invites.add_parser("create", help="create invite codes for one role (and location)")
    make.add_argument("--round", required=True, help="round name or id")
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
        help="survey, or contribution for a peer expert's contribution log",
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
