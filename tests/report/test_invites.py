from datetime import UTC, datetime
from pathlib import Path

from report.invites import deep_link, web_link, write_invite_pack
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
