"""The document tree as a Word file that fits a Dutch organisation's kwaliteitsverslag.

Dutch (nl-NL) spelling language, A4 with 2.5 cm margins, real Heading styles (kept with the
next paragraph), tables whose header row repeats on every page and whose rows never split,
column widths fitted to their content, and charts as real images (the same drawing as the
HTML page). With a template (`--template huisstijl.docx`) the organisation's own styles,
headers and footers are used and its body text is left out.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time
from pathlib import Path

from docx import Document as new_document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, RGBColor
from docx.text.paragraph import Paragraph as WordParagraph

from report.charts import chart_png
from report.docx_tables import column_widths, table_font
from report.nodes import (
    Block,
    BulletList,
    Chapter,
    Chart,
    Document,
    Inline,
    Note,
    Paragraph,
    QuoteBlock,
    StyledText,
    Table,
)
from storage.text import clean_fields

LANGUAGE = "nl-NL"
MUTED = RGBColor(0x5B, 0x66, 0x70)
HEADER_FILL = "E6EEF5"
NOTE_FILL = "F3F6F9"
PLACEHOLDER_FILL = "FFF3CD"
RULE = "B8C4CE"
A4 = (Cm(21.0), Cm(29.7))
MARGIN = Cm(2.5)
TABLE_FONT_PT = 9.5
# About 0.22 cm per character of 9.5 pt bold (wide enough for fonts wider than Calibri), and
# the cell's own margins.
CM_PER_CHAR = 0.22
CELL_PADDING_CM = 0.45
SMALLEST_TABLE_FONT_PT = 7.5


def write_docx(document: Document, path: Path, template: Path | None = None) -> Path:
    """Write `document` to `path` (with the styles of `template`, if given) and return it."""
    document = clean_fields(document)  # nothing XML forbids (a pasted \v or \f breaks Word)
    doc = new_document(str(template)) if template else new_document()
    if template:
        _clear_body(doc)
    else:
        _house_style(doc)
    _page_setup(doc, own=template is None)
    if document.stamp:
        _stamp_every_page(doc, document.stamp)
    _set_language(doc)
    _Writer(doc).write(document)
    _properties(doc, document)
    doc.save(str(path))
    return path


def _properties(doc: WordDocument, document: Document) -> None:
    """File properties as Word shows them (File > Info): title, the organisation as author,
    the day the report was made, Dutch; nothing left of the template or of python-docx."""
    props = doc.core_properties
    made = datetime.combine(document.made_on or date.today(), time(12))
    stamp = f" ({document.stamp.lower()})" if document.stamp else ""
    props.title = document.title + stamp
    props.subject = document.subject
    props.author = document.author
    props.last_modified_by = document.author
    props.language = LANGUAGE
    props.created = made
    props.modified = made
    props.revision = 1
    props.comments = ""
    props.keywords = "kwaliteitsverslag; inspraak"
    props.category = "Kwaliteitsverslag"


# Document-wide settings ----------------------------------------------------------------------


def _clear_body(doc: WordDocument) -> None:
    """Leave out the template's own body text, keep its page setup, headers and footers."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _house_style(doc: WordDocument) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    for level, size in ((1, 15), (2, 12.5), (3, 11)):
        heading = doc.styles[f"Heading {level}"]
        heading.font.size = Pt(size)
        heading.paragraph_format.space_before = Pt(14 if level == 1 else 10)
        heading.paragraph_format.space_after = Pt(4)


def _page_setup(doc: WordDocument, own: bool) -> None:
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4
        if own:
            section.left_margin = section.right_margin = MARGIN
            section.top_margin = section.bottom_margin = MARGIN
            _page_number_footer(section.footer.paragraphs[0])


def _stamp_every_page(doc: WordDocument, stamp: str) -> None:
    """A tussenstand says so at the foot of every page (also under a template's own footer):
    a page printed or copied on its own is still recognised as interim figures."""
    for section in doc.sections:
        paragraph = section.footer.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        run = paragraph.add_run(f"{stamp}: de cijfers kunnen nog veranderen.")
        run.font.size = Pt(9)
        run.bold = True
        run.font.color.rgb = MUTED


