"""The report tree and its three renderers (Markdown, HTML, Word) on known data."""

import re
from datetime import date
from pathlib import Path

import docx
from docx.shared import Cm

from report.blocks import PLACEHOLDER_TITLE
from report.document import anchors, build_document
from report.docx import write_docx
from report.markdown import md_escape, render_markdown
from report.nodes import Chapter, Document
from report.webpage import render_html
from tests.report.conftest import PHONE_TEXT, SECRET_TEXT, Seeded, fill_answers

SUPPRESSED = "minder dan 5 antwoorden: niet getoond"


async def document_of(seeded: Seeded, part: str = "all", **texts: str) -> Document:
    return build_document(await seeded.section(), seeded.catalog, part, texts)  # type: ignore[arg-type]


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def section_titles(document: Document) -> list[str]:
    return [block.title for _, block in document.walk() if isinstance(block, Chapter)]


async def test_markdown_has_every_section_with_known_figures(seeded: Seeded) -> None:
    md = render_markdown(await document_of(seeded))
    titles = [t for _, t in re.findall(r"^(#{1,6}) (.+)$", md, re.MULTILINE)]
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
        "Bijlage: alle cijfers per vraag",
    ):
        assert title in titles, title
    assert "| Cliënten | 30 | 18 | 18 | 60% |" in md
    # The disclosure audit leaves Het Anker's four clients out of c_thuis: nobody chose "Wil ik
    # niet zeggen", which would otherwise tell that none of those four chose it either.
    assert "| Eens | 7 | 50% | 30% |" in md  # appendix: this round and the previous one
    assert "Samengevat: 64% (helemaal) eens. Vorige ronde (Ronde 2025): 40% (helemaal) eens" in md
    assert "| De Linde | 63% | 8 |" in md
    assert "| Zonnehof | 67% | 6 |" in md
    assert "| Het Anker |" not in md


async def test_main_text_sentences_come_from_the_figures(seeded: Seeded) -> None:
    md = render_markdown(await document_of(seeded))
    main = md.split("## Bijlage")[0]
    # The strongest point of the clients and the change since the last round, in words.
    assert "Cliënten zijn het meest positief over ‘Ik voel me thuis waar ik woon’" not in main
    assert "Bij ‘Ik voel me thuis waar ik woon’ antwoordt 64% (helemaal) eens." in main
    assert (
        "De grootste verandering sinds de vorige ronde (Ronde 2025): ‘Ik voel me thuis waar ik "
        "woon’ is gestegen van 40% naar 64% (helemaal) eens." in main
    )
    # Three naasten only: no figure of theirs, but a sentence that says so.
    assert "Bij één vraag waren er minder dan 5 antwoorden; die cijfers tonen we niet." in main
    # The appendix has the per-question tables; the main text has none of them.
    assert "| Antwoord |" not in main and "| Antwoord |" in md


async def test_no_unapproved_free_text_and_no_small_figures(seeded: Seeded, tmp_path: Path) -> None:
    document = await document_of(seeded)
    path = write_docx(document, tmp_path / "r.docx")
    for text in (render_markdown(document), render_html(document), docx_text(path)):
        assert SECRET_TEXT not in text  # pending review
        assert "moestuin" not in text  # rejected
        assert "geheim resultaat" not in text  # contributions' free text never reaches a report
        assert PHONE_TEXT not in text and "06-12345678" not in text
        assert "telefoonnummer" in text  # the approved, masked quote
        assert SUPPRESSED in text or SUPPRESSED.capitalize() in text
        plain = text.replace("\u00a0", " ")
        assert "n = 3" not in plain and "n = 4" not in plain and "n = 2" not in plain
        assert "Geen inbreng" not in text


