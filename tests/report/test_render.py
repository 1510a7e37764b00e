import re
from datetime import date
from pathlib import Path

import docx

from report.aggregate import InputSection, build_input_section
from report.docx import write_docx
from report.render import md_escape, render_html, render_markdown
from tests.report.conftest import PHONE_TEXT, SECRET_TEXT, Seeded

SUPPRESSED = "minder dan 5 antwoorden: niet getoond"


async def section_of(seeded: Seeded) -> InputSection:
    return await build_input_section(
        seeded.store,
        seeded.catalog,
        seeded.current,
        min_group_size=5,
        organisation="Stichting <Test> & Co",
        today=date(2026, 5, 1),
    )


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


async def test_markdown_has_every_section_with_known_figures(seeded: Seeded) -> None:
    md = render_markdown(await section_of(seeded))
    headings = re.findall(r"^(#{1,4}) (.+)$", md, re.MULTILINE)
    titles = [t for _, t in headings]
    for title in (
        "Verantwoording",
        "Pijler 1: Cliënten",
        "Terugblik",
        "Reflectie op de resultaten",
        "Vooruitblik",
        "Inzet van ervaringsdeskundigen",
        "Aanvullende verantwoording voor organisaties met het ART-model",
        "Item 1.i (pijler Cliënten)",
        "Item 15.c (pijler de Samenleving)",
    ):
        assert title in titles, title
    assert "| Cliënten | 30 | 18 | 18 | 60% |" in md
    assert "| Eens | 9 | 50% | ██████████░░░░░░░░░░ | 30% |" in md
    assert "Samengevat: 67% (helemaal) eens. Vorige ronde (Ronde 2025): 40% (helemaal) eens" in md
    assert (
        "De Linde: 63% (n = 8); Het Anker: " + SUPPRESSED + "; Zonnehof: niet getoond, om een "
        "kleine groep op een andere locatie te beschermen." in md
    )
    assert "Aantal bijdragen: 7." in md


async def test_no_unapproved_free_text_and_no_small_figures(seeded: Seeded, tmp_path: Path) -> None:
    section = await section_of(seeded)
    path = write_docx(section, tmp_path / "r.docx")
    for text in (render_markdown(section), render_html(section), docx_text(path)):
        assert SECRET_TEXT not in text  # pending review
        assert "moestuin" not in text  # rejected
        assert "geheim resultaat" not in text  # contributions' free text never reaches a report
        assert PHONE_TEXT not in text and "06-12345678" not in text
        assert "telefoonnummer" in text  # the approved, masked quote
        assert SUPPRESSED in text or SUPPRESSED.capitalize() in text
        assert "n = 3" not in text and "n = 4" not in text and "n = 2" not in text


async def test_html_is_self_contained_escaped_and_charted(seeded: Seeded) -> None:
    store = seeded.store
    await store.save_answer(seeded.pending, "c_beter", "<script>alert(1)</script> graag")
    await store.review_quote(
        seeded.pending, "c_beter", True, "<script>alert(1)</script> graag", "t"
    )
    html = render_html(await section_of(seeded))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; graag" in html
    assert "Stichting &lt;Test&gt; &amp; Co" in html
    assert not re.search(r"""(src|href)=["']?https?:""", html)
    assert "<link" not in html and "@import" not in html
    assert html.count("<svg") >= 5  # charts inline, none for suppressed questions
    assert 'name="viewport"' in html and "@media print" in html
    assert "Vorige ronde" in html


async def test_art_section_alone(seeded: Seeded, tmp_path: Path) -> None:
    section = await section_of(seeded)
    md = render_markdown(section, "art")
    assert "## Aanvullende verantwoording voor organisaties met het ART-model" in md
    assert "### Item 1.i" in md and "### Item 15.c" in md
    assert "## Verantwoording" in md  # usable on its own: says how input was gathered
    assert "Pijler 2: Naasten" not in md and "Inzet van ervaringsdeskundigen" not in md
    html = render_html(section, "art")
    assert "<h1>Aanvullende verantwoording" in html and "pijler-1" not in html
    text = docx_text(write_docx(section, tmp_path / "art.docx", "art"))
    assert "Item 15.c (pijler de Samenleving)" in text and "Pijler 3" not in text


async def test_docx_has_real_headings_and_tables(seeded: Seeded, tmp_path: Path) -> None:
    path = write_docx(await section_of(seeded), tmp_path / "report.docx")
    document = docx.Document(str(path))
    styles = {p.style.name: [] for p in document.paragraphs}  # type: ignore[union-attr]
    for p in document.paragraphs:
        styles[p.style.name].append(p.text)  # type: ignore[union-attr]
    assert "Verantwoording" in styles["Heading 1"]
    assert "Pijler 4: de Samenleving" in styles["Heading 1"]
    assert "Reflectie op de resultaten" in styles["Heading 2"]
    assert "Samenwerkingspartners" in styles["Heading 3"]
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert header == ["Groep", "Uitgenodigd", "Begonnen", "Ingevuld", "Respons"]
    assert len(document.tables) > 10


def test_markdown_escaping() -> None:
    assert md_escape("*vet* | #1") == r"\*vet\* \| \#1"
