"""What people see: the demo's Word file printed through LibreOffice (its pages kept as images
in test-output/word-pages/ to look at), the HTML page on a 390 px phone and printed, in
headless Chromium. Skipped when LibreOffice, poppler or Chromium is missing (`.ci/run`
installs them)."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from demo.answers import fitting_texts
from questionnaires.model import Catalog
from report.charts import HTML_FONT_PT
from report.markdown import md_escape
from report.quotes import mask
from tests.report.conftest import report_file
from tests.scripts import load_script
from tests.web.playwright_browser import chromium

shot = load_script("bench/screenshot_report.py")

# The main text: 12 pages of figures and quotes, and the organisation's own parts (a marked
# placeholder for each reflectie, vooruitblik and ART item until it is written).
MAIN_TEXT_PAGES = 15
PHONE = 390
PAGE_IMAGES = Path(os.environ.get("INSPRAAK_TEST_OUTPUT", "test-output")) / "word-pages"


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdfinfo")),
    reason="LibreOffice or poppler-utils not installed",
)
def test_word_main_text_fits_in_a4_pages_kept_as_images(demo: Path, tmp_path: Path) -> None:
    docx = report_file(demo, "docx")
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / (docx.stem + ".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))  # type: ignore[union-attr]
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout, re.MULTILINE)
    assert size is not None and (round(float(size[1])), round(float(size[2]))) == (595, 842)  # A4
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout.split("\f")
    appendix = next(i for i, page in enumerate(text) if "Bijlage: alle cijfers per vraag" in page)
    print(f"Word: {pages} A4 pages, main text {appendix} pages, appendix from page {appendix + 1}")
    assert appendix <= MAIN_TEXT_PAGES
    assert "Geen inbreng" not in "".join(text)
    # "(n = 56)" is never broken over two lines.
    lines = "".join(text).splitlines()
    assert not [line for line in lines if re.search(r"\(n( =)?$", line.rstrip())]
    assert not [line for line in lines if re.match(r"^\s*(= )?\d+\)", line)]
    # What belongs together stays on one page: a question's table, its 'Samengevat' and its
    # table per location; a table and the note under it; the response table and what its
    # columns mean.
    for page in text[appendix:]:
        first = next((line.strip() for line in page.splitlines() if line.strip()), "")
        assert not first.startswith(("Samengevat", "Per locatie", "Antwoord ", "Bij een")), first
    assert any("Uitgenodigd" in page and "Begonnen: wie" in page for page in text)
    # The pages as images, to look at (test-output/word-pages/page-01.png, ...).
    shutil.rmtree(PAGE_IMAGES, ignore_errors=True)
    PAGE_IMAGES.mkdir(parents=True)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf), str(PAGE_IMAGES / "page")],
        check=True,
        timeout=240,
    )
    assert len(list(PAGE_IMAGES.glob("page-*.png"))) == pages
    # Nothing of the main text is lost: every pillar, the peer experts and the ART part.
    main = "".join(text[:appendix])
    for heading in (
        "Pijler 1: Cliënten",
        "Pijler 4: de Samenleving",
        "Inzet van ervaringsdeskundigen",
        "Item 15.c",
    ):
        assert heading in main


MEASURE = """
<script>
const out = {charts: [], tables: [], page: document.documentElement.scrollWidth,
             width: document.documentElement.clientWidth};
for (const svg of document.querySelectorAll('svg.chart')) {
  out.charts.push([svg.getBoundingClientRect().width, svg.viewBox.baseVal.width]);
}
for (const box of document.querySelectorAll('.scroll')) {
  out.tables.push([box.scrollWidth, box.clientWidth, getComputedStyle(box).overflowX,
                   getComputedStyle(box).backgroundImage.includes('gradient')]);
}
const response = document.querySelector('#verantwoording .scroll');
out.verantwoording = [response.scrollWidth, response.clientWidth];
parent.postMessage(JSON.stringify(out), '*');
</script>
"""
FRAME = """<!doctype html><html><body style="margin:0">
<iframe src="page.html" style="width:{width}px;height:800px;border:0"></iframe>
<pre id="out"></pre>
<script>addEventListener('message',
  e => {{ document.getElementById('out').textContent = e.data; }});
