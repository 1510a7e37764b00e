from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

from report.invite_pack import deep_link, web_link, whatsapp_link, write_invite_pack
from tests.report.conftest import Seeded


def test_deep_link() -> None:
    assert deep_link("@mijn_bot", "abc234") == "https://t.me/mijn_bot?start=abc234"
    assert web_link("https://inspraak.zorg.nl/", "abc234") == "https://inspraak.zorg.nl/v/abc234"


async def test_pack_has_links_pngs_and_a_card_per_code(seeded: Seeded, tmp_path: Path) -> None:
    store = seeded.store
    location = await store.add_location("De Linde")
    invites = await store.create_invites(
        seeded.current.id, "client", 3, datetime(2026, 4, 30, 21, tzinfo=UTC), location.id
    )
    team = await store.create_invites(
        seeded.current.id, "professional", 1, datetime(2026, 4, 30, tzinfo=UTC), max_uses=None
    )
    pack = write_invite_pack(
        [*invites, *team],
        seeded.current,
        "zorg_bot",
        "Stichting T",
        tmp_path,
        "https://inspraak.zorg.nl",
    )
    lines = pack.links.read_text(encoding="utf-8").splitlines()[1:]
    assert len(lines) == 4
    code, link, in_browser, place, expires, uses = lines[0].split("\t")
    assert expires == "2026-04-30T21:00:00+00:00"
    assert link == f"https://t.me/zorg_bot?start={code}" and place == "De Linde" and uses == "1"
    assert in_browser == f"https://inspraak.zorg.nl/v/{code}"
    assert lines[3].endswith("\tonbeperkt")
    assert len(pack.pngs) == 8  # a Telegram and a browser QR code per invite
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pack.pngs)
    sheet = pack.sheet.read_text(encoding="utf-8")
    assert sheet.count('<section class="card">') == 4 and sheet.count("<svg") == 8
    assert sheet.count("Met Telegram</h3>") == 4 and sheet.count("In de browser</h3>") == 4
    assert "Geen Telegram?" in sheet and f"https://inspraak.zorg.nl/v/{code}" in sheet
    assert "Deze code is voor één persoon." in sheet
    assert "Deze code kunnen meerdere mensen gebruiken." in sheet
    assert "Geldig tot en met 30 april 2026." in sheet
    assert all(i.code in sheet for i in invites)


def test_whatsapp_link_carries_the_code_in_the_message() -> None:
    link = whatsapp_link("31201234567", "abc234defghj")
    assert link == (
        "https://wa.me/31201234567?text=Hallo%21%20Ik%20doe%20mee.%20Mijn%20code%20is%20abc234defghj"
    )
    assert unquote(link.split("?text=")[1]) == "Hallo! Ik doe mee. Mijn code is abc234defghj"


async def test_with_whatsapp_every_card_shows_three_ways_in(seeded: Seeded, tmp_path: Path) -> None:
    invites = await seeded.store.create_invites(
        seeded.current.id, "naaste", 2, datetime(2026, 4, 30, tzinfo=UTC)
    )
    pack = write_invite_pack(
        invites,
        seeded.current,
        "zorg_bot",
        "Stichting T",
        tmp_path,
        "https://inspraak.zorg.nl",
        whatsapp="31201234567",
    )
    head, *lines = pack.links.read_text(encoding="utf-8").splitlines()
    assert head.endswith("\twhatsapp")
    code, *_, in_whatsapp = lines[0].split("\t")
    assert in_whatsapp == whatsapp_link("31201234567", code)
    assert sorted(p.name for p in pack.pngs if code in p.name) == [
        f"qr-{code}-web.png",
        f"qr-{code}-whatsapp.png",
        f"qr-{code}.png",
    ]
    sheet = pack.sheet.read_text(encoding="utf-8")
    assert sheet.count("<svg") == 6 and sheet.count("Met WhatsApp</h3>") == 2
    assert "Kies één van de drie codes" in sheet and "Stuur het berichtje met je code." in sheet
