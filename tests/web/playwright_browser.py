"""Headless Chromium (Debian's) driven by Playwright, with axe-core and screenshots.

Chromium comes from the system (`.ci/run` apt-installs it); Playwright only drives it, so no
browser is downloaded. axe-core is the file shipped in the `axe-playwright-python` wheel.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, BrowserContext, Page, async_playwright

CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
NAVIGATION = {"« Terug", "Sla over"}


def screenshot_dir() -> Path:
    """Where `make test` wants the screenshots (INSPRAAK_TEST_SCREENSHOTS)."""
    folder = Path(os.environ.get("INSPRAAK_TEST_SCREENSHOTS", "test-output/screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    assert CHROMIUM is not None
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            await browser.close()


@asynccontextmanager
async def phone(browser: Browser, **options: Any) -> AsyncIterator[BrowserContext]:
    """A fresh phone: its own cookies, 390 px wide, Dutch."""
    context = await browser.new_context(viewport=PHONE, locale="nl-NL", **options)
    try:
        yield context
    finally:
        await context.close()


async def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core in the page (through the debugger, so the page's CSP stays as it is)."""
    source = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")
    await page.evaluate(source + "\n;undefined")
    result: dict[str, Any] = await page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    return json.dumps(
        [
            {"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"][:3]]}
            for v in violations
        ],
        indent=1,
        ensure_ascii=False,
    )


async def shoot(page: Page, name: str) -> list[Path]:
    """Full-page screenshots of the current page at 390 px and 1280 px."""
    folder = screenshot_dir()
    paths = []
    for label, size in (("390", PHONE), ("1280", DESKTOP)):
        await page.set_viewport_size(size)
        path = folder / f"{name}-{label}.png"
        await page.screenshot(path=str(path), full_page=True)
        paths.append(path)
    await page.set_viewport_size(PHONE)
    return paths


@dataclass
class Shown:
    heading: str
    text: str
    buttons: list[str]
    checks: list[str]
    text_box: bool
    alert: str


SHOWN = """() => {
  const main = document.querySelector("main");
  const words = e => (e.innerText || "").split(/\\s+/).filter(Boolean).join(" ");
  const h1 = document.querySelector("h1");
  return {
    heading: h1 ? h1.innerText : "",
    text: main ? main.innerText : "",
    buttons: [...document.querySelectorAll("main form button")].map(words),
    checks: [...document.querySelectorAll("main .vink span")].map(e => e.innerText),
    text_box: !!document.querySelector("#antwoord"),
    alert: [...document.querySelectorAll("[role=alert]")].map(words).join(" "),
  };
}"""


async def shown(page: Page) -> Shown:
    """What the page shows, read in one round trip."""
    return Shown(**await page.evaluate(SHOWN))


async def press(page: Page, label: str) -> None:
    """Press a button like a finger would, and wait for the next page."""
    async with page.expect_navigation():
        await page.locator("main").get_by_role("button", name=label, exact=True).click()


async def type_answer(page: Page, text: str, *, enter: bool = False) -> None:
    """Type in the answer box; send it with Enter (one-line boxes) or the 'Verder' button."""
    await page.fill("#antwoord", text)
    async with page.expect_navigation():
        if enter:
            await page.press("#antwoord", "Enter")
        else:
            await page.locator("main").get_by_role("button", name="Verder", exact=True).click()


async def answer_everything(page: Page, variant: int, seen: set[str] | None = None) -> int:
    """Answer every question from the current page and submit; returns the steps taken.

    `seen` collects the kinds of page met ("choice", "multi", "text", ...), for checks per kind.
    """
    for step in range(200):
        now = await shown(page)
        kind = (
            "overview"
            if "Je bent klaar!" in now.text
            else "multi"
            if now.checks
            else "text"
            if now.text_box
            else "choice"
        )
        if seen is not None:
            seen.add(kind)
        if kind == "overview":
            await press(page, "Versturen")
            return step
        if now.checks:
            await page.get_by_label(now.checks[variant % len(now.checks)], exact=True).check()
            await press(page, "Klaar")
        elif hint := re.search(r"Typ een getal van (\d+) tot en met (\d+)", now.text):
            await type_answer(page, str(min(int(hint[2]), int(hint[1]) + variant)), enter=True)
        elif "Typ een datum" in now.text:
            await type_answer(page, "gisteren")
        elif now.text_box:
            await type_answer(page, f"Via de browser {variant}: het gaat goed met de begeleiding.")
        elif "Verder »" in now.buttons:
            await press(page, "Verder »")
        else:
            options = [b for b in now.buttons if b not in NAVIGATION]
            assert options, f"stuck at: {now.text}"
            await press(page, options[variant % len(options)])
    raise AssertionError("did not finish")