def _page_number_footer(paragraph: WordParagraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = str(text)
            run._r.append(instruction)
    run.font.size = Pt(9)
    run.font.color.rgb = MUTED


def _set_language(doc: WordDocument) -> None:
    """nl-NL as the spelling language of every style and of the theme fonts."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    for element in [rpr, *styles.iter(qn("w:rPr"))]:
        lang = element.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            element.append(lang)
        lang.set(qn("w:val"), LANGUAGE)
        lang.set(qn("w:eastAsia"), LANGUAGE)
    settings = doc.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is None:
        theme = OxmlElement("w:themeFontLang")
        settings.append(theme)
    theme.set(qn("w:val"), LANGUAGE)


# Writing the tree ------------------------------------------------------------------------------


def _shade(element: object, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    element.append(shading)  # type: ignore[attr-defined]


def _box(paragraph: WordParagraph, fill: str, colour: str, dashed: bool) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "dashed" if dashed else "single")
        edge.set(qn("w:sz"), "12" if side == "left" else "4")
        edge.set(qn("w:space"), "4")
        edge.set(qn("w:color"), colour)
        borders.append(edge)
    ppr.append(borders)
    _shade(ppr, fill)


def text_width_cm(doc: WordDocument) -> float:
    """The width between the margins of the page (the template's own page, if any)."""
    section = doc.sections[-1]
    width = (section.page_width or A4[0]) - (section.left_margin or 0) - (section.right_margin or 0)
    return max(float(Length(width).cm), 6.0)


def _text(part: Inline) -> str:
    return part if isinstance(part, str) else part.text


class _Writer:
    def __init__(self, doc: WordDocument) -> None:
        self.doc = doc
        self.styles = {style.name for style in doc.styles}
        self.width_cm = text_width_cm(doc)
        self.font: str | None = doc.styles["Normal"].font.name  # the template's, if any
        self.last: WordParagraph | None = None  # the paragraph written last
        self.table_end: list[WordParagraph] = []  # a table just written: last row, spacer

    def style(self, name: str, fallback: str = "Normal") -> str:
        return name if name in self.styles else fallback

    def runs(self, paragraph: WordParagraph, parts: tuple[Inline, ...], muted: bool) -> None:
        for part in parts:
            run = paragraph.add_run(part if isinstance(part, str) else part.text)
            if not isinstance(part, str):
                run.bold = part.bold or None
                run.italic = part.italic or None
            if muted:
                run.italic = True
                run.font.color.rgb = MUTED

    def paragraph(self, p: Paragraph) -> WordParagraph:
        paragraph = self.doc.add_paragraph()
        self.runs(paragraph, p.parts, p.style == "muted")
        if p.style == "lead":
            for run in paragraph.runs:
                run.font.size = Pt(11.5)
        # A bold line introduces what follows (a question and its n above its table); a
        # paragraph that merely starts in bold ("Periode: ...") does not.
        first, rest = p.parts[0] if p.parts else "", p.parts[1:]
        if isinstance(first, StyledText) and first.bold and len("".join(map(_text, rest))) < 60:
            paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def heading(self, title: str, level: int, new_page: bool) -> None:
        heading = self.doc.add_heading(title, min(level, 9))
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.page_break_before = new_page or None

    def note(self, note: Note) -> None:
        placeholder = note.kind == "placeholder"
        fill = PLACEHOLDER_FILL if placeholder else NOTE_FILL
        colour = "B26A00" if placeholder else "1F5F8B"
        title = self.doc.add_paragraph()
        run = title.add_run(("✎ " if placeholder else "") + note.title)
        run.bold = True
        title.paragraph_format.keep_with_next = True
        _box(title, fill, colour, placeholder)
        for p in note.paragraphs:
            _box(self.paragraph(p), fill, colour, placeholder)

    def quote(self, quote: QuoteBlock) -> None:
        # One paragraph: the quote, a line break, then who said it (small).
        paragraph = self.doc.add_paragraph(style=self.style("Quote"))
        run = paragraph.add_run(f"“{quote.text}”")
        run.italic = True
        run.add_break()
        paragraph.paragraph_format.left_indent = Cm(0.8)
        paragraph.paragraph_format.space_before = Pt(0)
        paragraph.paragraph_format.space_after = Pt(4)
        source_run = paragraph.add_run(f"— {quote.source}")
        source_run.font.size = Pt(8.5)
        source_run.font.color.rgb = MUTED

    def table(self, table: Table) -> None:
        if table.caption:
            caption = self.doc.add_paragraph()
            self.runs(caption, (table.caption,), muted=True)
            caption.paragraph_format.keep_with_next = True
        font_pt = table_font(table, self.width_cm, self.font)
        widths = column_widths(table, self.width_cm, font_pt, self.font)
        word = self.doc.add_table(rows=1 + len(table.rows), cols=len(table.header))
        word.alignment = WD_TABLE_ALIGNMENT.LEFT
        word.autofit = False
        tbl_pr = word._tbl.tblPr
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "bottom", "insideH"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:val"), "single")
            edge.set(qn("w:sz"), "4")
            edge.set(qn("w:color"), RULE)
            borders.append(edge)
        tbl_pr.append(borders)
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        tbl_pr.append(layout)
        for column, width in zip(word.columns, widths, strict=True):
            column.width = Cm(width)
        last = len(table.rows)
        for index, (row, texts) in enumerate(
            zip(word.rows, (table.header, *table.rows), strict=True)
        ):
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))
            if index == 0:
                tr_pr.append(OxmlElement("w:tblHeader"))
            for cell, text, numeric, width in zip(
                row.cells, texts, table.numeric, widths, strict=True
            ):
                cell.width = Cm(width)
                paragraph = cell.paragraphs[0]
                run = paragraph.add_run(text)
                run.font.size = Pt(font_pt)
                paragraph.paragraph_format.space_after = Pt(0)
                if numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if index == 0:
                    run.bold = True
                    _shade(cell._tc.get_or_add_tcPr(), HEADER_FILL)
                # Small tables stay on one page: every row is kept with the next.
                if index < last and last <= 15:
                    paragraph.paragraph_format.keep_with_next = True
        spacer = self.doc.add_paragraph()
        spacer.paragraph_format.space_after = Pt(2)
        self.table_end = [*(c.paragraphs[0] for c in word.rows[-1].cells), spacer]

    def chart(self, chart: Chart, before: WordParagraph | None) -> None:
        png, width_pt = chart_png(chart.chart)
        if before is not None:
            # The sentences a chart illustrates stay on its page.
            before.paragraph_format.keep_with_next = True
        paragraph = self.doc.add_paragraph()
        width = min(width_pt, self.width_cm / 2.54 * 72)
        paragraph.add_run().add_picture(io.BytesIO(png), width=Pt(width))
        # The picture's name and accessible description, as Word shows them under "Alt Text".
        for properties in paragraph._p.iter(qn("wp:docPr")):
            properties.set("title", chart.chart.title)
            properties.set("descr", chart.chart.description)

    def block(self, block: Block, level: int) -> None:
        before, self.last = self.last, None
        table_end, self.table_end = self.table_end, []
        if isinstance(block, Paragraph):
            self.last = self.paragraph(block)
            if not self.last.paragraph_format.keep_with_next:
                # What a sentence says about the table above it ('Samengevat: …', a note)
                # stays on its page; a line that introduces what follows (the next question)
                # may start a new one.
                for paragraph in table_end:
                    paragraph.paragraph_format.keep_with_next = True
        elif isinstance(block, Chart):
            self.chart(block, before)
        else:
            if isinstance(block, Table) and before is not None and len(before.text) < 200:
                before.paragraph_format.keep_with_next = True  # a short lead-in to the table
            self.write_block(block, level)

    def write_block(self, block: Block, level: int) -> None:
        if isinstance(block, Chapter):
            self.heading(block.title, level, block.new_page)
            for child in block.children:
                self.block(child, level + 1)
        elif isinstance(block, Note):
            self.note(block)
        elif isinstance(block, QuoteBlock):
            self.quote(block)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, BulletList):
            for item in block.items:
                self.doc.add_paragraph(item, style=self.style("List Bullet"))
        else:
            raise TypeError(f"unknown block {type(block).__name__}")

    def write(self, document: Document) -> None:
        self.doc.add_paragraph(document.title, style=self.style("Title"))
        meta = self.doc.add_paragraph()
        self.runs(meta, (document.meta,), muted=True)
        for block in document.children:
            self.block(block, 1)
