"""A coordinator's working day in a real browser: log in through the bot's link, set up a round
with two locations, print invites, follow progress while people answer through the bot, review
quotes with the keyboard, take the report and an export, read the audit log, log out.

Every console page is checked with axe-core (WCAG 2.1 A/AA) and shot at 1280 px (laptop) into
INSPRAAK_TEST_SCREENSHOTS as beheer-*.png, a few also at 820 px (tablet).
"""

from __future__ import annotations

import asyncio
import io
import re
import zipfile
from contextlib import AbstractAsyncContextManager
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.async_api import ConsoleMessage, Page, ViewportSize

from demo.respondent import answer_everything
from tests.web.console_world import ConsoleWorld
from tests.web.playwright_browser import (
    CHROMIUM,
    DESKTOP,
    axe_violations,
    chromium,
    describe,
    patient,
    screenshot_dir,
)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed")
TABLET: ViewportSize = {"width": 820, "height": 1180}
PHONE_TEXT = "Bel mijn zus op 06-12345678, zij weet alles"


class Laptop:
    """One coordinator's browser tab at 1280 px, with every page error collected."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            self.errors.append(f"{message.text} {message.location['url']}")

    async def check(self, name: str, *, tablet: bool = False, status: int | None = None) -> None:
        """No page error (CSP refusals included), no axe-core violation, and screenshots."""
        expected = f"status of {status}"
        errors = [e for e in self.errors if not status or expected not in e]
        assert not errors, f"{name}: {errors}"
        self.errors.clear()
        violations = await axe_violations(self.page)
        assert not violations, f"{name}: {describe(violations)}"
        folder = screenshot_dir()
        sizes = [("1280", DESKTOP)] + ([("820", TABLET)] if tablet else [])
        for label, size in sizes:
            await self.page.set_viewport_size(size)
            await self.page.screenshot(
                path=str(folder / f"beheer-{name}-{label}.png"), full_page=True
            )
        await self.page.set_viewport_size(DESKTOP)

    def navigation(self) -> AbstractAsyncContextManager[object]:
        return self.page.expect_navigation()

    async def press(self, label: str) -> None:
        async with self.navigation():
            await self.page.locator("main").get_by_role("button", name=label).click()

    async def key(self, key: str) -> None:
        async with self.navigation():
            await self.page.keyboard.press(key)

    async def text(self, selector: str = "main") -> str:
        return await self.page.inner_text(selector)

    async def download(self, selector: str) -> tuple[str, bytes]:
        async with self.page.expect_download() as started:
            await self.page.click(selector)
        download = await started.value
        path = await download.path()
        return download.suggested_filename, await asyncio.to_thread(Path(path).read_bytes)


async def people_answer(world: ConsoleWorld, codes: list[str], first_id: int) -> None:
    for n, code in enumerate(codes):
        person = world.bot.user(first_id + n)
        await person.command("start", code)
        await person.press("Ja, ik doe mee")
        text = PHONE_TEXT if n == 0 else f"Meer uitjes met de groep, zegt persoon {n}"
        await answer_everything(person, n, text)


async def test_a_coordinator_runs_a_round_in_the_browser(console: ConsoleWorld) -> None:
    async with chromium() as browser:
        context = patient(
            await browser.new_context(viewport=DESKTOP, locale="nl-NL", accept_downloads=True)
        )
        me = Laptop(await context.new_page())
        page = me.page
        base = console.url
        await page.goto(base + "/beheer")
        assert page.url.endswith("/beheer/inloggen?verlopen=1")
        await me.check("inloggen")

        await page.goto(await console.login_link())
        assert "Klik op de knop om in te loggen" in await me.text()
        await me.check("inloggen-link")
        await me.press("Inloggen")
        assert page.url == base + "/beheer"
        assert "Er is nog geen ronde" in await me.text()
        cookie = next(c for c in await context.cookies() if c["name"] == "inspraak-beheer")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"

        # A round, first with a mistake: the page says what to fix and keeps what was typed.
        today = date.today()
        await page.fill("#name", "Najaar test")
        await page.fill("#start", today.isoformat())
        await page.fill("#end", (today - timedelta(days=3)).isoformat())
        await me.press("Ronde maken")
        assert "De einddatum" in await me.text(".melding")
        assert await page.input_value("#name") == "Najaar test"
        await me.check("rondes-fout", status=400)
        await page.fill("#start", (today - timedelta(days=1)).isoformat())
        await page.fill("#end", (today + timedelta(days=30)).isoformat())
        await me.press("Ronde maken")
        round_url = page.url
        assert re.fullmatch(re.escape(base) + r"/beheer/rondes/\d+", round_url)
        round_id = int(round_url.rsplit("/", 1)[1])
        await me.check("ronde", tablet=True)

        await page.goto(base + "/beheer/locaties")
        await page.fill("#names", "Team Noord\nTeam Zudi")
        await me.press("Toevoegen")
        assert "Team Noord" in await me.text(".locaties") and "Team Zudi" in await me.text()
        await me.check("locaties")
        # A typo: rename the location, first to a name another location has.
        async with me.navigation():
            await page.get_by_role("link", name="Naam wijzigen van Team Zudi").click()
        await me.check("locatie-naam")
        await page.fill("#name", "team noord")
        await me.press("Naam opslaan")
        assert "Er is al een locatie 'Team Noord'" in await me.text(".melding")
        await me.check("locatie-naam-fout", status=400)
        await page.fill("#name", "Team Zuid")
        await me.press("Naam opslaan")
        assert "De locatie heet nu 'Team Zuid'" in await me.text(".melding")
        assert "Team Noord\tNaam wijzigen" in await me.text(".locaties")
        assert "Zudi" not in await me.text(".locaties")

        # Invites: five single-use codes for Team Noord, one for Team Zuid; cards and QR codes.
        await page.goto(round_url + "/uitnodigingen")
        await page.select_option("#location", "Team Noord")
        await page.fill("#count", "5")
        await me.press("Codes maken")
        assert "De codes zijn gemaakt" in await me.text()
        await me.check("uitnodigingen", tablet=True)
        name, content = await me.download("a[href*='/qr-codes?van=']")
        assert name == "qr-codes-najaar-test.zip"
        names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        assert len(names) == 10 and all(n.endswith(".png") for n in names)  # Telegram + web
        sheet = await page.get_attribute("a[href*='/kaarten?van=']", "href")
        assert sheet is not None
        await page.goto(base + sheet)
        invites = await console.store.list_invites(round_id)
        body = await page.inner_text("body")
        assert all(invite.code in body for invite in invites)
        assert not me.errors, me.errors
        await page.screenshot(
            path=str(screenshot_dir() / "beheer-kaarten-1280.png"), full_page=True
        )
        await page.goto(round_url + "/uitnodigingen")
        await page.select_option("#location", "Team Zuid")
        await page.fill("#count", "1")
        await me.press("Codes maken")
        invites = await console.store.list_invites(round_id)
        noord = [i.code for i in invites if i.location_name == "Team Noord"]
        zuid = [i.code for i in invites if i.location_name == "Team Zuid"]

        # People answer through the bot; the coordinator follows along.
        await people_answer(console, noord[:3], 500)
        await page.goto(round_url + "/voortgang")
        too_few = r"\(te weinig voor het verslag, minimaal 5\)"
        rows = await me.text("tbody")
        assert re.search(r"Team Noord\s+5\s+3\s+3\s+60%\s+3 " + too_few, rows), rows
        assert re.search(r"Team Zuid\s+1\s+0\s+0\s+0%\s+0 " + too_few, rows), rows
        assert "2 groepen hebben nog te weinig mensen voor het verslag" in await me.text(".melding")
        await me.check("voortgang-te-weinig")
        await people_answer(console, noord[3:], 510)
        await people_answer(console, zuid, 520)
        async with me.navigation():
            await page.locator("main").get_by_role("link", name="Vernieuwen").click()
        rows = await me.text("tbody")
        assert re.search(r"Team Noord\s+5\s+5\s+5\s+100%\s+5$", rows, re.M), rows
        assert re.search(r"Team Zuid\s+1\s+1\s+1\s+100%\s+1 " + too_few, rows), rows
        await me.check("voortgang", tablet=True)

        # Quote review with the keyboard: edit and approve, reject, skip; small groups warned.
        await page.goto(round_url + "/citaten")
        text = await me.text()
        assert "Antwoord 1 van 6" in text and "06-12345678" not in text
        assert (
            await page.input_value("#tekst") == "Bel mijn zus op [telefoonnummer], zij weet alles"
        )
        assert "Weggelaten: 1× [telefoonnummer]" in text
        assert "Let op: kleine groep" not in text
        await me.check("citaten", tablet=True)
        await page.keyboard.press("b")
        await page.keyboard.insert_text(" (aangepast)")
        await page.keyboard.press("Escape")
        await me.key("g")
        assert "Goedgekeurd" in await me.text(".melding")
        await me.key("a")
        await me.key("o")
        assert "Antwoord 2 van 4" in await me.text()
        while await page.locator(".teller").count():
            if "Let op: kleine groep" in await me.text():
                await me.check("citaten-kleine-groep")
                await me.key("a")
            else:
                await me.key("g")
        stored = {q.text for q in await console.store.approved_quotes(round_id)}
        assert any(t.endswith("(aangepast)") and "[telefoonnummer]" in t for t in stored)
        # The approved ones: each a card (no list bullets), by whom, with its withdraw button.
        await page.goto(round_url + "/citaten/goedgekeurd")
        assert "Goedgekeurd door Telegram-gebruiker 900 op " in await me.text()
        bullets = await page.locator("ul.citaten").evaluate(
            "e => getComputedStyle(e).listStyleType"
        )
        assert bullets == "none"
        assert await page.get_by_role("button", name=re.compile("^Intrekken")).count() >= 1
        await me.check("citaten-goedgekeurd")

        # The report: preview in the page, Word and Markdown, the ART part alone.
        await page.goto(round_url + "/verslag")
        frame = page.frame_locator("iframe.voorbeeld")
        assert "Inbreng van cliënten" in await frame.locator("h1").inner_text()
        # What the organisation still writes itself, listed above the report, not in it.
        todo = await page.locator("#nog-doen + p + ul").inner_text()
        assert "Nog te schrijven door de organisatie: Pijler 1: Cliënten > Reflectie" in todo
        assert "(in --texts: art-1.i-praktijk)" in todo
        # The round is still open: the page and the report itself say it is a tussenstand.
        assert "Tussenstand." in await me.text(".melding[role=status]")
        assert "Dit is een tussenstand" in await frame.locator("body").inner_text()
        await me.check("verslag", tablet=True)
        name, word = await me.download("a[href$='/verslag/all.docx']")
        assert name.startswith("inputsectie-najaar-test-tussenstand-") and word.startswith(b"PK")
        _, markdown = await me.download("a[href$='/verslag/all.md']")
        assert b"(aangepast)" in markdown and b"06-12345678" not in markdown
        name, _ = await me.download("a[href$='/verslag/art.html']")
        assert name.startswith("art-aanvulling-najaar-test-tussenstand-")

        # Export: first the figures to share (anonymous), then the research files behind
        # their warning.
        await page.goto(round_url + "/export")
        text = await me.text()
        assert text.index("Cijfers om te delen") < text.index("anoniem zijn ze niet")
        await me.check("export", tablet=True)
        name, shared = await me.download("a[href$='/export/openbaar.csv']")
        assert name.startswith("inspraak-najaar-test-cijfers-openbaar-tussenstand-")
        assert shared.decode("utf-8-sig").startswith("groep;vraag;onderdeel;")
        name, workbook = await me.download("a[href$='/export/openbaar.xlsx']")
        assert "-cijfers-openbaar-tussenstand-" in name and workbook.startswith(b"PK")
        _, csv = await me.download("a[href$='/export/onderzoek.csv']")
        assert csv.decode("utf-8-sig").startswith("pseudoniem;")
        # Every public download is in the publication ledger (the preview and the research
        # files are not), marked as made while the round was open.
        ledger = await console.store.list_publications(round_id)
        assert [(p.what, p.formats, p.interim) for p in ledger] == [
            ("all", ("docx",), True),
            ("all", ("md",), True),
            ("art", ("html",), True),
            ("public", ("csv",), True),
            ("public", ("xlsx",), True),
        ]

        await page.goto(base + "/beheer/logboek")
        log = await me.text("tbody")
        for what in (
            "ingelogd op beheer",
            "ronde gemaakt",
            "locatie hernoemd",
            "uitnodigingscodes gemaakt",
            "citaat goedgekeurd",
            "citaat afgewezen",
            "verslag gemaakt",
            "gegevens geëxporteerd",
        ):
            assert what in log, what
        assert "beheer telegram:900" in log
        await me.check("logboek")

        await page.goto(base + "/beheer")
        await me.check("overzicht", tablet=True)
        async with me.navigation():
            await page.locator("header").get_by_role("button", name="Uitloggen").click()
        assert "Je bent uitgelogd" in await me.text()
        await page.goto(round_url)
        assert page.url.endswith("/beheer/inloggen?verlopen=1")
        await context.close()
