"""The document tree as Markdown (GitHub flavour): headings, pipe tables, block quotes.

Charts have no Markdown form: their figures are in the sentences and in the appendix tables.
"""

from __future__ import annotations

import re

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
from storage.text import clean_fields

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+|])")


def md_escape(value: object) -> str:
    """Escape Markdown syntax so a quote or label is shown as written."""
    return _MD_SPECIAL.sub(r"\\\1", str(value)).replace("\n", " ")


def _inline(part: Inline) -> str:
    if isinstance(part, str):
        return md_escape(part)
    text = md_escape(part.text.strip())
    trailing = " " if part.text.endswith(" ") else ""
    if part.bold:
        text = f"**{text}**"
    if part.italic:
        text = f"*{text}*"
    return text + trailing


def _paragraph(p: Paragraph) -> str:
    text = "".join(_inline(part) for part in p.parts)
    return f"*{text}*" if p.style == "muted" else text


def _table(table: Table) -> str:
    lines = []
    if table.caption:
        lines.append(f"*{md_escape(table.caption)}*\n")
    lines.append("| " + " | ".join(md_escape(h) for h in table.header) + " |")
    lines.append("|" + "|".join("---:" if n else "---" for n in table.numeric) + "|")
    lines.extend("| " + " | ".join(md_escape(c) for c in row) + " |" for row in table.rows)
    return "\n".join(lines)


def _block(block: Block, level: int) -> str:
    if isinstance(block, Chapter):
        inner = "\n\n".join(_block(child, level + 1) for child in block.children)
        return f"{'#' * min(level, 6)} {md_escape(block.title)}\n\n{inner}"
    if isinstance(block, Paragraph):
        return _paragraph(block)
    if isinstance(block, Note):
        marker = "✎ " if block.kind == "placeholder" else ""
        lines = [f"> **{marker}{md_escape(block.title)}**"]
        for p in block.paragraphs:
            lines += [">", f"> {_paragraph(p)}"]
        return "\n".join(lines)
    if isinstance(block, QuoteBlock):
        return f"> “{md_escape(block.text)}”\n> — {md_escape(block.source)}"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, BulletList):
        return "\n".join(f"- {md_escape(item)}" for item in block.items)
    if isinstance(block, Chart):
        return ""
    raise TypeError(f"unknown block {type(block).__name__}")


def render_markdown(document: Document) -> str:
    document = clean_fields(document)  # text stored before it was normalised, too
    parts = [f"# {md_escape(document.title)}", md_escape(document.meta)]
    parts.extend(_block(block, 2) for block in document.children)
    text = "\n\n".join(p for p in parts if p)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