async def test_empty_parts_show_a_placeholder_until_the_organisation_writes(
    seeded: Seeded,
) -> None:
    document = await document_of(seeded)
    empty = dict(document.placeholders())
    # The organisation writes its own reflectie and vooruitblik for every pillar, also where
    # groups gave input, and how it puts each ART item into practice.
    for pillar in ("overstijgend", "1", "2", "3", "4"):
        for part in ("reflectie", "vooruitblik"):
            assert f"pijler-{pillar}-{part}" in empty
    assert empty["pijler-3-reflectie"] == "Pijler 3: Professionals > Reflectie op de resultaten"
    assert {"art-1.i-praktijk", "art-15.c-praktijk"} <= set(empty)
    assert PLACEHOLDER_TITLE in render_markdown(document)
    assert 'class="note placeholder"' in render_html(document)
    warned = [a.en for a in document.attention()]
    assert all(any(repr(anchor) in line for line in warned) for anchor in empty)
    own = await document_of(
        seeded,
        **{
            "pijler-3-reflectie": "Wij zien dat teams meer tijd willen.\n\nTweede alinea.",
            "art-1.i-praktijk": "Elke nieuwe cliënt krijgt de folder van de cliëntondersteuner.",
        },
    )
    left = dict(own.placeholders())
    assert "pijler-3-reflectie" not in left and "art-1.i-praktijk" not in left
    assert "art-15.c-praktijk" in left
    md = render_markdown(own)
    assert "Wij zien dat teams meer tijd willen.\n\nTweede alinea." in md
    assert "Elke nieuwe cliënt krijgt de folder" in md
    assert "pijler-3-reflectie" in anchors(own)


async def test_every_section_of_the_tree_is_a_heading_in_every_format(
    seeded: Seeded, tmp_path: Path
) -> None:
    document = await document_of(seeded)
    titles = section_titles(document)
    assert len(titles) > 30
    md = render_markdown(document)
    html = render_html(document)
    word = docx.Document(str(write_docx(document, tmp_path / "r.docx")))
    word_headings = [
        p.text
        for p in word.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert word_headings == titles
    md_headings = re.findall(r"^#{2,6} (.+)$", md, re.MULTILINE)
    assert md_headings == [md_escape(t) for t in titles]
    html_headings = re.findall(r"<h[2-6]>([^<]*)</h[2-6]>", html)
    assert len(html_headings) == len(titles)


async def test_html_is_self_contained_escaped_and_charted(seeded: Seeded) -> None:
    store = seeded.store
    await store.save_answer(seeded.pending, "c_beter", "<script>alert(1)</script> graag")
    await store.review_quote(
        seeded.pending, "c_beter", True, "<script>alert(1)</script> graag", "t"
    )
    html = render_html(await document_of(seeded))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; graag" in html
    assert "Stichting &lt;Test&gt; &amp; Co" in html
    assert not re.search(r"""(src|href)=["']?https?:""", html)
    assert "<link" not in html and "@import" not in html
    assert html.count("<svg") >= 3  # one chart per group, none for suppressed groups
    assert "<title>Cliënten: pijler 1 (Cliënten), terugblik</title>" in html
    assert "<desc>Staafdiagram, Cliënten: pijler 1 (Cliënten), terugblik. Per vraag" in html
    assert 'name="viewport"' in html and "@media print" in html
    # The appendix is folded per pillar: the page shows the main text, figures on request.
    assert '<details id="bijlage-1"><summary><h3>Pijler 1: Cliënten</h3></summary>' in html
    assert "<details" not in html.split('id="bijlage"')[0]
    assert "Vorige ronde" in html


async def test_art_section_alone(seeded: Seeded, tmp_path: Path) -> None:
    document = await document_of(seeded, "art")
    md = render_markdown(document)
    assert "## Aanvullende verantwoording voor organisaties met het ART-model" in md
    assert "### Item 1.i" in md and "### Item 15.c" in md
    assert "## Verantwoording" in md  # usable on its own: says how input was gathered
    assert "Pijler 2: Naasten" not in md and "Inzet van ervaringsdeskundigen" not in md
    assert "| Antwoord |" in md  # its own per-question figures
    html = render_html(document)
    assert "<h1>Aanvullende verantwoording" in html and "pijler-1" not in html
    text = docx_text(write_docx(document, tmp_path / "art.docx"))
    assert "Item 15.c (pijler de Samenleving)" in text and "Pijler 3" not in text


async def test_docx_fits_a_dutch_organisation(seeded: Seeded, tmp_path: Path) -> None:
    path = write_docx(await document_of(seeded), tmp_path / "report.docx")
    document = docx.Document(str(path))
    styles: dict[str, list[str]] = {p.style.name: [] for p in document.paragraphs}  # type: ignore[union-attr]
    for p in document.paragraphs:
        styles[p.style.name].append(p.text)  # type: ignore[union-attr]
    assert "Verantwoording" in styles["Heading 1"]
    assert "Pijler 4: de Samenleving" in styles["Heading 1"]
    assert "Reflectie op de resultaten" in styles["Heading 2"]
    assert "Samenwerkingspartners" in styles["Heading 3"]
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert header == ["Groep", "Uitgenodigd", "Begonnen", "Ingevuld", "Respons"]
    page = document.sections[0]
    assert page.page_width is not None and page.page_height is not None
    assert (round(page.page_width.cm, 1), round(page.page_height.cm, 1)) == (21.0, 29.7)
    xml = document.element.xml
    styles_xml = document.styles.element.xml
    assert 'w:lang w:val="nl-NL"' in styles_xml and "en-US" not in styles_xml
    assert document.core_properties.language == "nl-NL"
    for table in document.tables:
        rows = table._tbl.findall(".//{*}tr")
        assert rows[0].find(".//{*}tblHeader") is not None  # header repeats on every page
        assert all(r.find(".//{*}cantSplit") is not None for r in rows)  # rows never split
    # Column widths follow the content: the group column is wider than the figures.
    first = document.tables[0]
    assert first.columns[0].width > first.columns[1].width
    assert sum(c.width for c in first.columns) <= Cm(16.01)
    assert xml.count("<pic:pic") >= 3  # charts as real pictures
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]  # type: ignore[union-attr]
    assert all(p.paragraph_format.keep_with_next for p in headings)


