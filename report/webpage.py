"""The document tree as one self-contained HTML page: inline CSS and SVG charts, no scripts,
no external resources. The page shell (styles) is `templates/report.html.j2`; the body is
written here by walking the tree, with every text escaped."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from markupsafe import Markup, escape
from pyphen import Pyphen

from report.charts import chart_svg
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
    Table,
)
from report.render import render_template
from storage.text import clean_fields


def _inline(part: Inline) -> str:
    if isinstance(part, str):
        return str(escape(part))
    text = str(escape(part.text))
    if part.bold:
        text = f"<strong>{text}</strong>"
    if part.italic:
        text = f"<em>{text}</em>"
    return text


def _paragraph(p: Paragraph) -> str:
    css = f' class="{p.style}"' if p.style != "body" else ""
    return f"<p{css}>{''.join(_inline(part) for part in p.parts)}</p>"


SOFT_HYPHEN = "\u00ad"
# Letters only: a figure or "(n = 56)" is never split.
_WORD = re.compile(r"[^\W\d_]+")
# A narrow header column may need any word of 7 letters or more broken ("Be-gon-nen"); a row's
# label, in the widest column, only a long compound ("Samenwer-kingspartners").
HEADER_WORD, LABEL_WORD = 7, 12


@cache
def _dutch() -> Pyphen:
    return Pyphen(lang="nl_NL")


def hyphenated(text: str, shortest: int = HEADER_WORD) -> str:
    """`text` with a soft hyphen at every Dutch hyphenation point of its words of `shortest`
    letters or more: a narrow column on a phone breaks them there, and only there, in any
    browser, with or without a Dutch dictionary of its own. Shorter words stay whole, also
    when the text is copied or printed."""
    return _WORD.sub(
        lambda word: (
            _dutch().inserted(word[0], SOFT_HYPHEN) if len(word[0]) >= shortest else word[0]
        ),
        text,
    )


def _table(table: Table) -> str:
    def cell(tag: str, text: str, numeric: bool, shortest: int | None) -> str:
        # Figures right-aligned and unbroken; a sentence in a figure column may wrap. A header
        # or a row's label (the first column) breaks at a Dutch hyphenation point if it must.
        css = ' class="num"' if numeric and len(text) <= 14 else ""
        shown = text if shortest is None else hyphenated(text, shortest)
        return f"<{tag}{css}>{escape(shown)}</{tag}>"

    def row(tag: str, cells: Sequence[str]) -> str:
        return "".join(
            cell(tag, text, numeric, HEADER_WORD if tag == "th" else LABEL_WORD if i == 0 else None)
            for i, (text, numeric) in enumerate(zip(cells, table.numeric, strict=True))
        )

    label = escape(table.caption or table.header[0])
    head = row("th", table.header)
    body = "".join(f"<tr>{row('td', cells)}</tr>" for cells in table.rows)
    caption = f"<caption>{escape(table.caption)}</caption>" if table.caption else ""
    return (
        f'<div class="scroll" role="region" aria-label="{label}" tabindex="0"><table>{caption}'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _block(block: Block, level: int) -> str:
    if isinstance(block, Chapter):
        tag = f"h{min(level, 6)}"
        classes = " ".join(
            c for c, on in (("boxed", block.boxed), ("new-page", block.new_page)) if on
        )
        css = f' class="{classes}"' if classes else ""
        inner = "".join(_block(child, level + 1) for child in block.children)
        heading = f"<{tag}>{escape(block.title)}</{tag}>"
        if block.folded:
            return (
                f'<details id="{escape(block.anchor)}"><summary>{heading}</summary>'
                f"{inner}</details>"
            )
        return f'<section id="{escape(block.anchor)}"{css}>{heading}{inner}</section>'
    if isinstance(block, Paragraph):
        return _paragraph(block)
    if isinstance(block, Note):
        inner = "".join(_paragraph(p) for p in block.paragraphs)
        return (
            f'<aside class="note {block.kind}"><p class="note-title">{escape(block.title)}</p>'
            f"{inner}</aside>"
        )
    if isinstance(block, QuoteBlock):
        return (
            f"<blockquote><p>“{escape(block.text)}”</p>"
            f"<footer>{escape(block.source)}</footer></blockquote>"
        )
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, BulletList):
        return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + "</ul>"
    if isinstance(block, Chart):
        # The chart escapes every text it contains itself.
        return f'<figure class="chart">{chart_svg(block.chart)}</figure>'
    raise TypeError(f"unknown block {type(block).__name__}")


def render_html(document: Document) -> str:
    """One self-contained HTML file."""
    document = clean_fields(document)  # text stored before it was normalised, too
    body = "\n".join(_block(block, 2) for block in document.children)
    return render_template("report.html.j2", document=document, body=Markup(body))
