"""Invite material: Telegram deep links, web form links and WhatsApp links, QR codes (PNG
files, inline SVG) and a printable card sheet."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import segno
from markupsafe import Markup

from questionnaires.i18n import ngettext
from report.labels import nl_date, role_label
from report.render import render_template
from storage.store import Invite, Round

# What a card tells the reader, per role, in plain Dutch (B1, "je" as everywhere in the
# product). How to open it follows on the card. A card never says "anoniem": answers are kept
# under a pseudonymous code, and what is true is that no name is needed.
CARD_TEXTS: dict[str, str] = {
    "client": (
        "We willen graag weten hoe het met je gaat en wat je van de zorg vindt. Je beantwoordt "
        "korte vragen, één voor één. Je mag elke vraag overslaan en later verder gaan. Je naam "
        "is niet nodig."
    ),
    "naaste": (
        "Je bent belangrijk voor iemand die bij ons woont of begeleiding krijgt. We horen graag "
        "hoe jij de zorg en de samenwerking ervaart. Het duurt een paar minuten. Je naam is "
        "niet nodig."
    ),
    "ervaringsdeskundige": (
        "Als ervaringsdeskundige zie je veel. Vertel ons wat je doet en wat het oplevert."
    ),
    "partner": (
        "Je werkt met ons samen. Hoe gaat dat? Beantwoord een paar korte vragen over "
        "bereikbaarheid, afspraken en samenwerking."
    ),
    "professional": (
        "Hoe ervaar jij je werk en de zorg die we samen geven? Je beantwoordt korte vragen. Je "
        "naam is niet nodig."
    ),
}
CONTRIBUTION_TEXT = (
    "Met deze code houd je je bijdragen als ervaringsdeskundige bij. Al eerder begonnen? Typ "
    "dan in Telegram /bijdrage, of kies in de browser 'Nog een bijdrage'."
)
# The two ways in, the same questions and the same privacy.
HOW_TO_OPEN = (
    "Scan een van de twee codes met de camera van je telefoon. Heb je Telegram? Kies dan de "
    "code 'Met Telegram'. Geen Telegram? Kies de code 'In de browser'. Dan opent de vragenlijst "
    "op een gewone internetpagina. Dat werkt op elke telefoon, tablet of computer."
)


# Three ways in, for people who read little: one short line each, the card shows them side by side.
HOW_TO_OPEN_THREE = (
    "Kies één van de drie codes. Richt de camera van je telefoon erop en tik op de link. "
    "WhatsApp: je stuurt een berichtje met je code, dan beginnen de vragen. "
    "Telegram: tik op 'Start'. Browser: de vragen openen op een gewone internetpagina. "
    "Het zijn dezelfde vragen."
)
# What a wa.me link puts in the message box; the bot reads the code from it.
WHATSAPP_MESSAGE = "Hallo! Ik doe mee. Mijn code is {code}"


def whatsapp_link(number: str, code: str) -> str:
    """The link that opens WhatsApp with a message to the business number holding the code:
    `https://wa.me/<number>?text=<message>` (number in international form, digits only)."""
    return f"https://wa.me/{number}?text={quote(WHATSAPP_MESSAGE.format(code=code))}"


def deep_link(bot_username: str, code: str) -> str:
    """The Telegram link that opens the bot with the invite code."""
    return f"https://t.me/{bot_username.lstrip('@')}?start={code}"


def web_link(web_url: str, code: str) -> str:
    """The web form link for the invite code: `<INSPRAAK_PUBLIC_URL>/v/<code>`."""
    return f"{web_url.rstrip('/')}/v/{code}"


def qr_svg(link: str) -> str:
    """A QR code as an inline SVG element (no XML declaration), scalable for print."""
    svg: str = segno.make(link, error="m").svg_inline(scale=4, border=2, omitsize=True)
    return svg


@dataclass(frozen=True)
class Card:
    code: str
    link: str  # Telegram
    qr: Markup
    web_link: str
    web_qr: Markup
    role_label: str
    whatsapp_link: str | None  # when WhatsApp is set up
    whatsapp_qr: Markup | None
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
    return ngettext(
        "Deze code kan {n} persoon gebruiken.",
        "Deze code kunnen {n} mensen gebruiken.",
        invite.max_uses,
    )


def cards(
    invites: Sequence[Invite], bot_username: str, web_url: str, *, whatsapp: str | None = None
) -> list[Card]:
    """One card per invite; `whatsapp`: the business number, when WhatsApp is set up."""
    result = []
    for invite in invites:
        link = deep_link(bot_username, invite.code)
        in_browser = web_link(web_url, invite.code)
        in_whatsapp = whatsapp_link(whatsapp, invite.code) if whatsapp else None
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
                web_link=in_browser,
                web_qr=Markup(qr_svg(in_browser)),
                role_label=role_label(invite.role),
                whatsapp_link=in_whatsapp,
                whatsapp_qr=Markup(qr_svg(in_whatsapp)) if in_whatsapp else None,
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
    web_url: str,
    *,
    whatsapp: str | None = None,
) -> InvitePack:
    """links.txt (code, Telegram link, web link, location, expiry, uses, and the WhatsApp link
    when `whatsapp` (the business number) is given, per line), the PNGs of `qr_files` and
    sheet.html with one printable card per code."""
    out.mkdir(parents=True, exist_ok=True)
    head = "# code\ttelegram\tbrowser\tlocatie\tgeldig tot\tgebruik"
    lines = [head + ("\twhatsapp" if whatsapp else "")]
    pngs = []
    for invite in invites:
        link = deep_link(bot_username, invite.code)
        in_browser = web_link(web_url, invite.code)
        uses = "onbeperkt" if invite.max_uses is None else str(invite.max_uses)
        place = invite.location_name or "-"
        line = f"{invite.code}\t{link}\t{in_browser}\t{place}\t{invite.expires_at}\t{uses}"
        lines.append(line + (f"\t{whatsapp_link(whatsapp, invite.code)}" if whatsapp else ""))
        for name, png in qr_files(invite, bot_username, web_url, whatsapp=whatsapp):
            (out / name).write_bytes(png)
            pngs.append(out / name)
    links = out / "links.txt"
    links.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sheet = out / "sheet.html"
    sheet.write_text(
        sheet_html(invites, round_, bot_username, organisation, web_url, whatsapp=whatsapp),
        encoding="utf-8",
    )
    return InvitePack(links, tuple(pngs), sheet)


def sheet_html(
    invites: Sequence[Invite],
    round_: Round,
    bot_username: str,
    organisation: str,
    web_url: str,
    *,
    whatsapp: str | None = None,
) -> str:
    """The printable card sheet: one card per code with its QR codes (two, or three with
    WhatsApp) and how to use them."""
    return render_template(
        "invite_sheet.html.j2",
        cards=cards(invites, bot_username, web_url, whatsapp=whatsapp),
        organisation=organisation,
        round_name=round_.name,
        how_to_open=HOW_TO_OPEN_THREE if whatsapp else HOW_TO_OPEN,
    )


def qr_png(link: str) -> bytes:
    """A QR code as PNG bytes."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


def qr_files(
    invite: Invite, bot_username: str, web_url: str, *, whatsapp: str | None = None
) -> list[tuple[str, bytes]]:
    """An invite's QR codes as (file name, PNG): qr-<code>.png opens Telegram,
    qr-<code>-web.png the web form, qr-<code>-whatsapp.png WhatsApp (when `whatsapp`, the
    business number, is given). For the invite pack's folder and the console's zip file."""
    files = [
        (f"qr-{invite.code}.png", qr_png(deep_link(bot_username, invite.code))),
        (f"qr-{invite.code}-web.png", qr_png(web_link(web_url, invite.code))),
    ]
    if whatsapp:
        link = whatsapp_link(whatsapp, invite.code)
        files.append((f"qr-{invite.code}-whatsapp.png", qr_png(link)))
    return files
