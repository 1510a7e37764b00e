"""The report as one document tree: sections, paragraphs, charts, tables, quotes and notes.

`report.document` builds this tree once from the (suppressed, audited) input section; the
Markdown, HTML and Word renderers only walk it. A new section is a change in the builder alone.
Heading levels follow the nesting of `Section`s.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from report.charts import StackedChart


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False


Inline = str | Span


@dataclass(frozen=True)
class Paragraph:
    parts: tuple[Inline, ...]
    style: Literal["body", "muted", "lead"] = "body"

    @classmethod
    def of(cls, *parts: Inline, style: Literal["body", "muted", "lead"] = "body") -> Paragraph:
        return cls(tuple(parts), style)

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.parts)


@dataclass(frozen=True)
class Note:
    """A boxed remark. `placeholder` marks a place where the organisation's own text belongs."""

    title: str
    paragraphs: tuple[Paragraph, ...]
    kind: Literal["info", "placeholder"] = "info"


@dataclass(frozen=True)
class Quote:
    text: str
    source: str


@dataclass(frozen=True)
class Chart:
    chart: StackedChart


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # per column: right-aligned figures
    caption: str = ""


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    title: str
    anchor: str
    children: tuple[Block, ...]
    new_page: bool = False  # print and Word: start on a new page (the appendix)
    boxed: bool = False  # HTML: a framed part that can be used on its own (ART)
    folded: bool = False  # HTML: closed until the reader opens it (the appendix's parts)


Block = Paragraph | Note | Quote | Chart | Table | BulletList | Section


@dataclass(frozen=True)
class Document:
    title: str
    meta: str
    children: tuple[Block, ...]
    language: str = "nl-NL"
    author: str = ""
    short_title: str = ""

    def walk(self) -> Iterator[tuple[tuple[str, ...], Block]]:
        """Every block with the titles of the sections above it."""

        def visit(
            blocks: tuple[Block, ...], path: tuple[str, ...]
        ) -> Iterator[tuple[tuple[str, ...], Block]]:
            for block in blocks:
                yield path, block
                if isinstance(block, Section):
                    yield from visit(block.children, (*path, block.title))

        yield from visit(self.children, ())

    def placeholders(self) -> list[str]:
        """Where the organisation still has to write its own text, as 'Section > Part'."""
        return [
            " > ".join(path)
            for path, block in self.walk()
            if isinstance(block, Note) and block.kind == "placeholder"
        ]