</script></body></html>"""


@pytest.mark.skipif(shot.find_chromium() is None, reason="Chromium not installed")
def test_phone_charts_readable_and_tables_fit_or_scroll(demo: Path, tmp_path: Path) -> None:
    html = report_file(demo, "html").read_text(encoding="utf-8")
    (tmp_path / "page.html").write_text(html.replace("</body>", MEASURE + "</body>"), "utf-8")
    (tmp_path / "frame.html").write_text(FRAME.format(width=PHONE), "utf-8")
    dom = subprocess.run(
        [
            shot.find_chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=800,900",
            "--virtual-time-budget=5000",
            "--dump-dom",
            (tmp_path / "frame.html").as_uri(),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    found = re.search(r'<pre id="out">(.*?)</pre>', dom, re.DOTALL)
    assert found and found[1], "the page did not report its measurements"
    measured = json.loads(found[1].replace("&quot;", '"').replace("&amp;", "&"))
    assert measured["page"] <= measured["width"]  # the page itself never scrolls sideways
    assert len(measured["charts"]) >= 10
    smallest = min(shown / box * HTML_FONT_PT for shown, box in measured["charts"])
    print(f"phone {PHONE} px: smallest chart text {smallest:.1f} px")
    assert smallest >= 12
    for scroll_width, client_width, overflow, shadow in measured["tables"]:
        assert scroll_width <= client_width or (overflow == "auto" and shadow)
    # The response table of the verantwoording fits on the phone without scrolling.
    scroll_width, client_width = measured["verantwoording"]
    assert scroll_width <= client_width


@pytest.mark.skipif(
    shot.find_chromium() is None or not (shutil.which("pdftotext") and shutil.which("pdfinfo")),
    reason="Chromium or poppler-utils not installed",
)
def test_html_prints_its_appendix(demo: Path, tmp_path: Path) -> None:
    """The appendix's fold-outs are closed on screen and open on paper."""
    html = report_file(demo, "html")
    pdf = tmp_path / "printed.pdf"
    subprocess.run(
        [
            shot.find_chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    printed = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    assert "(A4)" in info.stdout  # the page asks for A4, as the Word file has
    assert "<details" in html.read_text(encoding="utf-8")
    appendix = printed[printed.index("Bijlage: alle cijfers per vraag") :]
    # A figure table of the appendix and the contributions per pillar are on paper.
    assert "Helemaal oneens" in appendix
    assert "Samengevat:" in appendix
    assert "Bijdragen van ervaringsdeskundigen" in appendix and "Overige pijlers" in appendix


# A4 less the page's margins (templates/report.html.j2: @page), in CSS pixels.
A4_TEXT = (round((210 - 2 * 15) / 25.4 * 96), round((297 - 2 * 16) / 25.4 * 96))
CHARTS = """[...document.querySelectorAll('svg.chart')].map(svg => {
  const box = svg.getBoundingClientRect();
  return [box.width, box.height, svg.viewBox.baseVal.width / svg.viewBox.baseVal.height];
})"""


@pytest.mark.skipif(shot.find_chromium() is None, reason="Chromium not installed")
async def test_printed_html_never_cuts_a_chart_over_two_pages(demo: Path) -> None:
    """A chart is one picture: the tallest (a pillar's ten questions) shrinks to fit one page."""
    width, height = A4_TEXT
    async with chromium() as browser:
        page = await browser.new_page(viewport={"width": width, "height": height})
        await page.emulate_media(media="print")
        await page.goto(report_file(demo, "html").as_uri())
        charts: list[list[float]] = await page.evaluate(CHARTS)
    assert len(charts) >= 10
    for shown_width, shown_height, ratio in charts:
        assert shown_height < height
        assert shown_width / shown_height == pytest.approx(ratio, rel=0.01)  # not squeezed


def test_demo_story_and_follow_ups(demo: Path, catalog: Catalog) -> None:
    md = report_file(demo, "md").read_text(encoding="utf-8")
    # A round feeds the kwaliteitsverslag of the year it ran in, ready by 31 May after.
    found = re.search(r"Kwaliteitsverslag (\d{4}) · Ronde “\w+ (\d{4})”", md)
    assert found and found[1] == found[2]
    assert f"uiterlijk 31 mei {int(found[1]) + 1} klaar" in md
    # The 1.i follow-up says who was asked it.
    assert (
        "Deze vraag kregen alleen mensen die bij ‘Heeft iemand je verteld dat je een "
        "onafhankelijke cliëntondersteuner kunt krijgen?’ ‘nee’ of ‘weet ik niet’ antwoordden."
    ) in md
    # Peer experts: one count, from the /bijdrage entries, thresholded on the people behind it,
    # over the calendar year.
    found = re.search(
        r"Van 1 januari (\d{4}) tot en met 31 december (\d{4}) meldden (\d+) "
        r"ervaringsdeskundigen samen (\d+) bijdragen",
        md,
    )
    assert found and int(found[3]) >= 5 and int(found[4]) >= int(found[3])
    assert found[1] == found[2]
    assert "Wat leverde het op?" in md  # the yield, through the quote review
    # Quotes answer the question they sit under.
    fitting: dict[str, set[str]] = {}
    for questionnaire in catalog.questionnaires.values():
        for question in questionnaire.questions:
            texts = {md_escape(mask(t)) for t in fitting_texts(question.id)}
            fitting.setdefault(md_escape(question.text.nl), set()).update(texts)
    quotes = re.findall(r"> “(.+?)”\n> — [^,]+, bij de vraag: (.+)", md)
    assert len(quotes) >= 10
    for quote, question in quotes:
        assert quote in fitting[question], (quote, question)
