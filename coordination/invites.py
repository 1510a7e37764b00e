"""Invites: create single- or multi-use codes, the card sheet and QR codes, revoke codes."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coordination.problems import Problem
from coordination.rounds import find_location
from questionnaires.model import Catalog, Kind, Role
from report.exports import slug
from report.invite_pack import qr_files, sheet_html
from report.labels import role_label
from storage.db import operation
from storage.store import Invite, Round, Store

ROLES = [r.value for r in Role]
MAX_COUNT = 500
REFLECTION_DAYS = 21  # how long reflection codes work after the round closed
MAX_DAYS = 3650  # an invite works at most ten years (a timestamp must stay within reach)
MAX_USES = 100_000  # people per code
CODE_IN_TEXT = re.compile(r"(?:start=|/v/)?([a-z0-9]{12})\b")


def parse_uses(text: str | None) -> int | None:
    """Uses per code: absent is single use; a number; 'unlimited'/'onbeperkt' is None."""
    if text is None or not text.strip():
        return 1
    if text.strip().lower() in ("unlimited", "onbeperkt"):
        return None
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit()) or not 1 <= int(digits) <= MAX_USES:
        raise Problem(
            f"'{text}' is geen aantal. Vul een getal in van 1 tot en met {MAX_USES}, of kies "
            "onbeperkt.",
            f"--multi-use {text!r}: give a number of uses (1 to {MAX_USES}) or 'unlimited'.",
        )
    return int(digits)


def invite_expiry(round_: Round, days: int | None, timezone: str, now: datetime) -> datetime:
    """`days` from now, or else the end of the round's last day in the local time zone."""
    if days is not None:
        if not 1 <= days <= MAX_DAYS:
            raise Problem(
                f"Kies 1 tot en met {MAX_DAYS} dagen.", f"--days must be 1 to {MAX_DAYS}."
            )
        return now + timedelta(days=days)
    local = datetime.combine(round_.ends_on, time(23, 59, 59), tzinfo=ZoneInfo(timezone))
    return local.astimezone(UTC)


@operation
async def create_invites(
    store: Store,
    catalog: Catalog,
    actor: str,
    round_: Round,
    role: str,
    count: int,
    *,
    timezone: str,
    location: str | None = None,
    max_uses: int | None = 1,
    days: int | None = None,
    kind: str = Kind.SURVEY.value,
) -> list[Invite]:
    """`count` new codes for one role (and location) in a round."""
    if role not in ROLES:
        raise Problem(
            f"Onbekende groep '{role}'. Kies een van: {', '.join(role_label(r) for r in ROLES)}.",
            f"unknown role {role!r}; choose one of: {', '.join(ROLES)}.",
        )
    if not 1 <= count <= MAX_COUNT:
        raise Problem(
            f"Kies een aantal codes van 1 tot en met {MAX_COUNT}.",
            f"--count must be 1 to {MAX_COUNT}.",
        )
    if kind == Kind.REFLECTION and round_.closed_at is None:
        raise Problem(
            "De reflectieronde kijkt naar de uitkomsten. Sluit eerst de ronde.",
            f"round {round_.name!r} is still open. The reflection round looks at its results: "
            "close it first with `inspraak round close`.",
        )
    if kind != Kind.REFLECTION and round_.closed_at is not None:
        raise Problem(
            "Deze ronde is gesloten. Maak een nieuwe ronde voor nieuwe codes.",
            f"round {round_.name!r} is closed; create a new round for new codes.",
        )
    if kind not in {k.value for k in Kind} or catalog.for_role(role, Kind(kind)) is None:
        raise Problem(
            f"Voor {role_label(role)} is er geen vragenlijst van deze soort. Kies een andere "
            "groep of soort.",
            f"there is no {kind} questionnaire for role {role!r}; add one or choose another role "
            "or --kind.",
        )
    location_id = None
    if location:
        location_id = (await find_location(store, location)).id
    if kind == Kind.REFLECTION:  # after the round: three weeks unless `days` says otherwise
        expires = datetime.now(UTC) + timedelta(days=days or REFLECTION_DAYS)
    else:
        expires = invite_expiry(round_, days, timezone, datetime.now(UTC))
    invites = await store.create_invites(
        round_.id, role, count, expires, location_id, max_uses, kind
    )
    await store.audit(
        actor,
        "invites_created",
        round=round_.name,
        role=role,
        location=location,
        count=len(invites),
        uses="unlimited" if max_uses is None else max_uses,
        kind=kind,
    )
    return invites


def codes_in(texts: Sequence[str]) -> list[str]:
    """Invite codes in pasted text: codes, deep links or web links, each once."""
    codes: list[str] = []
    for text in texts:
        if not text.strip():
            continue
        found = CODE_IN_TEXT.search(text.strip().lower())
        if found is None:
            raise Problem(
                f"'{text.strip()}' is geen uitnodigingscode of link.",
                f"{text.strip()!r} is not an invite code or link.",
            )
        if found[1] not in codes:
            codes.append(found[1])
    if not codes:
        raise Problem(
            "Geef een of meer codes.", "give one or more codes, or --from with a links.txt file."
        )
    return codes


@dataclass
class Revoked:
    revoked: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    already: list[tuple[str, str]] = field(default_factory=list)  # code, when


@operation
async def revoke(store: Store, actor: str, codes: Sequence[str]) -> Revoked:
    """Stop codes from starting new answers; answers given stay, who started can finish."""
    result = Revoked()
    for code in codes:
        invite = await store.get_invite(code)
        if invite is None:
            result.unknown.append(code)
        elif not await store.revoke_invite(code):
            result.already.append((code, invite.revoked_at or ""))
        else:
            result.revoked.append(code)
    if result.revoked:
        await store.audit(actor, "invites_revoked", count=len(result.revoked))
    return result


def qr_zip(
    invites: Sequence[Invite], bot_username: str, web_url: str, *, whatsapp: str | None = None
) -> bytes:
    """The PNGs of each code in a zip file: qr-<code>.png opens Telegram, qr-<code>-web.png the
    web form, qr-<code>-whatsapp.png WhatsApp (when `whatsapp`, the business number, is given)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for invite in invites:
            for name, png in qr_files(invite, bot_username, web_url, whatsapp=whatsapp):
                archive.writestr(name, png)
    return buffer.getvalue()


# The printable card sheet (HTML with its own styles, no scripts), for the console: it reaches
# `report` only through this package.
card_sheet = sheet_html


def qr_zip_name(round_: Round) -> str:
    return f"qr-codes-{slug(round_.name)}.zip"


def role_names() -> list[tuple[str, str]]:
    """Each role and how coordinators read it (Cliënten, Naasten, ...)."""
    return [(role, role_label(role)) for role in ROLES]
