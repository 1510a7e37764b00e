"""A coordinator's working day in a real browser: log in through the bot's link, set up a round
with two locations, print invites, follow progress while people answer through the bot, review
quotes with the keyboard, take the report and an export, read the audit log, log out.

Screenshots of every page at 1280 px go to test-output/beheer/ (look at them after a change).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from inspraak.respondent import answer_everything
from localbotapi import LocalBotApi
from questionnaires.model import Catalog
from tests.web.browser import Page, chromium, find_chromium
from tests.web.console_world import ConsoleWorld, api, console_world, mini

__all__ = ["api", "mini"]  # fixtures
pytestmark = pytest.mark.skipif(find_chromium() is None, reason="Chromium not installed")
SHOTS = Path(__file__).parents[2] / "test-output" / "beheer"
PHONE = "Bel mijn zus op 06-12345678, zij weet alles"


async def shot(page: Page, name: str, expected_status: int | None = None) -> None:
    """A 1280 px screenshot; the page loaded without any error (CSP refusals included)."""
    path = await page.screenshot(SHOTS / f"{name}.png", width=1280)
    assert path.stat().st_size > 5_000
    expected = f"status of {expected_status}"
    errors = [e for e in page.console_errors if not expected_status or expected not in e]
    assert not errors, errors
    page.console_errors.clear()


async def people_answer(world: ConsoleWorld, codes: list[str], first_id: int) -> None:
    for n, code in enumerate(codes):
        person = world.bot.user(first_id + n)
        await person.command("start", code)
        await person.press("Ja, ik doe mee")
        text = PHONE if n == 0 else f"Meer uitjes met de groep, zegt persoon {n}"
        await answer_everything(person, n, text)


async def test_a_coordinator_runs_a_round_in_the_browser(
    api: LocalBotApi, tmp_path: Path, mini: Catalog
) -> None:
    async with console_world(api, tmp_path, mini) as world, chromium() as page:
        base = world.url
        await page.goto(base + "/beheer")
        assert (await page.url()).endswith("/beheer/inloggen?verlopen=1")
        await shot(page, "01-inloggen")

        await page.goto(await world.login_link())
        assert "Klik op de knop om in te loggen" in await page.text()
        await shot(page, "02-inloggen-link")
        await page.click("main button[type=submit]")
        assert await page.url() == base + "/beheer", await page.text()
        assert "Er is nog geen ronde" in await page.text()
        cookie = next(c for c in await page.cookies() if c["name"] == "inspraak-beheer")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"

        # A round, first with a mistake: the page says what to fix and keeps what was typed.
        today = date.today()
        await page.fill("#name", "Najaar test")
        await page.fill("#start", today.isoformat())
        await page.fill("#end", (today - timedelta(days=3)).isoformat())
        await page.click_text("Ronde maken")
        assert "De einddatum" in await page.text(".melding")
        assert await page.evaluate("document.querySelector('#name').value") == "Najaar test"
        await shot(page, "03-rondes-fout", expected_status=400)
        await page.fill("#start", (today - timedelta(days=1)).isoformat())
        await page.fill("#end", (today + timedelta(days=30)).isoformat())
        await page.click_text("Ronde maken")
        round_url = await page.url()
        assert re.fullmatch(re.escape(base) + r"/beheer/rondes/\d+", round_url)
        await shot(page, "04-ronde")

        await page.goto(base + "/beheer/locaties")
        await page.fill("#names", "Team Noord\nTeam Zuid")
        await page.click_text("Toevoegen")
        assert "Team Noord\nTeam Zuid" in await page.text(".lijst")
        await shot(page, "05-locaties")

        # Invites: five single-use codes for Team Noord, one for Team Zuid; cards and QR codes.
        await page.goto(round_url + "/uitnodigingen")
        await page.fill("#location", "Team Noord")
        await page.fill("#count", "5")
        await page.click_text("Codes maken")
        assert "De codes zijn gemaakt" in await page.text()
        await shot(page, "06-uitnodigingen")
        qr = await page.download("a[href*='/qr-codes?van=']")
        assert qr.name == "qr-codes-najaar-test.zip"
        names = zipfile.ZipFile(io.BytesIO(qr.path.read_bytes())).namelist()
        assert len(names) == 10 and all(n.endswith(".png") for n in names)  # Telegram + web
        sheet = await page.evaluate("document.querySelector(\"a[href*='/kaarten?van=']\").href")
        await page.goto(sheet)
        invites = await world.store.list_invites(int(round_url.rsplit("/", 1)[1]))
        for invite in invites:
            assert invite.code in await page.text("body")
        await shot(page, "07-kaarten")
        await page.goto(round_url + "/uitnodigingen")
        await page.fill("#location", "Team Zuid")
        await page.fill("#count", "1")
        await page.click_text("Codes maken")
        invites = await world.store.list_invites(invites[0].round_id)

        # People answer through the bot; the coordinator follows along.
        await people_answer(
            world, [i.code for i in invites if i.location_name == "Team Noord"][:3], 500
        )
        await page.goto(round_url + "/voortgang")
        assert "3 minder dan 5" in (await page.text("tbody")).replace("\t", " ")
        await people_answer(
            world, [i.code for i in invites if i.location_name == "Team Noord"][3:], 510
        )
        await people_answer(world, [i.code for i in invites if i.location_name == "Team Zuid"], 520)
        await page.click_text("Vernieuwen")
        rows = await page.text("tbody")
        assert re.search(r"Team Noord\s+5\s+5\s+5\s+100%", rows), rows
        assert re.search(r"Team Zuid\s+1\s+1\s+1 minder dan 5", rows), rows
        await shot(page, "08-voortgang")

        # Quote review with the keyboard: approve, edit, reject, skip.
        await page.goto(round_url + "/citaten")
        text = await page.text()
        assert "Antwoord 1 van 6" in text and "[telefoonnummer]" in text
        assert "06-12345678" not in text
        assert "Weggelaten: 1× [telefoonnummer]" in text
        assert "Let op: kleine groep" not in text
        await shot(page, "09-citaten")
        await page.key("b", navigates=False)
        await page.send("Input.insertText", {"text": " (aangepast)"})
        await page.key("Escape", navigates=False)
        await page.key("g")
        assert "Goedgekeurd" in await page.text(".melding")
        await page.key("a")
        await page.key("o")
        assert "Antwoord 2 van 4" in await page.text()
        while "Antwoord" in await page.text(".teller"):
            if "Let op: kleine groep" in await page.text():
                await shot(page, "10-citaten-kleine-groep")
                await page.key("a")
            else:
                await page.key("g")
        stored = {q.text for q in await world.store.approved_quotes(invites[0].round_id)}
        assert any(t.endswith("(aangepast)") and "[telefoonnummer]" in t for t in stored)

        # The report: preview in the page, Word and Markdown, the ART part alone.
        await page.goto(round_url + "/verslag")
        frame = await page.evaluate("document.querySelector('iframe.voorbeeld').src")
        assert frame.endswith("/verslag/voorbeeld?deel=all")
        await shot(page, "11-verslag")
        word = await page.download("a[href$='/verslag/all.docx']")
        assert word.name == "inputsectie-najaar-test.docx"
        assert word.path.read_bytes().startswith(b"PK")
        markdown = (await page.download("a[href$='/verslag/all.md']")).path.read_text()
        assert "(aangepast)" in markdown and "06-12345678" not in markdown
        art = await page.download("a[href$='/verslag/art.html']")
        assert art.name == "art-aanvulling-najaar-test.html"

        await page.goto(round_url + "/export")
        assert "anoniem zijn ze niet" in await page.text()
        await shot(page, "12-export")
        csv = await page.download("a[href$='/export/csv']")
        assert csv.path.read_bytes().decode("utf-8-sig").startswith("pseudoniem;")

        await page.goto(base + "/beheer/logboek")
        log = await page.text("tbody")
        for what in (
            "ingelogd op beheer",
            "ronde gemaakt",
            "uitnodigingscodes gemaakt",
            "citaat goedgekeurd",
            "citaat afgewezen",
            "verslag gemaakt",
            "gegevens geëxporteerd",
        ):
            assert what in log, what
        assert "beheer telegram:900" in log
        await shot(page, "13-logboek")

        await page.goto(base + "/beheer")
        await shot(page, "14-overzicht")
        await page.click("header form button")
        assert "U bent uitgelogd" in await page.text()
        await page.goto(round_url)
        assert (await page.url()).endswith("/beheer/inloggen?verlopen=1")