async def test_docx_with_the_organisations_template(seeded: Seeded, tmp_path: Path) -> None:
    house = docx.Document()
    house.styles["Normal"].font.name = "Verdana"
    house.add_paragraph("Deze voorbeeldtekst van de huisstijl gaat weg.")
    house.sections[0].header.paragraphs[0].text = "Stichting Huisstijl"
    template = tmp_path / "huisstijl.docx"
    house.save(str(template))
    path = write_docx(await document_of(seeded), tmp_path / "r.docx", template)
    document = docx.Document(str(path))
    assert document.styles["Normal"].font.name == "Verdana"
    assert document.sections[0].header.paragraphs[0].text == "Stichting Huisstijl"
    assert "voorbeeldtekst van de huisstijl" not in docx_text(path)
    assert document.paragraphs[0].text.startswith("Inbreng van cliënten")


def test_markdown_escaping() -> None:
    assert md_escape("*vet* | #1") == r"\*vet\* \| \#1"


async def test_a_group_without_any_answer_says_so(seeded: Seeded) -> None:
    store = seeded.store
    alone = await store.create_round("Alleen cliënten", 2026, date(2026, 9, 1), date(2026, 10, 1))
    await fill_answers(
        store, seeded.catalog, alone.id, "client", [{"c_thuis": 4, "c_klacht": 4}] * 6
    )
    section = await seeded.section(alone, today=date(2026, 10, 2))
    md = render_markdown(build_document(section, seeded.catalog))
    assert "Van de groep naasten heeft in deze ronde niemand de vragen beantwoord." in md
    naasten = md.split("#### Naasten")[1].split("####")[0]
    assert "minder dan" not in naasten
    assert "Naasten: niemand van deze groep heeft de vragen beantwoord." in md  # ART part
