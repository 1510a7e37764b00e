"""Table headers and row labels of the HTML report break only where Dutch breaks a word: at a
space, a hyphen or a soft hyphen put at a hyphenation point, in a browser without a Dutch
dictionary of its own (headless Chromium) too; a figure or "(n = 56)" never breaks."""

from pathlib import Path

import pytest

from report.webpage import LABEL_WORD, SOFT_HYPHEN, hyphenated
from tests.report.conftest import report_file
from tests.web.playwright_browser import CHROMIUM, DESKTOP, PHONE, chromium, screenshot_dir

# Per header and row label: its text cut where the browser put each line.
LINES = """() => [...document.querySelectorAll('th, td:first-child')].map(cell => {
  const lines = [''];
  let top = null;
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      // The last box: after a soft hyphen the next letter also reports the hyphen's box.
      const rect = [...range.getClientRects()].filter(r => r.width > 0).pop();
      if (rect && top !== null && rect.top > top + 2) lines.push('');
      if (rect) top = rect.top;
      lines[lines.length - 1] += node.data[i];
    }
  }
  return lines;
})"""


def test_soft_hyphens_at_dutch_hyphenation_points_only_in_long_words() -> None:
    s = SOFT_HYPHEN
    assert hyphenated("Begonnen") == f"Be{s}gon{s}nen"
    assert hyphenated("Uitgenodigd") == f"Uit{s}ge{s}no{s}digd"
    assert hyphenated("Vorige ronde (Jaarronde 2024)") == f"Vorige ronde (Jaar{s}ron{s}de 2024)"
    # Short words, figures and "(n = 56)" stay whole.
    for whole in ("Aantal", "Groep", "%", "n", "(n\u00a0=\u00a056)", "2024", "12345678"):
        assert hyphenated(whole) == whole
    # A row's label: only a long compound gets its hyphenation points.
    assert hyphenated("Helemaal oneens", LABEL_WORD) == "Helemaal oneens"
    assert hyphenated("Samenwerkingspartners", LABEL_WORD).count(s) == 5


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed")
async def test_table_headers_break_only_between_words_or_at_hyphenation_points(
    demo: Path,
) -> None:
    html = report_file(demo, "html")
    broken_at_hyphen = 0
    async with chromium() as browser:
        for size in (PHONE, DESKTOP):
            page = await browser.new_page(viewport=size, locale="nl-NL")
            await page.goto(html.as_uri())
            cells: list[list[str]] = await page.evaluate(LINES)
            assert len(cells) > 100
            for lines in cells:
                for line in lines[:-1]:
                    # The line ends between two words or at a hyphen the reader sees.
                    assert line.endswith((" ", "-", "/", SOFT_HYPHEN)), lines
                    broken_at_hyphen += line.endswith(SOFT_HYPHEN)
            if size == PHONE:
                table = page.locator("#verantwoording .scroll").first
                await table.screenshot(path=str(screenshot_dir() / "report-table-390.png"))
            await page.close()
    # On the phone the response table's headers are hyphenated ("Be-gon-nen"), not cut.
    assert broken_at_hyphen >= 3
