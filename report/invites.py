"""Invite material: deep links, QR codes (PNG files, inline SVG) and a printable card sheet."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import segno
from markupsafe import Markup

from report.labels import nl_date, role_label
from report.render import render_template
from storage.store import Invite, Round

# What a card tells the reader, per role, in plain Dutch (B1).
CARD_TEXTS: dict[str, str] = {
    "client": (
        "Wij willen graag weten hoe het met u gaat en wat u van de zorg vindt. Scan de code met "
        "uw telefoon. Dan opent Telegram. U beantwoordt korte vragen, één voor één. U mag elke "
        "vraag overslaan en later verder gaan. Uw antwoorden zijn anoniem."
    ),
    "naaste": (
        "U bent belangrijk voor iemand die bij ons woont of begeleiding krijgt. Wij horen graag "
        "hoe u de zorg en de samenwerking ervaart. Scan de code met uw telefoon. Het duurt een "
        "paar minuten. Uw antwoorden zijn anoniem."
    ),
    "ervaringsdeskundige": (
        "Als ervaringsdeskundige ziet u veel. Vertel ons wat u doet en wat het oplevert. Scan de "
        "code met uw telefoon om te beginnen."
    ),
    "partner": (
        "U werkt met ons samen. Hoe gaat dat? Scan de code om een paar korte vragen te "
        "beantwoorden over bereikbaarheid, afspraken en samenwerking."
    ),
    "professional": (
        "Hoe ervaart u uw werk en de zorg die we samen geven? Scan de code met uw telefoon en "
        "beantwoord korte vragen. Uw antwoorden zijn anoniem."
    ),
}
CONTRIBUTION_TEXT = (
    "Met deze code houdt u uw bijdragen als ervaringsdeskundige bij. Scan de code, of typ in "
    "Telegram /bijdrage als u al eerder begon."
)


def deep_link(bot_username: str, code: str) -> str:
    """The Telegram link that opens the bot with the invite code."""
    return f"https://t.me/{bot_username.lstrip('@')}?start={code}"


def qr_svg(link: str) -> str:
    """A QR code as an inline SVG element (no XML declaration), scalable for print."""
    svg: str = segno.make(link, error="m").svg_inline(scale=4, border=2, omitsize=True)
    return svg


def write_qr_png(link: str, path: Path) -> Path:
    segno.make(link, error="m").save(str(path), kind="png", scale=10, border=4)
    return path


@dataclass(frozen=True)
class Card:
    code: str
    link: str
    qr: Markup
    role_label: str
    location: str | None
    uses: str
    expires: str
    text: str


@dataclass(frozen=True)
class InvitePack:
    links: Path
    pngs: tuple[Path, ...]
    sheet: Path


def _uses(invite: Invite) -> str:
    if invite.max_uses is None:
        return "Deze code kunnen meerdere mensen gebruiken."
    if invite.max_uses == 1:
        return "Deze code is voor één persoon."
    return f"Deze code kunnen {invite.max_uses} mensen gebruiken."


def cards(invites: Sequence[Invite], bot_username: str) -> list[Card]:
    result = []
    for invite in invites:
        link = deep_link(bot_username, invite.code)
        text = (
            CONTRIBUTION_TEXT
            if invite.kind == "contribution"
            else CARD_TEXTS.get(invite.role, CARD_TEXTS["client"])
        )
        result.append(
            Card(
                code=invite.code,
                link=link,
                qr=Markup(qr_svg(link)),
                role_label=role_label(invite.role),
                location=invite.location_name,
                uses=_uses(invite),
                expires=nl_date(datetime.fromisoformat(invite.expires_at).date()),
                text=text,
            )
        )
    return result


def write_invite_pack(
    invites: Sequence[Invite],
    round_: Round,
    bot_username: str,
    organisation: str,
    out: Path,
) -> InvitePack:
    """links.txt (code, link, location, expiry per line), one PNG per code and sheet.html with
    one printable card per code."""
    out.mkdir(parents=True, exist_ok=True)
    lines = ["# code\tlink\tlocatie\tgeldig tot\tgebruik"]
    pngs = []
    for invite in invites:
        link = deep_link(bot_username, invite.code)
        uses = "onbeperkt" if invite.max_uses is None else str(invite.max_uses)
        lines.append(
            f"{invite.code}\t{link}\t{invite.location_name or '-'}\t{invite.expires_at}\t{uses}"
        )
        pngs.append(write_qr_png(link, out / f"qr-{invite.code}.png"))
    links = out / "links.txt"
    links.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sheet = out / "sheet.html"
    sheet.write_text(sheet_html(invites, round_, bot_username, organisation), encoding="utf-8")
    return InvitePack(links, tuple(pngs), sheet)


def sheet_html(
    invites: Sequence[Invite], round_: Round, bot_username: str, organisation: str
) -> str:
    """The printable card sheet: one card per code with its QR code and a short explanation."""
    return render_template(
        "invite_sheet.html.j2",
        cards=cards(invites, bot_username),
        organisation=organisation,
        round_name=round_.name,
    )


def qr_png(link: str) -> bytes:
    """A QR code as PNG bytes, the same size as the files `write_invite_pack` writes."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()
