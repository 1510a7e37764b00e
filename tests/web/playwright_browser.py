"""Headless Chromium (Debian's) driven by Playwright, with axe-core and screenshots.

Chromium comes from the system (`.ci/run` apt-installs it); Playwright only drives it, so no
browser is downloaded. axe-core is the file shipped in the `axe-playwright-python` wheel.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from playwright.async_api import (
    Browser,
    BrowserContext,
    Page,
    ViewportSize,
    async_playwright,
)

from demo.answering import answer

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
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


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


# The test machine is shared: a page that loads deduce for the first time (the quote review)
# may take longer than Playwright's 30 s under load. Slow is not wrong here; stuck still fails.
PATIENCE_MS = 90_000


def patient(context: BrowserContext) -> BrowserContext:
    context.set_default_timeout(PATIENCE_MS)
    context.set_default_navigation_timeout(PATIENCE_MS)
    return context


@asynccontextmanager
async def phone(browser: Browser, **options: Any) -> AsyncIterator[BrowserContext]:
    """A fresh phone: its own cookies, 390 px wide, Dutch."""
    context = patient(await browser.new_context(viewport=PHONE, locale="nl-NL", **options))
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


def kind_of(now: Shown) -> str:
    """What kind of page: overview, multi, text, info or choice."""
    if "Je bent klaar!" in now.text:
        return "overview"
    if now.checks:
        return "multi"
    if now.text_box:
        return "text"
    return "info" if "Verder »" in now.buttons else "choice"


async def answer_page(page: Page, now: Shown, variant: int, text: str) -> None:
    """Answer the question on the page as `demo.answering` does (`variant` picks another
    option), with the mouse and, for a number, the Enter key."""
    if now.checks:
        await page.get_by_label(now.checks[variant % len(now.checks)], exact=True).check()
        await press(page, "Klaar")
        return
    move = answer(now.text, now.buttons, variant, text, text_box=now.text_box)
    assert move is not None, f"stuck at: {now.text}"
    how, what = move
    if how == "type":
        await type_answer(page, what, enter="Typ een getal" in now.text)
    else:
        await press(page, what)


async def answer_everything(page: Page, variant: int) -> int:
    """Answer every question from the current page and submit; returns the steps taken."""
    for step in range(200):
        now = await shown(page)
        if kind_of(now) == "overview":
            await press(page, "Versturen")
            return step
        text = f"Via de browser {variant}: het gaat goed met de begeleiding."
        await answer_page(page, now, variant, text)
    raise AssertionError("did not finish")
